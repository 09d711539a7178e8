import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseTargetsFile, periodKey } from './targets-file.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('the targets file', () => {
  it('reads YAML: scope, id, month or quarter, amount in yuan (万 allowed), in cents', () => {
    const yaml = `targets:
  - { scope: team, id: east-1, period: 2026-11, amount: 1000000 }
  - { scope: rep, id: li.min, period: 2026-q4, amount: 90万 }
  - { scope: region, id: 华东, period: 2026-11, amount: 840000.5 }
`;
    expect(parseTargetsFile('t.yaml', bytes(yaml))).toEqual({
      targets: [
        { scope: 'team', scopeId: 'east-1', period: '2026-11', amountCents: 100_000_000 },
        { scope: 'rep', scopeId: 'li.min', period: '2026-Q4', amountCents: 90_000_000 },
        { scope: 'region', scopeId: '华东', period: '2026-11', amountCents: 84_000_050 },
      ],
      problems: [],
    });
  });

  it('reads CSV with English or Chinese headers, UTF-8 or GBK', () => {
    const csv = '范围,对象,周期,金额\n团队,east-1,2026-11,100万\n销售,li.min,2026-Q4,300000\n';
    const parsed = parseTargetsFile('targets.csv', iconv.encode(csv, 'gbk'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.targets).toEqual([
      { scope: 'team', scopeId: 'east-1', period: '2026-11', amountCents: 100_000_000 },
      { scope: 'rep', scopeId: 'li.min', period: '2026-Q4', amountCents: 30_000_000 },
    ]);
  });

  it('says so when a UTF-8 file holds a damaged byte, instead of reading it as GBK', () => {
    const good = bytes('范围,对象,周期,金额\n团队,east-1,2026-11,100万\n销售,李敏,2026-Q4,300000\n');
    const damaged = new Uint8Array([...good.slice(0, -3), 0xff, ...good.slice(-3)]);
    const parsed = parseTargetsFile('targets.csv', damaged);
    expect(parsed.problems[0]).toContain('not valid UTF-8');
    expect(parsed.targets[0]).toEqual({
      scope: 'team',
      scopeId: 'east-1',
      period: '2026-11',
      amountCents: 100_000_000,
    });
  });

  it('names every problem by its line or entry', () => {
    const csv =
      'scope,id,period,amount\nteam,east-1,2026-13,100\nboss,,2026-11,-5\nteam,east-1,2026-11,1\nteam,east-1,2026-11,2\n';
    expect(parseTargetsFile('t.csv', bytes(csv)).problems).toEqual([
      'line 2: period: expected a month (2026-11) or a quarter (2026-Q4)',
      'line 3: scope: expected region, team or rep',
      'line 3: id: expected the region, team or rep it is for',
      'line 3: amount: expected an amount in yuan > 0, e.g. 1200000 or 120万',
      'team east-1 2026-11: given twice',
    ]);
    expect(parseTargetsFile('t.csv', bytes('who,amount\nx,1\n')).problems).toEqual([
      'line 1: the header needs the columns scope, id, period',
    ]);
    expect(parseTargetsFile('t.yaml', bytes('targets: 3')).problems).toEqual([
      '(top): expected `targets:` with a list of targets',
    ]);
  });

  it.each([
    ['2026-11', '2026-11'],
    ['2026Q4', '2026-Q4'],
    ['2026-q1', '2026-Q1'],
    ['2026-00', null],
    ['2026-Q5', null],
  ])('period %s → %s', (word, key) => expect(periodKey(word)).toBe(key));
});
