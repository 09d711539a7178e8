// Working days: weekends and public holidays do not count towards a deal's time in a stage (F15), and
// make-up working days (调休, a Saturday that is worked) do. Pure: times are epoch ms, the zone is given.
import { DateTime } from 'luxon';

export interface WorkCalendar {
  /** ISO weekdays that are off: 6 = Saturday, 7 = Sunday. */
  weekend: number[];
  /** Days off that would otherwise be working days, `YYYY-MM-DD` in the org's timezone. */
  holidays: string[];
  /** Weekend days that are worked (调休), `YYYY-MM-DD`. */
  workdays: string[];
}

export const DEFAULT_CALENDAR: WorkCalendar = { weekend: [6, 7], holidays: [], workdays: [] };

export function isWorkingDay(day: DateTime, cal: WorkCalendar): boolean {
  const iso = day.toISODate() ?? '';
  if (cal.workdays.includes(iso)) return true;
  if (cal.holidays.includes(iso)) return false;
  return !cal.weekend.includes(day.weekday);
}

/**
 * The moment `days` working days after `from`. A start on a day off counts from the beginning of the next
 * working day, so a deal entering a stage on Saturday has the same limit as one entering on Monday at 00:00.
 * Friday 10:00 + 1 working day = Monday 10:00.
 */
export function addWorkingDays(from: number, days: number, zone: string, cal: WorkCalendar): number {
  let t = DateTime.fromMillis(from, { zone });
  if (!isWorkingDay(t, cal)) {
    t = t.startOf('day');
    for (let i = 0; i < 3660 && !isWorkingDay(t, cal); i++) t = t.plus({ days: 1 });
  }
  let left = Math.max(0, Math.floor(days));
  const fraction = Math.max(0, days - Math.floor(days));
  for (let i = 0; left > 0 && i < 3660; i++) {
    t = t.plus({ days: 1 });
    if (isWorkingDay(t, cal)) left--;
  }
  if (fraction > 0) t = t.plus({ hours: 24 * fraction });
  return t.toMillis();
}

/**
 * Whole working days elapsed between two moments (the time of day is kept: Fri 10:00 → Mon 09:59 is 0): the
 * largest n (at most 3660) with addWorkingDays(from, n) <= to, found in one walk over the days rather than one
 * addWorkingDays per n.
 */
export function workingDaysBetween(from: number, to: number, zone: string, cal: WorkCalendar): number {
  if (to <= from) return 0;
  let t = DateTime.fromMillis(from, { zone });
  if (!isWorkingDay(t, cal)) {
    t = t.startOf('day');
    for (let i = 0; i < 3660 && !isWorkingDay(t, cal); i++) t = t.plus({ days: 1 });
  }
  let n = 0;
  for (let i = 0; i < 3660; i++) {
    t = t.plus({ days: 1 });
    if (!isWorkingDay(t, cal)) continue;
    if (t.toMillis() > to) return n;
    n++;
    if (n >= 3660) return n;
  }
  // addWorkingDays gives up after 3660 days and returns that day for any larger n.
  return t.toMillis() <= to ? 3660 : n;
}
