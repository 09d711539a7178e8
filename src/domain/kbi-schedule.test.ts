import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, type WorkCalendar } from './calendar.ts';
import { evaluationMoment, isWorkingDayIso, lastEvaluationDay, workingDaysBack } from './kbi-schedule.ts';

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
