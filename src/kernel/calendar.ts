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
  // In a zone that keeps one offset, days are 24 h and dates plain arithmetic: no luxon per day (the forecast
  // works out thousands of close dates at once; issue 23).
  const offset = fixedOffset(zone, from, from + 3661 * DAY_MS);
  if (offset !== null) {
    const at = addWorkingDaysFixed(from, days, offset, cal);
    // The offset is known to hold for a year past from + 3661 days; a walk that went further takes luxon.
    if (at < from + 4000 * DAY_MS) return at;
  }
  return addWorkingDaysByWalk(from, days, zone, cal);
}

/** addWorkingDays with luxon, day by day (any zone; the reference the fixed-offset answer is tested against). */
export function addWorkingDaysByWalk(from: number, days: number, zone: string, cal: WorkCalendar): number {
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

/** addWorkingDays for a zone with one offset throughout (the same steps as the walk, on wall-clock day numbers). */
function addWorkingDaysFixed(from: number, days: number, offset: number, cal: WorkCalendar): number {
  const shift = offset * 60_000;
  let wall = from + shift;
  let n = Math.floor(wall / DAY_MS);
  if (!workingDayNumber(n, cal)) {
    wall = n * DAY_MS;
    for (let i = 0; i < 3660 && !workingDayNumber(n, cal); i++) {
      wall += DAY_MS;
      n++;
    }
  }
  let left = Math.max(0, Math.floor(days));
  const fraction = Math.max(0, days - Math.floor(days));
  for (let i = 0; left > 0 && i < 3660; i++) {
    wall += DAY_MS;
    n++;
    if (workingDayNumber(n, cal)) left--;
  }
  if (fraction > 0) wall += 24 * fraction * 3_600_000;
  return wall - shift;
}

/** The last millisecond of the calendar day `at` falls on in the zone (luxon's endOf('day')). */
export function endOfDay(at: number, zone: string): number {
  const offset = fixedOffset(zone, at, at);
  if (offset === null) return DateTime.fromMillis(at, { zone }).endOf('day').toMillis();
  const shift = offset * 60_000;
  return (Math.floor((at + shift) / DAY_MS) + 1) * DAY_MS - 1 - shift;
}

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

/** 1 January of a year, 00:00 UTC (Date.UTC would read years 0–99 as 1900–1999). */
const yearStart = (y: number) => new Date(0).setUTCFullYear(y, 0, 1);

/** Per zone, a run of whole years [y0, y1] known to keep one offset, as the instants it answers for. */
const steadySpans = new Map<string, { y0: number; y1: number; offset: number; lo: number; hi: number }>();

/** The zone's one UTC offset from a year before `from` to a year after `to`, or null when it changes. */
function fixedOffset(zone: string, from: number, to: number): number | null {
  const last = Math.min(to, from + 3661 * DAY_MS);
  // Known: every year from y0 to y1 keeps the offset, which covers `from` and `last` when
  // year(from) - 1 >= y0 and year(last) + 1 <= y1.
  const span = steadySpans.get(zone);
  if (span !== undefined && from >= span.lo && last < span.hi) return span.offset;
  const first = new Date(from).getUTCFullYear() - 1;
  const end = new Date(last).getUTCFullYear() + 1;
  let offset: number | null = null;
  for (let y = first; y <= end; y++) {
    const o = steadyOffset(zone, y);
    if (o === null || (offset !== null && o !== offset)) return null;
    offset = o;
  }
  if (offset !== null) {
    // Remember the run (joined to the known one when they touch and agree).
    let y0 = first;
    let y1 = end;
    if (span !== undefined && span.offset === offset && first <= span.y1 + 1 && end >= span.y0 - 1) {
      y0 = Math.min(y0, span.y0);
      y1 = Math.max(y1, span.y1);
    }
    steadySpans.set(zone, { y0, y1, offset, lo: yearStart(y0 + 1), hi: yearStart(y1) });
  }
  return offset;
}

const daySets = new WeakMap<WorkCalendar, { work: Set<number>; off: Set<number> }>();

/** Whether day number `n` (days since 1970-01-01 on the wall clock) is a working day. */
function workingDayNumber(n: number, cal: WorkCalendar): boolean {
  let sets = daySets.get(cal);
  if (sets === undefined) {
    const day = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    sets = { work: new Set(cal.workdays.map(day)), off: new Set(cal.holidays.map(day)) };
    daySets.set(cal, sets);
  }
  if (sets.work.has(n)) return true;
  if (sets.off.has(n)) return false;
  // 1970-01-01 was a Thursday (ISO 4).
  return !cal.weekend.includes((((n % 7) + 7 + 3) % 7) + 1);
}

/** Whether the calendar day starting at `dayStart` (a wall-clock midnight, as UTC ms) is a working day. */
function workingIso(dayStart: number, cal: WorkCalendar): boolean {
  return workingDayNumber(Math.floor(dayStart / DAY_MS), cal);
}

/**
 * Working days counted ahead, per calendar: `cum[i]` is how many of the day numbers first … first + i - 1 are
 * working days, so any run of days is counted with one subtraction. Grown on demand to cover what was asked.
 */
const dayCounts = new WeakMap<WorkCalendar, { first: number; cum: Int32Array }>();
/** The most days the counts may cover (~1,100 years); beyond it the walk is used. */
const MAX_COUNTED_DAYS = 400_000;

/** Counts covering day numbers lo … hi, or null when that would be too wide. */
function countsCovering(
  cal: WorkCalendar,
  lo: number,
  hi: number,
): { first: number; cum: Int32Array } | null {
  const known = dayCounts.get(cal);
  if (known !== undefined && lo >= known.first && hi < known.first + known.cum.length - 1) return known;
  let first = lo;
  let last = hi;
  if (known !== undefined) {
    first = Math.min(first, known.first);
    last = Math.max(last, known.first + known.cum.length - 2);
  }
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last - first >= MAX_COUNTED_DAYS) {
    return null;
  }
  // Some room on both sides, so that neighbouring requests do not rebuild each time.
  first -= 366;
  last += 366;
  const cum = new Int32Array(last - first + 2);
  for (let i = 0; i <= last - first; i++) {
    cum[i + 1] = (cum[i] as number) + (workingDayNumber(first + i, cal) ? 1 : 0);
  }
  const counts = { first, cum };
  dayCounts.set(cal, counts);
  return counts;
}

