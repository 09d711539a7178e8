// Customer tiers (F24, issue 24 item 7): a customer's yearly value is what was won from it over the last
// `lookbackMonths` (12), A above deals.tiers.a (50万), B from deals.tiers.b (10万), else C — the brief's
// "A类客户(年采购额>50万) … B类客户(10–50万) … C类客户(<10万)". A customers need kbi.targets.tiers.A.deepVisitsPerMonth
// (2) deep visits a month from their rep; B customers get a repurchase reminder once a quarter; a customer that
// becomes C gets the standard product pack. Pure: the facts and the clock come in as arguments.
import { DateTime } from 'luxon';
import { tierOf, type Tier } from '../../deals/rules/deals.ts';

export interface CustomerRules {
  /** Months of won deals summed into a customer's yearly value. */
  lookbackMonths: number;
  /** `HH:mm` (org timezone): the daily recompute, and the quarter's repurchase reminders, from this time on. */
  recomputeAt: string;
  /** B customers: remind their rep of the repurchase once a quarter. */
  repurchaseReminder: boolean;
  /** C customers: the standard product pack text the rep is offered to send, in each language. */
  productPack: { 'zh-CN': string; en: string };
}

export const DEFAULT_CUSTOMER_RULES: CustomerRules = {
  lookbackMonths: 12,
  recomputeAt: '06:00',
  repurchaseReminder: true,
  productPack: {
    'zh-CN':
      '您好，感谢您一直以来的支持！附上我们的标准产品包：核心产品清单、标准报价和常见问题解答。需要哪一项的详细资料，直接回复即可，我们当天发给您。',
    en: 'Hello, and thank you for your business! Here is our standard product pack: the core product list, standard prices and answers to common questions. Reply with whichever you would like in detail and we will send it the same day.',
  },
};

/** A won deal, as the tier reads it. */
export interface WonDealFact {
  dealId: number;
  leadId: number;
  customer: string;
  ownerId: string;
  /** Yuan. */
  amount: number;
  closedAt: number;
}

export interface TierReason {
  code: 'YEARLY_VALUE';
  /** Yuan won from the customer in the window [from, to] (a deal won at `to` counts: the win that triggered it). */
  value: number;
  deals: number;
  /** The thresholds the value was held against: A above `a`, B from `b`. */
  a: number;
  b: number;
  from: number;
  to: number;
}

export interface CustomerTier {
  /** The customer's name as normalised for grouping (customerKey). */
  key: string;
  /** The name as last written on a won deal. */
  customer: string;
  tier: Tier;
  ownerId: string;
  /** Yuan. */
  yearlyValue: number;
  /** The latest won deal (and its lead) of the customer; null for a customer with nothing won in the window. */
  lastDealId: number | null;
  /** When that deal was won (null: nothing won in the window). */
  lastWonAt: number | null;
  leadIds: number[];
  reason: TierReason;
}

/** How a customer's name is grouped: full-width forms folded (NFKC), spaces dropped, case ignored. */
export function customerKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The window of the yearly value: the same instant `months` ago (org timezone) up to now. */
export function lookbackStart(now: number, zone: string, months: number): number {
  return DateTime.fromMillis(now, { zone }).minus({ months }).toMillis();
}

/**
 * Every customer's tier at `now`: won deals closed in the window summed by customer; its owner is the owner of
 * the latest one. `known` customers (tiered before) with nothing won in the window keep their owner and fall to
 * C with a value of 0, so a lapsed account is not forgotten.
 */
