import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, type WorkCalendar } from '../../../kernel/calendar.ts';
import { DEFAULT_KBI_RULES as rules } from './kbi-rules.ts';
import {
  blendedScore,
  paceOf,
  periodOf,
  splitByTier,
  targetProgress,
  toCents,
  visitGaps,
  wonCents,
} from './targets.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const now = at('2026-11-23T10:00');

describe('pace of a period', () => {
  it.each([
    // November 2026 has 21 working days (2–6, 9–13, 16–20, 23–27, 30); before Mon 23: 15.
    ['month', '2026-11', 15, 21],
    // Q4 2026: October 22 + November 21 + December 23 = 66; before Nov 23: 22 + 15 = 37.
    ['quarter', '2026-Q4', 37, 66],
  ] as const)('%s %s: %d of %d working days gone', (kind, key, elapsed, total) => {
    const p = periodOf(kind, now, zone);
    expect(p.key).toBe(key);
    expect(paceOf(p, now, zone, DEFAULT_CALENDAR)).toEqual({
      elapsedDays: elapsed,
      totalDays: total,
      share: elapsed / total,
    });
  });

  it('does not count holidays as days the target should have moved', () => {
    const cal: WorkCalendar = { weekend: [6, 7], holidays: ['2026-11-16', '2026-11-17'], workdays: [] };
    // 21 − 2 holidays = 19 working days; before Nov 23: 15 − 2 = 13
    expect(paceOf(periodOf('month', now, zone), now, zone, cal)).toMatchObject({
      elapsedDays: 13,
      totalDays: 19,
    });
  });
});

describe('progress against pace', () => {
  const pace = paceOf(periodOf('month', now, zone), now, zone, DEFAULT_CALENDAR); // 15/21
  const target = toCents(2_100_000); // expected by now: 2,100,000 × 15/21 = 1,500,000 yuan

  it.each([
    // won (yuan), off = won / 1,500,000 − 1, status
    [1_260_000, -0.16, 'red'], // 16 % behind pace: red
    [1_275_000, -0.15, 'yellow'], // exactly 15 % is not more than 15 %
    [1_380_000, -0.08, 'yellow'], // 8 % behind: more than 5 %
    [1_440_000, -0.04, 'green'],
    [1_800_000, 0.2, 'green'], // ahead
  ])('won ¥%d → off %d → %s', (won, off, status) => {
    const p = targetProgress(rules, target, toCents(won), pace);
    expect(p.expectedCents).toBe(150_000_000);
    expect(p.off).toBeCloseTo(off, 10);
    expect(p.status).toBe(status);
    expect(p.reason).toEqual({
      code: status === 'green' ? 'ON_PACE' : 'BEHIND_PACE',
      off: p.off,
      elapsedDays: 15,
      totalDays: 21,
    });
  });

  it('expects nothing on the first day of a period', () => {
    const first = at('2026-11-02T09:00');
    const p = targetProgress(
      rules,
      target,
      0,
      paceOf(periodOf('month', first, zone), first, zone, DEFAULT_CALENDAR),
    );
    expect([p.expectedCents, p.status]).toEqual([0, 'green']);
  });

  it('sums won deals closed inside the period, to the cent', () => {
    const deals = [
      { status: 'won' as const, closedAt: at('2026-11-03T10:00'), amount: 100_000.15 },
      { status: 'won' as const, closedAt: at('2026-11-20T10:00'), amount: 2_000.1 },
      { status: 'won' as const, closedAt: at('2026-10-31T23:59'), amount: 999 }, // October
      { status: 'lost' as const, closedAt: at('2026-11-05T10:00'), amount: 999 },
      { status: 'open' as const, closedAt: null, amount: 999 },
    ];
    const p = periodOf('month', now, zone);
    expect(wonCents(deals, p.start, p.end)).toBe(10_000_015 + 200_010);
  });
});

describe('customer tiers and process KPIs', () => {
  it('splits a target 70/20/10 with the leftover cent on A', () => {
    // 1,000,001 cents: B floor(200,000.2) = 200,000; C floor(100,000.1) = 100,000; A the rest 700,001
    expect(splitByTier(rules, 1_000_001)).toEqual({ A: 700_001, B: 200_000, C: 100_000 });
  });

  it('lists A accounts short of 2 deep visits this month', () => {
    const gaps = visitGaps(rules, [
      { customer: '协和医院', tier: 'A', deepVisits: 1 },
      { customer: '职教中心', tier: 'A', deepVisits: 0 },
      { customer: '万科', tier: 'A', deepVisits: 2 },
      { customer: '小店', tier: 'C', deepVisits: 0 },
    ]);
    expect(gaps.map((g) => [g.customer, g.reason.missing])).toEqual([
      ['职教中心', 2],
      ['协和医院', 1],
    ]);
  });

  it('weighs process KPIs 30 %', () => {
    // 0.7 × 0.5 + 0.3 × 0.9 = 0.35 + 0.27 = 0.62
    expect(blendedScore(rules, 0.5, 0.9)).toBeCloseTo(0.62, 10);
  });
});
