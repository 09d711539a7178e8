// F27 from what happened: per rep for a month, KBI execution (the stored KBI days, themselves from the event log)
// against conversion (the distribution report's), and the least-squares slope when there are enough reps.
import { attribute, type Attribution, type RepOutcome } from '../rules/attribution.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { buildDistributionReport } from './distribution-report.ts';
import { isSeller } from '../../leads/rules/routing.ts';
import { monthSpan } from '../../../kernel/month.ts';

export interface AttributionReport {
  month: string;
  points: Array<RepOutcome & { name: string }>;
  /** Null when too few reps have both figures (rules.kbi.attribution.minSample) or all executed alike. */
  fit: Attribution | null;
  minSample: number;
}

export async function attributionReport(deps: EngineDeps, month: string): Promise<AttributionReport> {
  const { zone, people } = await deps.store.transaction(async (tx) => ({
    zone: await orgTimezone(tx, deps),
    people: await tx.org.people(),
  }));
  const { firstDay, lastDay } = monthSpan(month, zone);
  const reps = people.filter((p) => isSeller(p, deps.rules));
  const execution = await deps.store.transaction(async (tx) => {
    const out = new Map<string, number>();
    for (const r of reps) {
      const days = await tx.kbi.days(r.id, firstDay, lastDay);
      const due = days.reduce((s, d) => s + d.due, 0);
      if (due > 0) out.set(r.id, (days.reduce((s, d) => s + d.met, 0) / due) * 100);
    }
    return out;
  });
  const distribution = await buildDistributionReport(deps, month);
  const points = distribution.rows.flatMap((row) => {
    const x = execution.get(row.repId);
    return x === undefined || row.conversionPct === null
      ? []
      : [{ repId: row.repId, name: row.name, execution: x, conversion: row.conversionPct }];
  });
  return {
    month,
    points,
    fit: attribute(deps.rules.kbi, points),
    minSample: deps.rules.kbi.attribution.minSample,
  };
}
