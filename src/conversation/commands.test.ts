import { describe, expect, it } from 'vitest';
import { ACTIONS, type ActionId } from '../kernel/card.ts';
import type { Locale } from '../modules/i18n.ts';
import { COMMANDS, MODULE_COMMANDS, WORDS, wordsOf } from './commands.ts';
import { parseCommand, readCommand } from './parse-command.ts';
import { typedCommand } from './typed-command.ts';

/**
 * What each button does, as a command, and how it is typed in each language (the texts the hand-written
 * typed-command.ts gave before the declarations generated them). A button whose typed form has no row here fails
 * the test below: add the row with the command the button carries out.
 */
const TYPED: Record<string, { value: string; en: string; zh: string; does: object }> = {
  [ACTIONS.leadClaim]: { value: '12', en: 'claim 12', zh: '领取 12', does: { verb: 'claim', leadId: 12 } },
  [ACTIONS.leadPass]: { value: '12', en: 'pass 12', zh: '放弃 12', does: { verb: 'pass', leadId: 12 } },
  [ACTIONS.leadRelease]: {
    value: '12',
    en: 'release 12',
    zh: '释放 12',
    does: { verb: 'release', leadId: 12, note: '' },
  },
  [ACTIONS.leadWhy]: { value: '12', en: 'why 12', zh: '为什么 12', does: { verb: 'why', leadId: 12 } },
  // The button opens the follow-up form; typed, the commonest follow-up (a call) is named.
  [ACTIONS.leadTouch]: {
    value: '12',
    en: 'touch 12 call',
    zh: '跟进 12 电话',
    does: { verb: 'touch', leadId: 12, kind: 'call' },
  },
  [ACTIONS.marketOpen]: { value: '', en: 'market', zh: '集市', does: { verb: 'market', tag: null } },
  [ACTIONS.dealOpen]: { value: '12', en: 'deal D12', zh: '商机 D12', does: { verb: 'deal', dealId: 12 } },
  [ACTIONS.dealAdvance]: {
    value: '12',
    en: 'advance D12',
    zh: '推进 D12',
    does: { verb: 'advance', dealId: 12, target: null },
  },
  // The button opens the evidence form; typed, a note for deal 12.
  [ACTIONS.dealEvidence]: {
    value: '12',
    en: 'evidence D12 note …',
    zh: '证据 D12 备注 …',
    does: { verb: 'evidence', dealId: 12 },
  },
  [ACTIONS.dealDone]: { value: '12', en: 'done T12', zh: '完成 T12', does: { verb: 'done', taskId: 12 } },
  [ACTIONS.dealAnswer]: {
    value: '12',
    en: 'answer R12 …',
    zh: '答复 R12 …',
    does: { verb: 'answer', taskId: 12 },
  },
  [ACTIONS.chartCsv]: {
    value: 'funnel east-1 2026-11',
    en: 'funnel east-1 2026-11 csv',
    zh: 'funnel east-1 2026-11 csv',
    does: { verb: 'chart', chart: 'funnel', period: '2026-11', csv: true, scope: ['east-1'] },
  },
  [ACTIONS.reportSubmit]: {
    value: '2026-11-30',
    en: 'report submit',
    zh: '日报 提交',
    does: { verb: 'report', action: 'submit' },
  },
  [ACTIONS.reportConfirm]: {
    value: '2026-11-30',
    en: 'report confirm',
    zh: '日报 确认',
    does: { verb: 'report', action: 'confirm' },
  },
  [ACTIONS.reportOpen]: {
    value: '12',
    en: 'report view 12',
    zh: '日报 查看 12',
    does: { verb: 'report', action: 'view', reportId: 12, rep: null, day: null },
  },
  [ACTIONS.reportTeam]: {
    value: '2026-11-30|east-1|2',
    en: 'team reports 2026-11-30 east-1 2',
    zh: '团队日报 2026-11-30 east-1 2',
    does: { verb: 'teamReports', day: '2026-11-30', team: 'east-1', page: 2 },
  },
  [ACTIONS.kbiAck]: { value: '12', en: 'ack W12', zh: '知悉 W12', does: { verb: 'ack', warningId: 12 } },
  [ACTIONS.kbiReview]: {
    value: '12:1',
    en: 'review W12 2',
    zh: '复盘 W12 2',
    does: { verb: 'review', warningId: 12, slot: 1 },
  },
  [ACTIONS.rewardApprove]: {
    value: '3',
    en: 'redeem approve 3',
    zh: '兑换 批准 3',
    does: { verb: 'redeem', action: 'approve', requestId: 3 },
  },
  // The button opens a form for the reason; typed, the reason follows the id.
  [ACTIONS.rewardDecline]: {
    value: '3',
    en: 'redeem decline 3 …',
    zh: '兑换 拒绝 3 …',
    does: { verb: 'redeem', action: 'decline', requestId: 3 },
  },
};

const ALL_ACTIONS = Object.values(ACTIONS) as ActionId[];
const BUTTONS_ONLY = new Set(MODULE_COMMANDS.flatMap((m) => m.buttonsOnly ?? []));
const TYPED_IDS = new Set(COMMANDS.flatMap((c) => Object.keys(c.typed ?? {})));

