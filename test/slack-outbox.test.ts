// The outbox worker delivering to Slack through the adapter's Deliverer and the local fake Web API: card copies
// updated after a claim, and exactly-once delivery while the fake fails a tenth of the calls with 429s and 500s.
import { LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackAdapter, type SlackAdapter } from '../adapters/slack/index.ts';
import { signSlackRequest } from '../adapters/slack/verify.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox, MAX_ATTEMPTS, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { eventually, slackSender } from './fixtures/slack-sender.ts';
import { leadFields, MINUTE, person, seedOrg, DATABASES, useTestEnv, type TestEnv } from './helpers.ts';
import { notice } from '../src/modules/notice-data.ts';

const SECRET = 'outbox-secret';
let env: TestEnv;
let fake: FakeSlack;
let adapter: SlackAdapter;
let worker: OutboxWorkerDeps;

/** Delivery rounds on the shared clock, a second apart, until nothing is pending. */
async function drain(maxRounds = 500) {
  const total = { dispatched: 0, sent: 0, retried: 0, parked: 0 };
  for (let i = 0; i < maxRounds; i++) {
    const r = await deliverOutbox(worker, { now: env.clock(), limit: 200 });
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
    const pending = await env.deps.store.transaction(
      async (tx) =>
        (await tx.deliveries.list({ status: 'pending', limit: 1 })).length +
        (await tx.outbox.list({ status: 'pending', limit: 1 })).length,
    );
    if (pending === 0 && r.dispatched + r.sent + r.retried === 0) return total;
    env.clock.advance(1000);
  }
  throw new Error(`outbox not drained after ${maxRounds} rounds: ${JSON.stringify(total)}`);
}

