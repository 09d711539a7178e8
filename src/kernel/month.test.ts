import { describe, expect, it } from 'vitest';
import { monthWindow } from './month.ts';

describe('monthWindow', () => {
  it('spans the month in the zone', () => {
    expect(monthWindow('2026-11', 'Asia/Shanghai')).toEqual({
      from: Date.parse('2026-10-31T16:00:00Z'),
      to: Date.parse('2026-11-30T16:00:00Z'),
      firstDay: '2026-11-01',
      lastDay: '2026-11-30',
    });
    // A month across a daylight-saving change ends an hour later than it would on a fixed offset.
    const ny = monthWindow('2026-03', 'America/New_York');
    expect([ny?.from, ny?.to]).toEqual([
      Date.parse('2026-03-01T05:00:00Z'),
      Date.parse('2026-04-01T04:00:00Z'),
    ]);
  });

  it.each(['2026-13', '2026-1', 'nov', ''])('refuses %j', (month) => {
    expect(monthWindow(month, 'Asia/Shanghai')).toBeNull();
  });

  it('refuses an unknown zone', () => {
    expect(monthWindow('2026-11', 'Mars/Olympus')).toBeNull();
  });
});
