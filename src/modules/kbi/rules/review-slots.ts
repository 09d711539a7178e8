// The red tier's 15-minute review (F22), proposed as two concrete slots: the next working moments in the org's
// timezone, inside working hours, avoiding weekends and holidays (deals.calendar), at least `leadMinutes` after
// the warning and on the half hour; the second at least `gapHours` after the first, so the manager has a
// morning and an afternoon to choose from. Pure: the clock's reading, the zone and calendar are given.
import { DateTime } from 'luxon';
import { isWorkingDay, type WorkCalendar } from '../../../kernel/calendar.ts';
import type { KbiRules } from './kbi-rules.ts';

/** Minutes since midnight of `HH:MM`. */
const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** The earliest slot start ≥ `from` that lies on the half hour, on a working day, and fits in working hours. */
export function nextSlot(
  from: number,
  zone: string,
  calendar: WorkCalendar,
  review: KbiRules['warnings']['review'],
  minutes: number,
): number {
  const open = minutesOf(review.from);
  const close = minutesOf(review.to);
  let t: DateTime = DateTime.fromMillis(from, { zone }).set({ second: 0, millisecond: 0 });
  if (DateTime.fromMillis(from, { zone }).second > 0 || DateTime.fromMillis(from, { zone }).millisecond > 0)
    t = t.plus({ minutes: 1 });
  const rest = t.minute % 30;
  if (rest !== 0) t = t.plus({ minutes: 30 - rest });
  const dayStart = (d: DateTime): DateTime => d.startOf('day').plus({ minutes: open });
  // Ten years of days at most: a calendar with no working day at all must not loop for ever.
  for (let i = 0; i < 3660; i++) {
    const inDay = t.hour * 60 + t.minute;
    if (!isWorkingDay(t, calendar) || inDay + minutes > close) t = dayStart(t.plus({ days: 1 }));
    else if (inDay < open) t = dayStart(t);
    else return t.toMillis();
  }
  return t.toMillis();
}

/** The two slots proposed for a review asked at `now`. */
export function reviewSlots(
  now: number,
  zone: string,
  calendar: WorkCalendar,
  review: KbiRules['warnings']['review'],
  minutes: number,
): [number, number] {
  const first = nextSlot(now + review.leadMinutes * 60_000, zone, calendar, review, minutes);
  const second = nextSlot(
    first + Math.max(review.gapHours * 3_600_000, minutes * 60_000),
    zone,
    calendar,
    review,
    minutes,
  );
  return [first, second];
}
