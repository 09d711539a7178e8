import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { B2B } from './default-pipelines.ts';
import { closeAtOf, closeWordOf, defaultCloseAt, pipelineCycleDays } from './close-date.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const day = (ms: number | null) => (ms === null ? null : DateTime.fromMillis(ms, { zone }).toISODate());
const NOW = at('2026-12-07T10:00');
const cal = { weekend: [6, 7], holidays: [], workdays: [] };

describe('the expected close date a rep types', () => {
  it('reads full dates, month-day, Chinese dates and day counts', () => {
    const read = (w: string) => {
      const c = closeWordOf(w);
      return c === null ? null : day(closeAtOf(c, NOW, zone));
    };
    expect(read('2026-12-31')).toBe('2026-12-31');
    expect(read('2027/1/15')).toBe('2027-01-15');
    expect(read('12-31')).toBe('2026-12-31');
    // A month-day already past this year is next year's.
    expect(read('01-15')).toBe('2027-01-15');
    expect(read('12月31日')).toBe('2026-12-31');
    expect(read('2027年2月4日')).toBe('2027-02-04');
    expect(read('３０天')).toBe('2027-01-06');
    expect(read('30d')).toBe('2027-01-06');
    // Not dates, or not ahead: nothing taken.
    expect(closeWordOf('b2b')).toBeNull();
    expect(closeWordOf('30万')).toBeNull();
    expect(read('2026-02-30')).toBeNull();
    expect(read('2026-12-01')).toBeNull();
    expect(read('0d')).toBeNull();
    expect(read('2040-01-01')).toBeNull();
  });

  it('the closing moment is the end of the named day in the org timezone', () => {
    const c = closeWordOf('2026-12-31');
    if (c === null) throw new Error('expected a date');
    expect(closeAtOf(c, NOW, zone)).toBe(at('2026-12-31T23:59:59.999'));
  });
});

describe('the default from the pipeline cycle', () => {
  it('adds the stages’ limits in working days from the start', () => {
    expect(pipelineCycleDays(B2B)).toBe(40);
    const d = defaultCloseAt(B2B, NOW, zone, cal);
    expect(d.reason).toEqual({ code: 'PIPELINE_CYCLE', workingDays: 40 });
    // 40 working days from Monday 2026-12-07 = 8 weeks later: Monday 2027-02-01.
    expect(day(d.at)).toBe('2027-02-01');
    // A holiday in between pushes it a day.
    expect(day(defaultCloseAt(B2B, NOW, zone, { ...cal, holidays: ['2027-01-01'] }).at)).toBe('2027-02-02');
  });

  it('falls back to 60 days, saying so, when the stages set no limits', () => {
    const none = { stages: B2B.stages.map((s) => ({ ...s, limitDays: 0 })) };
    const d = defaultCloseAt(none, NOW, zone, cal);
    expect(d.reason).toEqual({ code: 'FALLBACK', days: 60 });
    expect(day(d.at)).toBe('2027-02-05');
  });
});
