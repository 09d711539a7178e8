import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, type WorkCalendar } from '../../../kernel/calendar.ts';
import {
  evaluationMoment,
  isWorkingDayIso,
  lastEvaluationDay,
  lastWeeklyMoment,
  workingDaysBack,
} from './kbi-schedule.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const holidays: WorkCalendar = { weekend: [6, 7], holidays: ['2026-11-19'], workdays: ['2026-11-22'] };

describe('KBI evaluation schedule', () => {
  it('evaluates a day at its evaluation time in the org timezone', () => {
    expect(evaluationMoment('2026-11-20', '18:00', zone)).toBe(at('2026-11-20T18:00'));
  });

  it.each([
    ['2026-11-23T17:59', DEFAULT_CALENDAR, '2026-11-20'], // Monday before 18:00: Friday is the last
    ['2026-11-23T18:00', DEFAULT_CALENDAR, '2026-11-23'],
    ['2026-11-22T12:00', DEFAULT_CALENDAR, '2026-11-20'], // Sunday
    ['2026-11-19T19:00', holidays, '2026-11-18'], // a holiday is never evaluated
    ['2026-11-22T18:30', holidays, '2026-11-22'], // a make-up Sunday is
  ])('at %s the last day due is %s', (now, cal, day) => {
    expect(lastEvaluationDay(at(now), '18:00', zone, cal)).toBe(day);
  });

  it.each([
    ['2026-11-23', 0, '2026-11-23'],
    ['2026-11-23', 1, '2026-11-20'],
    ['2026-11-22', 0, '2026-11-20'],
    ['2026-11-23', 5, '2026-11-16'],
  ])('%s minus %d working days is %s', (day, n, expected) => {
    expect(workingDaysBack(day, n, zone, DEFAULT_CALENDAR)).toBe(expected);
  });

  it('tells working days from weekends and bad dates', () => {
    expect(isWorkingDayIso('2026-11-20', zone, DEFAULT_CALENDAR)).toBe(true);
    expect(isWorkingDayIso('2026-11-21', zone, DEFAULT_CALENDAR)).toBe(false);
    expect(isWorkingDayIso('2026-13-01', zone, DEFAULT_CALENDAR)).toBe(false);
  });
});

describe('weekly digest moment', () => {
  it.each([
    ['2026-11-23T09:00', 1, '09:00', '2026-11-23T09:00'], // Monday at the time: this week's
    ['2026-11-23T08:59', 1, '09:00', '2026-11-16T09:00'], // a minute before: last week's
    ['2026-11-25T15:00', 1, '09:00', '2026-11-23T09:00'], // Wednesday
    ['2026-11-22T23:59', 1, '09:00', '2026-11-16T09:00'], // Sunday night
    ['2026-11-27T17:30', 5, '17:30', '2026-11-27T17:30'], // Friday 17:30 digests
    ['2026-11-23T09:00', 7, '20:00', '2026-11-22T20:00'], // Sunday evening ones, seen on Monday
  ])('at %s, weekday %i at %s → %s', (now, weekday, time, due) => {
    expect(lastWeeklyMoment(at(now), weekday, time, zone)).toBe(at(due));
  });

  it('keeps the wall-clock time across a daylight-saving change', () => {
    const ny = (iso: string) => DateTime.fromISO(iso, { zone: 'America/New_York' }).toMillis();
    // 2026-11-01 is the end of DST in New York: the Monday after is still 09:00 local.
    expect(lastWeeklyMoment(ny('2026-11-02T10:00'), 1, '09:00', 'America/New_York')).toBe(
      ny('2026-11-02T09:00'),
    );
    expect(lastWeeklyMoment(ny('2026-11-02T08:00'), 1, '09:00', 'America/New_York')).toBe(
      ny('2026-10-26T09:00'),
    );
  });
});
