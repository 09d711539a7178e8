// Issue 24 item 6 through the playground's HTTP API on SQLite and PostgreSQL: a voice message's transcript sets
// the day's summary and offers its objections, promised dates and new decision makers as ticks; nothing is kept
// until the rep confirms; what they keep lands on the customer they chose, an objection's risk phrase with the
// source `transcript`.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import type { LeadEvent } from '../src/kernel/events.ts';
import { FORMS } from '../src/kernel/card.ts';
import { openFormPage, submitFormPage, type FormRequest } from '../src/conversation/form-page.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  body?: string;
  form?: { id: string; context?: string; fields: Array<{ name: string; label: string; initial?: string }> };
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe.each(DATABASES)('a spoken summary offered as ticks on %s', (kind) => {
  const current = useTestEnv(kind);
  let server: Server;
  let base: string;

  beforeEach(async () => {
    const env = current();
    env.clock.set(at('2026-11-23T17:30'));
    await seedOrg(env, [person('alice', { name: 'Alice' })], {
      teams: [{ id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} }],
      people: [person('boss', { role: 'manager', name: '王经理' }), person('alice', { name: 'Alice' })],
    });
    const chat: ChatDeps = { engine: env.deps, defaultLocale: 'zh-CN' };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function post(path: string, body: unknown): Promise<CardJson[]> {
    const res = await fetch(`${base}/playground/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { replies: CardJson[] }).replies;
  }

  async function claimed(company: string): Promise<number> {
    const r = await submitLead(current().deps, { fields: leadFields({ company }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await post('say', { as: 'alice', text: `领取 ${r.lead.id}` });
    return r.lead.id;
  }

  const spoken = async (leadId: number) =>
    (await current().deps.store.transaction((tx) => tx.events.forLead(leadId))).flatMap(
      (e): Array<Extract<LeadEvent, { type: 'lead.spoken' }>> => (e.type === 'lead.spoken' ? [e] : []),
    );

  it('offers the three kinds, keeps nothing before the rep confirms, then keeps only what was ticked', async () => {
    await claimed('区教育局');
    const lead = await claimed('华东医院');
    const said =
      '今天拜访了华东医院。客户觉得价格太高，预算冻结到明年。对方答应下周三前给我们答复。新上任的装备处主任也要参与评审。';
    const replies = await post('speak', { as: 'alice', text: said });
    const offer = replies.find((c) => c.form?.id === FORMS.reportSpoken);
    expect(offer?.title).toBe('从你的语音中听到以下内容：勾选要保存的');
    expect(offer?.body?.split('\n')).toEqual([
      '☐ 客户明确异议: 客户觉得价格太高',
      '☐ 客户明确异议: 预算冻结到明年',
      '☐ 承诺时间节点 2026-12-02: 对方答应下周三前给我们答复',
      '☐ 新增决策人: 新上任的装备处主任也要参与评审',
    ]);
    // The summary is still the day's report summary (F28), and nothing is kept on any lead yet.
    expect(replies.map((c) => c.body ?? '').join('\n')).toContain('预算冻结到明年');
    expect(await spoken(lead)).toEqual([]);
    expect(await current().deps.store.transaction((tx) => tx.risks.forLead(lead, 10))).toEqual([]);

    // The rep keeps all but the first objection, on 华东医院.
    const form = offer!.form!;
    const values: Record<string, string> = {
      lead: String(lead),
      item0: 'skip',
      item1: 'keep',
      item2: 'keep',
      item3: 'keep',
    };
    const kept = await post('submit', { as: 'alice', formId: form.id, values, context: form.context });
    expect(kept[0]?.title).toBe(`已在 #${lead} 华东医院 保存 3 条。`);
    expect((await spoken(lead)).map((e) => [e.kind, e.text, e.due])).toEqual([
      ['objection', '预算冻结到明年', undefined],
      ['date', '对方答应下周三前给我们答复', '2026-12-02'],
      ['decider', '新上任的装备处主任也要参与评审', undefined],
    ]);
    const risks = await current().deps.store.transaction((tx) => tx.risks.forLead(lead, 10));
    expect(risks.map((m) => [m.signal, m.phrase, m.source, m.dealId])).toEqual([
      ['budgetFrozen', '预算冻结', 'transcript', null],
    ]);
  });

  it('keeps nothing from a stale or forged form, nor on someone else’s lead', async () => {
    const lead = await claimed('华东医院');
    const stale = await post('submit', {
      as: 'alice',
      formId: FORMS.reportSpoken,
      values: { lead: String(lead), item0: 'keep' },
      context: '[{"kind":"objection","text":"' + 'x'.repeat(200) + '"}]',
    });
    expect(stale[0]?.title).toBe('这个表单已失效：请重新发送语音。');
    const other = await submitLead(current().deps, { fields: leadFields({ company: '别家' }), via: 'api' });
    if (other.kind !== 'created') throw new Error('expected a lead');
    const refused = await post('submit', {
      as: 'alice',
      formId: FORMS.reportSpoken,
      values: { lead: String(other.lead.id), item0: 'keep' },
      context: JSON.stringify([{ kind: 'objection', text: '太贵了' }]),
    });
    expect(refused[0]?.title).not.toContain('保存 1 条');
    expect(await spoken(other.lead.id)).toEqual([]);
    expect(await spoken(lead)).toEqual([]);
  });

  it('opens the same ticks on the signed page (DingTalk, Slack clips) and keeps what was ticked there', async () => {
    const lead = await claimed('华东医院');
    const replies = await post('speak', {
      as: 'alice',
      text: '客户觉得价格太高。新上任的装备处主任也要参与评审。',
    });
    const form = replies.find((c) => c.form?.id === FORMS.reportSpoken)?.form;
    if (form === undefined) throw new Error('no ticks offered');
    const chat: ChatDeps = { engine: current().deps, defaultLocale: 'zh-CN' };
    const request: FormRequest = {
      personId: 'alice',
      platform: 'dingtalk',
      formId: form.id,
      linkId: 'link-1',
      ...(form.context === undefined ? {} : { context: form.context }),
    };
    // The page builds the form again from the link's context: the same fields, not "unknown form".
    const page = await openFormPage(chat, request);
    if (page.kind !== 'form') throw new Error(`page refused: ${JSON.stringify(page)}`);
    expect(page.form.fields.map((f) => f.name)).toEqual(form.fields.map((f) => f.name));
    const done = await submitFormPage(chat, request, { lead: String(lead), item0: 'keep', item1: 'skip' });
    expect(done.kind).toBe('done');
    expect((await spoken(lead)).map((e) => [e.kind, e.text])).toEqual([['objection', '客户觉得价格太高']]);
    // The link works once.
    expect(await openFormPage(chat, request)).toMatchObject({ kind: 'refused', reason: 'USED' });
    // A link whose context is no list of items is refused, not shown empty.
    expect(await openFormPage(chat, { ...request, linkId: 'link-2', context: 'x' })).toMatchObject({
      kind: 'refused',
      reason: 'UNKNOWN_FORM',
    });
  });

  it('offers no ticks for a transcript with none of the three kinds', async () => {
    await claimed('华东医院');
    const replies = await post('speak', { as: 'alice', text: '今天拜访了两家客户，演示顺利。' });
    expect(replies.some((c) => c.form?.id === FORMS.reportSpoken)).toBe(false);
  });
});
