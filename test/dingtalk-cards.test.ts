// DingTalk interactive cards over HTTP, against the strict fake: the card callback registered at start-up, clicks
// in DingTalk's own shape at the registered URL, replayed signatures and clicks refused or acted on once, a missing
// template falling back to "type this command", and private answers to group chats.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cardCallbackKey,
  dingtalkAdapter,
  DEFAULT_CALLBACK_ROUTE_KEY,
  type DingtalkAdapter,
} from '../adapters/dingtalk/index.ts';
import { signDingtalkCallback } from '../adapters/dingtalk/verify.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { cardClickBody, startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

const SECRET = 'ding-secret';
const PUBLIC_URL = 'https://leadline.test';
const alice = person('alice', { name: 'Alice', identities: { dingtalk: '0211' } });
const teams = [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: { dingtalk: 'cidEAST' } }];

let env: TestEnv;
let fake: FakeDingtalk;
let server: Server;
let base: string;
let adapter: DingtalkAdapter;
let signed = 0;

/** While this says so, every transaction of the adapter's side of the engine fails (the database is away). */
let databaseDown: () => boolean = () => false;
function flakyEngine(): TestEnv['deps'] {
  const store = new Proxy(env.deps.store, {
    get(target, prop) {
      if (prop === 'transaction')
        return (fn: Parameters<typeof target.transaction>[0]) =>
          databaseDown() ? Promise.reject(new Error('database unreachable')) : target.transaction(fn);
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...env.deps, store };
}

async function start(cardTemplateId = 'tpl-lead') {
  databaseDown = () => false;
  adapter = dingtalkAdapter({
    chat: { engine: flakyEngine(), defaultLocale: 'zh-CN' },
    clientId: 'ding-app',
    clientSecret: SECRET,
    robotCode: 'ding-app',
    apiBase: fake.apiBase,
    clock: env.clock,
    cardTemplateId,
    publicUrl: PUBLIC_URL,
  });
  server = await new Promise<Server>((resolve) => {
    const s = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter] }).listen(0, '127.0.0.1', () =>
      resolve(s),
    );
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** A robot-signed POST to /dingtalk/callback; `timestamp` reuses a pair on purpose. */
function signedPost(body: object, timestamp?: string) {
  signed += 1;
  const ts = timestamp ?? String(env.clock() - signed);
  return post('/dingtalk/callback', JSON.stringify(body), {
    timestamp: ts,
    sign: signDingtalkCallback(SECRET, ts),
  });
}

function robotText(text: string, msgId: string, group = false): object {
  return {
    msgId,
    msgtype: 'text',
    text: { content: text },
    conversationType: group ? '2' : '1',
    conversationId: group ? 'cidGROUP' : 'cidSINGLE',
    senderStaffId: '0211',
    senderNick: 'Alice',
    robotCode: 'ding-app',
    ...(group ? { isInAtList: true } : {}),
  };
}

async function offeredLead(company = 'Acme'): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  return r.lead.id;
}
const lead = (id: number) => env.deps.store.transaction((tx) => tx.leads.get(id));
const eventCount = () => env.deps.store.transaction((tx) => tx.events.count());

async function drain() {
  const worker: OutboxWorkerDeps = {
    engine: env.deps,
    defaultLocale: 'zh-CN',
    deliverers: [adapter.deliverer],
  };
  const total = { dispatched: 0, sent: 0, retried: 0, parked: 0 };
  for (let i = 0; i < 200; i++) {
    const r = await deliverOutbox(worker, { now: env.clock(), limit: 200 });
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
    if (r.dispatched + r.sent + r.retried === 0) return total;
    env.clock.advance(1000);
  }
  throw new Error('outbox not drained');
}

/** The interactive card offering lead `id`, as the fake received it. */
function offerCard(id: number) {
  return [...fake.cards.values()].find((c) => c.cardParamMap.btns?.includes(`lead.claim:${id}`));
}

describe.each(DATABASES)('DingTalk cards on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    fake = await startFakeDingtalk();
  });

  afterEach(async () => {
    await adapter.stop(); // its sweep of kept messages
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
  });

  it('registers the card callback at start-up and sends cards whose clicks go to it', async () => {
    await start();
    await seedOrg(env, [alice], { teams });
    const id = await offeredLead();
    await drain();
    const route = fake.callbackRoutes.get(DEFAULT_CALLBACK_ROUTE_KEY);
    expect(route?.callbackUrl).toBe(`${PUBLIC_URL}/dingtalk/callback?k=${cardCallbackKey(SECRET)}`);
    const create = fake.calls.find((c) => c.path === '/v1.0/card/instances/createAndDeliver');
    expect(create?.body).toMatchObject({
      cardTemplateId: 'tpl-lead',
      callbackType: 'HTTP',
      callbackRouteKey: DEFAULT_CALLBACK_ROUTE_KEY,
    });
    const buttons = JSON.parse(offerCard(id)?.cardParamMap.btns ?? '[]') as Array<{
      action: { type: string; params: { params: { action: string } } };
    }>;
    expect(buttons[0]?.action).toMatchObject({
      type: 'sendCardRequest',
      params: { params: { action: `lead.claim:${id}` } },
    });
  });

  it('claims on a click at the registered URL, updates the card in place, and acts once on the same click again', async () => {
    await start();
    await seedOrg(env, [alice], { teams });
    const id = await offeredLead();
    await drain();
    const offer = offerCard(id);
    const click = JSON.stringify(cardClickBody(offer?.outTrackId ?? '', '0211', `lead.claim:${id}`));
    const url = `/dingtalk/callback?k=${cardCallbackKey(SECRET)}`;

    expect((await post(url, click)).status).toBe(200);
    expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    expect(offer?.updates).toBe(1);
    expect(offer?.cardParamMap.btns).not.toContain('lead.claim');
    const events = await eventCount();
    const calls = fake.calls.length;

    expect((await post(url, click)).status).toBe(200);
    expect(await eventCount()).toBe(events);
    expect(fake.calls.length).toBe(calls);
    expect(offer?.updates).toBe(1);
  });

  it('refuses a click with a wrong key, and a robot message sent with the card key, changing nothing', async () => {
    await start();
    await seedOrg(env, [alice], { teams });
    const id = await offeredLead();
    await drain();
    const click = JSON.stringify(cardClickBody(offerCard(id)?.outTrackId ?? '', '0211', `lead.claim:${id}`));
    expect((await post('/dingtalk/callback?k=wrong', click)).status).toBe(401);
    const message = JSON.stringify(robotText(`领取 ${id}`, 'm-key'));
    expect((await post(`/dingtalk/callback?k=${cardCallbackKey(SECRET)}`, message)).status).toBe(401);
    expect(await lead(id)).toMatchObject({ status: 'offered' });
  });

  it('refuses a captured timestamp + sign with another body, and acts once on the same signed click again', async () => {
    await start();
    await seedOrg(env, [alice], { teams });
    const id = await offeredLead();
    await drain();
    const ts = String(env.clock() - 5000);
    expect((await signedPost(robotText('帮助', 'm-1'), ts)).status).toBe(200);
    const events = await eventCount();
    // The same pair within its hour, now with a forged claim: refused, nothing changes.
    const forged = await signedPost(robotText(`领取 ${id}`, 'm-2'), ts);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ reason: 'REPLAYED' });
    expect(await lead(id)).toMatchObject({ status: 'offered' });
    expect(await eventCount()).toBe(events);

    // A signed click sent twice with the same pair and body (a replay, or DingTalk again) claims once.
    const click = cardClickBody(offerCard(id)?.outTrackId ?? '', '0211', `lead.claim:${id}`);
    const clickTs = String(env.clock() - 7000);
    expect((await signedPost(click, clickTs)).status).toBe(200);
    expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    const after = { events: await eventCount(), calls: fake.calls.length };
    expect((await signedPost(click, clickTs)).status).toBe(200);
    expect({ events: await eventCount(), calls: fake.calls.length }).toEqual(after);
  });

  it('sends markdown naming the command when DingTalk does not know the template, instead of parking', async () => {
    await start('tpl-never-imported');
    await seedOrg(env, [alice], { teams });
    const id = await offeredLead();
    const total = await drain();
    expect(total.parked).toBe(0);
    expect(fake.calls.some((c) => c.path === '/v1.0/card/instances/createAndDeliver')).toBe(true);
    expect(fake.cards.size).toBe(0);
    const toAlice = fake.messages.filter((m) => m.kind === 'o2o' && m.to === '0211');
    expect(toAlice.map((m) => m.msgParam.text).join('\n')).toContain(`领取 ${id}`);
  });

  it('answers a group member privately and tells the group in one line', async () => {
    await start();
    await seedOrg(env, [alice], { teams });
    expect((await signedPost(robotText('@Leadline 领去 1', 'm-g1', true))).status).toBe(200);
    const o2o = fake.messages.filter((m) => m.kind === 'o2o');
    const group = fake.messages.filter((m) => m.kind === 'group');
    expect(o2o.map((m) => [m.to, m.msgParam.title])).toEqual([['0211', t('zh-CN', 'help.title')]]);
    expect(group).toHaveLength(1);
    expect(group[0]?.to).toBe('cidGROUP');
    expect(group[0]?.msgParam.text).toContain(t('zh-CN', 'chat.sentPrivately', { name: 'Alice' }));
    expect(group[0]?.msgParam.text).not.toContain(t('zh-CN', 'help.title'));
  });

  it('tells the group, without the answer, when the private answer could not be delivered', async () => {
    await start();
    await seedOrg(env, [alice], { teams });
    fake.invalidUsers.add('0211');
    expect((await signedPost(robotText('@Leadline 领去 1', 'm-g2', true))).status).toBe(200);
    expect(fake.messages.filter((m) => m.kind === 'o2o')).toEqual([]);
    const group = fake.messages.filter((m) => m.kind === 'group');
    expect(group).toHaveLength(1);
    expect(group[0]?.msgParam.text).toContain(t('zh-CN', 'chat.privateFailed', { name: 'Alice' }));
    expect(group[0]?.msgParam.text).not.toContain(t('zh-CN', 'help.title'));
  });

  it('keeps a message whose action failed over HTTP, answers 200, and acts on it at a later sweep', async () => {
    await start();
    await seedOrg(env, [alice], { teams });
    const id = await offeredLead();
    let transactions = 0;
    databaseDown = () => ++transactions > 2; // the signature pair and the message are recorded, then nothing works
    expect((await signedPost(robotText(`领取 ${id}`, 'm-down'))).status).toBe(200);
    expect(await lead(id)).toMatchObject({ status: 'offered' });
    databaseDown = () => false;
    env.clock.advance(61_000);
    expect(await adapter.sweep()).toBe(1);
    expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    expect(await adapter.sweep()).toBe(0);
  });
});
