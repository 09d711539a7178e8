import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, DEFAULT_CALENDAR, type WorkCalendar } from './calendar.ts';
import {
  clockDeadline,
  DEFAULT_WORKING_HOURS,
  isWorkingMoment,
  lastWorkingMomentBefore,
  nextWorkingMoment,
  warningMoment,
  type ClockMode,
  type WorkTime,
} from './work-clock.ts';

const zone = 'Asia/Shanghai';
// 2026: National Day week 10-01 … 10-07 off, Sunday 09-27 and Saturday 10-10 worked (调休).
const cn: WorkCalendar = {
  weekend: [6, 7],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', '2026-10-10'],
};
const wt: WorkTime = { zone, calendar: cn, hours: DEFAULT_WORKING_HOURS };
const at = (iso: string, z = zone) => DateTime.fromISO(iso, { zone: z }).toMillis();
const show = (ms: number | null, z = zone) =>
  ms === null ? null : DateTime.fromMillis(ms, { zone: z }).toFormat("yyyy-MM-dd'T'HH:mm ccc");

describe('working moments', () => {
  it.each([
    ['2026-12-07T09:00', true], // Monday, start of hours
    ['2026-12-07T17:59', true],
    ['2026-12-07T18:00', false], // the end is not inside
    ['2026-12-07T08:59', false],
    ['2026-12-05T10:00', false], // Saturday
    ['2026-10-10T10:00', true], // Saturday worked (调休)
    ['2026-10-02T10:00', false], // National Day
  ])('%s is a working moment: %s', (iso, working) => {
    expect(isWorkingMoment(at(iso), wt)).toBe(working);
  });

  it('the next working moment after Friday evening is Monday 09:00; after the holiday, the 调休 Thursday 10-08', () => {
    expect(show(nextWorkingMoment(at('2026-12-04T18:00'), wt))).toBe('2026-12-07T09:00 Mon');
    expect(show(nextWorkingMoment(at('2026-09-30T19:00'), wt))).toBe('2026-10-08T09:00 Thu');
    expect(show(nextWorkingMoment(at('2026-12-07T10:15'), wt))).toBe('2026-12-07T10:15 Mon');
  });

  it('the last working moment before Monday 08:30 is Friday 18:00', () => {
    expect(show(lastWorkingMomentBefore(at('2026-12-07T08:30'), wt))).toBe('2026-12-04T18:00 Fri');
    expect(show(lastWorkingMomentBefore(at('2026-12-07T10:00'), wt))).toBe('2026-12-07T10:00 Mon');
  });
});