describe.each(DATABASES)('Slack outbox on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    fake = await startFakeSlack();
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    adapter = slackAdapter({
      chat,
      signingSecret: SECRET,
      botToken: 'xoxb-test',
      apiUrl: fake.apiUrl,
      clock: env.clock,
      logLevel: LogLevel.ERROR,
    });
    worker = { ...chat, deliverers: [adapter.deliverer] };
  });

  afterEach(async () => {
    await fake.close();
  });
  describe('Slack delivery through the outbox', () => {
    it('updates every earlier copy of a lead’s card once, after a Claim click on one of them', async () => {
      const teams = [
        { id: 'east-1', name: 'East', managerId: 'boss', channels: { slack: 'CEAST' } },
        { id: 'west-1', name: 'West', managerId: 'boss', channels: { slack: 'CWEST' } },
      ];
      const alice = person('alice', { name: 'Alice', locale: 'en', identities: { slack: 'UALICE' } });
      const bob = person('bob', {
        name: 'Bob',
        locale: 'en',
        teamId: 'west-1',
        identities: { slack: 'UBOB' },
      });
      await seedOrg(env, [alice, bob], { teams, locale: 'en' });
      const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
      if (r.kind !== 'created') throw new Error('expected a new lead');
      const id = r.lead.id;
      await drain();
      env.clock.advance(121 * MINUTE);
      await sweep(env.deps, env.clock()); // the offer lapses: the lead goes to the pool, both team channels hear
      await drain();
      const copies = fake.messages.map((m) => ({ ...m }));
      expect(copies.filter((m) => m.channel === 'CEAST' || m.channel === 'CWEST')).toHaveLength(2);
      fake.reset(); // from here on, only what the claim causes

      // The rep the offer did not go to claims from the team channel post.
      const claimer = r.lead.ownerId === 'alice' ? bob : alice;
      const post = copies.find((m) => m.channel === 'CWEST');
      const app = createApp({ deps: env.deps, locale: 'en', adapters: [adapter] });
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const slack = slackSender(base, fake, (ts, body) => signSlackRequest(SECRET, ts, body), env.clock);
        const click = {
          actionId: 'lead.claim',
          value: String(id),
          responseId: 'click',
          channel: 'CWEST',
          messageTs: post?.ts ?? '',
        };
        expect((await slack.click(claimer.identities.slack ?? '', click)).status).toBe(200);
        await eventually(() => fake.responses.some((x) => x.body.replace_original === true));
      } finally {
        server.closeAllConnections();
        await new Promise((res) => server.close(res));
      }
      expect(await env.deps.store.transaction((tx) => tx.leads.get(id))).toMatchObject({
        ownerId: claimer.id,
      });

      await drain();
      const updates = fake.ok('chat.update');
      expect(updates.map((u) => `${String(u.channel)}:${String(u.ts)}`).sort()).toEqual(
        copies.map((m) => `${m.channel}:${m.ts}`).sort(),
      );
      for (const copy of copies) {
        expect(fake.messages.find((m) => m.ts === copy.ts)?.updates).toBe(copy.updates + 1);
      }
      expect(fake.ok('chat.postMessage')).toEqual([]);
      for (const channel of ['CEAST', 'CWEST']) {
        const updated = fake.messages.find((m) => m.channel === channel);
        expect(JSON.stringify(updated?.blocks)).toContain(`Claimed by ${claimer.name}`);
        expect(JSON.stringify(updated?.blocks)).not.toContain('lead.claim');
      }
    });

    it(`does not park a notice after ${MAX_ATTEMPTS + 1} rate-limit answers (429): it is sent once Slack stops limiting`, async () => {
      await seedOrg(env, [person('alice', { locale: 'en', identities: { slack: 'UALICE' } })]);
      await env.deps.store.transaction((tx) =>
        tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: 'alice' },
            template: 'person.deactivated',
            data: { personId: 'x', leadIds: [1] },
          }),
          env.clock(),
        ),
      );
      for (let i = 0; i <= MAX_ATTEMPTS; i++)
        fake.failNext('chat.postMessage', { status: 429, retryAfter: '2' });
      const start = env.clock();
      const total = await drain();
      const posts = fake.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.outcome);
      expect(posts).toEqual([...Array.from({ length: MAX_ATTEMPTS + 1 }, () => 'rate_limited'), 'ok']);
      expect(total).toMatchObject({ sent: 1, parked: 0 });
      // Slack's Retry-After (2 s) each time, not our growing backoff.
      expect(env.clock() - start).toBeGreaterThanOrEqual((MAX_ATTEMPTS + 1) * 2000);
      expect(env.clock() - start).toBeLessThan(60_000);
      const [sent] = await env.deps.store.transaction((tx) =>
        tx.deliveries.list({ status: 'sent', limit: 5 }),
      );
      expect(sent?.attempts).toBe(1);
    });

    it('posts once when Slack posted the message but the answer was lost (a 5xx after posting): the retry asks first', async () => {
      await seedOrg(env, [person('alice', { locale: 'en', identities: { slack: 'UALICE' } })]);
      await env.deps.store.transaction((tx) =>
        tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: 'alice' },
            template: 'person.deactivated',
            data: { personId: 'x', leadIds: [1] },
          }),
          env.clock(),
        ),
      );
      fake.failNext('chat.postMessage', { status: 500, afterPosting: true });
      const total = await drain();
      expect(total).toMatchObject({ sent: 1, parked: 0 });
      // One message reached the channel, although the first answer was an error.
      expect(fake.messages.filter((m) => m.channel === 'DUALICE' || m.channel === 'UALICE')).toHaveLength(1);
      expect(fake.calls.filter((c) => c.method === 'conversations.history').length).toBeGreaterThan(0);
    });

    it('delivers 1,000 notices exactly once while a tenth of the calls fail with 429 (Retry-After 0–1 s) or 500', async () => {
      const reps = Array.from({ length: 50 }, (_, i) =>
        person(`rep${i}`, { locale: 'en', identities: { slack: `UREP${i}` } }),
      );
      await seedOrg(env, reps);
      await env.deps.store.transaction(async (tx) => {
        for (let n = 0; n < 1000; n++)
          await tx.outbox.enqueue(
            notice({
              to: { kind: 'person', id: `rep${n % 50}` },
              template: 'person.deactivated',
              data: { personId: 'x', leadIds: [n] },
            }),
            env.clock(),
          );
      });
      fake.failWith({ rate: 0.1, seed: 20261123 });

      const total = await drain();

      const failed = fake.calls.filter((c) => c.outcome === 'rate_limited' || c.outcome === 'server_error');
      expect(failed.length).toBeGreaterThan(50);
      expect(failed.some((c) => c.outcome === 'rate_limited')).toBe(true);
      expect(failed.some((c) => c.outcome === 'server_error')).toBe(true);
      const ids = fake
        .ok('chat.postMessage')
        .map((b) => (b.metadata as { event_payload: { delivery_id: number } }).event_payload.delivery_id);
      expect(ids).toHaveLength(1000);
      expect(new Set(ids).size).toBe(1000);
      expect(total).toMatchObject({ sent: 1000, parked: 0 });
      // Each rep's DM got its 20 notices, no more.
      const perChannel = new Map<string, number>();
      for (const m of fake.messages) perChannel.set(m.channel, (perChannel.get(m.channel) ?? 0) + 1);
      expect([...perChannel.values()]).toEqual(Array.from({ length: 50 }, () => 20));
      // A correctness test, not a timed one: 1,000 deliveries with retries take 5–10 s here, and over 20 s when
      // the machine is shared.
    }, 90_000);
  });
});
