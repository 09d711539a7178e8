import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  addWorkingDaysByWalk,
  DEFAULT_CALENDAR,
  endOfDay,
  workingDaysBetween,
  workingDaysBetweenByWalk,
  type WorkCalendar,
} from './calendar.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const show = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');

describe('working days', () => {
  it.each([
    // from (Asia/Shanghai), days, expected
    ['2026-11-20T10:00', 1, 'Mon 2026-11-23 10:00'], // Friday → Monday
    ['2026-11-16T10:00', 5, 'Mon 2026-11-23 10:00'], // a full week
    ['2026-11-21T15:00', 1, 'Tue 2026-11-24 00:00'], // Saturday counts from Monday 00:00
    ['2026-11-23T09:00', 0, 'Mon 2026-11-23 09:00'],
    ['2026-11-23T09:00', 0.5, 'Mon 2026-11-23 21:00'],
  ])('%s + %d working days = %s', (from, days, expected) => {
    expect(show(addWorkingDays(at(from), days, zone, DEFAULT_CALENDAR))).toBe(expected);
  });

  it('skips holidays and counts make-up working days (调休)', () => {
    const cal: WorkCalendar = {
      weekend: [6, 7],
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workdays: ['2026-10-10'],
    };
    // Tue 09-30 10:00 + 1 → the holiday week is skipped (Oct 3–4 weekend too) → Thu 10-08 10:00
    expect(show(addWorkingDays(at('2026-09-30T10:00'), 1, zone, cal))).toBe('Thu 2026-10-08 10:00');
    // Fri 10-09 + 1 → Saturday 10-10 is worked
    expect(show(addWorkingDays(at('2026-10-09T10:00'), 1, zone, cal))).toBe('Sat 2026-10-10 10:00');
  });

  it('counts whole working days elapsed, keeping the time of day', () => {
    const cal = DEFAULT_CALENDAR;
    expect(workingDaysBetween(at('2026-11-20T10:00'), at('2026-11-23T09:59'), zone, cal)).toBe(0);
    expect(workingDaysBetween(at('2026-11-20T10:00'), at('2026-11-23T10:00'), zone, cal)).toBe(1);
    expect(workingDaysBetween(at('2026-11-16T10:00'), at('2026-11-30T10:00'), zone, cal)).toBe(10);
    expect(workingDaysBetween(at('2026-11-23T10:00'), at('2026-11-20T10:00'), zone, cal)).toBe(0);
  });

  describe('the counted answer equals the day-by-day walk', () => {
    // A small seeded generator: the same pairs on every run.
    const random = (seed: number) => () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const DAY = 86_400_000;
    const cn: WorkCalendar = {
      weekend: [6, 7],
      holidays: [
        '2025-01-01',
        '2025-01-28',
        '2025-01-29',
        '2025-01-30',
        '2025-01-31',
        '2025-02-03',
        '2025-02-04',
        '2025-05-01',
        '2025-05-02',
        '2025-05-05',
        '2025-10-01',
        '2025-10-02',
        '2025-10-03',
        '2025-10-06',
        '2025-10-07',
        '2025-10-08',
        '2026-01-01',
        '2026-01-02',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-23',
        '2026-10-01',
        '2026-10-02',
        '2026-10-05',
        '2026-10-06',
        '2026-10-07',
      ],
      workdays: [
        '2025-01-26',
        '2025-02-08',
        '2025-04-27',
        '2025-09-28',
        '2025-10-11',
        '2026-02-14',
        '2026-10-10',
      ],
    };
    const calendars: Array<[string, () => WorkCalendar]> = [
      ['the default calendar', () => ({ ...DEFAULT_CALENDAR })],
      ['holidays and make-up days (调休)', () => ({ ...cn })],
      ['a Friday-Saturday weekend', () => ({ weekend: [5, 6], holidays: cn.holidays, workdays: [] })],
      ['no days off', () => ({ weekend: [], holidays: [], workdays: [] })],
      ['every day off', () => ({ weekend: [1, 2, 3, 4, 5, 6, 7], holidays: [], workdays: ['2026-03-04'] })],
    ];
    const zones = ['Asia/Shanghai', 'UTC', 'Asia/Kolkata', 'America/Sao_Paulo'];

    it.each(calendars)('over random moments, with %s', (_name, make) => {
      // A fresh calendar object each time: its counts are built, then grown, from nothing.
      const cal = make();
      const next = random(20261123);
      const lo = Date.parse('2024-06-01T00:00:00Z');
      for (let i = 0; i < 4000; i++) {
        const zone = zones[i % zones.length] as string;
        // Whole hours, quarter hours or any ms; spans of hours to years, some past the 3660 cap.
        const from = lo + Math.floor(next() * 3 * 365 * DAY);
        const kind = next();
        const span =
          kind < 0.15
            ? Math.floor(next() * 3) * DAY // whole days: lands exactly on the time of day
            : kind < 0.8
              ? Math.floor(next() * 90 * DAY)
              : kind < 0.95
                ? Math.floor(next() * 800 * DAY)
                : Math.floor((3000 + next() * 3000) * DAY);
        const to = from + span - (kind < 0.05 ? 1 : 0);
        expect([zone, from, to, workingDaysBetween(from, to, zone, cal)]).toEqual([
          zone,
          from,
          to,
          workingDaysBetweenByWalk(from, to, zone, cal),
        ]);
      }
      // Far from the first requests (the counts grow, or step aside when too far).
      for (const [from, to] of [
        [Date.parse('1990-03-03T01:00:00Z'), Date.parse('1990-05-01T00:00:00Z')],
        [Date.parse('2300-01-06T08:00:00Z'), Date.parse('2300-02-01T00:00:00Z')],
        [Date.parse('2026-10-09T02:00:00Z'), Number.POSITIVE_INFINITY],
      ] as const) {
        expect(workingDaysBetween(from, to, 'Asia/Shanghai', cal)).toBe(
          workingDaysBetweenByWalk(from, to, 'Asia/Shanghai', cal),
        );
      }
    });

    it('in a zone that changes offset (DST), where both take the luxon walk', () => {
      const next = random(11);
      const lo = Date.parse('2025-01-01T00:00:00Z');
      for (let i = 0; i < 40; i++) {
        const from = lo + Math.floor(next() * 2 * 365 * DAY);
        const to = from + Math.floor(next() * 40 * DAY);
        expect(workingDaysBetween(from, to, 'Europe/Berlin', cn)).toBe(
          workingDaysBetweenByWalk(from, to, 'Europe/Berlin', cn),
        );
      }
    });

    it('matches its definition: the largest n with addWorkingDays(from, n) <= to (0 when none)', () => {
      const next = random(7);
      const lo = Date.parse('2025-09-01T00:00:00Z');
      for (let i = 0; i < 300; i++) {
        const from = lo + Math.floor(next() * 420 * DAY);
        const to = from + Math.floor(next() * 40 * DAY);
        const n = workingDaysBetween(from, to, zone, cn);
        // From a day off, even 0 working days end at the next working day's start, which may be after `to`.
        if (n > 0) expect(addWorkingDays(from, n, zone, cn)).toBeLessThanOrEqual(to);
        expect(addWorkingDays(from, n + 1, zone, cn)).toBeGreaterThan(to);
      }
    });

    it('adds working days as the luxon walk does, in a fixed-offset zone and across DST', () => {
      const next = random(11);
      const lo = Date.parse('2025-09-01T00:00:00Z');
      for (const z of [zone, 'Europe/Berlin', 'UTC']) {
        for (let i = 0; i < 80; i++) {
          const from = lo + Math.floor(next() * 600 * DAY);
          // Whole days mostly, sometimes a fraction (the walk adds its hours last).
          const days = Math.floor(next() * 60) + (i % 7 === 0 ? 0.5 : 0);
          const walked = addWorkingDaysByWalk(from, days, z, cn);
          expect(show(addWorkingDays(from, days, z, cn))).toBe(show(walked));
          expect(addWorkingDays(from, days, z, cn)).toBe(walked);
        }
      }
    });

    it("ends the day as luxon's endOf('day') does", () => {
      const next = random(13);
      const lo = Date.parse('2025-01-01T00:00:00Z');
      for (const z of [zone, 'Europe/Berlin', 'America/New_York']) {
        for (let i = 0; i < 300; i++) {
          const t = lo + Math.floor(next() * 730 * DAY);
          expect(endOfDay(t, z)).toBe(DateTime.fromMillis(t, { zone: z }).endOf('day').toMillis());
        }
      }
    });
  });
});
