import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, type WorkCalendar } from './calendar.ts';
import {
  clockDeadline,
  isWorkingMoment,
  lastWorkingMomentBefore,
  nextWorkingMoment,
  warningMoment,
  type ClockMode,
  type WorkTime,
} from './work-clock.ts';
import { daysOf, luxonDays } from './work-days.ts';

// A small seeded generator: the same moments on every run.
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const cn: WorkCalendar = {
  weekend: [6, 7],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2019-10-01'],
  workdays: ['2026-09-27', '2026-10-10', '2019-09-29'],
};
const calendars: Array<[string, WorkCalendar, number]> = [
  ['the default calendar', { ...DEFAULT_CALENDAR }, 800],
  ['holidays and make-up days (调休)', cn, 800],
  ['a Friday-Saturday weekend', { weekend: [5, 6], holidays: cn.holidays, workdays: [] }, 400],
  // Walks of 3 660 days: past the cache's bound, so it starts again in the middle of a walk.
  ['every day off but one', { weekend: [1, 2, 3, 4, 5, 6, 7], holidays: [], workdays: ['2026-03-04'] }, 3],
];
// Zones with DST, half- and quarter-hour offsets, and days whose midnight is skipped or repeated
// (Havana, Santiago, Sao Paulo until 2019, Beirut).
const zones = [
  'Asia/Shanghai',
  'UTC',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/Havana',
  'America/Santiago',
  'America/Sao_Paulo',
  'Asia/Beirut',
];
const hoursList = [
  { start: '09:00', end: '18:00' },
  { start: '00:00', end: '24:00' },
  { start: '08:30', end: '12:15' },
];
const modes: ClockMode[] = ['working_hours', 'working_days', 'wall'];

describe('cached working days give what luxon gives', () => {
  it.each(calendars)('over random moments in %s', (_name, calendar, samples) => {
    const next = random(20261207);
    const lo = Date.parse('2014-01-01T00:00:00Z');
    for (let i = 0; i < samples; i++) {
      const wt: WorkTime = {
        zone: zones[i % zones.length] as string,
        calendar,
        hours: hoursList[Math.floor(next() * hoursList.length)] as WorkTime['hours'],
      };
      const kind = next();
      // Any ms, whole hours (on a window's edge), or near a midnight.
      const raw = lo + Math.floor(next() * 14 * 365 * DAY);
      const at =
        kind < 0.4 ? raw : kind < 0.8 ? Math.floor(raw / HOUR) * HOUR : Math.floor(raw / DAY) * DAY - HOUR;
      const mode = modes[Math.floor(next() * modes.length)] as ClockMode;
      const hours = [0, 0.5, 2, 9, 24, 72, 200][Math.floor(next() * 7)] as number;
      const warnMs = Math.floor(next() * 3) * 30 * 60_000;
      const answers = (days: ReturnType<typeof luxonDays>) => {
        const due = clockDeadline(at, hours, mode, wt, days);
        return [
          isWorkingMoment(at, wt, days),
          nextWorkingMoment(at, wt, days),
          lastWorkingMomentBefore(at, wt, days),
          due,
          warningMoment(at, due, warnMs, mode, wt, days),
        ];
      };
      expect([wt.zone, wt.hours, at, mode, hours, ...answers(daysOf(wt))]).toEqual([
        wt.zone,
        wt.hours,
        at,
        mode,
        hours,
        ...answers(luxonDays(wt)),
      ]);
    }
  });

  it('uses the same cached days for the same work time, and separate ones for other hours', () => {
    const wt: WorkTime = { zone: 'Asia/Shanghai', calendar: cn, hours: { start: '09:00', end: '18:00' } };
    expect(daysOf({ ...wt })).toBe(daysOf(wt));
    expect(daysOf({ ...wt, hours: { start: '10:00', end: '18:00' } })).not.toBe(daysOf(wt));
    const day = daysOf(wt).at(Date.parse('2026-12-07T03:00:00Z'));
    expect(daysOf(wt).at(Date.parse('2026-12-07T09:59:00Z'))).toBe(day);
    expect(day.window).toEqual({
      start: Date.parse('2026-12-07T01:00:00Z'),
      end: Date.parse('2026-12-07T10:00:00Z'),
    });
  });

  it('answers an unknown zone as luxon does', () => {
    const wt: WorkTime = { zone: 'Mars/Olympus', calendar: cn, hours: { start: '09:00', end: '18:00' } };
    const at = Date.parse('2026-12-07T03:00:00Z');
    expect(clockDeadline(at, 2, 'working_hours', wt)).toEqual(
      clockDeadline(at, 2, 'working_hours', wt, luxonDays(wt)),
    );
  });
});
