import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isWorkingMoment, nextWorkingMoment } from './working-hours.ts';
import type { WorkCalendar } from './calendar.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
// 2026-10-01..07 National Day holidays; Sunday 2026-10-11 a make-up working day (调休).
const cal: WorkCalendar = {
  weekend: [6, 7],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05'],
  workdays: ['2026-10-11'],
};

describe('working moments', () => {
  it.each([
    ['2026-09-30T09:00', true],
    ['2026-09-30T08:59', false],
    ['2026-09-30T17:59', true],
    ['2026-09-30T18:00', false],
    ['2026-10-01T10:00', false],
    ['2026-10-03T10:00', false],
    ['2026-10-11T10:00', true],
  ])('%s is a working moment: %s', (when, expected) => {
    expect(isWorkingMoment(at(when), zone, cal)).toBe(expected);
  });

  it.each([
    ['2026-09-30T23:00', '2026-10-06T09:00'],
    ['2026-09-30T07:00', '2026-09-30T09:00'],
    ['2026-09-30T11:00', '2026-09-30T11:00'],
    ['2026-10-10T20:00', '2026-10-11T09:00'],
  ])('after %s the next working moment is %s', (when, expected) => {
    expect(iso(nextWorkingMoment(at(when), zone, cal))).toBe(expected);
  });

  it('reads other hours', () => {
    expect(isWorkingMoment(at('2026-09-30T08:30'), zone, cal, { start: '08:30', end: '17:30' })).toBe(true);
    expect(iso(nextWorkingMoment(at('2026-09-30T17:30'), zone, cal, { start: '08:30', end: '17:30' }))).toBe(
      '2026-10-06T08:30',
    );
  });
});
