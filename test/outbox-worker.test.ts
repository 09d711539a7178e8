import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import {
  DeliveryError,
  type Address,
  type Deliverer,
  type DeliveryMeta,
} from '../src/conversation/delivery.ts';
import { playgroundInbox } from '../src/conversation/inbox.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { deliverOutbox, MAX_ATTEMPTS, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import type { Card } from '../src/kernel/card.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';
import { notice } from '../src/modules/notice-data.ts';

/** A platform that records what it was sent, and fails when told to. */
class RecordingPlatform implements Deliverer {
  readonly platform = 'slack' as const;
  readonly minIntervalMs = 0;
  sent = new Map<number, { address: Address; card: Card }>();
  updates: Array<{ ref: string; card: Card }> = [];
  sendCalls = 0;
  reconciled: number[] = [];
  constructor(private readonly fail: (call: number) => DeliveryError | null = () => null) {}
  send(address: Address, card: Card, meta: DeliveryMeta): Promise<string> {
    const failure = this.fail(++this.sendCalls);
    if (failure !== null) return Promise.reject(failure);
    if (this.sent.has(meta.deliveryId)) throw new Error(`delivery ${meta.deliveryId} sent twice`);
    this.sent.set(meta.deliveryId, { address, card });
    return Promise.resolve(`C:${meta.deliveryId}`);
  }
  update(ref: string, _address: Address, card: Card): Promise<void> {
    this.updates.push({ ref, card });
    return Promise.resolve();
  }
  reconcile(_address: Address, meta: DeliveryMeta): Promise<string | null> {
    this.reconciled.push(meta.deliveryId);
    return Promise.resolve(this.sent.has(meta.deliveryId) ? `C:${meta.deliveryId}` : null);
  }
}

let env: TestEnv;

/** Alice (on Slack) and one notice for her in the outbox. */
async function oneNoticeForAlice(): Promise<void> {
  await seedOrg(env, [person('alice', { identities: { slack: 'U1' } })]);
  await env.deps.store.transaction((tx) =>
    tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: 'alice' },
        template: 'person.deactivated',
        data: { personId: 'x', leadIds: [] },
      }),
      env.clock(),
    ),
  );
}

async function drain(deps: OutboxWorkerDeps, stepMs = 1000, rounds = 500) {
  const total = { dispatched: 0, sent: 0, retried: 0, parked: 0 };
  for (let i = 0; i < rounds; i++) {
    const r = await deliverOutbox(deps, { now: env.clock(), limit: 200 });
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
    const pending = await env.deps.store.transaction(
      async (tx) =>
        (await tx.deliveries.list({ status: 'pending', limit: 1 })).length +
        (await tx.outbox.list({ status: 'pending', limit: 1 })).length,
    );
    if (pending === 0 && r.dispatched + r.sent + r.retried === 0) break;
    env.clock.advance(stepMs);
  }
  return total;
}

