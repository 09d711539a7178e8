// What `tiers` / `客户分级` and the team board show (F24): the stored tiers of the customers in a reader's view
// and, for A customers, this month's deep visits by their rep against kbi.targets.tiers.A.deepVisitsPerMonth.
import type { Person } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { periodOf } from '../../kbi/rules/targets.ts';
import type { Tx } from '../../ports.ts';
import type { StoredCustomerTier } from '../ports.ts';
import {
  deepVisitDays,
  quotaOf,
  type ProofFact,
  type QuotaStatus,
  type VisitFact,
} from '../rules/customer-tiers.ts';

export interface TierView {
  /** A manager's or director's view (names the owner on each line). */
  team: boolean;
  customers: StoredCustomerTier[];
  /** The A customers' deep-visit quotas this month. */
  quotas: Array<QuotaStatus & { lastDealId: number | null }>;
}

/** This month's deep-visit quota of each A customer among `customers`, by its owner. */
export async function quotasIn(
  tx: Tx,
  deps: EngineDeps,
  customers: readonly StoredCustomerTier[],
  now: number,
): Promise<TierView['quotas']> {
  const required = deps.rules.kbi.targets.tiers.A.deepVisitsPerMonth;
  const accounts = customers.filter((c) => c.tier === 'A');
  if (accounts.length === 0) return [];
  const zone = await orgTimezone(tx, deps);
  const month = periodOf('month', now, zone);
  const leadIds = [...new Set(accounts.flatMap((c) => c.leadIds))];
  const touches = await tx.events.forLeads(leadIds, ['lead.touched']);
  const visits: VisitFact[] = [];
  for (const e of touches)
    if (e.type === 'lead.touched' && e.kind === 'visit' && e.leadId !== null)
      visits.push({ leadId: e.leadId, by: e.by, at: e.doneAt ?? e.at });
  const proofs: ProofFact[] = [];
  const leadSet = new Set(leadIds);
  for (const ownerId of new Set(accounts.map((c) => c.ownerId)))
    for (const c of await tx.reports.checkIns(ownerId, month.start, month.end))
      if (leadSet.has(c.leadId)) proofs.push({ kind: 'checkin', leadId: c.leadId, by: c.repId, at: c.at });
  for (const leadId of leadIds) {
    const deal = await tx.deals.byLead(leadId);
    if (deal === null) continue;
    for (const ev of await tx.deals.evidence(deal.id))
      if (ev.at >= month.start && ev.at < month.end)
        proofs.push({ kind: 'evidence', leadId, by: ev.by, at: ev.at });
  }
  return accounts.map((c) => {
    const mine = new Set(c.leadIds);
    const days = deepVisitDays(
      visits.filter((v) => mine.has(v.leadId)),
      proofs.filter((p) => mine.has(p.leadId)),
      c.ownerId,
      month,
      zone,
    );
    return { ...quotaOf(c, days, required, month.key), lastDealId: c.lastDealId };
  });
}

/** Whose customers a person sees: a rep their own, a manager their team's, a director or admin everyone's. */
export function inViewOf(viewer: Person, people: readonly Person[]): (ownerId: string) => boolean {
  if (viewer.role === 'director' || viewer.role === 'admin') return () => true;
  if (viewer.role === 'manager' && viewer.teamId !== null) {
    const team = new Set(people.filter((p) => p.teamId === viewer.teamId).map((p) => p.id));
    return (id) => team.has(id);
  }
  return (id) => id === viewer.id;
}

/** `tiers` / `客户分级`: the reader's customers by tier, most valuable first, with the A quotas. */
export async function tierView(deps: EngineDeps, viewer: Person): Promise<TierView> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const inView = inViewOf(viewer, await tx.org.people());
    const customers = (await tx.customers.all())
      .filter((c) => inView(c.ownerId))
      .sort((x, y) => y.yearlyValue - x.yearlyValue || x.key.localeCompare(y.key));
    const team = viewer.role === 'director' || viewer.role === 'admin' || viewer.role === 'manager';
    return { team, customers, quotas: await quotasIn(tx, deps, customers, now) };
  });
}
