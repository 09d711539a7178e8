// The days work-clock.ts walks over, memoised (issue 23, item 4): every lead's offer deadline and warning walk the
// same few days, and building them with luxon each time was about a quarter of intake. Pure: a cache of values
// that depend only on their key, bounded, giving exactly what luxon gives (work-days.test.ts compares the two).
import { DateTime, Info, type Zone } from 'luxon';
import { isWorkingDay, type WorkCalendar } from './calendar.ts';

/** work-clock.ts's WorkTime (named here so the two files do not import each other). */
interface WorkTime {
  zone: string;
  calendar: WorkCalendar;
  hours: { start: string; end: string };
}

/** One day of the walk: its luxon start of day, whether it is worked, and its working window [start, end). */
export interface Day {
  start: number;
  working: boolean;
  window: { start: number; end: number };
}

/** How work-clock steps through days: the day containing a moment, and the day after or before a day. */
export interface Days {
  at(ms: number): Day;
  after(day: Day): Day;
  before(day: Day): Day;
}

/** `HH:MM` as minutes after midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

interface Node extends Day {
  dt: DateTime;
  next?: Node;
  prev?: Node;
}

function nodeOf(dt: DateTime, wt: WorkTime): Node {
  return {
    dt,
    start: dt.toMillis(),
    working: isWorkingDay(dt, wt.calendar),
    window: {
      start: dt.plus({ minutes: minutesOf(wt.hours.start) }).toMillis(),
      end: dt.plus({ minutes: minutesOf(wt.hours.end) }).toMillis(),
    },
  };
}

/** Every day built with luxon, nothing kept: the reference the cached days are tested against. */
export function luxonDays(wt: WorkTime): Days {
  const at = (ms: number) => nodeOf(DateTime.fromMillis(ms, { zone: wt.zone }).startOf('day'), wt);
  return {
    at,
    after: (day) => nodeOf((day as Node).dt.plus({ days: 1 }), wt),
    before: (day) => nodeOf((day as Node).dt.minus({ days: 1 }), wt),
  };
}

const DAY_MS = 86_400_000;
/** Days kept per work time before its cache starts again (a few years of days; far more than intake walks). */
const MAX_NODES = 4096;
/** Moments whose day is kept per work time. */
const MAX_MOMENTS = 1024;
/** Work times kept per calendar (zones × working hours: a handful in practice). */
const MAX_TABLES = 32;

/**
 * Cached days. luxon's start of the day containing `ms` depends only on the zone's offset at `ms` and the local
 * date it gives (the DateTime luxon builds from `ms` is those two; an ambiguous midnight is resolved from that
 * offset), so days are kept under that pair. The day after or before a day is what luxon's plus/minus gives from
 * that day's own DateTime, kept on the day. The calendar is a value from the rules file, never changed in place,
 * so tables hang off it; past MAX_NODES days a table starts again empty.
 */
function cachedDaysOf(wt: WorkTime, zone: Zone): Days {
  let byOffset = new Map<number, Map<number, Node>>();
  // The same moments come back (a window's end is the next walk's start; every lead of a day asks for them), and
  // the zone's offset costs luxon an Intl call: the day of a moment is kept too, for MAX_MOMENTS moments.
  let moments = new Map<number, Node>();
  let count = 0;
  const made = (dt: DateTime): Node => {
    if (++count > MAX_NODES) {
      byOffset = new Map();
      moments = new Map();
      count = 1;
    }
    return nodeOf(dt, wt);
  };
  return {
    at(ms) {
      const known = moments.get(ms);
      if (known !== undefined) return known;
      if (moments.size >= MAX_MOMENTS) moments = new Map();
      const offset = zone.offset(ms);
      const local = Math.floor((ms + offset * 60_000) / DAY_MS);
      let days = byOffset.get(offset);
      if (days === undefined) byOffset.set(offset, (days = new Map<number, Node>()));
      let day = days.get(local);
      if (day === undefined) {
        day = made(DateTime.fromMillis(ms, { zone }).startOf('day'));
        days.set(local, day);
      }
      moments.set(ms, day);
      return day;
    },
    after(day) {
      const n = day as Node;
      return (n.next ??= made(n.dt.plus({ days: 1 })));
    },
    before(day) {
      const n = day as Node;
      return (n.prev ??= made(n.dt.minus({ days: 1 })));
    },
  };
}

const tables = new WeakMap<WorkCalendar, Map<string, Days>>();

/** The cached days of a work time; an invalid zone gets luxon's (invalid) answers uncached. */
export function daysOf(wt: WorkTime): Days {
  let byKey = tables.get(wt.calendar);
  if (byKey === undefined) tables.set(wt.calendar, (byKey = new Map<string, Days>()));
  const key = `${wt.zone}|${wt.hours.start}|${wt.hours.end}`;
  let days = byKey.get(key);
  if (days === undefined) {
    const zone = Info.normalizeZone(wt.zone);
    days = zone.isValid ? cachedDaysOf(wt, zone) : luxonDays(wt);
    if (byKey.size >= MAX_TABLES) byKey.clear();
    byKey.set(key, days);
  }
  return days;
}
