// The claim heat map's counting (F5, issue 24 item 2): local days and hours of the org's zone, seven days back
// to today, zeros included, the busiest rows first, two people of one name kept apart.
import { describe, expect, it } from 'vitest';
import { claimHeat } from './claim-heat.ts';

const H = 3_600_000;
// 2026-11-23 18:00 in Shanghai (10:00 UTC), a Monday.
const NOW = Date.UTC(2026, 10, 23, 10);
const shanghai = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour - 8, minute);
const people = [
  { id: 'li', name: '李敏' },
  { id: 'zhang', name: '张伟' },
  { id: 'wang', name: '王芳' },
];

describe('claimHeat', () => {
  it('counts per rep and local day over the last seven days, zeros included, busiest first', () => {
    const heat = claimHeat({
      people,
      claims: [
        { by: 'zhang', at: shanghai(23, 9) },
        { by: 'zhang', at: shanghai(23, 9, 30) },
        // 23:30 in Shanghai on the 20th is the 20th there (15:30 UTC), not the 21st.
        { by: 'li', at: shanghai(20, 23, 30) },
        // Eight days back: outside the span.
        { by: 'li', at: shanghai(16, 10) },
        // After now: not counted.
        { by: 'wang', at: NOW + H },
      ],
      now: NOW,
      zone: 'Asia/Shanghai',
      by: 'day',
    });
    expect(heat.columns).toEqual([
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
    ]);
    expect(heat.rows.map((r) => [r.personId, r.total])).toEqual([
      ['zhang', 2],
      ['li', 1],
      ['wang', 0],
    ]);
    expect(heat.cells).toHaveLength(21);
    const cell = (id: string, column: string) =>
      heat.cells.find((c) => c.personId === id && c.column === column)?.claims;
    expect(cell('zhang', '2026-11-23')).toBe(2);
    expect(cell('li', '2026-11-20')).toBe(1);
    expect(cell('li', '2026-11-21')).toBe(0);
    expect(heat.max).toBe(2);
    expect([heat.from, heat.to]).toEqual(['2026-11-17', '2026-11-23']);
  });

  it('counts by hour of the day, showing working hours always and any hour outside them that has a claim', () => {
    const heat = claimHeat({
      people,
      claims: [
        { by: 'li', at: shanghai(22, 7, 50) },
        { by: 'li', at: shanghai(21, 7, 10) },
        { by: 'zhang', at: shanghai(19, 12) },
      ],
      now: NOW,
      zone: 'Asia/Shanghai',
      by: 'hour',
    });
    expect(heat.columns[0]).toBe('07');
    expect(heat.columns.at(-1)).toBe('17');
    expect(heat.cells.find((c) => c.personId === 'li' && c.column === '07')?.claims).toBe(2);
    expect(heat.cells.find((c) => c.personId === 'zhang' && c.column === '12')?.claims).toBe(1);
  });

  it('keeps someone who claimed but is no longer a rep, and tells two people of one name apart', () => {
    const heat = claimHeat({
      people: [...people, { id: 'li2', name: '李敏' }],
      claims: [{ by: 'gone', at: shanghai(22, 10) }],
      now: NOW,
      zone: 'Asia/Shanghai',
      by: 'day',
    });
    expect(heat.rows[0]).toEqual({ personId: 'gone', name: 'gone', total: 1 });
    expect(heat.rows.map((r) => r.name)).toContain('李敏 (li)');
    expect(heat.rows.map((r) => r.name)).toContain('李敏 (li2)');
  });

  it('says nothing was claimed with a zero maximum', () => {
    const heat = claimHeat({ people, claims: [], now: NOW, zone: 'Asia/Shanghai', by: 'day' });
    expect(heat.max).toBe(0);
    expect(heat.cells.every((c) => c.claims === 0)).toBe(true);
  });
});
