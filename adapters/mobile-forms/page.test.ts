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
