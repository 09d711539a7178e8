// Every card the product can render, through each platform's renderer and the checks written from that platform's
// published limits (issue 19): Slack Block Kit (adapters/slack/block-kit.ts) and WeCom app messages
// (adapters/wecom/message-check.ts) — the same checks the test fakes refuse with. Cards are generated with long and
// many-item data in both scripts: long Chinese and English titles, emoji, many fields, many repeated buttons.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBlocks, checkView } from '../adapters/slack/block-kit.ts';
import { renderHome, renderMessages, renderModal, renderAnswerModal } from '../adapters/slack/render.ts';
import { templateCardProblems, wecomMessageProblems } from '../adapters/wecom/message-check.ts';
import { renderFormLink, renderMessage, renderUpdate } from '../adapters/wecom/render.ts';
import { renderMessage as renderDingtalk } from '../adapters/dingtalk/render.ts';
import { robotMessageProblems } from '../adapters/dingtalk/message-check.ts';
import { ACTIONS, FORMS, type Card, type Form, type Level } from '../src/kernel/card.ts';

/** Text of any length up to `max`, mixing Chinese, English, emoji, markdown and mrkdwn specials. */
const text = (max: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '线索',
          '华信科技',
          '竞品参数表（3家）',
          '，',
          '：',
          '🏆',
          '👍🏽',
          '*',
          '_',
          '<',
          '>',
          '&',
          '\n',
          ' ',
        ),
        fc.string({ minLength: 1, maxLength: 12 }),
      ),
      { maxLength: max },
    )
    .map((parts) => parts.join(''));
const nonEmpty = (max: number) => text(max).map((s) => (s.trim() === '' ? '标题' : s));

const level = fc.constantFrom<Level>('info', 'green', 'yellow', 'red', 'win');
const actionIds = Object.values(ACTIONS);
const action = fc.record({
  id: fc.constantFrom(...actionIds),
  label: nonEmpty(30),
  value: fc.oneof(fc.integer({ min: 1, max: 10 ** 9 }).map(String), text(60)),
  style: fc.option(fc.constantFrom<'primary' | 'danger'>('primary', 'danger'), { nil: undefined }),
});
const card: fc.Arbitrary<Card> = fc.record(
  {
    title: nonEmpty(120),
    level,
    body: text(400),
    fields: fc.array(fc.record({ label: nonEmpty(40), value: text(200) }), { maxLength: 30 }),
    actions: fc.array(action, { maxLength: 40 }),
  },
  { requiredKeys: ['title', 'level'] },
);
const form: fc.Arbitrary<Form> = fc.record({
  id: fc.constantFrom(...Object.values(FORMS)),
  title: nonEmpty(60),
  submitLabel: nonEmpty(40),
  context: fc.option(text(100), { nil: undefined }),
  // Field names are unique in a form (they are its answers' keys).
  fields: fc.uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[a-z][a-zA-Z]{0,20}$/),
      label: nonEmpty(80),
      kind: fc.constantFrom('text' as const, 'textarea' as const, 'number' as const, 'select' as const),
      required: fc.boolean(),
      options: fc.array(fc.record({ value: fc.stringMatching(/^[a-z0-9]{1,10}$/), label: nonEmpty(90) }), {
        minLength: 1,
        maxLength: 120,
      }),
      placeholder: fc.option(text(200), { nil: undefined }),
      initial: fc.option(text(200), { nil: undefined }),
    }),
    { maxLength: 30, selector: (f) => f.name },
  ),
});

const RUNS = { numRuns: 300 };

