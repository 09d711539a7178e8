// Issue 25, items 2 and 3, through the playground's HTTP API on SQLite and PostgreSQL: clocks count the org's
// working time (offers in working hours, follow-ups and SOP tasks on working days, warnings at working moments),
// the rules file's `wall` restores plain time, and `我的指标` shows one deadline per lead the rep holds — the one
// `我的线索` shows.
import { DateTime } from 'luxon';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { parseRules } from '../src/config.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { closeLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { DATABASES, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
  leadId?: number;
  actions?: Array<{ id: string; label: string; value: string }>;
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
/** As the cards show a time (formatTime): `12-07 11:00`. */
const shown = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat('MM-dd HH:mm');

let env: TestEnv;
let server: Server;
let base: string;
let chat: ChatDeps;
let phone = 0;

async function post(path: string, body: unknown): Promise<CardJson[]> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: CardJson[] }).replies;
}

const say = async (text: string, as = 'alice') => post('say', { as, text });
const body = (cards: CardJson[]) => cards.map((c) => `${c.title}\n${c.body ?? ''}`).join('\n');

/**
 * A new lead typed in through the playground's form at `iso` (org time) by the manager, so it is routed: offered
 * to alice, the one rep.
 */
async function newLead(iso: string, company: string): Promise<number> {
  env.clock.set(at(iso));
  phone += 1;
  const replies = await post('submit', {
    as: 'boss',
    formId: 'lead.new',
    values: {
      company,
      phone: `1391234${String(phone).padStart(4, '0')}`,
      budget: 300000,
      need: '办公室装修',
      source: 'chat',
      campaign: 'PLAY-1',
    },
  });
  const id = replies[0]?.leadId;
  if (id === undefined) throw new Error(`expected a lead: ${JSON.stringify(replies)}`);
  return id;
}

async function claim(iso: string, id: number): Promise<void> {
  env.clock.set(at(iso));
  expect(body(await say(`claim ${id}`))).not.toBe('');
  const lead = await env.deps.store.transaction((tx) => tx.leads.get(id));
  expect(lead).toMatchObject({ status: 'owned', ownerId: 'alice' });
}

async function inbox(as: string): Promise<CardJson[]> {
  for (let i = 0; i < 20; i++) {
    const r = await deliverOutbox({ ...chat, deliverers: [playgroundDeliverer] }, { now: env.clock() });
    if (r.sent === 0 && r.dispatched === 0) break;
  }
  const res = await fetch(`${base}/playground/api/inbox?as=${as}`);
  return ((await res.json()) as { messages: Array<{ card: CardJson }> }).messages.map((m) => m.card);
}

const events = (leadId: number) => env.deps.store.transaction((tx) => tx.events.forLead(leadId));

/** The rules file with every clock set to plain time. */
const WALL_RULES = `
clocks:
  offer: wall
  followUp: wall
  sop: wall
`;

