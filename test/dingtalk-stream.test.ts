// DingTalk Stream mode against local fakes: the gateway (connections/open on the fake DingTalk API) hands out a
// local WebSocket, frames come in over it and feed the same handler as POST /dingtalk/callback, every frame is
// acknowledged, a redelivered message acts once, and the client reconnects after a drop.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { dingtalkAdapter, type DingtalkAdapter } from '../adapters/dingtalk/index.ts';
import { dingtalkStream } from '../adapters/dingtalk/stream.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { cardClickBody, startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { startFakeStreamGateway, type FakeStreamGateway } from './fixtures/fake-dingtalk-stream.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
const TOPIC_CARD = '/v1.0/card/instances/callback';
const alice = person('alice', { name: 'Alice', identities: { dingtalk: '0211' } });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

let env: TestEnv;
let fake: FakeDingtalk;
let gateway: FakeStreamGateway;
let adapter: DingtalkAdapter;
/** What afterEach stops: the stream client and the app's server a test started. */
let started: Array<() => Promise<void> | void>;
let frameSeq = 0;

beforeEach(async () => {
  env = testEnv();
  fake = await startFakeDingtalk();
  gateway = await startFakeStreamGateway();
  fake.streamEndpoint = gateway.endpoint;
  started = [];
});

/**
 * Every database transaction the adapter's side of the engine makes fails while this says so (the database is
 * away); `seedOrg`, the test's own reads and the outbox use env.deps directly and are not affected.
 */
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

/** The adapter in Stream mode, mounted on the app: mounting connects (there is no route to mount). */
async function start() {
  databaseDown = () => false;
  adapter = dingtalkAdapter({
    chat: { engine: flakyEngine(), defaultLocale: 'zh-CN' },
    clientId: 'ding-app',
    clientSecret: 'ding-secret',
    robotCode: 'ding-app',
    apiBase: fake.apiBase,
    clock: env.clock,
    mode: 'stream',
  });
  const server = await new Promise<Server>((resolve) => {
    const s = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter] }).listen(0, '127.0.0.1', () =>
      resolve(s),
    );
  });
  started.push(
    () => adapter.stop(),
    async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  );
  await seedOrg(env, [alice]);
  return server;
}

afterEach(async () => {
  for (const stop of started) await stop();
  await gateway.close();
  await fake.close();
  await env.close();
});

function frame(topic: string, data: object, messageId = `frame-${++frameSeq}`) {
  return {
    specVersion: '1.0',
    type: 'CALLBACK' as const,
    headers: {
      appId: 'app',
      connectionId: 'conn',
      contentType: 'application/json',
      messageId,
      time: String(env.clock()),
      topic,
    },
    data: JSON.stringify(data),
  };
}

const robotText = (text: string, msgId: string) => ({
  msgId,
  msgtype: 'text',
  text: { content: text },
  conversationType: '1',
  conversationId: 'cidSINGLE',
  senderStaffId: '0211',
  senderNick: 'Alice',
  robotCode: 'ding-app',
});

async function offeredLead(company: string): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  return r.lead.id;
}
const lead = (id: number) => env.deps.store.transaction((tx) => tx.leads.get(id));
/** Waits (polling, no deadline of its own) for what a frame set going after its ack: the message is acted on. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
}
/** How many messages are kept, waiting to be (or being) acted on. */
const kept = async () =>
  (await env.deps.store.transaction((tx) => tx.inbound.due('dingtalk', Number.MAX_SAFE_INTEGER, 100))).length;
const owned = (id: number) => async () => (await lead(id))?.status === 'owned';
const eventCount = () => env.deps.store.transaction((tx) => tx.events.count());

