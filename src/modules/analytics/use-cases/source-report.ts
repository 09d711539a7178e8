// F7 channel ROI (issue 24 item 1) from the event log: the leads that arrived in the month (or ever), their
// first follow-up and their won deals' amounts. A later inquiry merged into an open lead counts once, under
// the source the lead arrived by.
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { monthSpan } from '../../../kernel/month.ts';
import { sourceReport, type SourceArrival, type SourceReport } from '../rules/sources.ts';

export async function buildSourceReport(deps: EngineDeps, month: string | null): Promise<SourceReport> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    const span = month === null ? null : monthSpan(month, zone);
    const created = await tx.events.between(span?.from ?? 0, span?.to ?? now + 1, ['lead.created']);
    const arrivals: SourceArrival[] = created.flatMap((e) =>
      e.type === 'lead.created' && e.leadId !== null
        ? [{ leadId: e.leadId, at: e.at, source: e.source, campaign: e.campaign }]
        : [],
    );
    const ids = arrivals.map((a) => a.leadId);
    const later = await tx.events.forLeads(ids, ['lead.touched', 'deal.won', 'lead.closed']);
    const firstTouch = new Map<number, number>();
    const wonLeads = new Set<number>();
    for (const e of later) {
      if (e.leadId === null) continue;
      if (e.type === 'lead.touched') {
        const at = e.doneAt ?? e.at;
        firstTouch.set(e.leadId, Math.min(firstTouch.get(e.leadId) ?? at, at));
      } else if (e.type === 'deal.won' || (e.type === 'lead.closed' && e.outcome === 'won'))
        wonLeads.add(e.leadId);
    }
    const won = new Map<number, number>();
    for (const leadId of wonLeads) {
      // A lead closed as won without a deal counts as won, for no amount.
      const deal = await tx.deals.byLead(leadId);
      won.set(leadId, deal?.status === 'won' ? deal.amount : 0);
    }
    return sourceReport({ month, arrivals, firstTouch, won, now }, deps.rules.sources);
  });
}
