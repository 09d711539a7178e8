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

const DAY_MS = 86_400_000;
const steadyYears = new Map<string, number | null>();

/** The zone's UTC offset (minutes) through a whole year, or null when it changes (sampled at each month's start; cached). */
function steadyOffset(zone: string, year: number): number | null {
  const key = `${zone} ${year}`;
  const known = steadyYears.get(key);
  if (known !== undefined) return known;
  const offset = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).offset;
  let steady: number | null = Number.isFinite(offset) ? offset : null;
  for (let m = 2; m <= 13 && steady !== null; m++) {
    const at = DateTime.fromObject(
      { year: m === 13 ? year + 1 : year, month: m === 13 ? 1 : m, day: 1 },
      { zone },
    );
    if (!at.isValid || at.offset !== offset) steady = null;
  }
  steadyYears.set(key, steady);
  return steady;
}

/** The zone's one UTC offset from a year before `from` to a year after `to`, or null when it changes. */
function fixedOffset(zone: string, from: number, to: number): number | null {
  const first = new Date(from).getUTCFullYear() - 1;
  const last = new Date(Math.min(to, from + 3661 * DAY_MS)).getUTCFullYear() + 1;
  let offset: number | null = null;
  for (let y = first; y <= last; y++) {
    const o = steadyOffset(zone, y);
    if (o === null || (offset !== null && o !== offset)) return null;
    offset = o;
  }
  return offset;
}

const daySets = new WeakMap<WorkCalendar, { work: Set<number>; off: Set<number> }>();

/** Whether the calendar day starting at `dayStart` (a wall-clock midnight, as UTC ms) is a working day. */
function workingIso(dayStart: number, cal: WorkCalendar): boolean {
  let sets = daySets.get(cal);
  if (sets === undefined) {
    const day = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    sets = { work: new Set(cal.workdays.map(day)), off: new Set(cal.holidays.map(day)) };
    daySets.set(cal, sets);
  }
  const n = Math.floor(dayStart / DAY_MS);
  if (sets.work.has(n)) return true;
  if (sets.off.has(n)) return false;
  // 1970-01-01 was a Thursday (ISO 4).
  return !cal.weekend.includes((((n % 7) + 7 + 3) % 7) + 1);
}

/** workingDaysBetween for a zone with one offset throughout: a day is 24 h and dates are plain arithmetic. */
function workingDaysFixed(from: number, to: number, offset: number, cal: WorkCalendar): number {
  const shift = offset * 60_000;
  let wall = from + shift;
  const day0 = Math.floor(wall / DAY_MS) * DAY_MS;
  if (!workingIso(day0, cal)) {
    wall = day0;
    for (let i = 0; i < 3660 && !workingIso(wall, cal); i++) wall += DAY_MS;
  }
  const start = wall - shift;
  const base = Math.floor(wall / DAY_MS) * DAY_MS;
  let n = 0;
  for (let i = 1; i <= 3660; i++) {
    if (!workingIso(base + i * DAY_MS, cal)) continue;
    if (start + i * DAY_MS > to) return n;
    n++;
    if (n >= 3660) return n;
  }
  return start + 3660 * DAY_MS <= to ? 3660 : n;
}

/**
 * Whole working days elapsed between two moments (the time of day is kept: Fri 10:00 → Mon 09:59 is 0): the
 * largest n (at most 3660) with addWorkingDays(from, n) <= to, found in one walk over the days rather than one
 * addWorkingDays per n.
 */
export function workingDaysBetween(from: number, to: number, zone: string, cal: WorkCalendar): number {
  if (to <= from) return 0;
  const offset = fixedOffset(zone, from, to);
  if (offset !== null) return workingDaysFixed(from, to, offset, cal);
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
