// WeCom's message limits (访问频率限制, https://developer.work.weixin.qq.com/document/path/90312): the budget kept in
// the database on SQLite and PostgreSQL, the fake dropping what WeCom would drop, and the adapter — direct replies
// and outbox deliveries together — never sending a message WeCom would drop.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomApi } from '../adapters/wecom/api.ts';
import { chinaDay, storedSendBudget } from '../adapters/wecom/budget.ts';
import { wecomAdapter, type WecomAdapter } from '../adapters/wecom/index.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { WECOM_APP, wecomCallbacks } from './fixtures/wecom-callback.ts';
import { DATABASES, person, seedOrg, testClock, testEnv, useTestEnv, type TestEnv } from './helpers.ts';

const limin = { kind: 'user', id: 'LiMin' } as const;
const text = [{ msgtype: 'text', text: { content: 'hi' } }];

describe.each(DATABASES)('the WeCom send budget on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [
      person('li.min', { identities: { wecom: 'LiMin' } }),
      person('boss', { identities: { wecom: 'Boss' } }),
    ]);
  });

  it('takes 30 messages to a member in a minute, then holds the next until the oldest is a minute old', async () => {
    const budget = storedSendBudget(env.deps.store, { clock: env.clock, accountLimit: 100 });
    const start = env.clock();
    for (let i = 0; i < 30; i++) {
      expect(await budget.take(limin, 1)).toEqual({ ok: true });
      env.clock.advance(1000);
    }
    const held = await budget.take(limin, 1);
    expect(held).toMatchObject({ ok: false, retryAt: start + 60_000 });
    // Another member is not held by LiMin's messages.
    expect(await budget.take({ kind: 'user', id: 'Boss' }, 1)).toEqual({ ok: true });
    env.clock.set(start + 60_000);
    expect(await budget.take(limin, 1)).toEqual({ ok: true });
  });

  it('takes a delivery’s messages all at once or none of them', async () => {
    const budget = storedSendBudget(env.deps.store, { clock: env.clock, accountLimit: 100 });
    const start = env.clock();
    for (let i = 0; i < 28; i++) expect((await budget.take(limin, 1)).ok).toBe(true);
    env.clock.advance(1000);
    // A chart, its card and a file: three, where two are left.
    expect(await budget.take(limin, 3)).toMatchObject({ ok: false, retryAt: start + 60_000 });
    expect(await budget.take(limin, 2)).toEqual({ ok: true });
    expect((await budget.take(limin, 1)).ok).toBe(false);
  });

  it('holds the 1,001st message of an hour to one member', async () => {
    const budget = storedSendBudget(env.deps.store, { clock: env.clock, accountLimit: 100 });
    const start = env.clock();
    for (let i = 0; i < 1000; i++) {
      expect((await budget.take(limin, 1)).ok).toBe(true);
      env.clock.advance(3000); // 20 a minute: never the minute's limit
    }
    expect(await budget.take(limin, 1)).toMatchObject({ ok: false, retryAt: start + 3_600_000 });
  });

  it('keeps the app to seats × 200 messages a natural day (China time), counting every member', async () => {
    const budget = storedSendBudget(env.deps.store, { clock: env.clock, accountLimit: 1 });
    for (let i = 0; i < 200; i++) {
      expect((await budget.take({ kind: 'user', id: `m${i}` }, 1)).ok).toBe(true);
      env.clock.advance(10);
    }
    const held = await budget.take({ kind: 'user', id: 'someone-else' }, 1);
    expect(held).toMatchObject({ ok: false, retryAt: chinaDay(env.clock()).endsAt });
    env.clock.set(chinaDay(env.clock()).endsAt);
    expect((await budget.take({ kind: 'user', id: 'someone-else' }, 1)).ok).toBe(true);
  });

  it('without WECOM_ACCOUNT_LIMIT counts the org’s WeCom members as the seats (2 × 200 a day here)', async () => {
    const budget = storedSendBudget(env.deps.store, { clock: env.clock });
    for (let i = 0; i < 400; i++) expect((await budget.take({ kind: 'user', id: `m${i}` }, 1)).ok).toBe(true);
    expect((await budget.take({ kind: 'user', id: 'm400' }, 1)).ok).toBe(false);
  });

  it('takes 200 messages a minute to a group chat', async () => {
    const budget = storedSendBudget(env.deps.store, { clock: env.clock });
    const chat = { kind: 'channel', id: 'wrEAST' } as const;
    for (let i = 0; i < 200; i++) expect((await budget.take(chat, 1)).ok).toBe(true);
    expect((await budget.take(chat, 1)).ok).toBe(false);
  });

  it('never gives two instances more than 30 a minute to one member, taking at the same moment', async () => {
    const other = await env.openAnother();
    try {
      const a = storedSendBudget(env.deps.store, { clock: env.clock, accountLimit: 100 });
      const b = storedSendBudget(other, { clock: env.clock, accountLimit: 100 });
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take(limin, 1)));
      expect(answers.filter((x) => x.ok)).toHaveLength(30);
    } finally {
      await other.close();
    }
  });
});

