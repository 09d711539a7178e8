// When each working day's KBI evaluation happens (F22): at rules.kbi.evaluateAt in the org's timezone, on
// working days only (deals.calendar). Pure: the clock comes in as an argument.
import { DateTime } from 'luxon';
import { isWorkingDay, type WorkCalendar } from '../../../kernel/calendar.ts';

/** The moment day D (`YYYY-MM-DD`) is evaluated: D at `evaluateAt` (`HH:mm`) in `zone`. */
export function evaluationMoment(day: string, evaluateAt: string, zone: string): number {
  const [h, m] = evaluateAt.split(':').map(Number);
  return DateTime.fromISO(day, { zone })
    .set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 })
    .toMillis();
}

/** The latest working day whose evaluation moment is at or before `now` (what a catch-up run evaluates). */
export function lastEvaluationDay(now: number, evaluateAt: string, zone: string, cal: WorkCalendar): string {
  let d = DateTime.fromMillis(now, { zone }).startOf('day');
  for (let i = 0; i < 3660; i++, d = d.minus({ days: 1 })) {
    const day = d.toISODate() ?? '';
    if (isWorkingDay(d, cal) && evaluationMoment(day, evaluateAt, zone) <= now) return day;
  }
  return d.toISODate() ?? '';
}

/** The working day `n` working days before `day` (n = 0: `day` itself, or the working day before it). */
export function workingDaysBack(day: string, n: number, zone: string, cal: WorkCalendar): string {
  let d = DateTime.fromISO(day, { zone });
  let left = n;
  for (let i = 0; i < 3660 && (left > 0 || !isWorkingDay(d, cal)); i++) {
    d = d.minus({ days: 1 });
    if (isWorkingDay(d, cal)) left--;
  }
  return d.toISODate() ?? '';
}

export function isWorkingDayIso(day: string, zone: string, cal: WorkCalendar): boolean {
  const d = DateTime.fromISO(day, { zone });
  return d.isValid && isWorkingDay(d, cal);
}

/**
 * The latest weekly moment at or before `now`: ISO `weekday` (1 = Monday) at `at` (`HH:mm`) in `zone` — when
 * this week's (or, before it, last week's) weekly digest fell due.
 */
export function lastWeeklyMoment(now: number, weekday: number, at: string, zone: string): number {
  const [h, m] = at.split(':').map(Number);
  const today = DateTime.fromMillis(now, { zone });
  let d = today
    .minus({ days: (today.weekday - weekday + 7) % 7 })
    .set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
  if (d.toMillis() > now) d = d.minus({ weeks: 1 });
  return d.toMillis();
}