it('connects out through the gateway with the app credentials and mounts no callback route', async () => {
  const server = await start();
  await gateway.connections(1);
  expect(fake.streamOpens).toHaveLength(1);
  expect(fake.streamOpens[0]).toMatchObject({ clientId: 'ding-app', clientSecret: 'ding-secret' });
  expect(fake.streamOpens[0]?.subscriptions).toEqual(
    expect.arrayContaining([
      { type: 'CALLBACK', topic: TOPIC_ROBOT },
      { type: 'CALLBACK', topic: TOPIC_CARD },
    ]),
  );
  expect(gateway.tickets).toEqual(['ticket-1']);
  const port = (server.address() as AddressInfo).port;
  const res = await fetch(`http://127.0.0.1:${port}/dingtalk/callback`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(404);
});

it('claims with 领取 N over Stream, acks every frame, acts once on a redelivery and reconnects after a drop', async () => {
  await start();
  await gateway.connections(1);
  const id = await offeredLead('Acme');
  const message = robotText(`领取 ${id}`, 'stream-msg-1');

  gateway.send(frame(TOPIC_ROBOT, message, 'frame-a'));
  const ack = await gateway.replyTo('frame-a');
  expect(ack).toEqual({
    code: 200,
    headers: { contentType: 'application/json', messageId: 'frame-a' },
    message: 'OK',
    data: JSON.stringify({ response: {} }),
  });
  // Acknowledged first (the message is kept), acted on right after.
  await until(async () => (await kept()) === 0);
  expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
  expect(fake.messages).toMatchObject([{ kind: 'o2o', to: '0211', msgKey: 'sampleMarkdown' }]);
  const events = await eventCount();

  // DingTalk sends the same message again (same msgId, a new frame): acknowledged, and nothing happens.
  gateway.send(frame(TOPIC_ROBOT, message, 'frame-b'));
  expect((await gateway.replyTo('frame-b')).code).toBe(200);
  expect(await eventCount()).toBe(events);
  expect(fake.messages).toHaveLength(1);

  // The gateway drops the connection: the client asks the gateway again and comes back with a new ticket.
  gateway.drop();
  await gateway.connections(2);
  expect(gateway.tickets).toEqual(['ticket-1', 'ticket-2']);
  expect(fake.streamOpens).toHaveLength(2);
  gateway.send(frame(TOPIC_ROBOT, robotText('我的线索', 'stream-msg-2'), 'frame-c'));
  expect((await gateway.replyTo('frame-c')).code).toBe(200);
  // 我的线索 answers with the list, then the claimed lead's own card.
  await until(async () => fake.messages.length === 3 && (await kept()) === 0);
  expect(fake.messages).toHaveLength(3);
});

it('answers the gateway’s ping with the same frame id', async () => {
  await start();
  await gateway.connections(1);
  gateway.send({
    specVersion: '1.0',
    type: 'SYSTEM',
    headers: { messageId: 'ping-1', topic: 'ping', contentType: 'application/json' },
    data: JSON.stringify({ opaque: 'x' }),
  });
  const pong = await gateway.replyTo('ping-1');
  expect(pong).toMatchObject({ code: 200, data: JSON.stringify({ opaque: 'x' }) });
});

it('takes a card button click over Stream: claims and acks', async () => {
  await start();
  await gateway.connections(1);
  const id = await offeredLead('Beta');
  // The click as DingTalk sends it (CardCallbackMessage of its card examples).
  const click = cardClickBody('leadline-d1', '0211', `lead.claim:${id}`);
  gateway.send(frame(TOPIC_CARD, click, 'frame-card'));
  expect((await gateway.replyTo('frame-card')).code).toBe(200);
  await until(owned(id));
  expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
  const claims = async () =>
    (await env.deps.store.transaction((tx) => tx.events.forLead(id))).filter(
      (e) => e.type === 'lead.claimed',
    );
  expect(await claims()).toHaveLength(1);
  // The answer (the card update, refused by the fake, then a message instead) goes out after the ack; the click
  // stops being kept once all of it is done.
  await until(async () => (await kept()) === 0);
  const calls = fake.calls.length;

  // DingTalk sends the same frame again (no ack seen): acknowledged, and nothing is done or answered twice.
  gateway.send(frame(TOPIC_CARD, click, 'frame-card'));
  const acks = () => gateway.replies.filter((r) => r.headers.messageId === 'frame-card');
  for (let i = 0; i < 200 && acks().length < 2; i++) await new Promise((r) => setTimeout(r, 10));
  expect(acks().map((r) => r.code)).toEqual([200, 200]);
  expect(await claims()).toHaveLength(1);
  expect(fake.calls.length).toBe(calls);
});

it('acks a frame it cannot read, and acts on nothing', async () => {
  await start();
  await gateway.connections(1);
  const before = await eventCount();
  gateway.send({ ...frame(TOPIC_ROBOT, {}, 'frame-junk'), data: 'not json' });
  expect((await gateway.replyTo('frame-junk')).code).toBe(200);
  gateway.send(frame(TOPIC_ROBOT, { hello: 'world' }, 'frame-odd'));
  expect((await gateway.replyTo('frame-odd')).code).toBe(200);
  expect(await eventCount()).toBe(before);
  expect(fake.messages).toEqual([]);
});

it('refuses the first socket: one new attempt through the gateway, not two (the SDK alone would retry twice)', async () => {
  const dead = `ws://127.0.0.1:${await closedPort()}`;
  fake.streamEndpointFor = (n) => (n === 1 ? dead : undefined);
  await start();
  await gateway.connections(1);
  // A round trip on the socket that did open, so a second, parallel attempt would have shown by now.
  gateway.send(frame(TOPIC_ROBOT, robotText('我的线索', 'after-refusal'), 'frame-r'));
  expect((await gateway.replyTo('frame-r')).code).toBe(200);
  expect(fake.streamOpens).toHaveLength(2);
  expect(gateway.tickets).toEqual(['ticket-2']);
});

it('leaves a frame it failed to handle unacknowledged, so DingTalk sends it again, and acks the next', async () => {
  const seen: unknown[] = [];
  const stream = dingtalkStream({
    clientId: 'ding-app',
    clientSecret: 'ding-secret',
    apiBase: fake.apiBase,
    handle: (body) => {
      seen.push(body);
      return seen.length === 1
        ? Promise.reject(new Error('database unreachable'))
        : Promise.resolve({ status: 200, body: {} });
    },
  });
  started.push(() => stream.stop());
  stream.start();
  await gateway.connections(1);
  gateway.send(frame(TOPIC_ROBOT, { n: 1 }, 'frame-fails'));
  gateway.send(frame(TOPIC_ROBOT, { n: 2 }, 'frame-works'));
  expect((await gateway.replyTo('frame-works')).code).toBe(200);
  expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
  expect(gateway.replies.map((r) => r.headers.messageId)).toEqual(['frame-works']);
});

it('waits longer each time a socket will not open or drops at once, and starts over after one that held', async () => {
  const dead = `ws://127.0.0.1:${await closedPort()}`;
  const asked: number[] = [];
  // Gateway calls 1–4 hand out a socket that is refused; the 5th a working one.
  fake.streamEndpointFor = (n) => {
    asked.push(Date.now());
    return n <= 4 ? dead : undefined;
  };
  const stream = dingtalkStream({
    clientId: 'ding-app',
    clientSecret: 'ding-secret',
    apiBase: fake.apiBase,
    handle: () => Promise.resolve({ status: 200, body: {} }),
    retry: { firstMs: 100, maxMs: 400, stableMs: 300 },
  });
  started.push(() => stream.stop());
  stream.start();
  await gateway.connections(1);
  expect(asked).toHaveLength(5);
  const gaps = asked.slice(1).map((t, i) => t - (asked[i] as number));
  // 100, 200, 400, then the cap (400) — not the SDK's flat 1 s, and never two attempts at once.
  expect(gaps[0]).toBeGreaterThanOrEqual(90);
  expect(gaps[1]).toBeGreaterThanOrEqual(190);
  expect(gaps[2]).toBeGreaterThanOrEqual(390);
  expect(gaps[3]).toBeGreaterThanOrEqual(390);
  expect(gaps[3]).toBeLessThan(1000);

  // The connection holds past stableMs, then drops: the next attempt comes after firstMs again, not the cap.
  await new Promise((r) => setTimeout(r, 350));
  const dropped = Date.now();
  gateway.drop();
  await gateway.connections(2);
  expect(asked).toHaveLength(6);
  expect((asked[5] as number) - dropped).toBeGreaterThanOrEqual(90);
  expect((asked[5] as number) - dropped).toBeLessThan(390);
});

it('keeps a robot message that came while the database was away, acks it, and acts on it once it is back', async () => {
  await start();
  await gateway.connections(1);
  const id = await offeredLead('Gamma');
  databaseDown = () => true;
  gateway.send(frame(TOPIC_ROBOT, robotText(`领取 ${id}`, 'kept-1'), 'frame-k1'));
  expect((await gateway.replyTo('frame-k1')).code).toBe(200);
  expect(await lead(id)).toMatchObject({ status: 'offered' });
  expect(fake.messages).toEqual([]);

  // Still away: the sweep tries nothing and loses nothing.
  expect(await adapter.sweep()).toBe(0);
  databaseDown = () => false;
  expect(await adapter.sweep()).toBe(1);
  expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
  expect(fake.messages).toMatchObject([{ kind: 'o2o', to: '0211' }]);
  expect(await adapter.sweep()).toBe(0);
});

it('keeps a robot message whose action throws and tries it again later, acting once', async () => {
  await start();
  await gateway.connections(1);
  const id = await offeredLead('Delta');
  // The message is kept (the first transaction), then everything fails: acting on it, and recording the failure.
  let transactions = 0;
  databaseDown = () => ++transactions > 1;
  const message = robotText(`领取 ${id}`, 'kept-2');
  gateway.send(frame(TOPIC_ROBOT, message, 'frame-k2'));
  expect((await gateway.replyTo('frame-k2')).code).toBe(200);
  for (let i = 0; i < 200 && transactions < 2; i++) await new Promise((r) => setTimeout(r, 10));
  expect(await lead(id)).toMatchObject({ status: 'offered' });

  databaseDown = () => false;
  // Not before the lease of the instance that first took it has run out…
  expect(await adapter.sweep()).toBe(0);
  env.clock.advance(61_000);
  expect(await adapter.sweep()).toBe(1);
  expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
  const events = await eventCount();

  // …and once done it is gone: no further try, and the same message again does nothing.
  env.clock.advance(3_600_000);
  expect(await adapter.sweep()).toBe(0);
  gateway.send(frame(TOPIC_ROBOT, message, 'frame-k3'));
  expect((await gateway.replyTo('frame-k3')).code).toBe(200);
  expect(await eventCount()).toBe(events);
  expect(fake.messages).toHaveLength(1);
});
