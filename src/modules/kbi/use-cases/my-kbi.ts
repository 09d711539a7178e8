// `kbi` / `/kbi` / `我的指标` (F21, F23): my indicators for the KBI day in progress — each indicator's due and
// met, what is still open with its deadline — and my points this month and in all. Live from the event log;
// points earned since the last evaluation are credited to the ledger now (once, by their key).
import { DateTime } from 'luxon';
import { kbiDayOf } from '../rules/kbi.ts';
import { pointsLedger } from '../rules/warnings.ts';
import type { Localized } from '../../reports/rules/authenticity-rules.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { kbiFacts, type WarningItem } from './kbi-facts.ts';
import type { Opportunity } from '../rules/kbi.ts';
import type { KbiDefinition } from '../rules/kbi-rules.ts';
import type { Tx } from '../../ports.ts';

export interface MyKbi {
  /** The KBI day in progress (`YYYY-MM-DD`): what settles before its evaluation time counts on it. */
  day: string;
  indicators: Array<{ kbiId: string; label: Localized; due: number; met: number; missed: number }>;
  due: number;
  met: number;
  rate: number | null;
  /** Open opportunities, earliest deadline first. */
  open: WarningItem[];
  pointsMonth: number;
  pointsTotal: number;
  /** My latest warning not yet acknowledged, if any. */
  unacknowledged: { warningId: number; day: string; tier: 'green' | 'yellow' | 'red' } | null;
}

/**
 * The to-do list of `我的指标` (issue 25, item 3): only what the rep holds now — a lead they own (not released,
 * taken back, passed on or closed), a deal that is open and theirs — and one line per lead (its earliest
 * deadline). A to-do opened by the claim that started the lead's running follow-up clock is due no later
 * than that clock (the lead is taken back then, which settles the indicator as missed), so it shows the same
 * deadline as `我的线索`; with the default rules both are the same moment anyway (kbiDeadline and
 * followUpDeadlines run on the one follow-up clock).
 */
async function heldTodos(
  tx: Tx,
  personId: string,
  open: readonly Opportunity[],
  indicators: ReadonlyMap<string, KbiDefinition>,
): Promise<WarningItem[]> {
  // The open opportunities' leads only, and of those the ones the rep holds (what tx.leads.heldBy reads): not
  // every lead they hold, 2,000 whole rows and 40–130 ms for a rep at a million leads (issue 23).
  const found = await tx.leads.getMany([
    ...new Set(open.map((o) => o.leadId).filter((id): id is number => id !== null)),
  ]);
  const leads = new Map(
    [...found].filter(([, l]) => l.ownerId === personId && (l.status === 'offered' || l.status === 'owned')),
  );
  const byLead = new Map<number, WarningItem>();
  const loose: WarningItem[] = [];
  for (const o of open) {
    const lead = o.leadId === null ? undefined : leads.get(o.leadId);
    if (o.dealId !== null) {
      const deal = await tx.deals.get(o.dealId);
      if (deal === null || deal.status !== 'open' || deal.ownerId !== personId) continue;
    } else if (lead === undefined || lead.status !== 'owned') continue;
    const k = indicators.get(o.kbiId);
    let deadline = o.deadline;
    if (
      lead !== undefined &&
      k?.trigger.type === 'lead.claimed' &&
      lead.followUpDueAt !== null &&
      lead.claimedAt === o.triggerAt
    )
      deadline = Math.min(deadline, lead.followUpDueAt);
    const item: WarningItem = {
      kbiId: o.kbiId,
      kbi: k?.label ?? { 'zh-CN': o.kbiId, en: o.kbiId },
      leadId: o.leadId,
      dealId: o.dealId,
      company: lead?.company ?? (o.leadId === null ? '' : (found.get(o.leadId)?.company ?? '')),
      deadline,
    };
    if (o.leadId === null) loose.push(item);
    else {
      const seen = byLead.get(o.leadId);
      if (seen === undefined || item.deadline < seen.deadline) byLead.set(o.leadId, item);
    }
  }
  return [...byLead.values(), ...loose].sort((a, b) => a.deadline - b.deadline);
}

export async function myKbi(deps: EngineDeps, personId: string): Promise<MyKbi> {
  const now = deps.clock();
  const { kbi } = deps.rules;
  const calendar = deps.rules.deals.calendar;
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    const day = kbiDayOf(now, kbi.evaluateAt, zone, calendar);
    const facts = await kbiFacts(tx, deps, {
      repIds: [personId],
      fromDay: day,
      toDay: day,
      until: now,
      zone,
    });
    for (const entry of pointsLedger(kbi, facts.opportunities)) await tx.kbi.addPoints(entry, now);
    const row = facts.rows.find((r) => r.day === day);
    const openItems = await heldTodos(
      tx,
      personId,
      facts.opportunities.filter((o) => o.status === 'open'),
      new Map(kbi.indicators.map((k) => [k.id, k])),
    );
    const monthStart = DateTime.fromMillis(now, { zone }).startOf('month').toMillis();
    const latest = (await tx.kbi.warnings({ repId: personId, limit: 1 }))[0];
    return {
      day,
      indicators: kbi.indicators.map((k) => ({
        kbiId: k.id,
        label: k.label,
        ...(row?.byKbi[k.id] ?? { due: 0, met: 0, missed: 0 }),
      })),
      due: row?.due ?? 0,
      met: row?.met ?? 0,
      rate: row?.rate ?? null,
      open: openItems,
      pointsMonth: await tx.kbi.pointsOf(personId, monthStart),
      pointsTotal: await tx.kbi.pointsOf(personId),
      unacknowledged:
        latest !== undefined && latest.acknowledgedAt === null
          ? { warningId: latest.id, day: latest.day, tier: latest.tier }
          : null,
    };
  });
}
