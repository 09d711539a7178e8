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
import { DateTime } from 'luxon';
import { isWorkingDay, type WorkCalendar } from './calendar.ts';

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

/** `HH:MM` as minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The working window [start, end) of the day containing `day` (a DateTime at its start of day). */
function windowOf(day: DateTime, hours: WorkingHours): { start: number; end: number } {
  return {
    start: day.plus({ minutes: minutesOf(hours.start) }).toMillis(),
    end: day.plus({ minutes: minutesOf(hours.end) }).toMillis(),
  };
}

const dayOf = (at: number, zone: string) => DateTime.fromMillis(at, { zone }).startOf('day');

export function isWorkingMoment(at: number, wt: WorkTime): boolean {
  const day = dayOf(at, wt.zone);
  if (!isWorkingDay(day, wt.calendar)) return false;
  const w = windowOf(day, wt.hours);
  return at >= w.start && at < w.end;
}

/** `at` when it is a working moment, else the next start of working hours; null when there is none. */
export function nextWorkingMoment(at: number, wt: WorkTime): number | null {
  let day = dayOf(at, wt.zone);
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 })) {
    if (!isWorkingDay(day, wt.calendar)) continue;
    const w = windowOf(day, wt.hours);
    if (at < w.end) return Math.max(at, w.start);
  }
  return null;
}

/**
 * The latest moment at or before `at` that ends working time: `at` itself inside working hours or at their
 * end, else the end of the last working window before it; null when there is none.
 */
export function lastWorkingMomentBefore(at: number, wt: WorkTime): number | null {
  let day = dayOf(at, wt.zone);
  for (let i = 0; i < MAX_DAYS; i++, day = day.minus({ days: 1 })) {
    if (!isWorkingDay(day, wt.calendar)) continue;
    const w = windowOf(day, wt.hours);
    if (at > w.start) return Math.min(at, w.end);
  }
  return null;
}

/** `ms` of working time after `from` (working_hours). Falls back to plain time for a calendar with no working day. */
export function addWorkingHours(from: number, ms: number, wt: WorkTime): number {
  let left = Math.max(0, ms);
  let t = nextWorkingMoment(from, wt);
  for (let i = 0; t !== null && i < MAX_DAYS; i++) {
    const { end } = windowOf(dayOf(t, wt.zone), wt.hours);
    if (left <= end - t) return t + left;
    left -= end - t;
    t = nextWorkingMoment(end, wt);
  }
  return from + ms;
}

/** The moment `ms` of working time before `to` (working_hours, counted back); null when there is not that much. */
export function subtractWorkingHours(to: number, ms: number, wt: WorkTime): number | null {
  let left = Math.max(0, ms);
  let t = lastWorkingMomentBefore(to, wt);
  for (let i = 0; t !== null && i < MAX_DAYS; i++) {
    const { start } = windowOf(dayOf(t - 1, wt.zone), wt.hours);
    if (left <= t - start) return t - left;
    left -= t - start;
    t = lastWorkingMomentBefore(start, wt);
  }
  return null;
}

/** The start of the first working day at or after the day containing `at`, or null. */
function nextWorkingDayStart(at: number, wt: WorkTime): number | null {
  let day = dayOf(at, wt.zone);
  for (let i = 0; i < MAX_DAYS; i++, day = day.plus({ days: 1 }))
    if (isWorkingDay(day, wt.calendar)) return day.toMillis();
  return null;
}

/** `ms` of time after `from`, counting only working days, whole (working_days; the rule above). */
export function addCalendarHoursSkippingOffDays(from: number, ms: number, wt: WorkTime): number {
  let left = Math.max(0, ms);
  const startDay = dayOf(from, wt.zone);
  let t: number | null = isWorkingDay(startDay, wt.calendar) ? from : nextWorkingDayStart(from, wt);
  for (let i = 0; t !== null && i < MAX_DAYS; i++) {
    const dayEnd = dayOf(t, wt.zone).plus({ days: 1 }).toMillis();
    if (left < dayEnd - t) return t + left;
    left -= dayEnd - t;
    t = nextWorkingDayStart(dayEnd, wt);
    if (left === 0) return t ?? dayEnd;
  }
  return from + ms;
}

/** The deadline `hours` after `from` on the given clock. */
export function clockDeadline(from: number, hours: number, mode: ClockMode, wt: WorkTime): number {
  const ms = Math.round(hours * 3_600_000);
  if (mode === 'working_hours') return addWorkingHours(from, ms, wt);
  if (mode === 'working_days') return addCalendarHoursSkippingOffDays(from, ms, wt);
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
): number | null {
  if (mode === 'wall') return Math.max(now, dueAt - warnBeforeMs);
  let at = Math.max(now, subtractWorkingHours(dueAt, warnBeforeMs, wt) ?? now);
  if (!isWorkingMoment(at, wt)) at = nextWorkingMoment(at, wt) ?? dueAt;
  return at < dueAt ? at : null;
}
