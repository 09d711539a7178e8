// Issue 25 item 11, through the playground's HTTP API on SQLite and PostgreSQL: every text a person writes about
// a deal — a colleague's answer, the rep's request, a skip reason, the daily report's summary — goes through the
// one risk matcher; the signal keeps which text it came from (never an item's name), the manager's alert says
// it, and the deal turns yellow. Our own words (an item's name in the summary) raise nothing.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import type { LeadEvent } from '../src/kernel/events.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
  actions?: Array<{ id: string; label: string; value: string }>;
  form?: { id: string; context?: string };
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe.each(DATABASES)('risk phrases in every text about a deal on %s', (kind) => {
  const current = useTestEnv(kind);
  let server: Server;
  let base: string;
  let chat: ChatDeps;

  beforeEach(async () => {
    const env = current();
    env.clock.set(at('2026-11-23T09:30'));
    await seedOrg(env, [person('alice', { name: 'Alice', locale: 'en' })], {
      teams: [
        { id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} },
        { id: 'presales', name: 'Presales', managerId: 'pm', channels: {} },
      ],
      people: [
        person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
        person('alice', { name: 'Alice', locale: 'en' }),
        person('pat', { name: 'Pat', role: 'presales', teamId: 'presales', locale: 'en' }),
        person('pm', { name: 'Qian', role: 'manager', teamId: 'presales', locale: 'en' }),
      ],
    });
    chat = { engine: env.deps, defaultLocale: 'en' };
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
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
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: CardJson[] }).replies;
  }
  const say = (as: string, text: string) => post('say', { as, text });
  const all = (replies: CardJson[]) => replies.map((r) => `${r.title}\n${r.body ?? ''}`).join('\n');

  async function inbox(as: string): Promise<CardJson[]> {
    for (let i = 0; i < 20; i++) {
      const r = await deliverOutbox(
        { ...chat, deliverers: [playgroundDeliverer] },
        { now: current().clock() },
      );
      if (r.sent === 0 && r.dispatched === 0) break;
    }
    const res = await fetch(`${base}/playground/api/inbox?as=${as}`);
    return ((await res.json()) as { messages: Array<{ card: CardJson }> }).messages.map((m) => m.card);
  }

  async function dealOf(company: string): Promise<{ id: number; leadId: number }> {
    const r = await submitLead(current().deps, { fields: leadFields({ company }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await say('alice', `claim ${r.lead.id}`);
    const created = await say('alice', `deal new ${r.lead.id} 30万`);
    const id = Number(/Deal D(\d+)/.exec(created[0]?.title ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    return { id, leadId: r.lead.id };
  }

  const risks = async (leadId: number): Promise<Array<Extract<LeadEvent, { type: 'deal.risk' }>>> =>
    (await current().deps.store.transaction((tx) => tx.events.forLead(leadId))).flatMap((e) =>
      e.type === 'deal.risk' ? [e] : [],
    );
  const health = async (id: number) =>
    (await current().deps.store.transaction((tx) => tx.deals.get(id)))?.health;

  it('a colleague’s answer and the rep’s request are read; the manager is told whose words they were', async () => {
    const deal = await dealOf('Mingyuan Tech');
    expect(await health(deal.id)).toBe('green');
    const asked = await say('alice', `ask @Pat D${deal.id} can we handle their legal review in one week?`);
    const taskId = Number(/Request R(\d+)/.exec(all(asked))?.[1]);
    expect(taskId).toBeGreaterThan(0);
    const answered = await say(
      'pat',
      `answer R${taskId} doable, but they told me it goes to public tender first`,
    );
    expect(all(answered)).toContain(t('en', 'answer.sent', { id: taskId, deal: deal.id }));

    const found = await risks(deal.leadId);
    expect(found.map((r) => [r.signal, r.source, r.sourceRef, r.actorId])).toEqual([
      ['legal', 'request', `R${taskId}`, 'alice'],
      ['tender', 'answer', `R${taskId}`, 'pat'],
    ]);
    expect(await health(deal.id)).toBe('yellow');

    const boss = await inbox('boss');
    const tender = boss.find((c) => c.title.includes('“tender”'));
    expect(tender?.title).toBe(
      t('en', 'notice.deal.riskManager.title', {
        id: deal.id,
        customer: 'Mingyuan Tech',
        owner: 'Alice',
        phrase: 'tender',
      }),
    );
    expect(tender?.body?.split('\n')[0]).toBe(`In Pat’s answer to R${taskId}`);
    expect(tender?.body).toContain('they told me it goes to public tender first');
    const legal = boss.find((c) => c.title.includes('“legal review”'));
    expect(legal?.body?.split('\n')[0]).toBe(`In Alice’s request R${taskId}`);
  });

  it('a note keeps its full-width punctuation as typed (item 12), and its risk phrase is read', async () => {
    const deal = await dealOf('Mingyuan Tech');
    const note = '客户说：价格太高（能不能再便宜10%），下周再谈！';
    await say('alice', `跟进 ${deal.leadId} 电话 ${note}`);
    const events = await current().deps.store.transaction((tx) => tx.events.forLead(deal.leadId));
    const touched = events.find((e) => e.type === 'lead.touched');
    expect(touched?.type === 'lead.touched' && touched.note).toBe(note);
    expect((await risks(deal.leadId)).map((r) => [r.signal, r.source])).toEqual([['discountPush', 'note']]);
  });

  it('a skip reason is read like any note', async () => {
    const deal = await dealOf('Lawson Retail');
    await say('alice', `evidence D${deal.id} note pains`);
    await post('upload', {
      as: 'alice',
      text: `evidence D${deal.id}`,
      fileName: 'site.png',
      data: Buffer.from(PNG_1X1).toString('base64'),
    });
    const skipped = await say(
      'alice',
      `advance D${deal.id} negotiate repeat customer, budget frozen until March`,
    );
    expect(all(skipped)).toContain('skipping');
    expect((await risks(deal.leadId)).map((r) => [r.signal, r.source])).toEqual([
      ['budgetFrozen', 'skip_reason'],
    ]);
    expect(await health(deal.id)).toBe('yellow');
  });

  it('the daily report’s summary: each sentence to the deal it names; an item’s name raises nothing', async () => {
    const a = await dealOf('Mingyuan Tech');
    const b = await dealOf('Lawson Retail');
    current().clock.set(at('2026-11-23T10:00'));
    await say('alice', `touch ${a.leadId} visit met the IT lead`);
    current().clock.set(at('2026-11-23T14:00'));
    await say('alice', `touch ${b.leadId} visit walked the stores`);
    current().clock.set(at('2026-11-23T17:30'));
    await say(
      'alice',
      'report 1 Mingyuan Tech: sent the Competitor parameter tables (3), all fine. Lawson Retail: the boss is away until Monday.',
    );
    const filed = await say('alice', 'report submit');
    expect(filed[0]?.title).toContain('Daily report 2026-11-23 filed');

    expect(await risks(a.leadId)).toEqual([]);
    expect(await health(a.id)).toBe('green');
    const onB = await risks(b.leadId);
    expect(onB.map((r) => [r.signal, r.phrase, r.source, r.sourceRef])).toEqual([
      ['bossAbsent', 'boss is away', 'report', '2026-11-23'],
    ]);
    expect(onB[0]?.excerpt).toContain('Lawson Retail');
    expect(await health(b.id)).toBe('yellow');
    const alert = (await inbox('boss')).find((c) => c.title.includes('“boss is away”'));
    expect(alert?.body?.split('\n')[0]).toBe('In Alice’s daily report of 2026-11-23');
    // The rep's own copy says where it was found too.
    const own = (await inbox('alice')).find((c) => c.title.includes('“boss is away”'));
    expect(own?.body?.split('\n')[0]).toBe('In Alice’s daily report of 2026-11-23');
  });
});
