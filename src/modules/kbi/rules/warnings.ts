// Tiered warnings (F22) from the daily KBI rates, and the points ledger (F23).
//
// A tier holds on day D when D and the working days before it, counting only days that had a rate, make a run
// of `days` rates all under `below`: red first, then yellow, then green. A working day with nothing due (rate
// null) neither breaks nor extends a run — a quiet day says nothing about behaviour — and gets no warning of
// its own. Weekends and holidays have no KBI day at all, so they never break a run either.
import type { KbiDay, KbiMiss, Opportunity } from './kbi.ts';
import type { KbiRules } from './kbi-rules.ts';

export type WarningTier = 'green' | 'yellow' | 'red';

export interface TodoItem {
  kbiId: string;
  leadId: number | null;
  dealId: number | null;
  deadline: number;
}

export interface KbiWarning {
  repId: string;
  day: string;
  tier: WarningTier;
  /** Machine-readable: the rule that fired and the run of rates behind it (oldest first). */
  reason: {
    code: 'KBI_RATE_LOW';
    tier: WarningTier;
    below: number;
    days: number;
    run: Array<{ day: string; rate: number }>;
  };
  /** Every miss over the run's days (yellow copies these to the manager; red prefills the review). */
  deviations: KbiMiss[];
  /** Open opportunities due soon, earliest first: the rep's to-do list. */
  todo: TodoItem[];
  /** Red only: the review proposed to rep and manager. */
  reviewMinutes: number | null;
}

const ORDER: WarningTier[] = ['red', 'yellow', 'green'];

/** The rep's warning for `day`, evaluated at `at`; null when the day has no rate or no tier holds. */
export function evaluateWarning(input: {
  rules: KbiRules;
  /** This rep's KBI days, any order; only days up to `day` are read. */
  rows: readonly KbiDay[];
  /** This rep's opportunities (the open ones make the to-do list). */
  opportunities: readonly Opportunity[];
  repId: string;
  day: string;
  at: number;
}): KbiWarning | null {
  const { rules, repId, day, at } = input;
  const rated = input.rows
    .filter((r) => r.repId === repId && r.day <= day && r.rate !== null)
    .sort((a, b) => a.day.localeCompare(b.day));
  if (rated.at(-1)?.day !== day) return null;
  for (const tier of ORDER) {
    const { below, days } = rules.warnings[tier];
    const run = rated.slice(-days);
    if (run.length < days || !run.every((r) => (r.rate ?? 1) < below)) continue;
    const soon = at + rules.warnings.dueSoonHours * 3_600_000;
    const todo = input.opportunities
      .filter((o) => o.repId === repId && o.status === 'open' && o.deadline <= soon)
      .sort((a, b) => a.deadline - b.deadline)
      .map((o) => ({ kbiId: o.kbiId, leadId: o.leadId, dealId: o.dealId, deadline: o.deadline }));
    return {
      repId,
      day,
      tier,
      reason: {
        code: 'KBI_RATE_LOW',
        tier,
        below,
        days,
        run: run.map((r) => ({ day: r.day, rate: r.rate ?? 0 })),
      },
      deviations: run.flatMap((r) => r.misses),
      todo,
      reviewMinutes: tier === 'red' ? rules.warnings.reviewMinutes : null,
    };
  }
  return null;
}

/** Minutes from a warning's delivery to its Acknowledge click (recorded per warning, F22/F31). */
export function minutesToAcknowledge(sentAt: number, acknowledgedAt: number): number {
  return Math.max(0, Math.round((acknowledgedAt - sentAt) / 60_000));
}

export interface PointsEntry {
  /** Stable per opportunity, so the ledger can be written once however often it is recomputed. */
  key: string;
  repId: string;
  kbiId: string;
  points: number;
  at: number;
  reason: {
    code: 'KBI_MET';
    kbiId: string;
    leadId: number | null;
    dealId: number | null;
    triggerAt: number;
    deadline: number;
  };
}

/** F23: one ledger entry per opportunity met on time, worth its indicator's points (0-point ones skipped). */
export function pointsLedger(rules: KbiRules, opportunities: readonly Opportunity[]): PointsEntry[] {
  const points = new Map(rules.indicators.map((k) => [k.id, k.points]));
  return opportunities
    .filter((o) => o.status === 'met' && o.metAt !== null && (points.get(o.kbiId) ?? 0) > 0)
    .map((o) => ({
      key: `${o.kbiId}:${o.leadId ?? '-'}:${o.dealId ?? '-'}:${o.triggerAt}`,
      repId: o.repId,
      kbiId: o.kbiId,
      points: points.get(o.kbiId) ?? 0,
      at: o.metAt ?? o.triggerAt,
      reason: {
        code: 'KBI_MET' as const,
        kbiId: o.kbiId,
        leadId: o.leadId,
        dealId: o.dealId,
        triggerAt: o.triggerAt,
        deadline: o.deadline,
      },
    }))
    .sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/** Points per rep over a ledger slice. */
export function pointsByRep(entries: readonly PointsEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) out[e.repId] = (out[e.repId] ?? 0) + e.points;
  return out;
}
