// Targets (F24): progress of won deals against the pace of a month or quarter, red/yellow/green, and the
// customer-tier split. Money is in integer cents (fen) so sums are exact.
//
// Pace = working days of the period before today ÷ working days in the period (deals.calendar): the day in
// progress is not yet expected, and a holiday week does not make everyone look behind. Off = won ÷ (target ×
// pace) − 1. Behind by more than offPaceShare (15 %) is red, by more than watchShare (5 %) yellow, else green;
// ahead is green. Before the first working day ends nothing is expected and the status is green.
import { DateTime } from 'luxon';
import { isWorkingDay, type WorkCalendar } from '../../../kernel/calendar.ts';
import type { Deal } from '../../deals/rules/deals.ts';
import type { CustomerTier, KbiRules } from './kbi-rules.ts';

export type PeriodKind = 'month' | 'quarter';
export type TargetStatus = 'green' | 'yellow' | 'red';

export interface Period {
  kind: PeriodKind;
  /** `2026-11` or `2026-Q4`. */
  key: string;
  start: number;
  /** Exclusive. */
  end: number;
}

export function periodOf(kind: PeriodKind, at: number, zone: string): Period {
  const t = DateTime.fromMillis(at, { zone });
  const start = t.startOf(kind);
  const key = kind === 'month' ? start.toFormat('yyyy-MM') : `${start.year}-Q${start.quarter}`;
  return {
    kind,
    key,
    start: start.toMillis(),
    end: start.plus(kind === 'month' ? { months: 1 } : { months: 3 }).toMillis(),
  };
}

export interface Pace {
  elapsedDays: number;
  totalDays: number;
  /** elapsedDays / totalDays (0 when the period has no working day). */
  share: number;
}

export function paceOf(period: Period, now: number, zone: string, cal: WorkCalendar): Pace {
  const today = DateTime.fromMillis(Math.min(Math.max(now, period.start), period.end), { zone }).startOf(
    'day',
  );
  let elapsedDays = 0;
  let totalDays = 0;
  for (
    let d = DateTime.fromMillis(period.start, { zone });
    d.toMillis() < period.end;
    d = d.plus({ days: 1 })
  ) {
    if (!isWorkingDay(d, cal)) continue;
    totalDays++;
    if (d < today) elapsedDays++;
  }
  return { elapsedDays, totalDays, share: totalDays === 0 ? 0 : elapsedDays / totalDays };
}

export function toCents(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Cents won in [from, to) by the deals given (already narrowed to the region, team or rep). */
export function wonCents(
  deals: readonly Pick<Deal, 'status' | 'closedAt' | 'amount'>[],
  from: number,
  to: number,
): number {
  return deals
    .filter((d) => d.status === 'won' && d.closedAt !== null && d.closedAt >= from && d.closedAt < to)
    .reduce((sum, d) => sum + toCents(d.amount), 0);
}

export interface TargetProgress {
  targetCents: number;
  wonCents: number;
  expectedCents: number;
  /** won / target. */
  progress: number;
  /** won / expected − 1 (0 when nothing is expected yet). */
  off: number;
  status: TargetStatus;
  reason: { code: 'BEHIND_PACE' | 'ON_PACE'; off: number; elapsedDays: number; totalDays: number };
}

export function targetProgress(
  rules: KbiRules,
  targetCents: number,
  won: number,
  pace: Pace,
): TargetProgress {
  const expectedCents = Math.round((targetCents * pace.elapsedDays) / Math.max(1, pace.totalDays));
  const off = expectedCents === 0 ? 0 : won / expectedCents - 1;
  // Compared in whole basis points so 15.0 % behind is exactly the line, not a float a hair over it.
  const behindBp = Math.round(-off * 10_000);
  const status: TargetStatus =
    behindBp > Math.round(rules.targets.offPaceShare * 10_000)
      ? 'red'
      : behindBp > Math.round(rules.targets.watchShare * 10_000)
        ? 'yellow'
        : 'green';
  return {
    targetCents,
    wonCents: won,
    expectedCents,
    progress: targetCents === 0 ? 0 : won / targetCents,
    off,
    status,
    reason: {
      code: status === 'green' ? 'ON_PACE' : 'BEHIND_PACE',
      off,
      elapsedDays: pace.elapsedDays,
      totalDays: pace.totalDays,
    },
  };
}

/** The target split by customer tier (A 70 % / B 20 % / C 10 %); rounding leftovers go to A. */
export function splitByTier(rules: KbiRules, targetCents: number): Record<CustomerTier, number> {
  const w = rules.targets.tiers;
  const b = Math.floor(targetCents * w.B.weight);
  const c = Math.floor(targetCents * w.C.weight);
  return { A: targetCents - b - c, B: b, C: c };
}

export interface VisitGap {
  customer: string;
  tier: CustomerTier;
  required: number;
  done: number;
  reason: { code: 'VISITS_SHORT'; missing: number };
}

/** Accounts short of their tier's deep visits this month (A: 2), most missing first. */
export function visitGaps(
  rules: KbiRules,
  accounts: ReadonlyArray<{ customer: string; tier: CustomerTier; deepVisits: number }>,
): VisitGap[] {
  return accounts
    .map((a) => ({ ...a, required: rules.targets.tiers[a.tier].deepVisitsPerMonth }))
    .filter((a) => a.deepVisits < a.required)
    .map((a) => ({
      customer: a.customer,
      tier: a.tier,
      required: a.required,
      done: a.deepVisits,
      reason: { code: 'VISITS_SHORT' as const, missing: a.required - a.deepVisits },
    }))
    .sort((x, y) => y.reason.missing - x.reason.missing || x.customer.localeCompare(y.customer));
}

/** A rep's score: results and process KPIs (each a share 0–1), process weighing processKpiWeight (≥ 30 %). */
export function blendedScore(rules: KbiRules, resultShare: number, processShare: number): number {
  const w = rules.targets.processKpiWeight;
  return (1 - w) * resultShare + w * processShare;
}
