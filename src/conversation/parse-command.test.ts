import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command.ts';

describe('parseCommand', () => {
  it.each(['2026-12-04', '12-04', '12月4日', '2026/12/4', '昨天', 'yesterday'])(
    '`日报 %s` is a date, never the day’s summary (issue 21, item 2)',
    (day) => {
      expect(parseCommand(`日报 ${day}`)).toEqual({ verb: 'report', action: 'date', day });
    },
  );

  it('still takes a summary that starts with a number or contains a date', () => {
    expect(parseCommand('日报 1 2 拜访了客户')).toEqual({
      verb: 'report',
      action: 'fill',
      ticks: [1, 2],
      summary: '拜访了客户',
    });
    expect(parseCommand('日报 12-04 约了复访')).toMatchObject({ action: 'fill', summary: '12-04 约了复访' });
  });

  it('keeps a note as typed: full-width Chinese punctuation is not turned into ASCII (issue 25, item 12)', () => {
    expect(parseCommand('跟进 12 电话 客户说：价格太高（要降10%），下周再谈！')).toEqual({
      verb: 'touch',
      leadId: 12,
      kind: 'call',
      note: '客户说：价格太高（要降10%），下周再谈！',
    });
    // Full-width digits and a full-width colon in a time still read as a time.
    expect(parseCommand('跟进　１２　拜访　１４：３０　已见面，')).toMatchObject({
      leadId: 12,
      kind: 'visit',
      at: '14:30',
      note: '已见面，',
    });
  });

  it.each([
    ['claim 123', { verb: 'claim', leadId: 123 }],
    ['lead claim #123', { verb: 'claim', leadId: 123 }],
    ['领取 123', { verb: 'claim', leadId: 123 }],
    ['领取　＃１２３', { verb: 'claim', leadId: 123 }],
    ['/lead claim 7', { verb: 'claim', leadId: 7 }],
    ['pass 9', { verb: 'pass', leadId: 9 }],
    ['market', { verb: 'market', tag: null, page: 1 }],
    ['集市 医疗基建', { verb: 'market', tag: '医疗基建', page: 1 }],
    ['集市 医疗 2', { verb: 'market', tag: '医疗', page: 2 }],
    ['market 3', { verb: 'market', tag: null, page: 3 }],
    ['mine', { verb: 'mine' }],
    ['我的线索', { verb: 'mine' }],
    ['why 5', { verb: 'why', leadId: 5 }],
    ['为什么 5', { verb: 'why', leadId: 5 }],
    [
      'touch 5 call customer wants a quote',
      { verb: 'touch', leadId: 5, kind: 'call', note: 'customer wants a quote' },
    ],
    ['跟进 123 电话 客户要报价', { verb: 'touch', leadId: 123, kind: 'call', note: '客户要报价' }],
    ['跟进 8 拜访', { verb: 'touch', leadId: 8, kind: 'visit', note: '' }],
    ['release 5 not our customer', { verb: 'release', leadId: 5, note: 'not our customer' }],
    ['释放 5', { verb: 'release', leadId: 5, note: '' }],
    ['new', { verb: 'new' }],
    ['lead new', { verb: 'new' }],
    ['新线索', { verb: 'new' }],
    ['help', { verb: 'help' }],
    ['deal', { verb: 'deals' }],
    ['商机', { verb: 'deals' }],
    ['deal D12', { verb: 'deal', dealId: 12 }],
    ['商机 d12', { verb: 'deal', dealId: 12 }],
    ['deal #7', { verb: 'deal', dealId: 7 }],
    [
      'deal new 12 300000',
      { verb: 'dealNew', leadId: 12, amount: 300_000, pipeline: null, expectedClose: null },
    ],
    [
      'deal new 12 30万 retail',
      { verb: 'dealNew', leadId: 12, amount: 300_000, pipeline: 'retail', expectedClose: null },
    ],
    [
      '转商机 12 1.5亿',
      { verb: 'dealNew', leadId: 12, amount: 150_000_000, pipeline: null, expectedClose: null },
    ],
    [
      '转商机 12 ¥300,000',
      { verb: 'dealNew', leadId: 12, amount: 300_000, pipeline: null, expectedClose: null },
    ],
    [
      'deal new 12 30万 2026-12-31 education',
      {
        verb: 'dealNew',
        leadId: 12,
        amount: 300_000,
        pipeline: 'education',
        expectedClose: { kind: 'date', year: 2026, month: 12, day: 31 },
      },
    ],
    [
      '转商机 12 30万 30天',
      {
        verb: 'dealNew',
        leadId: 12,
        amount: 300_000,
        pipeline: null,
        expectedClose: { kind: 'days', days: 30 },
      },
    ],
    [
      '商机 D12 成交日 1月15日',
      {
        verb: 'dealClose',
        dealId: 12,
        close: { kind: 'date', year: null, month: 1, day: 15 },
        text: '1月15日',
      },
    ],
    ['deal new 12 lots', { verb: 'invalid', problem: 'BAD_AMOUNT', word: 'deal new' }],
    ['deal new', { verb: 'invalid', problem: 'MISSING_ID', word: 'deal new' }],
    ['advance D1', { verb: 'advance', dealId: 1, target: null, reason: '' }],
    ['deal advance D1', { verb: 'advance', dealId: 1, target: null, reason: '' }],
    ['推进 D1 报价 客户直接要报价', { verb: 'advance', dealId: 1, target: '报价', reason: '客户直接要报价' }],
    ['advance', { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: 'advance' }],
    ['evidence D3 note 痛点清单 三条', { verb: 'evidence', dealId: 3, type: 'note', text: '痛点清单 三条' }],
    [
      '证据 D3 链接 https://x.example/a',
      { verb: 'evidence', dealId: 3, type: '链接', text: 'https://x.example/a' },
    ],
    ['evidence D3', { verb: 'evidence', dealId: 3, type: null, text: '' }],
    [
      'ask @li.min D12 can we connect to their ERP?',
      { verb: 'ask', who: '@li.min', dealId: 12, text: 'can we connect to their ERP?' },
    ],
    ['协作 @赵工 D12 能否对接ERP', { verb: 'ask', who: '@赵工', dealId: 12, text: '能否对接ERP' }],
    ['deal ask D12 <@U0PAT> ERP?', { verb: 'ask', who: '<@U0PAT>', dealId: 12, text: 'ERP?' }],
    ['answer R5 yes, standard interface', { verb: 'answer', taskId: 5, text: 'yes, standard interface' }],
    ['答复 5 可以', { verb: 'answer', taskId: 5, text: '可以' }],
    [
      'kp D1 张总 CTO 40 交付 周期',
      { verb: 'kp', dealId: 1, name: '张总', title: 'CTO', influence: 40, concern: '交付 周期', left: false },
    ],
    [
      '关键人 D1 张总 离职',
      { verb: 'kp', dealId: 1, name: '张总', title: null, influence: null, concern: '', left: true },
    ],
    [
      'kp D1 Zhang CFO',
      { verb: 'kp', dealId: 1, name: 'Zhang', title: 'CFO', influence: null, concern: '', left: false },
    ],
    [
      'health D1 red customer announced a competitor',
      { verb: 'health', dealId: 1, health: 'red', evidence: 'customer announced a competitor' },
    ],
    [
      '健康度 D1 黄 关键人两周未互动',
      { verb: 'health', dealId: 1, health: 'yellow', evidence: '关键人两周未互动' },
    ],
    ['health D1 purple', { verb: 'invalid', problem: 'BAD_HEALTH', word: 'health' }],
    ['done T7', { verb: 'done', taskId: 7 }],
    ['完成 7', { verb: 'done', taskId: 7 }],
    ['promise D3 deployment within 3 days', { verb: 'promise', dealId: 3, text: 'deployment within 3 days' }],
    ['承诺 D3 三天内完成部署', { verb: 'promise', dealId: 3, text: '三天内完成部署' }],
    ['帮助', { verb: 'help' }],
    ['', { verb: 'help' }],
    ['board', { verb: 'board' }],
    ['看板', { verb: 'board' }],
    ['whatif new-rules.yaml', { verb: 'whatif', file: 'new-rules.yaml' }],
    ['规则预演 新规则.yaml', { verb: 'whatif', file: '新规则.yaml' }],
    ['whatif', { verb: 'whatif', file: null }],
    ['ack W12', { verb: 'ack', warningId: 12 }],
    ['知悉 12', { verb: 'ack', warningId: 12 }],
    ['kbi', { verb: 'kbi' }],
    ['我的指标', { verb: 'kbi' }],
    ['team board', { verb: 'teamBoard' }],
    ['团队看板', { verb: 'teamBoard' }],
    ['团队 看板', { verb: 'teamBoard' }],
    ['team mine', { verb: 'mine' }],
    ['team forecast', { verb: 'forecast' }],
    ['预测', { verb: 'forecast' }],
    ['team plan 120万', { verb: 'plan', amount: 1_200_000, period: 'month', pipeline: null }],
    ['规划 300万 季度 retail', { verb: 'plan', amount: 3_000_000, period: 'quarter', pipeline: 'retail' }],
  ])('reads %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['clam 5', 'UNKNOWN'],
    ['领取', 'MISSING_ID'],
    ['claim abc', 'MISSING_ID'],
    ['touch 5 email hi', 'BAD_TOUCH_KIND'],
    ['ack', 'MISSING_ID'],
    ['plan lots', 'BAD_TARGET'],
  ])('explains what is wrong with %j', (text, problem) => {
    expect(parseCommand(text)).toMatchObject({ verb: 'invalid', problem });
  });
});
