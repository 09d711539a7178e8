// Working moments (issue 25): a working day of the calendar (weekends, holidays, 调休 make-up days) between the
// day's start and end in the org's timezone, 09:00–18:00 unless the rules say otherwise. Notices that are not
// urgent wait for the next working moment. Pure: times are epoch ms, the zone and the calendar are given.
import { DateTime } from 'luxon';
import { isWorkingDay, type WorkCalendar } from './calendar.ts';

export interface WorkingHours {
  /** `HH:mm`, inclusive. */
  start: string;
  /** `HH:mm`, exclusive: at 18:00 the working day is over. */
  end: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00' };

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** True when `at` falls on a working day of `calendar`, within `hours`, in `zone`. */
export function isWorkingMoment(
  at: number,
  zone: string,
  calendar: WorkCalendar,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): boolean {
  const t = DateTime.fromMillis(at, { zone });
  if (!isWorkingDay(t, calendar)) return false;
  const minute = t.hour * 60 + t.minute;
  return minute >= minutesOf(hours.start) && minute < minutesOf(hours.end);
}

/** `at` itself when it is a working moment, else the start of the next working day's hours. */
export function nextWorkingMoment(
  at: number,
  zone: string,
  calendar: WorkCalendar,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): number {
  if (isWorkingMoment(at, zone, calendar, hours)) return at;
  const start = minutesOf(hours.start);
  let day = DateTime.fromMillis(at, { zone }).startOf('day');
  // A year of days off in a row is not a calendar; stop there rather than loop forever.
  for (let i = 0; i < 366; i++) {
    const opening = day.plus({ minutes: start });
    if (isWorkingDay(day, calendar) && opening.toMillis() > at) return opening.toMillis();
    day = day.plus({ days: 1 }).startOf('day');
  }
  return at;
}
