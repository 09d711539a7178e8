import { DateTime } from 'luxon';
import { distributionReport, type DistributionReport } from '../rules/distribution.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { isSeller } from '../../leads/rules/routing.ts';

/** F8: the month's distribution health, from the event log. */
export async function buildDistributionReport(deps: EngineDeps, month: string): Promise<DistributionReport> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const timezone = await orgTimezone(tx, deps);
    const start = DateTime.fromFormat(month, 'yyyy-MM', { zone: timezone });
    // The 5-week flag looks back from the month's last week: read from far enough before the month starts.
    const from = start.isValid
      ? start.minus({ weeks: deps.rules.health.underperformWeeks + 1 }).toMillis()
      : 0;
    const to = start.isValid ? start.plus({ months: 1, weeks: 1 }).toMillis() : 0;
    const starts = await tx.events.between(from, to, ['lead.offered', 'lead.claimed']);
    const leadIds = [...new Set(starts.map((e) => e.leadId).filter((id): id is number => id !== null))];
    const events = await tx.events.forLeads(leadIds);
    const reps = (await tx.org.people())
      .filter((p) => isSeller(p, deps.rules) || events.some((e) => e.actorId === p.id))
      .map((p) => ({ id: p.id, name: p.name, teamId: p.teamId }));
    return distributionReport({ month, timezone, reps, events, now }, deps.rules);
  });
}
