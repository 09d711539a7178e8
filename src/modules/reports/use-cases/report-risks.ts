// A daily report's summary is what the rep wrote about the day's customers: its risk phrases reach the deals it
// is about, with the report as their source (issue 25 item 11), through the one risk matcher (raise-risks.ts).
import type { Person } from '../../../kernel/types.ts';
import type { Deal } from '../../deals/rules/deals.ts';
import { raiseRisks } from '../../deals/use-cases/raise-risks.ts';
import { markRisks } from '../../deals/use-cases/risk-marks.ts';
import type { EngineDeps } from '../../deps.ts';
import type { StoredReport, Tx } from '../../ports.ts';
import { summaryByDeal } from '../rules/summary-deals.ts';
import type { DayFacts } from './report-draft.ts';

/** The open deals of the day's visited customers, and any open deal of the rep's the summary names (`D12`). */
async function dealsOf(tx: Tx, person: Person, summary: string, facts: DayFacts): Promise<Deal[]> {
  const out = new Map<number, Deal>();
  for (const leadId of new Set(facts.visits.map((v) => v.leadId))) {
    const deal = await tx.deals.byLead(leadId);
    if (deal !== null && deal.status === 'open') out.set(deal.id, deal);
  }
  for (const m of summary.normalize('NFKC').matchAll(/(?<![A-Za-z0-9])[Dd](\d{1,9})(?![0-9])/g)) {
    const deal = await tx.deals.get(Number(m[1]));
    if (deal !== null && deal.status === 'open' && deal.ownerId === person.id) out.set(deal.id, deal);
  }
  return [...out.values()];
}

export async function summaryRisks(
  tx: Tx,
  deps: EngineDeps,
  person: Person,
  report: StoredReport,
  facts: DayFacts,
  now: number,
): Promise<void> {
  const summary = report.summary.trim();
  if (summary === '') return;
  const deals = await dealsOf(tx, person, summary, facts);
  const parts = summaryByDeal(summary, deals);
  for (const deal of deals) {
    const text = parts.get(deal.id);
    if (text !== undefined)
      await raiseRisks(tx, deps, deal, person.id, text, now, { kind: 'report', ref: report.date });
  }
  // The day's customers with no open deal yet (issue 24 item 5): their sentences are kept on the lead. Read
  // beside the deals (lead ids negative), so a sentence naming no one goes to a lead only when it is the only one.
  const dealLeads = new Set(deals.map((d) => d.leadId));
  const leads = new Map<number, string>();
  for (const v of facts.visits) if (!dealLeads.has(v.leadId)) leads.set(v.leadId, v.customer);
  if (leads.size === 0) return;
  const byLead = summaryByDeal(summary, [
    ...deals,
    ...[...leads].map(([leadId, customer]) => ({ id: -leadId, customer })),
  ]);
  for (const leadId of leads.keys()) {
    const text = byLead.get(-leadId);
    if (text !== undefined)
      await markRisks(
        tx,
        deps,
        { leadId, dealId: null, actorId: person.id, text, source: 'report', ref: report.date },
        now,
      );
  }
}
