// The expected close date of a deal (F26): what the rep typed (`2026-12-31`, `12-31`, `12月31日`, `30天`, `30d`),
// or, when nothing was typed, the deal's start + the pipeline's cycle: the sum of its stages' limits in working
// days (the time a deal may spend in each before it stalls), or FALLBACK_CYCLE_DAYS calendar days when the
// stages set none. Pure: times are epoch ms, the zone and calendar are given.
import { DateTime } from 'luxon';
import { addWorkingDays, endOfDay, type WorkCalendar } from '../../../kernel/calendar.ts';
import type { Pipeline } from './pipeline.ts';

/** Calendar days to the expected close when the pipeline's stages give no cycle. */
export const FALLBACK_CYCLE_DAYS = 60;
/** The furthest a typed date may lie: five years ahead (a typing slip past that). */
const MAX_DAYS_AHEAD = 5 * 366;

export type CloseSource = 'given' | 'default';

/** A token the rep typed for the close date, read but not yet placed in time. */
export type CloseWord =
  { kind: 'date'; year: number | null; month: number; day: number } | { kind: 'days'; days: number };

/** `2026-12-31`, `2026/12/31`, `12-31`, `12/31`, `12月31日`, `2026年12月31日`, `30天`, `30d` → a CloseWord; else null. */
export function closeWordOf(word: string | undefined): CloseWord | null {
  if (word === undefined || word.length > 20) return null;
  const w = word.normalize('NFKC').trim().toLowerCase();
  const days = /^(\d{1,4})(?:天|d|days?)$/.exec(w);
  if (days !== null) return { kind: 'days', days: Number(days[1]) };
  const full =
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(w) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(w);
  if (full !== null)
    return { kind: 'date', year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) };
  const short = /^(\d{1,2})[-/](\d{1,2})$/.exec(w) ?? /^(\d{1,2})月(\d{1,2})[日号]?$/.exec(w);
  if (short !== null) return { kind: 'date', year: null, month: Number(short[1]), day: Number(short[2]) };
  return null;
}

/**
 * The end of the named day in the zone. A date without a year is the next one to come (12-31 typed on 2027-01-05
 * is 2027-12-31); `30天` is 30 calendar days from today. Null for an impossible date (02-30), one in the past or
 * more than five years ahead.
 */
export function closeAtOf(word: CloseWord, now: number, zone: string): number | null {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  let day: DateTime;
  if (word.kind === 'days') {
    if (word.days < 1 || word.days > MAX_DAYS_AHEAD) return null;
    day = today.plus({ days: word.days });
  } else {
    const at = (year: number) => DateTime.fromObject({ year, month: word.month, day: word.day }, { zone });
    day = at(word.year ?? today.year);
    if (word.year === null && day.isValid && day < today) day = at(today.year + 1);
    if (!day.isValid || day < today || day.diff(today, 'days').days > MAX_DAYS_AHEAD) return null;
  }
  return day.endOf('day').toMillis();
}

export interface DefaultClose {
  at: number;
  /** Why: the pipeline's cycle in working days, or the fallback in calendar days. */
  reason: { code: 'PIPELINE_CYCLE'; workingDays: number } | { code: 'FALLBACK'; days: number };
}

/** Working days a deal of this pipeline takes from its first stage to signed, by its stages' limits. */
export function pipelineCycleDays(pipeline: Pick<Pipeline, 'stages'>): number {
  return pipeline.stages.reduce((s, x) => s + Math.max(0, x.limitDays), 0);
}

/** The default expected close: the end of the day `start` + the pipeline's cycle (or the fallback) falls on. */
export function defaultCloseAt(
  pipeline: Pick<Pipeline, 'stages'> | null,
  start: number,
  zone: string,
  calendar: WorkCalendar,
): DefaultClose {
  const cycle = pipeline === null ? 0 : pipelineCycleDays(pipeline);
  if (cycle <= 0)
    return {
      at: DateTime.fromMillis(start, { zone }).plus({ days: FALLBACK_CYCLE_DAYS }).endOf('day').toMillis(),
      reason: { code: 'FALLBACK', days: FALLBACK_CYCLE_DAYS },
    };
  // The forecast asks this of every open deal: the calendar's fixed-offset arithmetic, not luxon per day.
  const at = endOfDay(addWorkingDays(start, cycle, zone, calendar), zone);
  return { at, reason: { code: 'PIPELINE_CYCLE', workingDays: cycle } };
}