describe('typed forms of the buttons', () => {
  it('gives every button of ACTIONS a typed form or declares it buttons-only, never both', () => {
    const neither = ALL_ACTIONS.filter((id) => !TYPED_IDS.has(id) && !BUTTONS_ONLY.has(id));
    const both = ALL_ACTIONS.filter((id) => TYPED_IDS.has(id) && BUTTONS_ONLY.has(id));
    expect({ neither, both }).toEqual({ neither: [], both: [] });
    expect(BUTTONS_ONLY).toEqual(
      new Set([
        ACTIONS.dealStall,
        // A form: typed, 转商机 wants the amount (`转商机 12 30万`), which a button cannot know.
        ACTIONS.dealNew,
        ACTIONS.reportForm,
        ACTIONS.reportPlace,
        ACTIONS.reportRead,
        ACTIONS.reportComment,
        ACTIONS.patrolNudge,
        ACTIONS.patrolAck,
        // A WeChat customer's external_userid, which nobody types (issue 24 item 8).
        ACTIONS.leadLink,
        // The items heard in a voice message (issue 24 item 6).
        ACTIONS.reportSpoken,
      ]),
    );
  });

  it('declares each typed form once', () => {
    const all = COMMANDS.flatMap((c) => Object.keys(c.typed ?? {}));
    expect(all).toHaveLength(new Set(all).size);
  });

  it.each(ALL_ACTIONS)(
    'types %s in both languages, and the text reads back as what the button does',
    (id) => {
      const action = { id, label: 'x', value: TYPED[id]?.value ?? '12' };
      if (BUTTONS_ONLY.has(id)) {
        expect(typedCommand(action, 'en')).toBeNull();
        expect(typedCommand(action, 'zh-CN')).toBeNull();
        return;
      }
      const want = TYPED[id];
      expect(want, `a row in TYPED for ${id}`).toBeDefined();
      for (const locale of ['en', 'zh-CN'] as const satisfies readonly Locale[]) {
        const text = typedCommand(action, locale);
        expect(text).toBe(locale === 'en' ? want!.en : want!.zh);
        expect(parseCommand(text!)).toMatchObject(want!.does);
      }
    },
  );
});

describe('the declared words', () => {
  it('belong to one command each, and each reads as its command', () => {
    for (const spec of COMMANDS)
      for (const word of wordsOf(spec)) {
        expect(WORDS.get(word), word).toBe(spec);
        const read = readCommand(word);
        expect(read.spec, word).toBe(spec);
      }
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
    'finds no command, touch kind or health in %s (no inherited object keys)',
    (word) => {
      expect(parseCommand(word)).toEqual({ verb: 'invalid', problem: 'UNKNOWN', word });
      expect(parseCommand(`${word} 5`)).toEqual({ verb: 'invalid', problem: 'UNKNOWN', word });
      expect(parseCommand(`touch 5 ${word}`)).toMatchObject({ problem: 'BAD_TOUCH_KIND' });
      expect(parseCommand(`health D1 ${word}`)).toMatchObject({ problem: 'BAD_HEALTH' });
      expect(parseCommand(`deal ${word}`)).toMatchObject({ problem: 'MISSING_DEAL_ID' });
    },
  );

  it('accepts the words messengers put in front: /lead, /team, /deal, /report', () => {
    expect(parseCommand('/lead claim 7')).toEqual({ verb: 'claim', leadId: 7 });
    expect(parseCommand('/team funnel 2026-11')).toMatchObject({ verb: 'chart', chart: 'funnel' });
    expect(parseCommand('/deal promise D3 x')).toEqual({ verb: 'promise', dealId: 3, text: 'x' });
    expect(parseCommand('商机 推进 D1')).toMatchObject({ verb: 'advance', dealId: 1 });
    expect(parseCommand('报表 漏斗')).toMatchObject({ verb: 'chart', chart: 'funnel' });
    // Not before a word that is no command's, and not before commands that do not take it.
    expect(parseCommand('deal new 12 30万')).toMatchObject({ verb: 'dealNew', leadId: 12 });
    expect(parseCommand('report 1 2 done')).toEqual({
      verb: 'report',
      action: 'fill',
      ticks: [1, 2],
      summary: 'done',
    });
    expect(parseCommand('deal claim 5')).toEqual({
      verb: 'invalid',
      problem: 'MISSING_DEAL_ID',
      word: 'deal',
    });
    expect(parseCommand('team')).toEqual({ verb: 'invalid', problem: 'UNKNOWN', word: 'team' });
    expect(parseCommand('lead')).toEqual({ verb: 'help' });
  });

  it('reads the mixed-language forms of the two-word commands', () => {
    for (const text of ['商机 新建 12 30万', 'deal 新建 12 30万', '商机 new 12 30万', 'Deal New 12 30万'])
      expect(parseCommand(text), text).toMatchObject({ verb: 'dealNew', leadId: 12, amount: 300_000 });
    for (const text of [
      'team board',
      'Team Board',
      'team 看板',
      '团队 board',
      '团队 看板',
      '团队看板',
      'lead team board',
    ])
      expect(parseCommand(text), text).toEqual({ verb: 'teamBoard' });
  });
});
