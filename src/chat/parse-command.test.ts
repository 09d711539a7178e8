import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command.ts';

describe('parseCommand', () => {
  it.each([
    ['claim 123', { verb: 'claim', leadId: 123 }],
    ['lead claim #123', { verb: 'claim', leadId: 123 }],
    ['领取 123', { verb: 'claim', leadId: 123 }],
    ['领取　＃１２３', { verb: 'claim', leadId: 123 }],
    ['/lead claim 7', { verb: 'claim', leadId: 7 }],
    ['pass 9', { verb: 'pass', leadId: 9 }],
    ['market', { verb: 'market', tag: null }],
    ['集市 医疗基建', { verb: 'market', tag: '医疗基建' }],
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
    ['帮助', { verb: 'help' }],
    ['', { verb: 'help' }],
    ['board', { verb: 'board' }],
    ['看板', { verb: 'board' }],
    ['whatif new-rules.yaml', { verb: 'whatif', file: 'new-rules.yaml' }],
    ['规则预演 新规则.yaml', { verb: 'whatif', file: '新规则.yaml' }],
    ['whatif', { verb: 'whatif', file: null }],
  ])('reads %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['clam 5', 'UNKNOWN'],
    ['领取', 'MISSING_ID'],
    ['claim abc', 'MISSING_ID'],
    ['touch 5 email hi', 'BAD_TOUCH_KIND'],
  ])('explains what is wrong with %j', (text, problem) => {
    expect(parseCommand(text)).toMatchObject({ verb: 'invalid', problem });
  });
});
