// The Slack Deliverer against the local fake Web API: what it posts, how it finds a message again, and how
// Slack's failures reach the outbox worker (which owns retries: the client itself never retries or sleeps).
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_CALL_TIMEOUT_MS, slackAdapter } from '../adapters/slack/index.ts';
import { DeliveryError, type Deliverer } from '../src/conversation/delivery.ts';
import type { Card } from '../src/kernel/card.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeSlack;
let deliverer: Deliverer;

beforeEach(async () => {
  env = testEnv();
  fake = await startFakeSlack();
  deliverer = slackAdapter({
    chat: { engine: env.deps, defaultLocale: 'en' },
    signingSecret: 'secret',
    botToken: 'xoxb-test',
    apiUrl: fake.apiUrl.replace(/\/$/, ''),
    logLevel: LogLevel.ERROR,
  }).deliverer;
});

afterEach(async () => {
  await fake.close();
  await env.close();
});

const card: Card = {
  title: 'Lead #7 · Acme',
  level: 'info',
  body: 'In the pool',
  actions: [{ id: 'lead.claim', label: 'Claim', value: '7', style: 'primary' }],
  leadId: 7,
};
const meta = (deliveryId: number) => ({ deliveryId, locale: 'en' as const });

async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('Slack deliverer', () => {
  it('posts a card to a rep’s DM (opened once) with the delivery id in the message metadata', async () => {
    const ref = await deliverer.send({ kind: 'user', id: 'UALICE' }, card, meta(41));
    const again = await deliverer.send({ kind: 'user', id: 'UALICE' }, card, meta(42));
    expect(ref).toMatch(/^DUALICE:1700000000\.\d+$/);
    expect(again).not.toBe(ref);
    expect(fake.ok('conversations.open')).toEqual([expect.objectContaining({ users: 'UALICE' })]);
    expect(fake.ok('chat.postMessage')[0]).toMatchObject({
      channel: 'DUALICE',
      text: 'Lead #7 · Acme',
      metadata: { event_type: 'leadline_delivery', event_payload: { delivery_id: 41 } },
      blocks: expect.arrayContaining([expect.objectContaining({ type: 'actions' })]),
    });
    expect(deliverer.minIntervalMs).toBe(1000);
  });

  it('posts to a team channel as is, and updates the message it sent', async () => {
    const ref = await deliverer.send({ kind: 'channel', id: 'CTEAM' }, card, meta(1));
    await deliverer.update(
      ref,
      { kind: 'channel', id: 'CTEAM' },
      { ...card, body: 'Claimed by Bob', actions: [] },
      meta(2),
    );
    const [channel, ts] = ref.split(':');
    expect(fake.ok('chat.update')).toEqual([expect.objectContaining({ channel, ts })]);
    expect(fake.messages[0]).toMatchObject({ channel: 'CTEAM', updates: 1 });
    expect(JSON.stringify(fake.messages[0]?.blocks)).toContain('Claimed by Bob');
  });

  it('finds a sent message again by its delivery id, even behind newer ones, and says null for one never sent', async () => {
    const ref = await deliverer.send({ kind: 'channel', id: 'CTEAM' }, card, meta(500));
    for (let i = 0; i < 150; i++)
      await deliverer.send({ kind: 'channel', id: 'CTEAM' }, card, meta(1000 + i));
    expect(await deliverer.reconcile({ kind: 'channel', id: 'CTEAM' }, meta(500))).toBe(ref);
    expect(await deliverer.reconcile({ kind: 'channel', id: 'CTEAM' }, meta(501))).toBeNull();
    expect(fake.ok('conversations.history')[0]).toMatchObject({ include_all_metadata: 'true' }); // form-encoded on the wire;
  });

  it('turns a 429 into a retry after Slack’s Retry-After, without retrying by itself', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: '7' });
    const err = await failure(deliverer.send({ kind: 'channel', id: 'CTEAM' }, card, meta(1)));
    expect(err.options).toEqual({ retryAfterMs: 7000, rateLimited: true });
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(fake.messages).toHaveLength(0);
  });

  it('shares a chart once when chat.postMessage fails after the upload and the delivery is retried', async () => {
    const chart: Card = { ...card, image: { png: PNG_1X1, alt: 'A chart', reading: 'Up 5%' } };
    fake.failNext('chat.postMessage', { status: 500 });
    await failure(deliverer.send({ kind: 'channel', id: 'CTEAM' }, chart, meta(5)));
    expect(fake.files).toHaveLength(1);
    const ref = await deliverer.send({ kind: 'channel', id: 'CTEAM' }, chart, meta(5));
    expect(ref).toMatch(/^CTEAM:/);
    expect(fake.files).toHaveLength(1);
    expect(fake.ok('chat.postMessage')).toHaveLength(1);
    // Another delivery of the same card shares its own chart.
    await deliverer.send({ kind: 'channel', id: 'CTEAM' }, chart, meta(6));
    expect(fake.files).toHaveLength(2);
  });

  it('gives up on a call that hangs, well within the outbox lease, as a retryable failure', async () => {
    const quick = slackAdapter({
      chat: { engine: env.deps, defaultLocale: 'en' },
      signingSecret: 'secret',
      botToken: 'xoxb-test',
      apiUrl: fake.apiUrl,
      logLevel: LogLevel.ERROR,
      outboxCallTimeoutMs: 300,
    }).deliverer;
    fake.hangNext('chat.postMessage');
    const started = Date.now();
    const err = await failure(quick.send({ kind: 'channel', id: 'CTEAM' }, card, meta(9)));
    expect(err.options.permanent).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(OUTBOX_CALL_TIMEOUT_MS).toBeLessThan(60_000);
  });

  it('turns a 500 and a network error into retryable failures', async () => {
    fake.failNext('chat.postMessage', { status: 500 });
    const err = await failure(deliverer.send({ kind: 'channel', id: 'CTEAM' }, card, meta(1)));
    expect(err.options.permanent).toBe(false);
    expect(err.message).toContain('HTTP 500');
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);

    await fake.close();
    const down = await failure(deliverer.send({ kind: 'channel', id: 'CTEAM' }, card, meta(2)));
    expect(down.options.permanent).toBeUndefined();
    fake = await startFakeSlack();
  });

  it('gives up at once on errors a retry cannot fix (channel_not_found, a bad reference)', async () => {
    fake.missingChannels.add('CGONE');
    const gone = await failure(deliverer.send({ kind: 'channel', id: 'CGONE' }, card, meta(1)));
    expect(gone.options).toEqual({ permanent: true });
    expect(gone.message).toContain('channel_not_found');
    const bad = await failure(deliverer.update('nonsense', { kind: 'channel', id: 'C1' }, card, meta(2)));
    expect(bad.options).toEqual({ permanent: true });
  });
});
