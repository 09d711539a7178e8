import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, DEFAULT_CALENDAR, workingDaysBetween, type WorkCalendar } from './calendar.ts';

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
});