export function tierCustomers(
  deals: readonly WonDealFact[],
  known: ReadonlyArray<{ key: string; customer: string; ownerId: string }>,
  now: number,
  zone: string,
  thresholds: { a: number; b: number },
  lookbackMonths: number,
): CustomerTier[] {
  const from = lookbackStart(now, zone, lookbackMonths);
  const groups = new Map<string, WonDealFact[]>();
  for (const d of deals) {
    if (d.closedAt < from || d.closedAt > now) continue;
    const key = customerKey(d.customer);
    if (key === '') continue;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const reason = (value: number, count: number): TierReason => ({
    code: 'YEARLY_VALUE',
    value,
    deals: count,
    a: thresholds.a,
    b: thresholds.b,
    from,
    to: now,
  });
  const out: CustomerTier[] = [];
  for (const [key, group] of groups) {
    const sorted = [...group].sort((x, y) => x.closedAt - y.closedAt || x.dealId - y.dealId);
    const last = sorted[sorted.length - 1] as WonDealFact;
    // Whole fen, so 0.1 + 0.2 never decides a tier.
    const value = Math.round(sorted.reduce((s, d) => s + Math.round(d.amount * 100), 0)) / 100;
    out.push({
      key,
      customer: last.customer,
      tier: tierOf(value, thresholds),
      ownerId: last.ownerId,
      yearlyValue: value,
      lastDealId: last.dealId,
      lastWonAt: last.closedAt,
      leadIds: [...new Set(sorted.map((d) => d.leadId))],
      reason: reason(value, sorted.length),
    });
  }
  for (const k of known)
    if (!groups.has(k.key))
      out.push({
        key: k.key,
        customer: k.customer,
        tier: tierOf(0, thresholds),
        ownerId: k.ownerId,
        yearlyValue: 0,
        lastDealId: null,
        lastWonAt: null,
        leadIds: [],
        reason: reason(0, 0),
      });
  return out.sort((x, y) => x.key.localeCompare(y.key));
}

/** What happened to a customer's tier since it was last stored. */
export type TierChange = 'new' | 'changed' | 'same';

export function tierChange(before: Tier | null, after: Tier): TierChange {
  return before === null ? 'new' : before === after ? 'same' : 'changed';
}

/**
 * A customer that is C now and was not before is offered the product pack; so is a new one, but only when its
 * latest win is from the last day (a fresh customer) — the first run after an upgrade does not send a pack for
 * every customer that has been small for months.
 */
export function becameC(
  before: Tier | null,
  after: Pick<CustomerTier, 'tier' | 'lastWonAt'>,
  now: number,
): boolean {
  if (after.tier !== 'C' || before === 'C') return false;
  return before !== null || (after.lastWonAt !== null && after.lastWonAt >= now - 86_400_000);
}

/** A visit the rep logged at one of the customer's leads. */
export interface VisitFact {
  leadId: number;
  by: string;
  at: number;
}

/** Something that proves a visit happened: a check-in with its place, or evidence filed on the customer's deal. */
export interface ProofFact {
  kind: 'checkin' | 'evidence';
  leadId: number;
  by: string;
  at: number;
}

/**
 * The days (`YYYY-MM-DD`, org timezone) of `month` on which `repId` made a deep visit: a visit logged at one of
 * the customer's leads with proof by the same rep on the same day (a check-in, or evidence on its deal). A day
 * counts once however many visits it holds, so logging two visits at one sitting does not fill the quota.
 */
export function deepVisitDays(
  visits: readonly VisitFact[],
  proofs: readonly ProofFact[],
  repId: string,
  month: { start: number; end: number },
  zone: string,
): string[] {
  const dayOf = (at: number) => DateTime.fromMillis(at, { zone }).toISODate() as string;
  const inMonth = (at: number) => at >= month.start && at < month.end;
  const proven = new Set(
    proofs.filter((p) => p.by === repId && inMonth(p.at)).map((p) => `${p.leadId}:${dayOf(p.at)}`),
  );
  const days = new Set<string>();
  for (const v of visits)
    if (v.by === repId && inMonth(v.at) && proven.has(`${v.leadId}:${dayOf(v.at)}`)) days.add(dayOf(v.at));
  return [...days].sort();
}

export interface QuotaStatus {
  key: string;
  customer: string;
  ownerId: string;
  required: number;
  done: number;
  days: string[];
  reason: { code: 'DEEP_VISITS_MET' | 'DEEP_VISITS_SHORT'; month: string; missing: number };
}

/** An A customer's deep-visit quota this month, against `required` (0: no quota, always met). */
export function quotaOf(
  c: Pick<CustomerTier, 'key' | 'customer' | 'ownerId'>,
  days: readonly string[],
  required: number,
  monthKey: string,
): QuotaStatus {
  const missing = Math.max(0, required - days.length);
  return {
    key: c.key,
    customer: c.customer,
    ownerId: c.ownerId,
    required,
    done: days.length,
    days: [...days],
    reason: { code: missing > 0 ? 'DEEP_VISITS_SHORT' : 'DEEP_VISITS_MET', month: monthKey, missing },
  };
}

/** `2026-Q4`: the quarter the B reminder is sent once in. */
export function quarterKey(now: number, zone: string): string {
  const t = DateTime.fromMillis(now, { zone });
  return `${t.year}-Q${t.quarter}`;
}

/** Has today's recompute time come (`HH:mm`, org timezone)? */
export function recomputeDue(now: number, zone: string, at: string): { due: boolean; day: string } {
  const t = DateTime.fromMillis(now, { zone });
  const [h = 0, m = 0] = at.split(':').map(Number);
  const from = t.startOf('day').plus({ hours: h, minutes: m });
  return { due: t >= from, day: t.toISODate() as string };
}
