import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/kernel/card.ts';
import { LIMITS, parseAction, renderMessage, withFormLink } from './render.ts';

const offer: Card = {
  title: '新线索：Acme',
  level: 'green',
  fields: [
    { label: '公司', value: 'Acme' },
    { label: '城市', value: '上海' },
  ],
  body: '请在 2 小时内领取。\n过时进入集市。',
  actions: [
    { id: 'lead.claim', label: '领取', value: '12', style: 'primary' },
    { id: 'lead.pass', label: '放弃', value: '12', style: 'danger' },
  ],
  leadId: 12,
};

describe('DingTalk render', () => {
  it('renders a card without buttons as sampleMarkdown', () => {
    expect(
      renderMessage({ title: 'Done', level: 'info', body: 'All good' }, { locale: 'en', interactive: true }),
    ).toMatchInlineSnapshot(`
        {
          "kind": "robot",
          "msgKey": "sampleMarkdown",
          "msgParam": {
            "text": "#### 🔵 Done

        All good",
            "title": "Done",
          },
        }
      `);
  });

  it('turns buttons into the text commands doing the same when no card template is configured', () => {
    expect(renderMessage(offer, { locale: 'zh-CN', interactive: false })).toMatchInlineSnapshot(`
      {
        "kind": "robot",
        "msgKey": "sampleMarkdown",
        "msgParam": {
          "text": "#### 🟢 新线索：Acme

      **公司**：Acme  
      **城市**：上海

      请在 2 小时内领取。  
      过时进入集市。

      - 领取：\`领取 12\`
      - 放弃：\`放弃 12\`",
          "title": "新线索：Acme",
        },
      }
    `);
  });

  it('renders a card with buttons as interactive card variables, each button carrying actionId:value', () => {
    expect(renderMessage(offer, { locale: 'zh-CN', interactive: true })).toMatchInlineSnapshot(`
      {
        "cardParamMap": {
          "btns": "[{"text":"领取","color":"blue","status":"normal","action":{"type":"sendCardRequest","params":{"actionId":"leadline","params":{"action":"lead.claim:12"}}}},{"text":"放弃","color":"red","status":"normal","action":{"type":"sendCardRequest","params":{"actionId":"leadline","params":{"action":"lead.pass:12"}}}}]",
          "level": "green",
          "markdown": "**公司**：Acme  
      **城市**：上海

      请在 2 小时内领取。  
      过时进入集市。",
          "title": "新线索：Acme",
        },
        "kind": "card",
      }
    `);
  });

  it('keeps within its limits however long the card is', () => {
    const long: Card = {
      title: '长'.repeat(500),
      level: 'red',
      body: 'x'.repeat(20_000),
      fields: [{ label: 'f', value: 'y'.repeat(5000) }],
      actions: Array.from({ length: 10 }, (_, i) => ({
        id: 'lead.why' as const,
        label: '按钮'.repeat(40),
        value: String(i),
      })),
    };
    const robot = renderMessage(long, { locale: 'en', interactive: false });
    if (robot.kind !== 'robot') throw new Error('expected markdown');
    expect(robot.msgParam.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(robot.msgParam.text.length).toBeLessThanOrEqual(LIMITS.markdown);
    const card = renderMessage(long, { locale: 'en', interactive: true });
    if (card.kind !== 'card') throw new Error('expected a card');
    const buttons = JSON.parse(card.cardParamMap.btns ?? '[]') as Array<{ text: string }>;
    expect(buttons).toHaveLength(LIMITS.buttons);
    expect(buttons.every((b) => b.text.length <= LIMITS.buttonText)).toBe(true);
    expect(card.cardParamMap.markdown?.length).toBeLessThanOrEqual(LIMITS.markdown);
  });

  it.each([
    ['lead.claim:12', { actionId: 'lead.claim', value: '12' }],
    ['market.open:', { actionId: 'market.open', value: '' }],
    ['nonsense', null],
    [':12', null],
  ])('parses the button parameter %s', (param, expected) => {
    expect(parseAction(param)).toEqual(expected);
  });
});

describe('withFormLink', () => {
  it('replaces the form with a markdown link to the signed page, shown by the robot message', () => {
    const card = withFormLink(
      {
        title: '新线索',
        level: 'info',
        form: { id: 'lead.new', title: '新线索', submitLabel: '创建', fields: [] },
      },
      'https://leadline.example.com/m/form/abc.def.ghi',
      { open: '打开表单[填写]', hint: '30 分钟内有效' },
    );
    expect(card.form).toBeUndefined();
    const message = renderMessage(card, { locale: 'zh-CN', interactive: false });
    expect(message).toMatchObject({ kind: 'robot' });
    expect(JSON.stringify(message)).toContain(
      '[打开表单填写](https://leadline.example.com/m/form/abc.def.ghi)  \\n30 分钟内有效',
    );
  });
});
