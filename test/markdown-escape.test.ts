// Lead text in WeCom and DingTalk markdown (issue 22, finding 9): what a website or a rep typed shows as typed,
// never as a live link, a tracking image or coloured text; our own markup (bold, colours, the form link) stays.
import { describe, expect, it } from 'vitest';
import {
  renderMarkdown as dingtalkMarkdown,
  renderMessage,
  withFormLink,
} from '../adapters/dingtalk/render.ts';
import { renderMarkdown as wecomMarkdown } from '../adapters/wecom/render.ts';
import type { Card } from '../src/kernel/card.ts';

const HOSTILE = {
  company: '[点此领取补贴](https://evil.example/p)',
  need: '![](https://track.example/pixel.gif) <font color="warning">紧急</font> <img src=x>',
};

const card: Card = {
  title: `新线索：${HOSTILE.company}`,
  level: 'green',
  fields: [{ label: '公司', value: HOSTILE.company }],
  body: `需求:${HOSTILE.need}\n备注:a > b`,
  image: { png: new Uint8Array(), alt: 'chart', reading: '<font color="info">x</font>' },
};

/** No link, image or HTML tag made of the lead's text survives. */
function expectInert(markdown: string): void {
  expect(markdown).not.toContain('](https://evil.example');
  expect(markdown).not.toContain('](https://track.example');
  expect(markdown).not.toMatch(/<font color="warning">紧急/);
  expect(markdown).not.toContain('<img');
  expect(markdown).not.toContain('<font color="info">x');
  // Still readable: the words and the addresses are all there.
  expect(markdown).toContain('点此领取补贴');
  expect(markdown).toContain('https://evil.example/p');
  expect(markdown).toContain('紧急');
}

describe('WeCom markdown', () => {
  it('escapes the lead’s text and keeps its own bold title and colour', () => {
    const md = wecomMarkdown(card, 'zh-CN');
    expectInert(md);
    expect(md).toContain('［点此领取补贴］(https://evil.example/p)');
    expect(md).toContain('＜font color="warning"＞紧急＜/font＞');
    expect(md.startsWith('**新线索：［点此领取补贴］')).toBe(true);
    expect(md).toContain('<font color="info">🟢</font>');
    expect(md).toContain('> 公司: ［点此领取补贴］');
  });
});

describe('DingTalk markdown', () => {
  it('escapes the lead’s text in the robot message and in the interactive card', () => {
    const robot = dingtalkMarkdown(card, 'zh-CN');
    expectInert(robot.text);
    expect(robot.text).toContain('**公司**：［点此领取补贴］(https://evil.example/p)');
    expect(robot.text.startsWith('#### 🟢 新线索：［点此领取补贴］')).toBe(true);
    const interactive = renderMessage(
      { ...card, actions: [{ id: 'lead.claim', label: '领取', value: '1' }] },
      { locale: 'zh-CN', interactive: true },
    );
    expect(interactive.kind).toBe('card');
    if (interactive.kind === 'card') expectInert(interactive.cardParamMap.markdown ?? '');
  });

  it('keeps the form link live while escaping the card text around it', () => {
    const linked = withFormLink(
      {
        title: '证据',
        level: 'info',
        body: '客户说:[官网](https://evil.example/p)',
        form: { id: 'deal.evidence', title: '证据', submitLabel: '提交', fields: [] },
      },
      'https://leadline.example.com/m/form/abc',
      { open: '打开表单', hint: '30 分钟内有效' },
    );
    const text = dingtalkMarkdown(linked, 'zh-CN').text;
    expect(text).toContain('[打开表单](https://leadline.example.com/m/form/abc)');
    expect(text).toContain('［官网］(https://evil.example/p)');
    expect(text).not.toContain('[官网]');
  });
});
