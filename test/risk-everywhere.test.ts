// Issue 24 item 5, through the playground's HTTP API on SQLite and PostgreSQL: risk phrases are heard in a lead's
// note before any deal exists and in a daily report's summary about a customer with no deal yet; each is kept
// with its source and phrase; the lead's `why` and the deal's card show them with their past cases (the closed
// deals where the same signal was heard, and how they ended); the rep's risk alert carries the past cases too.
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
import type { RiskMark } from '../src/modules/ports.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  body?: string;
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

describe.each(DATABASES)('risk signals everywhere, with past cases, on %s', (kind) => {
  const current = useTestEnv(kind);
  let server: Server;
  let base: string;
  let chat: ChatDeps;

  beforeEach(async () => {
    const env = current();
    env.clock.set(at('2026-11-23T09:30'));
    await seedOrg(env, [person('alice', { name: 'Alice', locale: 'en' })], {
      teams: [{ id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} }],
      people: [
        person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
        person('alice', { name: 'Alice', locale: 'en' }),
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

  async function say(as: string, text: string): Promise<CardJson[]> {
    const res = await fetch(`${base}/playground/api/say`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as, text }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: CardJson[] }).replies;
  }
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

  async function claimed(company: string): Promise<number> {
    const r = await submitLead(current().deps, { fields: leadFields({ company }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await say('alice', `claim ${r.lead.id}`);
    return r.lead.id;
  }

  async function dealOn(leadId: number, amount: string): Promise<number> {
    const created = await say('alice', `deal new ${leadId} ${amount}`);
    const id = Number(/Deal D(\d+)/.exec(created[0]?.title ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  /** Past deals where the customer froze its budget: one won (30万), two lost (10万 and 20万), one still open. */
  async function history(): Promise<void> {
    const outcomes: Array<['won' | 'lost' | 'open', string]> = [
      ['won', '300000'],
      ['lost', '100000'],
      ['lost', '200000'],
      ['open', '50000'],
    ];
    for (const [i, [status, amount]] of outcomes.entries()) {
      const lead = await claimed(`Past Customer ${i + 1}`);
      const deal = await dealOn(lead, amount);
      await say('alice', `touch ${lead} call they said budget frozen this quarter`);
      if (status !== 'open')
        await current().deps.store.transaction((tx) =>
          tx.deals.update(deal, { status: 'open' }, { status, closedAt: current().clock() }),
        );
    }
  }

  const marks = async (leadId: number): Promise<RiskMark[]> =>
    current().deps.store.transaction((tx) => tx.risks.forLead(leadId, 100));

  it('a lead note before any deal is kept on the lead, and `why` shows it with its past cases', async () => {
    await history();
    const lead = await claimed('Mingyuan Tech');
    await say('alice', `touch ${lead} call the CFO says budget frozen until March, will reconsider then`);

    const kept = await marks(lead);
    expect(kept.map((m) => [m.signal, m.phrase, m.source, m.dealId, m.actorId])).toEqual([
      ['reconsider', 'reconsider', 'lead_note', null, 'alice'],
      ['budgetFrozen', 'budget frozen', 'lead_note', null, 'alice'],
    ]);
    expect(kept[1]?.excerpt).toBe('the CFO says budget frozen until March');

    const why = all(await say('alice', `why ${lead}`));
    expect(why).toContain('Risk signals heard:');
    expect(why).toContain(
      '⚠️ “budget frozen” — In Alice’s note on the lead: “the CFO says budget frozen until March”',
    );
    // Three closed deals (the open one is not a case): one won, two lost, with their amounts.
    expect(why).toContain(
      'Past cases: 3 closed deals with “budget frozen”: won 1 (¥300,000), lost 2 (¥300,000)',
    );
    expect(why).toContain('Find out how long the freeze lasts');
    expect(why).toContain('Past cases: no closed deal with “reconsider” yet.');

    // Once the lead becomes a deal, the deal's card shows what was heard before it, and the past cases.
    const deal = await dealOn(lead, '400000');
    const card = all(await say('alice', `deal D${deal}`));
    expect(card).toContain('⚠️ “budget frozen” — In Alice’s note on the lead');
    expect(card).toContain(
      'Past cases: 3 closed deals with “budget frozen”: won 1 (¥300,000), lost 2 (¥300,000)',
    );
  });

  it('a signal raised on a deal tells the rep and the manager how the past cases ended', async () => {
    await history();
    const lead = await claimed('Lawson Retail');
    const deal = await dealOn(lead, '200000');
    await say('alice', `touch ${lead} visit the head office has a budget freeze on new systems`);
    expect((await marks(lead)).map((m) => [m.signal, m.source, m.dealId])).toEqual([
      ['budgetFrozen', 'note', deal],
    ]);
    for (const who of ['alice', 'boss']) {
      const alert = (await inbox(who)).find((c) => c.title.includes('“budget freeze”'));
      expect(alert?.body).toContain(
        'Past cases: 3 closed deals with “budget freeze”: won 1 (¥300,000), lost 2 (¥300,000)',
      );
      expect(alert?.body).toContain('won ¥300,000');
    }
  });

  it('a daily report’s summary about a customer with no deal yet keeps its signal on that lead', async () => {
    const a = await claimed('Mingyuan Tech');
    const b = await claimed('Lawson Retail');
    current().clock.set(at('2026-11-23T10:00'));
    await say('alice', `touch ${a} visit met the IT lead`);
    current().clock.set(at('2026-11-23T14:00'));
    await say('alice', `touch ${b} visit walked the stores`);
    current().clock.set(at('2026-11-23T17:30'));
    await say(
      'alice',
      'report 1 Mingyuan Tech: good meeting. Lawson Retail: they want to compare prices first.',
    );
    expect((await say('alice', 'report submit'))[0]?.title).toContain('Daily report 2026-11-23 filed');

    expect(await marks(a)).toEqual([]);
    const onB = await marks(b);
    expect(onB.map((m) => [m.signal, m.phrase, m.source, m.sourceRef, m.dealId])).toEqual([
      ['priceCompare', 'compare prices', 'report', '2026-11-23', null],
    ]);
    expect(all(await say('alice', `why ${b}`))).toContain(
      '“compare prices” — In Alice’s daily report of 2026-11-23: “Lawson Retail: they want to compare prices first.”',
    );
  });

  it('a signal is kept once per lead, however often it is heard', async () => {
    const lead = await claimed('Mingyuan Tech');
    await say('alice', `touch ${lead} call no budget this year`);
    await say('alice', `touch ${lead} call still no budget`);
    expect((await marks(lead)).map((m) => [m.signal, m.excerpt])).toEqual([
      ['budgetFrozen', 'no budget this year'],
    ]);
  });
});