describe('every card through every platform’s checks', () => {
  it('Slack: messages, the Home tab and the answer modal pass Block Kit', () => {
    fc.assert(
      fc.property(fc.array(card, { minLength: 1, maxLength: 8 }), (cards) => {
        for (const m of renderMessages(cards)) expect(checkBlocks(m.blocks, 'message')).toEqual([]);
        expect(checkBlocks(renderHome(cards).blocks, 'home')).toEqual([]);
        expect(checkView(renderAnswerModal(cards, 'OK'))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('Slack: every form opens as a modal Slack accepts', () => {
    fc.assert(
      fc.property(form, fc.option(text(300), { nil: undefined }), (f, note) => {
        expect(checkView(renderModal(f, note))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('WeCom: a card to a person, to a group chat, its update and a form link pass message/send and appchat/send', () => {
    fc.assert(
      fc.property(card, fc.constantFrom<'zh-CN' | 'en'>('zh-CN', 'en'), (c, locale) => {
        const base = { touser: 'LiMin', agentid: 1 };
        const toPerson = renderMessage(c, { chat: false, taskId: 'leadline-d1-0', locale });
        expect(wecomMessageProblems({ ...base, ...toPerson }, 'send')).toEqual([]);
        const toChat = renderMessage(c, { chat: true, taskId: 'leadline-d1-0', locale });
        expect(wecomMessageProblems({ chatid: 'wrchat1', ...toChat }, 'appchat')).toEqual([]);
        expect(templateCardProblems(renderUpdate(c, 'leadline-d1-0').template_card)).toEqual([]);
        const link = renderFormLink(c, 'https://leadline.example.com/f/abc', {
          open: '打开表单填写',
          hint: '点击填写',
        });
        expect(wecomMessageProblems({ ...base, ...link }, 'send')).toEqual([]);
      }),
      RUNS,
    );
  });

  it('DingTalk: every card is a robot message DingTalk takes, or an interactive card whose variables are strings', () => {
    fc.assert(
      fc.property(
        card,
        fc.constantFrom<'zh-CN' | 'en'>('zh-CN', 'en'),
        fc.boolean(),
        (c, locale, interactive) => {
          const m = renderDingtalk(c, { locale, interactive });
          if (m.kind === 'robot') {
            expect(robotMessageProblems(m.msgKey, JSON.stringify(m.msgParam))).toEqual([]);
          } else {
            // createAndDeliver's cardParamMap: string values only (the fake refuses others, as DingTalk does).
            for (const v of Object.values(m.cardParamMap)) expect(typeof v).toBe('string');
            expect(JSON.parse(m.cardParamMap.btns ?? '[]')).toBeInstanceOf(Array);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('the checks refuse what the platforms refuse', () => {
  it('DingTalk: an unknown msgKey, a missing field, a CSV file', () => {
    expect(robotMessageProblems('sampleMarkdown', JSON.stringify({ title: 't', text: 'x' }))).toEqual([]);
    expect(robotMessageProblems('markdown', JSON.stringify({ title: 't', text: 'x' })).join()).toMatch(
      /not a robot/,
    );
    expect(robotMessageProblems('sampleMarkdown', JSON.stringify({ title: 't' })).join()).toMatch(/text/);
    expect(
      robotMessageProblems(
        'sampleFile',
        JSON.stringify({ mediaId: 'm', fileName: 'a.csv', fileType: 'csv' }),
      ).join(),
    ).toMatch(/fileType/);
  });

  it('Slack: a repeated action_id in one actions block', () => {
    const blocks = [
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'deal.open', text: { type: 'plain_text', text: 'A' } },
          { type: 'button', action_id: 'deal.open', text: { type: 'plain_text', text: 'B' } },
        ],
      },
    ];
    expect(checkBlocks(blocks, 'message')).not.toEqual([]);
  });

  it('WeCom: seven buttons, a bad task id, a repeated key, a template card to a group chat, 2,049 bytes of text', () => {
    const button = (key: string) => ({ text: '领取', style: 1, key });
    const cardWith = (extra: Record<string, unknown>) => ({
      msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction',
        task_id: 'lead-1',
        main_title: { title: '新线索' },
        button_list: [button('a')],
        ...extra,
      },
    });
    expect(wecomMessageProblems(cardWith({}), 'send')).toEqual([]);
    const seven = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(button);
    expect(wecomMessageProblems(cardWith({ button_list: seven }), 'send').join()).toMatch(/1 to 6/);
    expect(wecomMessageProblems(cardWith({ task_id: 'lead 1/中' }), 'send').join()).toMatch(/task_id/);
    expect(
      wecomMessageProblems(cardWith({ button_list: [button('a'), button('a')] }), 'send').join(),
    ).toMatch(/repeats/);
    expect(wecomMessageProblems(cardWith({}), 'appchat').join()).toMatch(/not accepted/);
    expect(
      wecomMessageProblems({ msgtype: 'markdown', markdown: { content: '线'.repeat(683) } }, 'send').join(),
    ).toMatch(/2049 bytes/);
  });
});
