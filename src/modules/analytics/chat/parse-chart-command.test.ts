import { describe, expect, it } from 'vitest';
import { parsePeriod } from './parse-chart-command.ts';
import { parseCommand } from '../../../conversation/parse-command.ts';

describe('chart commands', () => {
  it.each([
    ['distribution', { verb: 'chart', chart: 'distribution', period: null, csv: false, scope: [] }],
    [
      'distribution 2026-11',
      { verb: 'chart', chart: 'distribution', period: '2026-11', csv: false, scope: [] },
    ],
    ['分配 2026年11月', { verb: 'chart', chart: 'distribution', period: '2026-11', csv: false, scope: [] }],
    [
      '分配　２０２６－１１ CSV',
      { verb: 'chart', chart: 'distribution', period: '2026-11', csv: true, scope: [] },
    ],
    ['distribution csv', { verb: 'chart', chart: 'distribution', period: null, csv: true, scope: [] }],
    [
      'report distribution 2026-11',
      { verb: 'chart', chart: 'distribution', period: '2026-11', csv: false, scope: [] },
    ],
    [
      'funnel east-1 2026-11',
      { verb: 'chart', chart: 'funnel', period: '2026-11', csv: false, scope: ['east-1'] },
    ],
    [
      '漏斗 @li.min b2b csv',
      { verb: 'chart', chart: 'funnel', period: null, csv: true, scope: ['@li.min', 'b2b'] },
    ],
    ['distribution nov', { verb: 'invalid', problem: 'BAD_PERIOD', word: 'distribution' }],
    ['digest', { verb: 'chart', chart: 'digest', period: null, csv: false, scope: [] }],
    ['简报 华东一组', { verb: 'chart', chart: 'digest', period: null, csv: false, scope: ['华东一组'] }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['2026-11', '2026-11'],
    ['2026/1', '2026-01'],
    ['202611', '2026-11'],
    ['2026-13', null],
    ['11', null],
  ])('reads the month %s as %s', (word, month) => {
    expect(parsePeriod(word)).toBe(month);
  });
});
