import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KBI_RULES } from './kbi-rules.ts';
import { reviewSlots } from './review-slots.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const show = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
const review = DEFAULT_KBI_RULES.warnings.review;
const cal = { weekend: [6, 7], holidays: [] as string[], workdays: [] as string[] };
const slots = (iso: string, c = cal) => reviewSlots(at(iso), zone, c, review, 15).map(show);

describe('the red review’s two slots', () => {
  it('a warning on Friday at 18:00 proposes Monday morning and Monday afternoon', () => {
    expect(slots('2026-12-04T18:00')).toEqual(['Mon 2026-12-07 09:00', 'Mon 2026-12-07 14:00']);
  });

  it('Friday afternoon: the first slot still that day, the second on Monday', () => {
    expect(slots('2026-12-04T15:10')).toEqual(['Fri 2026-12-04 16:30', 'Mon 2026-12-07 09:00']);
  });

  it('skips a holiday (and a holiday run) before the next working day', () => {
    const holidays = ['2026-12-31', '2027-01-01'];
    expect(slots('2026-12-30T18:00', { ...cal, holidays })).toEqual([
      'Mon 2027-01-04 09:00',
      'Mon 2027-01-04 14:00',
    ]);
    // A worked Saturday (调休) counts.
    expect(slots('2027-01-01T10:00', { ...cal, holidays, workdays: ['2027-01-02'] })).toEqual([
      'Sat 2027-01-02 09:00',
      'Sat 2027-01-02 14:00',
    ]);
  });

  it('never proposes a slot that ends after working hours', () => {
    // 16:50 + 60 min lead = 17:50: a 15-minute review would end 18:05, so the next morning.
    expect(slots('2026-12-08T16:50')).toEqual(['Wed 2026-12-09 09:00', 'Wed 2026-12-09 14:00']);
    expect(slots('2026-12-08T16:30')).toEqual(['Tue 2026-12-08 17:30', 'Wed 2026-12-09 09:00']);
  });
});
