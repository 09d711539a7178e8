import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/kernel/card.ts';
import {
  clip,
  clipBytes,
  LIMITS,
  parseButtonKey,
  renderFormLink,
  renderMessage,
  renderUpdate,
  taskId,
} from './render.ts';

const offer: Card = {
  title: '#12 上海某某医疗器械有限公司华东区域采购中心',
  level: 'yellow',
  leadId: 12,
  fields: [
    { label: '联系人', value: '李敏' },
    { label: '行业', value: '医疗' },
  ],
  body: '2 小时内领取,否则进入集市',
  actions: [
    { id: 'lead.claim', label: '领取', value: '12', style: 'primary' },
    { id: 'lead.pass', label: '放弃', value: '12' },
  ],
};

describe('WeCom rendering', () => {
  it('renders a card with buttons for a person as a button_interaction template card', () => {
    expect(renderMessage(offer, { chat: false, taskId: 'll-d7', locale: 'zh-CN' })).toMatchInlineSnapshot(`
      {
        "msgtype": "template_card",
        "template_card": {
          "button_list": [
            {
              "key": "lead.claim:12",
              "style": 1,
              "text": "领取",
            },
            {
              "key": "lead.pass:12",
              "style": 2,
              "text": "放弃",
            },
          ],
          "card_type": "button_interaction",
          "horizontal_content_list": [
            {
              "keyname": "联系人",
              "value": "李敏",
            },
            {
              "keyname": "行业",
              "value": "医疗",
            },
          ],
          "main_title": {
            "desc": "🟡",
            "title": "#12 上海某某医疗器械有限公司华东区域采购中心",
          },
          "sub_title_text": "2 小时内领取,否则进入集市",
          "task_id": "ll-d7",
        },
      }
    `);
  });

  it('renders the same card for a group chat as markdown with the commands to type', () => {
    expect(renderMessage(offer, { chat: true, taskId: 'll-d7', locale: 'zh-CN' })).toMatchInlineSnapshot(`
      {
        "markdown": {
          "content": "**#12 上海某某医疗器械有限公司华东区域采购中心**
      <font color="warning">🟡</font>
      > 联系人: 李敏
      > 行业: 医疗
      2 小时内领取,否则进入集市
      <font color="comment">领取: \`领取 12\`  放弃: \`放弃 12\`</font>",
        },
        "msgtype": "markdown",
      }
    `);
  });

  it('renders a card without buttons as markdown', () => {
    const card: Card = { title: 'Help', level: 'info', body: 'claim 12 · mine · market medical' };
    expect(renderMessage(card, { chat: false, taskId: 'x', locale: 'en' })).toMatchInlineSnapshot(`
      {
        "markdown": {
          "content": "**Help**
      <font color="comment">🔵</font>
      claim 12 · mine · market medical",
        },
        "msgtype": "markdown",
      }
    `);
  });

  it('keeps to WeCom’s limits: 6 buttons, 6 fields, clipped texts, 2048 markdown bytes, task id charset', () => {
    const many: Card = {
      title: '很'.repeat(100),
      level: 'red',
      body: '长'.repeat(1000),
      fields: Array.from({ length: 9 }, (_, i) => ({ label: `字段名称很长${i}`, value: '值'.repeat(40) })),
      actions: Array.from({ length: 9 }, (_, i) => ({
        id: 'lead.why' as const,
        label: '为什么要这样做呢',
        value: String(i + 1),
      })),
    };
    const m = renderMessage(many, { chat: false, taskId: 'lead 1/d:2', locale: 'zh-CN' });
    if (m.msgtype !== 'template_card') throw new Error('expected a template card');
    const c = m.template_card;
    expect(c.button_list).toHaveLength(LIMITS.buttons);
    expect(c.horizontal_content_list).toHaveLength(LIMITS.horizontalItems);
    expect(Array.from(c.main_title.title)).toHaveLength(LIMITS.title);
    expect(Array.from(c.sub_title_text ?? '')).toHaveLength(LIMITS.subTitle);
    expect(Array.from(c.button_list[0]?.text ?? '').length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect(c.task_id).toBe('lead_1_d_2');
    // Two buttons doing the same thing are one (a key may not repeat in a card).
    const twice = renderMessage(
      { title: 't', level: 'info', actions: [many.actions![0]!, many.actions![0]!] },
      { chat: false, taskId: 'x', locale: 'zh-CN' },
    );
    if (twice.msgtype !== 'template_card') throw new Error('expected a template card');
    expect(twice.template_card.button_list).toHaveLength(1);
    const md = renderMessage(many, { chat: true, taskId: 'x', locale: 'zh-CN' });
    if (md.msgtype !== 'markdown') throw new Error('expected markdown');
    expect(Buffer.byteLength(md.markdown.content)).toBeLessThanOrEqual(LIMITS.markdownBytes);
    expect(taskId('x'.repeat(300))).toHaveLength(128);
  });

  it('clips by characters and by UTF-8 bytes without splitting a character', () => {
    expect(clip('领取线索', 3)).toBe('领取…');
    expect(clip('😀😀😀', 2)).toBe('😀…');
    expect(clipBytes('领取线索', 9)).toBe('领取…');
    expect(Buffer.byteLength(clipBytes('领取线索', 9))).toBe(9);
  });

  it('round-trips button keys and ignores menu keys', () => {
    expect(parseButtonKey('lead.claim:12')).toEqual({ actionId: 'lead.claim', value: '12' });
    expect(parseButtonKey('我的线索')).toBeNull();
  });

  it('replaces a card that lost its buttons whole, keeping one inert button with its status line', () => {
    const claimed: Card = {
      title: '线索 #12 · Acme',
      level: 'green',
      leadId: 12,
      body: '已被 李敏 领取\n备注',
    };
    expect(renderUpdate(claimed, 'll-d7')).toMatchInlineSnapshot(`
      {
        "template_card": {
          "button_list": [
            {
              "key": "done",
              "style": 2,
              "text": "已被 李敏 领取",
            },
          ],
          "card_type": "button_interaction",
          "main_title": {
            "desc": "🟢",
            "title": "线索 #12 · Acme",
          },
          "sub_title_text": "已被 李敏 领取
      备注",
          "task_id": "ll-d7",
        },
      }
    `);
    expect(renderUpdate(offer, 'll-d7')).toMatchObject({ template_card: { task_id: 'll-d7' } });
  });
});

describe('renderFormLink', () => {
  it('is a text_notice card whose whole area and jump line open the signed page', () => {
    const url = 'https://leadline.example.com/m/form/abc.def.ghi';
    const message = renderFormLink(
      {
        title: '为 D12 添加证据',
        level: 'info',
        form: { id: 'deal.evidence', title: '为 D12 添加证据', submitLabel: '提交', fields: [] },
      },
      url,
      { open: '打开表单填写打开表单填写打开表单填写', hint: '30 分钟内有效' },
    );
    expect(message).toEqual({
      msgtype: 'template_card',
      template_card: {
        card_type: 'text_notice',
        main_title: { title: '为 D12 添加证据', desc: '🔵' },
        sub_title_text: '30 分钟内有效',
        jump_list: [{ type: 1, title: '打开表单填写打开表单填写…', url }],
        card_action: { type: 1, url },
      },
    });
  });
});
