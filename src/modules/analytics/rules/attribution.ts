// Behaviour → outcome attribution (F27): per rep for a month, KBI execution (%) against conversion (%), the
// least-squares slope (conversion points per +1 % execution), its sample size and r². Nothing is said when
// fewer reps than rules.kbi.attribution.minSample have data or everyone executed alike (no slope to speak of).
import type { KbiRules } from '../../kbi/rules/kbi-rules.ts';

export interface RepOutcome {
  repId: string;
  /** Share of the indicator's opportunities met on time, in % (0–100). */
  execution: number;
  /** Share of the rep's leads won, in % (0–100). */
  conversion: number;
}

export interface Attribution {
  n: number;
  /** Conversion points per +1 % execution. */
  slope: number;
  /** Conversion points per +10 % execution: what the sentence says. */
  per10: number;
  intercept: number;
  r2: number;
  reason: { code: 'LEAST_SQUARES'; n: number; minSample: number };
}

export function attribute(rules: KbiRules, reps: readonly RepOutcome[]): Attribution | null {
  const n = reps.length;
  const minSample = rules.attribution.minSample;
  if (n < minSample) return null;
  const mx = reps.reduce((s, r) => s + r.execution, 0) / n;
  const my = reps.reduce((s, r) => s + r.conversion, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const r of reps) {
    sxx += (r.execution - mx) ** 2;
    sxy += (r.execution - mx) * (r.conversion - my);
    syy += (r.conversion - my) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return {
    n,
    slope,
    per10: slope * 10,
    intercept: my - slope * mx,
    r2: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy),
    reason: { code: 'LEAST_SQUARES', n, minSample },
  };
}