describe.each(DATABASES)('working-time clocks on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice', { name: '李敏' })]);
    chat = { engine: env.deps, defaultLocale: 'zh-CN' };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('offers a lead routed at 03:12 until 11:00 (2 working hours), not 05:12, and says so on the card', async () => {
    const id = await newLead('2026-12-07T03:12', '凌晨咨询公司');
    const offer = (await inbox('alice')).find((c) => c.leadId === id);
    expect(offer?.body).toContain(shown('2026-12-07T11:00'));
    expect(await sweep(env.deps, at('2026-12-07T05:12'))).toMatchObject({ lapsed: 0, warned: 0 });
    expect(await sweep(env.deps, at('2026-12-07T10:30'))).toMatchObject({ lapsed: 0, warned: 1 });
    expect(await sweep(env.deps, at('2026-12-07T11:00'))).toMatchObject({ lapsed: 1 });
    const log = await events(id);
    expect(log.find((e) => e.type === 'lead.offered')).toMatchObject({
      expiresAt: at('2026-12-07T11:00'),
      clock: 'working_hours',
    });
    expect(log.find((e) => e.type === 'lead.offer_lapsed')).toMatchObject({ clock: 'working_hours' });
  });

  it('a Friday 09:00 claim is due Monday 09:00, warned Friday 17:30 (not Monday 08:30), taken back Monday 09:00', async () => {
    const id = await newLead('2026-12-04T08:50', '周五认领公司');
    await claim('2026-12-04T09:00', id);
    expect(body(await say('我的线索'))).toContain(shown('2026-12-07T09:00'));
    expect(await sweep(env.deps, at('2026-12-04T17:29'))).toMatchObject({ warned: 0 });
    expect(await sweep(env.deps, at('2026-12-04T17:30'))).toMatchObject({ warned: 1 });
    expect(await sweep(env.deps, at('2026-12-05T09:00'))).toMatchObject({ reverted: 0, warned: 0 });
    expect(await sweep(env.deps, at('2026-12-07T08:30'))).toMatchObject({ reverted: 0, warned: 0 });
    expect(await sweep(env.deps, at('2026-12-07T09:00'))).toMatchObject({ reverted: 1 });
    const log = await events(id);
    expect(log.filter((e) => e.type === 'lead.warned').map((e) => e.at)).toEqual([at('2026-12-04T17:30')]);
    expect(log.find((e) => e.type === 'lead.claimed')).toMatchObject({
      dueAt: at('2026-12-07T09:00'),
      clock: 'working_days',
    });
    expect(log.find((e) => e.type === 'lead.reverted')).toMatchObject({
      dueAt: at('2026-12-07T09:00'),
      clock: 'working_days',
    });
  });

  it('SOP tasks of a deal opened on Friday night fall due on Monday, not over the weekend', async () => {
    const id = await newLead('2026-12-04T21:00', '周末商机公司');
    await claim('2026-12-04T21:30', id);
    env.clock.set(at('2026-12-04T22:00'));
    const created = await say(`deal new ${id} 30万`);
    expect(created[0]?.level).not.toBe('red');
    const tasks = await env.deps.store.transaction(async (tx) => {
      const deal = await tx.deals.byLead(id);
      return deal === null ? [] : tx.deals.openTasks(deal.id);
    });
    const sop = tasks.filter((t) => t.kind === 'sop').map((t) => t.dueAt);
    // 2 h: Friday 22:00–24:00 uses them up, so the next working day begins the due moment; 24 h: Monday 22:00.
    expect(sop).toEqual([at('2026-12-07T00:00'), at('2026-12-07T22:00')]);
    expect(await sweepDeals(env.deps, at('2026-12-06T05:27'))).toMatchObject({ overdue: 0 });
    expect(await sweepDeals(env.deps, at('2026-12-07T00:00'))).toMatchObject({ overdue: 1 });
  });

  it('the rules file’s `wall` restores plain time for every clock', async () => {
    env.deps.rules = parseRules(WALL_RULES);
    const night = await newLead('2026-12-07T03:12', '凌晨咨询公司');
    expect((await inbox('alice')).find((c) => c.leadId === night)?.body).toContain(shown('2026-12-07T05:12'));
    expect(await sweep(env.deps, at('2026-12-07T05:12'))).toMatchObject({ lapsed: 1 });

    const friday = await newLead('2026-12-04T08:50', '周五认领公司');
    await claim('2026-12-04T09:00', friday);
    expect(body(await say('我的线索'))).toContain(shown('2026-12-05T09:00'));
    expect(await sweep(env.deps, at('2026-12-05T08:30'))).toMatchObject({ warned: 1 });
    expect(await sweep(env.deps, at('2026-12-05T09:00'))).toMatchObject({ reverted: 1 });

    const deal = await newLead('2026-12-04T21:00', '周末商机公司');
    await claim('2026-12-04T21:30', deal);
    env.clock.set(at('2026-12-04T22:00'));
    await say(`deal new ${deal} 30万`);
    expect(await sweepDeals(env.deps, at('2026-12-06T05:27'))).toMatchObject({ overdue: 2 });
  });
});

describe.each(DATABASES)('`我的指标` and `我的线索` agree on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice', { name: '李敏' })]);
    chat = { engine: env.deps, defaultLocale: 'zh-CN' };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('lists only the leads alice holds, each with the deadline `我的线索` shows', async () => {
    // Taken back: claimed Thursday, no follow-up by Friday 09:00.
    const takenBack = await newLead('2026-12-03T08:50', '收回公司');
    await claim('2026-12-03T09:00', takenBack);
    expect(await sweep(env.deps, at('2026-12-04T09:00'))).toMatchObject({ reverted: 1 });
    const held = await newLead('2026-12-04T08:50', '持有公司');
    const released = await newLead('2026-12-04T08:51', '放回公司');
    await claim('2026-12-04T09:00', held);
    await claim('2026-12-04T09:00', released);
    env.clock.set(at('2026-12-04T09:10'));
    await say(`release ${released} 客户不需要`);
    // Closed as lost before any follow-up (the CLI's `lead close`): no longer hers either.
    const lost = await newLead('2026-12-04T08:52', '丢单公司');
    await claim('2026-12-04T09:00', lost);
    env.clock.set(at('2026-12-04T09:20'));
    expect(await closeLead(env.deps, { leadId: lost, outcome: 'lost', actorId: null })).toMatchObject({
      kind: 'closed',
    });

    env.clock.set(at('2026-12-04T10:00'));
    const mine = body(await say('我的线索'));
    const kbi = body(await say('我的指标'));
    expect(mine).toContain(`#${held} 持有公司`);
    expect(mine).toContain(shown('2026-12-07T09:00'));
    expect(kbi).toContain('待完成（1）：');
    expect(kbi).toContain('持有公司');
    expect(kbi).toContain(shown('2026-12-07T09:00'));
    for (const gone of ['收回公司', '放回公司', '丢单公司']) {
      expect(mine).not.toContain(gone);
      expect(kbi).not.toContain(gone);
    }
    // `kbi` is the same command.
    expect(body(await say('kbi'))).toBe(kbi);
  });
});
