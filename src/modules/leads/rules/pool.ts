import { DateTime } from 'luxon';
import type { Rules } from '../../rules.ts';
import type { Lead, Person } from '../../../kernel/types.ts';
import { clockDeadline, warningMoment, type ClockMode, type WorkTime } from '../../../kernel/work-clock.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Deadlines set when a lead is offered to a rep (F4: unclaimed for 2 h → pool), on the offer clock (rules.clocks:
 * working hours by default, so a lead routed at 03:00 is offered until 11:00). `warnAt` is null when no working
 * moment is left before the deadline to warn at.
 */
export function offerDeadlines(
  now: number,
  rules: Rules,
  wt: WorkTime,
): { expiresAt: number; warnAt: number | null; clock: ClockMode } {
  const clock = rules.clocks.offer;
  const expiresAt = clockDeadline(now, rules.pool.offerTimeoutMinutes / 60, clock, wt);
  return {
    expiresAt,
    warnAt: warningMoment(now, expiresAt, rules.pool.warnBeforeMinutes * MINUTE, clock, wt),
    clock,
  };
}

/**
 * Deadlines set when a rep claims a lead (F4: no follow-up within 24 h → taken back), on the follow-up clock
 * (working days by default: a Friday 09:00 claim is due Monday 09:00). The KBI indicators use the same clock.
 */
export function followUpDeadlines(
  now: number,
  rules: Rules,
  wt: WorkTime,
): { dueAt: number; warnAt: number | null; clock: ClockMode } {
  const clock = rules.clocks.followUp;
  const dueAt = clockDeadline(now, rules.pool.followUpTimeoutHours, clock, wt);
  return {
    dueAt,
    warnAt: warningMoment(now, dueAt, rules.pool.warnBeforeMinutes * MINUTE, clock, wt),
    clock,
  };
}

/** A past hand-back of a lead by a person: gave it up, let the offer lapse, or had it taken back. */
export interface HandBack {
  personId: string;
  at: number;
}

/** Until when `personId` may not take this lead again, or null (F4 cooldown; applies to every way of giving it up). */
export function cooldownUntil(
  handBacks: readonly HandBack[],
  personId: string,
  now: number,
  rules: Rules,
): number | null {
  let latest: number | null = null;
  for (const h of handBacks) if (h.personId === personId && (latest === null || h.at > latest)) latest = h.at;
  if (latest === null) return null;
  const until = latest + rules.pool.cooldownHours * HOUR;
  return until > now ? until : null;
}

/** Start of the day containing `now` in the org's timezone (the daily cap resets at local midnight). */
export function startOfLocalDay(now: number, timezone: string): number {
  return DateTime.fromMillis(now, { zone: timezone }).startOf('day').toMillis();
}

export function startOfLocalWeek(now: number, timezone: string): number {
  return DateTime.fromMillis(now, { zone: timezone }).startOf('week').toMillis();
}

export type ClaimRefusal =
  | { reason: 'NOT_FOUND' }
  | { reason: 'NOT_A_REP' }
  | { reason: 'INACTIVE' }
  | { reason: 'ALREADY_CLAIMED'; ownerId: string | null }
  | { reason: 'OFFERED_TO_SOMEONE_ELSE'; ownerId: string | null }
  | { reason: 'OFFER_EXPIRED'; expiredAt: number }
  | { reason: 'CLOSED'; status: Lead['status'] }
  | { reason: 'AT_CAPACITY'; open: number; capacity: number }
  | { reason: 'DAILY_CAP'; claimedToday: number; cap: number }
  | { reason: 'COOLDOWN'; until: number };

export interface ClaimContext {
  lead: Lead | null;
  person: Person | null;
  /** The three below are read only for a pool lead claimed by an active person (callers may skip them). */
  openLeads: number;
  marketClaimsToday: number;
  handBacks: readonly HandBack[];
  now: number;
}

/**
 * F4/F5: may this person claim this lead now? Claiming an offer made to you accepts it; claiming from
 * the pool is a market claim, limited by capacity, the daily cap and the cooldown.
 */
export function checkClaim(
  ctx: ClaimContext,
  rules: Rules,
): { ok: true; via: 'offer' | 'market' } | ({ ok: false } & ClaimRefusal) {
  const { lead, person } = ctx;
  if (lead === null) return { ok: false, reason: 'NOT_FOUND' };
  if (person === null) return { ok: false, reason: 'NOT_A_REP' };
  if (!person.active) return { ok: false, reason: 'INACTIVE' };
  if (lead.status === 'owned') {
    return { ok: false, reason: 'ALREADY_CLAIMED', ownerId: lead.ownerId };
  }
  if (lead.status === 'offered') {
    if (lead.ownerId === person.id) {
      // The deadline is the deadline, whether or not the minute's sweep has run yet.
      if (lead.offerExpiresAt !== null && ctx.now >= lead.offerExpiresAt) {
        return { ok: false, reason: 'OFFER_EXPIRED', expiredAt: lead.offerExpiresAt };
      }
      return { ok: true, via: 'offer' };
    }
    return { ok: false, reason: 'OFFERED_TO_SOMEONE_ELSE', ownerId: lead.ownerId };
  }
  if (lead.status !== 'pool') return { ok: false, reason: 'CLOSED', status: lead.status };
  if (ctx.openLeads >= person.capacity) {
    return { ok: false, reason: 'AT_CAPACITY', open: ctx.openLeads, capacity: person.capacity };
  }
  const exempt = rules.pool.capExemptRoles.includes(person.role);
  if (!exempt && ctx.marketClaimsToday >= rules.pool.claimCapPerDay) {
    return {
      ok: false,
      reason: 'DAILY_CAP',
      claimedToday: ctx.marketClaimsToday,
      cap: rules.pool.claimCapPerDay,
    };
  }
  const until = cooldownUntil(ctx.handBacks, person.id, ctx.now, rules);
  if (until !== null) return { ok: false, reason: 'COOLDOWN', until };
  return { ok: true, via: 'market' };
}

/** F6: how a new inquiry relates to an earlier lead of the same customer. */
export type DuplicateDecision =
  | { kind: 'new' }
  | { kind: 'merge'; into: Lead; reason: 'OPEN_LEAD' | 'PROTECTED_CUSTOMER' }
  | { kind: 'relink'; previous: Lead; reason: 'LOST' | 'PROTECTION_EXPIRED' };

/** `matches` are earlier leads with the same phone, email or company (not merged ones), newest first. */
export function decideDuplicate(matches: readonly Lead[], now: number, rules: Rules): DuplicateDecision {
  const live = matches.find((l) => l.status === 'offered' || l.status === 'owned' || l.status === 'pool');
  if (live !== undefined) return { kind: 'merge', into: live, reason: 'OPEN_LEAD' };
  const won = matches.find((l) => l.status === 'won');
  if (won !== undefined && won.closedAt !== null && now - won.closedAt < rules.pool.protectionDays * DAY) {
    return { kind: 'merge', into: won, reason: 'PROTECTED_CUSTOMER' };
  }
  const previous = matches.find((l) => l.status === 'won' || l.status === 'lost');
  if (previous !== undefined) {
    return { kind: 'relink', previous, reason: previous.status === 'lost' ? 'LOST' : 'PROTECTION_EXPIRED' };
  }
  return { kind: 'new' };
}
