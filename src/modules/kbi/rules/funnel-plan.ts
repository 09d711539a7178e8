// Funnel-based planning (F25): from the stage conversion of recent deals (the last rules.kbi.funnel.
// lookbackMonths; the caller passes the paths of deals created since then), work back from a revenue target
// to how many deals must reach each stage, in all and per week, and name the bottleneck stage.
//
// Conversion of stage i = deals that passed through i and went beyond it ÷ deals that passed through i and
// are settled there (went beyond, or closed). A deal still open in stage i is not counted against i yet.
// Counts are kept as whole-number fractions and rounded up once per stage, so 15 ÷ (5/7) is 21, not 22.
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import { furthestStage, type DealPath } from './forecast.ts';

export interface StageConversion {
  from: string;
  to: string;
  settled: number;
  movedOn: number;
  /** movedOn / settled; null with no settled deal. */
  rate: number | null;
}

export function stageConversions(pipeline: Pipeline, paths: readonly DealPath[]): StageConversion[] {
  const deals = paths
    .filter((p) => p.pipeline === pipeline.id)
    .map((p) => ({ at: furthestStage(p, pipeline), closed: p.outcome !== 'open' }));
  return pipeline.stages.slice(0, -1).map((s, i) => {
    const settled = deals.filter((d) => d.at > i || (d.at === i && d.closed));
    const movedOn = settled.filter((d) => d.at > i).length;
    return {
      from: s.id,
      to: pipeline.stages[i + 1]?.id ?? '',
      settled: settled.length,
      movedOn,
      rate: settled.length === 0 ? null : movedOn / settled.length,
    };
  });
}

export interface StagePlan {
  stage: string;
  /** Deals that must reach this stage in the remaining weeks. */
  total: number;
  perWeek: number;
}

export type FunnelPlan =
  | {
      kind: 'plan';
      wins: number;
      stages: StagePlan[];
      bottleneck: {
        code: 'LOWEST_CONVERSION';
        from: string;
        to: string;
        rate: number;
        settled: number;
      } | null;
      reason: { code: 'WORKED_BACK'; targetCents: number; averageDealCents: number; weeks: number };
    }
  | { kind: 'cannot_plan'; reason: 'NO_DEAL_SIZE' | 'NO_WEEKS_LEFT' | 'NO_CONVERSION'; stage: string | null };

export function planFunnel(
  pipeline: Pipeline,
  conversions: readonly StageConversion[],
  input: { targetCents: number; averageDealCents: number; weeks: number },
): FunnelPlan {
  const { targetCents, averageDealCents, weeks } = input;
  if (averageDealCents <= 0) return { kind: 'cannot_plan', reason: 'NO_DEAL_SIZE', stage: null };
  if (weeks <= 0) return { kind: 'cannot_plan', reason: 'NO_WEEKS_LEFT', stage: null };
  const wins = Math.ceil(targetCents / averageDealCents);
  const ceilDiv = (n: number, d: number) => Math.floor((n + d - 1) / d);
  // needed at stage i = wins × Π settled_j / Π movedOn_j over j ≥ i, as a whole-number fraction num/den.
  let num = wins;
  let den = 1;
  const last = pipeline.stages.at(-1)?.id ?? '';
  const stages: StagePlan[] = [{ stage: last, total: wins, perWeek: ceilDiv(wins, weeks) }];
  for (let i = conversions.length - 1; i >= 0; i--) {
    const c = conversions[i];
    if (c === undefined || c.movedOn === 0)
      return { kind: 'cannot_plan', reason: 'NO_CONVERSION', stage: c?.from ?? null };
    num *= c.settled;
    den *= c.movedOn;
    stages.unshift({ stage: c.from, total: ceilDiv(num, den), perWeek: ceilDiv(num, den * weeks) });
  }
  let bottleneck: Extract<FunnelPlan, { kind: 'plan' }>['bottleneck'] = null;
  for (const c of conversions)
    if (c.rate !== null && (bottleneck === null || c.rate < bottleneck.rate))
      bottleneck = { code: 'LOWEST_CONVERSION', from: c.from, to: c.to, rate: c.rate, settled: c.settled };
  return {
    kind: 'plan',
    wins,
    stages,
    bottleneck,
    reason: { code: 'WORKED_BACK', targetCents, averageDealCents, weeks },
  };
}