describe('the fake WeCom, as strict as WeCom', () => {
  let fake: FakeWecom;
  const clock = testClock();
  beforeEach(async () => {
    fake = await startFakeWecom({ clock, accountLimit: 1 });
  });
  afterEach(() => fake.close());

  it('answers ok to a member’s 31st message of a minute and drops it; the member stays blocked 60 s', async () => {
    // No budget: this is what happens to a client that does not keep one.
    const api = wecomApi({ corpId: 'c', secret: 's', agentId: 1, apiBase: fake.apiBase, clock });
    for (let i = 0; i < 31; i++) await api.send(limin, text);
    expect(fake.ok('message/send')).toHaveLength(30);
    expect(fake.dropped()).toHaveLength(1);
    clock.advance(59_000); // the first messages are a minute old, but the block lasts 60 s from the drop
    await api.send(limin, text);
    expect(fake.dropped()).toHaveLength(2);
    clock.advance(61_000);
    await api.send(limin, text);
    expect(fake.ok('message/send')).toHaveLength(31);
  });

  it('refuses message/send with 45009 past seats × 200 a day, until the day ends', async () => {
    const api = wecomApi({ corpId: 'c', secret: 's', agentId: 1, apiBase: fake.apiBase, clock });
    for (let i = 0; i < 200; i++) await api.send({ kind: 'user', id: `m${i}` }, text);
    await expect(api.send({ kind: 'user', id: 'late' }, text)).rejects.toMatchObject({
      code: 'ERRCODE',
      details: { errcode: 45009 },
      rateLimited: true,
    });
    clock.set(chinaDay(clock()).endsAt);
    await api.send({ kind: 'user', id: 'late' }, text);
    expect(fake.ok('message/send')).toHaveLength(201);
  });
});

describe('the WeCom adapter under the budget (SQLite, over HTTP)', () => {
  let env: TestEnv;
  let fake: FakeWecom;
  let adapter: WecomAdapter;
  let server: Server;
  let base = '';
  let seq = 0;
  const callback = wecomCallbacks({
    base: () => base,
    clock: () => env.clock(),
    settled: () => adapter.settled(),
  });

  beforeEach(async () => {
    env = testEnv();
    fake = await startFakeWecom({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret, clock: env.clock });
    adapter = wecomAdapter({
      chat: { engine: env.deps, defaultLocale: 'en' },
      ...WECOM_APP,
      apiBase: fake.apiBase,
      clock: env.clock,
    });
    await seedOrg(env, [person('li.min', { locale: 'en', identities: { wecom: 'LiMin' } })]);
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [adapter] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
    await env.close();
  });

  it('queues a reply WeCom asked us to hold (45033) in the outbox; it arrives after the wait', async () => {
    fake.failNext('message/send', { errcode: 45033 });
    await callback({ FromUserName: 'LiMin', MsgType: 'text', Content: 'help', MsgId: `m${++seq}` });
    expect(fake.ok('message/send')).toEqual([]);
    const worker = { engine: env.deps, defaultLocale: 'en' as const, deliverers: [adapter.deliverer] };
    for (let round = 0; round < 10 && fake.ok('message/send').length === 0; round++) {
      await deliverOutbox(worker, { now: env.clock() });
      env.clock.advance(1000);
    }
    expect(fake.ok('message/send')).toHaveLength(1);
    expect(JSON.stringify(fake.ok('message/send')[0])).toContain('help');
  });

  it('answers 35 commands in one moment: 30 replies at once, 5 through the outbox a minute later; none dropped', async () => {
    for (let i = 0; i < 35; i++)
      await callback({ FromUserName: 'LiMin', MsgType: 'text', Content: 'help', MsgId: `m${++seq}` });
    expect(fake.ok('message/send')).toHaveLength(30);
    const worker = { engine: env.deps, defaultLocale: 'en' as const, deliverers: [adapter.deliverer] };
    const start = env.clock();
    const sentAt: number[] = [];
    for (let round = 0; round < 200 && fake.ok('message/send').length < 35; round++) {
      const before = fake.ok('message/send').length;
      const r = await deliverOutbox(worker, { now: env.clock() });
      for (let i = before; i < fake.ok('message/send').length; i++) sentAt.push(env.clock());
      expect(r.parked).toBe(0);
      env.clock.advance(1000);
    }
    expect(fake.ok('message/send')).toHaveLength(35);
    expect(fake.dropped()).toEqual([]);
    expect(sentAt.every((t) => t >= start + 60_000)).toBe(true);
    const parked = await env.deps.store.transaction((tx) =>
      tx.deliveries.list({ status: 'parked', limit: 5 }),
    );
    expect(parked).toEqual([]);
  });
});
