// `kbi` / `/kbi` / `我的指标` (F21, F23): my indicators for the KBI day in progress — each indicator's due and
// met, what is still open with its deadline — and my points this month and in all. Live from the event log;
// points earned since the last evaluation are credited to the ledger now (once, by their key).
import { DateTime } from 'luxon';
import { kbiDayOf } from '../rules/kbi.ts';
import { pointsLedger } from '../rules/warnings.ts';
import type { Localized } from '../../reports/rules/authenticity-rules.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { kbiFacts, type WarningItem } from './kbi-facts.ts';

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
    const open = facts.opportunities
      .filter((o) => o.status === 'open')
      .sort((a, b) => a.deadline - b.deadline);
    const labels = new Map(kbi.indicators.map((k) => [k.id, k.label]));
    const openItems: WarningItem[] = [];
    for (const o of open)
      openItems.push({
        kbiId: o.kbiId,
        kbi: labels.get(o.kbiId) ?? { 'zh-CN': o.kbiId, en: o.kbiId },
        leadId: o.leadId,
        dealId: o.dealId,
        company: o.leadId === null ? '' : ((await tx.leads.get(o.leadId))?.company ?? ''),
        deadline: o.deadline,
      });
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
