import { describe, expect, it } from 'vitest';
import {
  checkClaim,
  cooldownUntil,
  decideDuplicate,
  offerDeadlines,
  startOfLocalDay,
  type ClaimContext,
} from './pool.ts';
import { DEFAULT_RULES } from '../../rules.ts';
import type { Lead, Person } from '../../../kernel/types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-23T02:00:00Z');
const SHANGHAI = {
  zone: 'Asia/Shanghai',
  calendar: DEFAULT_RULES.deals.calendar,
  hours: DEFAULT_RULES.clocks.workingHours,
};

function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 1,
    company: 'A',
    contact: 'c',
    phone: '1',
    email: '',
    industry: '',
    budget: 0,
    need: '',
    region: '',
    source: 's',
    campaign: 'c',
    tags: [],
    urgency: null,
    trialEndsAt: null,
    status: 'pool',
    ownerId: null,
    score: 50,
    scoreBreakdown: { total: 50, parts: [] },
    urgent: false,
    urgentReason: null,
    createdAt: NOW - DAY,
    offeredAt: null,
    offerExpiresAt: null,
    claimedAt: null,
    followUpDueAt: null,
    firstTouchAt: null,
    closedAt: null,
    mergedInto: null,
    previousLeadId: null,
    ...overrides,
  };
}
const alice: Person = {
  id: 'alice',
  name: 'Alice',
  teamId: 't',
  role: 'rep',
  skills: [],
  capacity: 8,
  email: null,
  locale: null,
  active: true,
  outOfOffice: false,
  identities: {},
};

function ctx(overrides: Partial<ClaimContext> = {}): ClaimContext {
  return {
    lead: lead(),
    person: alice,
    openLeads: 0,
    marketClaimsToday: 0,
    handBacks: [],
    now: NOW,
    ...overrides,
  };
}

describe('checkClaim', () => {
  it('lets a rep claim from the pool as a market claim', () => {
    expect(checkClaim(ctx(), DEFAULT_RULES)).toEqual({ ok: true, via: 'market' });
  });
  it('lets the rep an offer was made to accept it, whatever their market claims', () => {
    expect(
      checkClaim(
        ctx({ lead: lead({ status: 'offered', ownerId: 'alice' }), marketClaimsToday: 3 }),
        DEFAULT_RULES,
      ),
    ).toEqual({ ok: true, via: 'offer' });
  });
  it.each([
    [
      'the 4th market claim of the day',
      { marketClaimsToday: 3 },
      { reason: 'DAILY_CAP', claimedToday: 3, cap: 3 },
    ],
    ['a claim at capacity', { openLeads: 8 }, { reason: 'AT_CAPACITY', open: 8, capacity: 8 }],
    [
      'a lead someone owns',
      { lead: lead({ status: 'owned', ownerId: 'bob' }) },
      { reason: 'ALREADY_CLAIMED', ownerId: 'bob' },
    ],
    [
      'a lead offered to someone else',
      { lead: lead({ status: 'offered', ownerId: 'bob' }) },
      { reason: 'OFFERED_TO_SOMEONE_ELSE', ownerId: 'bob' },
    ],
    ['a won lead', { lead: lead({ status: 'won' }) }, { reason: 'CLOSED', status: 'won' }],
    [
      'a lead the rep gave up an hour ago',
      { handBacks: [{ personId: 'alice', at: NOW - HOUR }] },
      { reason: 'COOLDOWN', until: NOW + 23 * HOUR },
    ],
    ['an unknown person', { person: null }, { reason: 'NOT_A_REP' }],
  ])('refuses %s', (_n, overrides, expected) => {
    expect(checkClaim(ctx(overrides as Partial<ClaimContext>), DEFAULT_RULES)).toEqual({
      ok: false,
      ...expected,
    });
  });
  it('refuses an offer accepted exactly at its 2-hour deadline, even before the sweep has run', () => {
    const offered = lead({ status: 'offered', ownerId: 'alice', offerExpiresAt: NOW });
    expect(checkClaim(ctx({ lead: offered, now: NOW - 1 }), DEFAULT_RULES)).toEqual({
      ok: true,
      via: 'offer',
    });
    expect(checkClaim(ctx({ lead: offered }), DEFAULT_RULES)).toEqual({
      ok: false,
      reason: 'OFFER_EXPIRED',
      expiredAt: NOW,
    });
  });
  it('allows the 3rd market claim of the day', () => {
    expect(checkClaim(ctx({ marketClaimsToday: 2 }), DEFAULT_RULES)).toMatchObject({ ok: true });
  });
  it('exempts a role from the daily cap only when the rules say so', () => {
    const manager = { ...alice, role: 'manager' as const };
    expect(checkClaim(ctx({ person: manager, marketClaimsToday: 3 }), DEFAULT_RULES)).toMatchObject({
      ok: false,
      reason: 'DAILY_CAP',
    });
    const rules = { ...DEFAULT_RULES, pool: { ...DEFAULT_RULES.pool, capExemptRoles: ['manager'] } };
    expect(checkClaim(ctx({ person: manager, marketClaimsToday: 3 }), rules)).toMatchObject({ ok: true });
  });
});