describe.each(DATABASES)('outbox worker on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(() => {
    env = current();
  });
  const chat = (): ChatDeps => ({ engine: env.deps, defaultLocale: 'en' });

  it('puts a routed lead in the rep’s playground DMs with Claim and Pass, and turns every copy into her claimed lead after the claim', async () => {
    await seedOrg(env, [person('alice', { name: 'Alice', locale: 'en', identities: { slack: 'UALICE' } })]);
    const slack = new RecordingPlatform();
    const deps: OutboxWorkerDeps = { ...chat(), deliverers: [playgroundDeliverer, slack] };
    const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
    await drain(deps);
    const inbox = await playgroundInbox(chat(), 'alice');
    expect(inbox).toHaveLength(1);
    expect(inbox?.[0]).toMatchObject({
      where: 'dm',
      card: { title: expect.stringContaining('Acme'), actions: [{ id: 'lead.claim' }, { id: 'lead.pass' }] },
    });
    expect([...slack.sent.values()][0]?.address).toEqual({ kind: 'user', id: 'UALICE' });

    await claimLead(env.deps, { personId: 'alice', leadId: r.kind === 'created' ? r.lead.id : 0 });
    await drain(deps);
    const after = await playgroundInbox(chat(), 'alice');
    // Both copies are Alice's own: they say "you" and carry her next steps instead of Claim and Pass.
    expect(after?.[0]?.card.body).toContain('Yours: you claimed it');
    expect(after?.[0]?.card.actions?.map((a) => a.id)).toEqual(['lead.touch', 'deal.new', 'lead.release']);
    expect(slack.updates).toHaveLength(1);
    expect(slack.updates[0]?.card.body).toContain('Yours: you claimed it');
  });

  it('posts pool leads to the team channel, in Chinese for a zh-CN org', async () => {
    await seedOrg(env, [person('alice', { outOfOffice: true })]);
    await submitLead(env.deps, { fields: leadFields({ company: '华东医疗' }), via: 'api' });
    await drain({ ...chat(), deliverers: [playgroundDeliverer] });
    const inbox = await playgroundInbox(chat(), 'boss'); // managers see every team channel
    expect(inbox?.[0]).toMatchObject({
      where: 'team:east-1',
      card: { title: '线索池新线索：#1 华东医疗', actions: [{ id: 'lead.claim', label: '领取' }] },
    });
  });

  it('delivers 1,000 notices exactly once while the platform fails 10 % of calls with 429 or 500', async () => {
    // 50 people, 20 messages each: each person's messages go one at a time, in order.
    const people = Array.from({ length: 50 }, (_, i) => person(`p${i}`, { identities: { slack: `U${i}` } }));
    await seedOrg(env, people);
    await env.deps.store.transaction(async (tx) => {
      for (let i = 0; i < 1000; i++)
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: `p${i % 50}` },
            template: 'person.deactivated',
            data: { personId: 'x', leadIds: [i] },
          }),
          env.clock(),
        );
    });
    const flaky = new RecordingPlatform((call) =>
      call % 10 === 3
        ? new DeliveryError('rate limited', { retryAfterMs: 1000 })
        : call % 10 === 7
          ? new DeliveryError('server error')
          : null,
    );
    const total = await drain({ ...chat(), deliverers: [flaky] }, 2000, 200);
    expect(flaky.sent.size).toBe(1000);
    expect(total.parked).toBe(0);
    const sent = await env.deps.store.transaction((tx) =>
      tx.deliveries.list({ status: 'sent', limit: 2000 }),
    );
    expect(sent).toHaveLength(1000);
  }, 90_000); // 1,000 deliveries: about 7 s on PostgreSQL alone at load 7, 20+ s within the suite

  it('keeps each person’s messages in order even when one fails and waits', async () => {
    await seedOrg(env, [person('alice', { locale: 'en', identities: { slack: 'U1' } })]);
    await env.deps.store.transaction(async (tx) => {
      for (let i = 0; i < 5; i++)
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: 'alice' },
            template: 'person.deactivated',
            data: { personId: 'x', leadIds: [i] },
          }),
          env.clock(),
        );
    });
    const platform = new RecordingPlatform((call) =>
      call === 1 ? new DeliveryError('rate limited', { retryAfterMs: 5000 }) : null,
    );
    await drain({ ...chat(), deliverers: [platform] }, 1000);
    const order = [...platform.sent.values()].map((m) => m.card.body);
    expect(order).toEqual([
      'Leads #0 went back through routing.',
      'Leads #1 went back through routing.',
      'Leads #2 went back through routing.',
      'Leads #3 went back through routing.',
      'Leads #4 went back through routing.',
    ]);
  });

  it('holds messages back past a deliverer’s own windowed cap (3 a minute here), in order, none lost', async () => {
    await seedOrg(env, [person('alice', { locale: 'en', identities: { slack: 'U1' } })]);
    await env.deps.store.transaction(async (tx) => {
      for (let i = 0; i < 7; i++)
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: 'alice' },
            template: 'person.deactivated',
            data: { personId: 'x', leadIds: [i] },
          }),
          env.clock(),
        );
    });
    const start = env.clock();
    const times: number[] = [];
    const platform = new (class extends RecordingPlatform {
      readonly limits = [{ count: 3, perMs: 60_000 }];
      override send(address: Address, card: Card, meta: DeliveryMeta): Promise<string> {
        times.push(env.clock() - start);
        return super.send(address, card, meta);
      }
    })();
    await drain({ ...chat(), deliverers: [platform] }, 1000);
    expect(platform.sent.size).toBe(7);
    // Three at once, then each waits until the send three before it is a minute old.
    expect(times.slice(0, 3).every((t) => t < 60_000)).toBe(true);
    for (let i = 3; i < 7; i++) expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(60_000);
    expect(times[6]).toBeLessThan(3 * 60_000);
    expect([...platform.sent.values()].map((m) => m.card.body)).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => `Leads #${i} went back through routing.`),
    );
  });

  it(`parks a delivery after ${MAX_ATTEMPTS} failures, and an admin can send it again`, async () => {
    await oneNoticeForAlice();
    const down = new RecordingPlatform(() => new DeliveryError('server error'));
    const total = await drain({ ...chat(), deliverers: [down] }, 600_000);
    expect(total.parked).toBe(1);
    expect(down.sendCalls).toBe(MAX_ATTEMPTS);
    const [parked] = await env.deps.store.transaction((tx) =>
      tx.deliveries.list({ status: 'parked', limit: 5 }),
    );
    expect(parked?.lastError).toBe('server error');
    await env.deps.store.transaction((tx) => tx.deliveries.unpark(parked?.id ?? 0, env.clock()));
    const up = new RecordingPlatform();
    await drain({ ...chat(), deliverers: [up] });
    expect(up.sent.size).toBe(1);
  });

  it('after a worker died mid-send, asks the platform before resending, so nothing goes out twice', async () => {
    await seedOrg(env, [
      person('alice', { identities: { slack: 'U1' } }),
      person('bob', { identities: { slack: 'U2' } }),
    ]);
    await env.deps.store.transaction(async (tx) => {
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: 'alice' },
          template: 'person.deactivated',
          data: { personId: 'x', leadIds: [] },
        }),
        env.clock(),
      );
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: 'bob' },
          template: 'person.deactivated',
          data: { personId: 'x', leadIds: [] },
        }),
        env.clock(),
      );
    });
    const platform = new RecordingPlatform();
    const deps: OutboxWorkerDeps = { ...chat(), deliverers: [platform] };
    // A worker claims both, sends alice's, and dies before recording anything.
    await deliverOutbox(deps, { now: env.clock(), limit: 0 }); // dispatch only
    const claimed = await env.deps.store.transaction((tx) =>
      tx.deliveries.claimDue(env.clock(), env.clock() + 60_000, 10),
    );
    expect(claimed).toHaveLength(2);
    const alice = claimed.find((d) => d.address.id === 'U1');
    await platform.send(
      alice!.address,
      { title: 'x', level: 'info' },
      { deliveryId: alice!.id, locale: 'en' },
    );
    // Before the lease runs out nobody touches them; after it, they are reconciled, and only bob's is sent.
    expect(await deliverOutbox(deps, { now: env.clock() + 59_000 })).toMatchObject({ sent: 0 });
    env.clock.advance(61_000);
    expect(await deliverOutbox(deps, { now: env.clock() })).toMatchObject({ sent: 2 });
    expect(platform.reconciled.sort()).toEqual(claimed.map((d) => d.id).sort());
    expect(platform.sent.size).toBe(2);
    expect(platform.sendCalls).toBe(2);
  });

  it('renews a lease only for the claim that holds it: not after it lapsed and was released, nor taken over', async () => {
    await oneNoticeForAlice();
    await deliverOutbox({ ...chat(), deliverers: [new RecordingPlatform()] }, { now: env.clock(), limit: 0 });
    const t = env.clock();
    const renew = (id: number, attempts: number, until: number) =>
      env.deps.store.transaction((tx) => tx.deliveries.renewLease(id, attempts, until));
    const [first] = await env.deps.store.transaction((tx) => tx.deliveries.claimDue(t, t + 1000, 1));
    expect(first?.attempts).toBe(1);
    expect(await renew(first!.id, 1, t + 2000)).toBe(true);
    // Renewed: not released at the first lease's end, released after the renewed one.
    expect(await env.deps.store.transaction((tx) => tx.deliveries.releaseExpired(t + 1500))).toBe(0);
    expect(await env.deps.store.transaction((tx) => tx.deliveries.releaseExpired(t + 2500))).toBe(1);
    expect(await renew(first!.id, 1, t + 4000)).toBe(false);
    const [second] = await env.deps.store.transaction((tx) => tx.deliveries.claimDue(t + 2500, t + 3500, 1));
    expect(second?.attempts).toBe(2);
    expect(await renew(first!.id, 1, t + 4000)).toBe(false);
    expect(await renew(first!.id, 2, t + 4000)).toBe(true);
  });

  it('keeps the lease while a slow platform call is in flight, so another round does not send it again', async () => {
    await oneNoticeForAlice();
    let open = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    let entered = 0;
    // The first send waits at the gate, as a platform call that outlasts the lease does.
    class SlowPlatform extends RecordingPlatform {
      override async send(address: Address, card: Card, meta: DeliveryMeta): Promise<string> {
        if (++entered === 1) await gate;
        return super.send(address, card, meta);
      }
    }
    const platform = new SlowPlatform();
    const t = env.clock();
    const first = deliverOutbox({ ...chat(), deliverers: [platform] }, { now: t, leaseMs: 1000 });
    while (entered === 0) await new Promise((r) => setTimeout(r, 10));
    // Long past the lease it was claimed with; the worker renews it (every third of the lease) while it waits.
    env.clock.advance(10_000);
    const leaseAfter = async (at: number) =>
      ((await env.deps.store.transaction((tx) => tx.deliveries.list({ status: 'sending', limit: 1 })))[0]
        ?.leaseUntil ?? 0) > at;
    for (let i = 0; i < 100 && !(await leaseAfter(env.clock())); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await leaseAfter(env.clock())).toBe(true);
    const other = new RecordingPlatform();
    expect(await deliverOutbox({ ...chat(), deliverers: [other] }, { now: env.clock() })).toMatchObject({
      sent: 0,
    });
    open();
    expect(await first).toMatchObject({ sent: 1, lost: 0 });
    expect(other.sendCalls + other.reconciled.length).toBe(0);
    expect(platform.sent.size).toBe(1);
  });
});