describe('clock deadlines', () => {
  it.each<[string, number, ClockMode, string]>([
    // working_hours: the 2-hour offer
    ['2026-12-07T03:00', 2, 'working_hours', '2026-12-07T11:00 Mon'],
    ['2026-12-07T03:12', 2, 'working_hours', '2026-12-07T11:00 Mon'],
    ['2026-12-07T16:00', 2, 'working_hours', '2026-12-07T18:00 Mon'],
    ['2026-12-04T17:00', 2, 'working_hours', '2026-12-07T10:00 Mon'],
    ['2026-12-04T17:59', 2, 'working_hours', '2026-12-07T10:59 Mon'],
    ['2026-12-05T11:00', 2, 'working_hours', '2026-12-07T11:00 Mon'],
    ['2026-10-09T17:00', 2, 'working_hours', '2026-10-10T10:00 Sat'], // 调休 Saturday works
    ['2026-09-30T17:30', 2, 'working_hours', '2026-10-08T10:30 Thu'], // across National Day
    // working_days: the 24-hour follow-up clock and SOP deadlines
    ['2026-12-04T09:00', 24, 'working_days', '2026-12-07T09:00 Mon'],
    ['2026-12-04T17:59', 24, 'working_days', '2026-12-07T17:59 Mon'],
    ['2026-12-05T10:00', 24, 'working_days', '2026-12-08T00:00 Tue'], // Saturday: from Monday 00:00
    ['2026-12-04T00:00', 24, 'working_days', '2026-12-07T00:00 Mon'], // runs out at midnight: next working day
    ['2026-12-03T09:00', 48, 'working_days', '2026-12-07T09:00 Mon'],
    ['2026-12-04T23:00', 2, 'working_days', '2026-12-07T01:00 Mon'],
    ['2026-10-09T09:00', 24, 'working_days', '2026-10-10T09:00 Sat'], // 调休 Saturday counts
    ['2026-09-30T09:00', 24, 'working_days', '2026-10-08T09:00 Thu'], // National Day week skipped
    ['2026-09-25T12:00', 24, 'working_days', '2026-09-27T12:00 Sun'], // 调休 Sunday counts
    // wall: plain time
    ['2026-12-07T03:12', 2, 'wall', '2026-12-07T05:12 Mon'],
    ['2026-12-04T09:00', 24, 'wall', '2026-12-05T09:00 Sat'],
  ])('%s + %i h on %s → %s', (from, hours, mode, due) => {
    expect(show(clockDeadline(at(from), hours, mode, wt))).toBe(due);
  });

  it('working_days agrees with addWorkingDays for whole days (the KBI clock it replaces)', () => {
    for (const from of ['2026-12-04T10:00', '2026-12-05T10:00', '2026-09-30T23:59', '2026-10-09T18:00'])
      for (const days of [1, 2, 3])
        expect(show(clockDeadline(at(from), days * 24, 'working_days', wt))).toBe(
          show(addWorkingDays(at(from), days, zone, cn)),
        );
  });

  it('a DST zone counts the hours a day really has: 24 h from Friday 12:00 before spring-forward is Monday 12:00 in New York', () => {
    const ny: WorkTime = {
      zone: 'America/New_York',
      calendar: DEFAULT_CALENDAR,
      hours: DEFAULT_WORKING_HOURS,
    };
    const z = 'America/New_York';
    // 2026-03-08 (Sunday) is 23 h long, but Sunday does not count either way.
    expect(show(clockDeadline(at('2026-03-06T12:00', z), 24, 'working_days', ny), z)).toBe(
      '2026-03-09T12:00 Mon',
    );
    // 2026-11-01 (Sunday) is 25 h long; Monday 11-02 is a normal day: 2 working hours from Friday 17:00.
    expect(show(clockDeadline(at('2026-10-30T17:00', z), 2, 'working_hours', ny), z)).toBe(
      '2026-11-02T10:00 Mon',
    );
    // With weekends worked, the 23-hour Sunday counts as 23 h: Saturday 12:00 + 24 h = Sunday 13:00.
    const allDays: WorkTime = { ...ny, calendar: { weekend: [], holidays: [], workdays: [] } };
    expect(show(clockDeadline(at('2026-03-07T12:00', z), 24, 'working_days', allDays), z)).toBe(
      '2026-03-08T13:00 Sun',
    );
  });
});

describe('warnings before a deadline', () => {
  it('a Monday 09:00 deadline is warned on Friday afternoon, not at 08:30 on Monday', () => {
    const due = at('2026-12-07T09:00');
    expect(show(warningMoment(at('2026-12-04T09:00'), due, 30 * 60_000, 'working_days', wt))).toBe(
      '2026-12-04T17:30 Fri',
    );
  });

  it('a deadline within working hours is warned 30 min before it', () => {
    const due = at('2026-12-07T11:00');
    expect(show(warningMoment(at('2026-12-07T03:00'), due, 30 * 60_000, 'working_hours', wt))).toBe(
      '2026-12-07T10:30 Mon',
    );
  });

  it('with less working time left than the warning needs, it is warned now (in hours) or at the next working moment', () => {
    const due = at('2026-12-07T09:10');
    expect(show(warningMoment(at('2026-12-07T08:00'), due, 30 * 60_000, 'working_days', wt))).toBe(
      '2026-12-07T09:00 Mon',
    );
    expect(show(warningMoment(at('2026-12-07T09:05'), due, 30 * 60_000, 'working_days', wt))).toBe(
      '2026-12-07T09:05 Mon',
    );
  });

  it('no warning when no working moment is left before the deadline; wall clocks warn in plain time', () => {
    expect(
      warningMoment(at('2026-12-05T10:00'), at('2026-12-06T10:00'), 30 * 60_000, 'working_days', wt),
    ).toBe(null);
    expect(show(warningMoment(at('2026-12-07T03:12'), at('2026-12-07T05:12'), 30 * 60_000, 'wall', wt))).toBe(
      '2026-12-07T04:42 Mon',
    );
  });
});