describe('cooldown and clocks', () => {
  it('ends the cooldown exactly 24 h after the hand-back', () => {
    const h = [{ personId: 'alice', at: NOW }];
    expect(cooldownUntil(h, 'alice', NOW + DAY - 1, DEFAULT_RULES)).toBe(NOW + DAY);
    expect(cooldownUntil(h, 'alice', NOW + DAY, DEFAULT_RULES)).toBeNull();
    expect(cooldownUntil(h, 'bob', NOW, DEFAULT_RULES)).toBeNull();
  });
  it('gives an offer 2 working hours and warns 30 minutes before', () => {
    // NOW is a weekday within working hours in Shanghai.
    expect(offerDeadlines(NOW, DEFAULT_RULES, SHANGHAI)).toEqual({
      expiresAt: NOW + 2 * HOUR,
      warnAt: NOW + 90 * 60_000,
      clock: 'working_hours',
    });
  });
  it('starts the day at midnight in Asia/Shanghai, not UTC', () => {
    // 2026-11-23 15:59:59Z is 23:59:59 in Shanghai; one second later is the next local day.
    const before = Date.parse('2026-11-23T15:59:59Z');
    expect(startOfLocalDay(before, 'Asia/Shanghai')).toBe(Date.parse('2026-11-22T16:00:00Z'));
    expect(startOfLocalDay(before + 1000, 'Asia/Shanghai')).toBe(Date.parse('2026-11-23T16:00:00Z'));
  });
});

describe('decideDuplicate', () => {
  it('merges a second inquiry into the open lead', () => {
    const open = lead({ id: 7, status: 'owned', ownerId: 'alice' });
    expect(decideDuplicate([open], NOW, DEFAULT_RULES)).toEqual({
      kind: 'merge',
      into: open,
      reason: 'OPEN_LEAD',
    });
  });
  it('protects a customer won 29 days ago, and not one won 30 days ago', () => {
    const recent = lead({ status: 'won', closedAt: NOW - 29 * DAY });
    const old = lead({ status: 'won', closedAt: NOW - 30 * DAY });
    expect(decideDuplicate([recent], NOW, DEFAULT_RULES)).toMatchObject({
      kind: 'merge',
      reason: 'PROTECTED_CUSTOMER',
    });
    expect(decideDuplicate([old], NOW, DEFAULT_RULES)).toMatchObject({
      kind: 'relink',
      reason: 'PROTECTION_EXPIRED',
    });
  });
  it('opens a new lead linked to a lost one', () => {
    expect(
      decideDuplicate([lead({ status: 'lost', closedAt: NOW - DAY })], NOW, DEFAULT_RULES),
    ).toMatchObject({ kind: 'relink', reason: 'LOST' });
  });
  it('opens a plain new lead for a new customer', () => {
    expect(decideDuplicate([], NOW, DEFAULT_RULES)).toEqual({ kind: 'new' });
  });
});
