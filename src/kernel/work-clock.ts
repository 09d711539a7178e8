// Clocks that respect the org's working time (issue 25). Pure: times are epoch ms, the zone and the holiday
// calendar (weekends, holidays, 调休 working days — calendar.ts) are given.
//
// Three ways a clock can run, chosen per clock in the rules file (`clocks:`):
//   wall          — plain elapsed time, night and weekend included (the old behaviour).
//   working_hours — only working moments count: the hours from `workingHours.start` (inclusive) to
//                   `workingHours.end` (exclusive) on working days. A lead offered at 03:00 for 2 h is offered
//                   until 11:00; offered at 17:00 on Friday, until Monday 10:00. Time that runs out exactly at
//                   the end of a working day runs out then (16:00 + 2 h = 18:00), not the next morning.
//   working_days  — calendar hours that elapse only on working days: a working day counts from 00:00 to 24:00,
//                   whatever the hour, a day off not at all. A Friday 09:00 claim with 24 h is due Monday 09:00;
//                   a claim on Saturday counts from Monday 00:00 (due Tuesday 00:00), so it gets the same
//                   working hours as a claim on any working day; time that runs out exactly at midnight after a
//                   working day runs to the start of the next working day (Friday 00:00 + 24 h = Monday 00:00),
//                   as addWorkingDays in calendar.ts does. A day that is 23 or 25 h long (DST) counts what it
//                   really has.
// Warnings before a deadline fall at a working moment: `warnBefore` is counted back in working hours from the
// deadline (a Monday 09:00 deadline warned 30 min ahead is warned Friday 17:30), never before `now`; when no
// working moment is left before the deadline there is no warning. Wall clocks warn in plain time.
import type { WorkCalendar } from './calendar.ts';
import { daysOf, type Days } from './work-days.ts';

export { minutesOf } from './work-days.ts';

/** The working day's hours, `HH:MM` in the org's timezone; `end` after `start` (up to `24:00`). */
export interface WorkingHours {
  start: string;
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00' };

export type ClockMode = 'wall' | 'working_hours' | 'working_days';

export interface WorkTime {
  zone: string;
  calendar: WorkCalendar;
  hours: WorkingHours;
}

/** How far a search for working time may look ahead or back (a calendar with no working day at all). */
const MAX_DAYS = 3660;

// Each function below takes the days it walks as a last argument: the cached days of work-days.ts unless a test
// passes luxon's own, to show both give the same answers (issue 23, item 4).

export function isWorkingMoment(at: number, wt: WorkTime, days: Days = daysOf(wt)): boolean {
  const day = days.at(at);
  return day.working && at >= day.window.start && at < day.window.end;
}

/** `at` when it is a working moment, else the next start of working hours; null when there is none. */
export function nextWorkingMoment(at: number, wt: WorkTime, days: Days = daysOf(wt)): number | null {
  let day = days.at(at);
  for (let i = 0; i < MAX_DAYS; i++, day = days.after(day)) {
    if (!day.working) continue;
    if (at < day.window.end) return Math.max(at, day.window.start);
  }
  return null;
}

/**
 * The latest moment at or before `at` that ends working time: `at` itself inside working hours or at their
 * end, else the end of the last working window before it; null when there is none.
 */
export function lastWorkingMomentBefore(at: number, wt: WorkTime, days: Days = daysOf(wt)): number | null {
  let day = days.at(at);
  for (let i = 0; i < MAX_DAYS; i++, day = days.before(day)) {
    if (!day.working) continue;
    if (at > day.window.start) return Math.min(at, day.window.end);
  }
  return null;
}

/** `ms` of working time after `from` (working_hours). Falls back to plain time for a calendar with no working day. */
export function addWorkingHours(from: number, ms: number, wt: WorkTime, days: Days = daysOf(wt)): number {
  let left = Math.max(0, ms);
  let t = nextWorkingMoment(from, wt, days);
  for (let i = 0; t !== null && i < MAX_DAYS; i++) {
    const { end } = days.at(t).window;
    if (left <= end - t) return t + left;
    left -= end - t;
    t = nextWorkingMoment(end, wt, days);
  }
  return from + ms;
}

/** The moment `ms` of working time before `to` (working_hours, counted back); null when there is not that much. */
export function subtractWorkingHours(
  to: number,
  ms: number,
  wt: WorkTime,
  days: Days = daysOf(wt),
): number | null {
  let left = Math.max(0, ms);
  let t = lastWorkingMomentBefore(to, wt, days);
  for (let i = 0; t !== null && i < MAX_DAYS; i++) {
    const { start } = days.at(t - 1).window;
    if (left <= t - start) return t - left;
    left -= t - start;
    t = lastWorkingMomentBefore(start, wt, days);
  }
  return null;
}

/** The start of the first working day at or after the day containing `at`, or null. */
function nextWorkingDayStart(at: number, days: Days): number | null {
  let day = days.at(at);
  for (let i = 0; i < MAX_DAYS; i++, day = days.after(day)) if (day.working) return day.start;
  return null;
}

/** `ms` of time after `from`, counting only working days, whole (working_days; the rule above). */
export function addCalendarHoursSkippingOffDays(
  from: number,
  ms: number,
  wt: WorkTime,
  days: Days = daysOf(wt),
): number {
  let left = Math.max(0, ms);
  let t: number | null = days.at(from).working ? from : nextWorkingDayStart(from, days);
  for (let i = 0; t !== null && i < MAX_DAYS; i++) {
    const dayEnd = days.after(days.at(t)).start;
    if (left < dayEnd - t) return t + left;
    left -= dayEnd - t;
    t = nextWorkingDayStart(dayEnd, days);
    if (left === 0) return t ?? dayEnd;
  }
  return from + ms;
}

/** The deadline `hours` after `from` on the given clock. */
export function clockDeadline(
  from: number,
  hours: number,
  mode: ClockMode,
  wt: WorkTime,
  days?: Days,
): number {
  const ms = Math.round(hours * 3_600_000);
  if (mode === 'working_hours') return addWorkingHours(from, ms, wt, days ?? daysOf(wt));
  if (mode === 'working_days') return addCalendarHoursSkippingOffDays(from, ms, wt, days ?? daysOf(wt));
  return from + ms;
}

/**
 * When to warn, `warnBeforeMs` ahead of `dueAt`, set at `now`: plain time on a wall clock; otherwise counted
 * back in working hours and moved to a working moment (null: no working moment is left before the deadline).
 */
export function warningMoment(
  now: number,
  dueAt: number,
  warnBeforeMs: number,
  mode: ClockMode,
  wt: WorkTime,
  days?: Days,
): number | null {
  if (mode === 'wall') return Math.max(now, dueAt - warnBeforeMs);
  const d = days ?? daysOf(wt);
  let at = Math.max(now, subtractWorkingHours(dueAt, warnBeforeMs, wt, d) ?? now);
  if (!isWorkingMoment(at, wt, d)) at = nextWorkingMoment(at, wt, d) ?? dueAt;
  return at < dueAt ? at : null;
}