// Several instances share one database only on PostgreSQL (F40); on SQLite one process owns the file.
describe('outbox worker with two instances on postgres', () => {
  const current = useTestEnv('postgres');
  beforeEach(() => {
    env = current();
  });
  const chat = (): ChatDeps => ({ engine: env.deps, defaultLocale: 'en' });

  it('lets two instances drain the same outbox at once, each message sent once', async () => {
    await seedOrg(env, [
      person('alice', { identities: { slack: 'U1' } }),
      person('bob', { identities: { slack: 'U2' } }),
      person('carl', { identities: { slack: 'U3' } }),
    ]);
    await env.deps.store.transaction(async (tx) => {
      for (let i = 0; i < 60; i++)
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: ['alice', 'bob', 'carl'][i % 3] as string },
            template: 'person.deactivated',
            data: { personId: 'x', leadIds: [] },
          }),
          env.clock(),
        );
    });
    const platform = new RecordingPlatform();
    const other = await env.openAnother();
    try {
      const a: OutboxWorkerDeps = { ...chat(), deliverers: [platform] };
      const b: OutboxWorkerDeps = {
        engine: { ...env.deps, store: other },
        defaultLocale: 'en',
        deliverers: [platform],
      };
      for (let round = 0; round < 40; round++) {
        await Promise.all([deliverOutbox(a, { now: env.clock() }), deliverOutbox(b, { now: env.clock() })]);
        env.clock.advance(1000);
      }
    } finally {
      await other.close();
    }
    expect(platform.sent.size).toBe(60);
    expect(platform.sendCalls).toBe(60);
  });
});
