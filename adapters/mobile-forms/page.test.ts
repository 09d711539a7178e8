import { describe, expect, it } from 'vitest';
import type { Form } from '../../src/kernel/card.ts';
import { renderFormPage, renderMessagePage } from './page.ts';

const form: Form = {
  id: 'deal.evidence',
  title: '为 D12 添加证据 <i>',
  submitLabel: '提交',
  context: '12',
  fields: [
    {
      name: 'requirement',
      label: '证据项',
      kind: 'select',
      required: true,
      options: [
        { value: 'painPoints', label: '客户痛点清单' },
        { value: 'x"y', label: '<b>bold</b>' },
      ],
      initial: 'painPoints',
    },
    { name: 'text', label: '内容', kind: 'textarea', required: true },
    { name: 'budget', label: '预算', kind: 'number', required: false },
  ],
};

describe('mobile form page', () => {
  it('renders each field for a phone, with the initial choice selected and everything escaped', () => {
    const html = renderFormPage({ form, locale: 'zh-CN' });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<option value="painPoints" selected>客户痛点清单</option>');
    expect(html).toContain('<option value="x&quot;y">&lt;b&gt;bold&lt;/b&gt;</option>');
    expect(html).toContain('<h1>为 D12 添加证据 &lt;i&gt;</h1>');
    expect(html).toContain('<textarea id="f-text" name="text" required></textarea>');
    expect(html).toContain('inputmode="decimal"');
    expect(html).not.toMatch(/<script|<link|src=/);
  });

  it('shows the problems above the form and keeps what was typed', () => {
    const html = renderFormPage({
      form,
      locale: 'en',
      values: { requirement: 'x"y', text: '</textarea><script>alert(1)</script>', budget: '12' },
      problems: ['Budget: <expected> a number'],
    });
    expect(html).toContain('<li>Budget: &lt;expected&gt; a number</li>');
    expect(html).toContain('<option value="x&quot;y" selected>');
    expect(html).toContain('&lt;/textarea&gt;&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="12"');
  });

  it('renders a message page with each card escaped', () => {
    const html = renderMessagePage(
      'en',
      'Sent',
      [{ title: 'Lead #3 <created>', level: 'green' }],
      'Close me',
    );
    expect(html).toContain('<div class="card green"><strong>Lead #3 &lt;created&gt;</strong></div>');
    expect(html).toContain('<p>Close me</p>');
  });
});

describe('mobile form page with a position and files (issue 20)', () => {
  const report: Form = {
    id: 'report.daily',
    title: '2026-11-23 日报',
    submitLabel: '提交日报',
    intro: '系统已记录 <1> 次拜访',
    fields: [
      { name: 'place', label: '当前位置', kind: 'place', required: false, hint: '到达现场后点按钮' },
      { name: 'photos', label: '现场照片', kind: 'files', required: false, accept: 'image/*', capture: true },
      {
        name: 'actions',
        label: '关键动作',
        kind: 'checks',
        required: false,
        options: [
          { value: 'visit:1', label: '拜访 <A>' },
          { value: 'call:2', label: '电话 B' },
        ],
        initial: 'call:2',
      },
    ],
  };

  it('posts multipart, loads our script after the platform ones, and hides the position button until it runs', () => {
    const html = renderFormPage({ form: report, locale: 'zh-CN', scripts: ['../assets/wecom.js'] });
    expect(html).toContain('<form method="post" enctype="multipart/form-data" data-sending="正在提交…">');
    expect(html.indexOf('../assets/wecom.js')).toBeLessThan(html.indexOf('../assets/form.js'));
    expect(html).toContain(
      '<button type="button" class="secondary" data-place-button hidden>获取我的位置</button>',
    );
    // Without scripts the page says the visit will have no position.
    expect(html).toContain('此页面无法运行脚本：拜访将记为“无位置”。');
    for (const part of ['lat', 'lng', 'accuracy', 'time', 'datum'])
      expect(html).toContain(`<input type="hidden" name="place.${part}" value="">`);
    expect(html).toContain(
      '<input type="file" id="f-photos" name="photos" multiple accept="image/*" capture="environment">',
    );
    expect(html).toContain('<input type="checkbox" name="actions" value="call:2" checked>');
    expect(html).toContain(
      '<input type="checkbox" name="actions" value="visit:1"> <span>拜访 &lt;A&gt;</span>',
    );
    expect(html).toContain('<div class="intro">系统已记录 &lt;1&gt; 次拜访</div>');
    expect(html).toContain('<p class="hint">到达现场后点按钮</p>');
  });

  it('keeps a form without a position or files free of scripts unless the platform adds one', () => {
    expect(renderFormPage({ form, locale: 'en' })).not.toContain('<script');
    expect(renderFormPage({ form, locale: 'en', scripts: ['../assets/dingtalk.js'] })).toContain(
      '<script src="../assets/dingtalk.js" defer></script>',
    );
  });
});
