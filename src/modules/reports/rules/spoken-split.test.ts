// The splitter on seed 002's three kinds (客户明确异议, 承诺时间节点, 新增决策人) and its cases (an education
// equipment company's new 装备处主任, a hospital's 分管院长 signature, a price objection), with the clock injected.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEAL_RULES } from '../../deals/rules/deal-rules.ts';
import { MAX_ITEMS, MAX_SPOKEN_TEXT, dateIn, splitSpoken } from './spoken-split.ts';

const zone = 'Asia/Shanghai';
// Monday 2026-11-23, 17:30.
const now = DateTime.fromISO('2026-11-23T17:30', { zone }).toMillis();
const split = (text: string) => splitSpoken(text, now, zone, DEFAULT_DEAL_RULES);

describe('a spoken visit summary, split into the seed’s three kinds', () => {
  it('finds the objection, the promised date and the new decision maker in one summary', () => {
    expect(
      split('今天拜访了区教育局。客户觉得价格太高，答应下周三前给我们答复。新上任的装备处主任也要参与评审。'),
    ).toEqual([
      { kind: 'objection', text: '客户觉得价格太高' },
      { kind: 'date', text: '答应下周三前给我们答复', due: '2026-12-02' },
      { kind: 'decider', text: '新上任的装备处主任也要参与评审' },
    ]);
  });

  it('reads a risk phrase from the dictionary as an objection, and a promise with a calendar date', () => {
    expect(split('医院说预算冻结到明年；分管院长承诺12月15日前签字')).toEqual([
      { kind: 'objection', text: '医院说预算冻结到明年' },
      { kind: 'date', text: '分管院长承诺12月15日前签字', due: '2026-12-15' },
    ]);
  });

  it('works in English too', () => {
    expect(
      split(
        'They think it is too expensive. The CFO promised to reply by Friday. A new procurement director joined.',
      ),
    ).toEqual([
      { kind: 'objection', text: 'They think it is too expensive' },
      { kind: 'date', text: 'The CFO promised to reply by Friday', due: '2026-11-27' },
      { kind: 'decider', text: 'A new procurement director joined' },
    ]);
  });

  it('offers nothing for a plain account of the day', () => {
    expect(split('今天拜访了两家客户，演示顺利。')).toEqual([]);
    // A day without a promise word is not a promise; a promise without a day is not a date.
    expect(split('周三去演示。客户答应尽快回复。')).toEqual([]);
  });

  it('is bounded: reads at most MAX_SPOKEN_TEXT characters and offers at most MAX_ITEMS', () => {
    expect(split(`${'啊'.repeat(MAX_SPOKEN_TEXT)}客户觉得价格太高`)).toEqual([]);
    expect(split('客户觉得价格太高。'.repeat(50))).toHaveLength(MAX_ITEMS);
  });
});

describe('the days a promise names', () => {
  it.each([
    ['明天给报价', '2026-11-24'],
    ['后天回复', '2026-11-25'],
    ['周五前确认', '2026-11-27'],
    ['下周一前确认', '2026-11-30'],
    ['下下周二', '2026-12-08'],
    ['1月5号之前', '2027-01-05'],
    ['月底前', '2026-11-30'],
    ['by 2026-12-15', '2026-12-15'],
    ['will decide tomorrow', '2026-11-24'],
    ['by next Monday', '2026-11-30'],
  ])('%s → %s', (text, due) => {
    expect(dateIn(text, now, zone)).toBe(due);
  });
});
