// A month (`YYYY-MM`) as the instants it spans in a timezone: what every monthly chart, report and export looks at.
import { DateTime } from 'luxon';

export interface MonthWindow {
  /** The first instant of the month, and the first of the next: [from, to). */
  from: number;
  to: number;
  /** `YYYY-MM-DD` of its first and last day. */
  firstDay: string;
  lastDay: string;
}

/** The month in `zone`, or null when `month` is not `YYYY-MM` (or the zone is unknown). */
export function monthWindow(month: string, zone: string): MonthWindow | null {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return null;
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (!start.isValid) return null;
  return {
    from: start.toMillis(),
    to: start.plus({ months: 1 }).toMillis(),
    firstDay: start.toISODate(),
    lastDay: start.endOf('month').toISODate(),
  };
}

/** monthWindow for a month already checked (chat and CLI parse it first): a RangeError names a bad one. */
export function monthSpan(month: string, zone: string): MonthWindow {
  const w = monthWindow(month, zone);
  if (w === null)
    throw new RangeError(`expected a month as YYYY-MM in a known timezone, got "${month}" (${zone})`);
  return w;
}