/**
 * workingDaysFixed from the counts: the same answer in O(1) (the start on a day off still walks to the next
 * working day, a few days at most). Null when the days are out of the counts' reach.
 */
function workingDaysCounted(from: number, to: number, offset: number, cal: WorkCalendar): number | null {
  const shift = offset * 60_000;
  let wall = from + shift;
  const day0 = Math.floor(wall / DAY_MS);
  // The start may move up to 3660 days, then up to 3660 days are counted.
  const counts = countsCovering(cal, day0, day0 + 2 * 3660 + 1);
  if (counts === null) return null;
  const { first, cum } = counts;
  // Day n works when the count steps up over it (no closure here: this runs once per visit of a report).
  let base = day0;
  if ((cum[base - first + 1] as number) === (cum[base - first] as number)) {
    wall = day0 * DAY_MS;
    for (let i = 0; i < 3660 && (cum[base - first + 1] as number) === (cum[base - first] as number); i++) {
      wall += DAY_MS;
      base++;
    }
  }
  const start = wall - shift;
  // The last day i (1 … 3660 after the start's day) with start + i days <= to.
  let k = Math.floor((to - start) / DAY_MS);
  if (!(k <= 3661)) return 3660;
  while (start + (k + 1) * DAY_MS <= to) k++;
  while (k > 0 && start + k * DAY_MS > to) k--;
  if (k >= 3660) return 3660;
  if (k <= 0) return 0;
  // Working days among base + 1 … base + k.
  return (cum[base + k - first + 1] as number) - (cum[base - first + 1] as number);
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
 * largest n (at most 3660) with addWorkingDays(from, n) <= to. In a zone that keeps one offset it is one
 * subtraction of working-day counts (cached per calendar); otherwise one walk over the days
 * (workingDaysBetweenByWalk).
 */
export function workingDaysBetween(from: number, to: number, zone: string, cal: WorkCalendar): number {
  if (to <= from) return 0;
  const offset = fixedOffset(zone, from, to);
  if (offset !== null)
    return workingDaysCounted(from, to, offset, cal) ?? workingDaysFixed(from, to, offset, cal);
  return workingDaysLuxon(from, to, zone, cal);
}

/** workingDaysBetween by walking day by day (the reference the counted answer is tested against). */
export function workingDaysBetweenByWalk(from: number, to: number, zone: string, cal: WorkCalendar): number {
  if (to <= from) return 0;
  const offset = fixedOffset(zone, from, to);
  if (offset !== null) return workingDaysFixed(from, to, offset, cal);
  return workingDaysLuxon(from, to, zone, cal);
}

/** The walk with luxon, for zones whose offset changes (DST): a day is not always 24 h there. */
function workingDaysLuxon(from: number, to: number, zone: string, cal: WorkCalendar): number {
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
