// Issue 23, item 7: the sweep acts on due leads a group per transaction. What each lead gets is the same as when
// each had its own transaction, and one lead that cannot be acted on costs only itself.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { poolingPerTransaction, sweep } from '../src/modules/leads/use-cases/sweep.ts';
import {
  createPgSchema,
  DATABASES,
  HOUR,
  leadFields,
  person,
  pgTestEnv,
  runRawSql,
  seedOrg,
  testEnv,
  type PgTestSchema,
  type TestEnv,
} from './helpers.ts';

describe.each(DATABASES)('the sweep in groups, on %s', (kind) => {
  let schema: PgTestSchema | undefined;
  let env: TestEnv;
  beforeAll(async () => {
    if (kind === 'postgres') schema = await createPgSchema();
  });
  afterAll(async () => {
    await schema?.drop();
  });
  beforeEach(async () => {
    env = schema === undefined ? testEnv() : await pgTestEnv(schema);
  });
  afterEach(async () => {
    await env.close();
  });

  /** Writes past the repositories, on a connection of its own: a row no version of ours would write. */
  const writeRaw = (sql: string, params: Array<string | number>) => runRawSql(env, schema, [{ sql, params }]);

  async function offeredTo(repId: string): Promise<number> {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a new lead');
    expect(r.lead).toMatchObject({ status: 'offered', ownerId: repId });
    return r.lead.id;
  }

  const lapsedEvents = () =>
    env.deps.store.transaction((tx) => tx.events.between(0, Number.MAX_SAFE_INTEGER, ['lead.offer_lapsed']));

  it('queues, lead by lead, the pool announcement to every team, the card refresh and the owner’s notice', async () => {
    await seedOrg(env, [person('alice', { capacity: 20 })], {
      teams: [
        { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
        { id: 'east-2', name: '华东二组', managerId: null, channels: {} },
      ],
    });
    const start = env.clock();
    const ids = [await offeredTo('alice'), await offeredTo('alice'), await offeredTo('alice')];
    const before = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }));
    const seen = Math.max(...before.map((n) => n.id));

    expect(await sweep(env.deps, start + 2 * HOUR)).toEqual({ lapsed: 3, reverted: 0, warned: 0 });

    const queued = (await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }))).filter(
      (n) => n.id > seen,
    );
    const companies = await env.deps.store.transaction((tx) => tx.leads.getMany(ids));
    expect(queued.map(({ to, template, data, leadId }) => ({ to, template, data, leadId }))).toEqual(
      ids.flatMap((leadId) => {
        const pooled = { leadId, company: companies.get(leadId)?.company, urgentReason: null };
        return [
          { to: { kind: 'team', id: 'east-1' }, template: 'lead.pooled', data: pooled, leadId },
          { to: { kind: 'team', id: 'east-2' }, template: 'lead.pooled', data: pooled, leadId },
          { to: { kind: 'lead', id: String(leadId) }, template: 'lead.cards', data: { leadId }, leadId },
          {
            to: { kind: 'person', id: 'alice' },
            template: 'lead.offer_lapsed',
            data: { leadId, dueAt: start + 2 * HOUR },
            leadId,
          },
        ];
      }),
    );
    expect(await lapsedEvents()).toEqual(
      ids.map((leadId): unknown =>
        expect.objectContaining({ leadId, from: 'alice', dueAt: start + 2 * HOUR, clock: 'working_hours' }),
      ),
    );
  });

  it('takes back claimed leads in a group with the same events and notices, manager’s included', async () => {
    await seedOrg(env, [person('alice', { capacity: 20 })]);
    const ids = [await offeredTo('alice'), await offeredTo('alice')];
    for (const leadId of ids) await claimLead(env.deps, { personId: 'alice', leadId });
    const leads = await env.deps.store.transaction((tx) => tx.leads.getMany(ids));
    const dueAt = (leadId: number) => leads.get(leadId)?.followUpDueAt;
    const claimedClock = async (leadId: number) => {
      const events = await env.deps.store.transaction((tx) => tx.events.forLead(leadId));
      const claimed = events.find((e) => e.type === 'lead.claimed');
      return claimed?.type === 'lead.claimed' ? (claimed.clock ?? 'wall') : 'none';
    };
    const seen = Math.max(
      ...(await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }))).map((n) => n.id),
    );

    expect(await sweep(env.deps, env.clock() + 10 * 24 * HOUR)).toEqual({
      lapsed: 0,
      reverted: 2,
      warned: 0,
    });

    const queued = (await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }))).filter(
      (n) => n.id > seen,
    );
    expect(queued.map(({ to, template, data }) => ({ to, template, data }))).toEqual(
      ids.flatMap((leadId) => [
        {
          to: { kind: 'team', id: 'east-1' },
          template: 'lead.pooled',
          data: { leadId, company: leads.get(leadId)?.company, urgentReason: null },
        },
        { to: { kind: 'lead', id: String(leadId) }, template: 'lead.cards', data: { leadId } },
        {
          to: { kind: 'person', id: 'alice' },
          template: 'lead.reverted',
          data: { leadId, dueAt: dueAt(leadId) },
        },
        {
          to: { kind: 'person', id: 'boss' },
          template: 'lead.reverted.manager',
          data: { leadId, dueAt: dueAt(leadId), ownerId: 'alice' },
        },
      ]),
    );
    const reverted = await env.deps.store.transaction((tx) =>
      tx.events.between(0, Number.MAX_SAFE_INTEGER, ['lead.reverted']),
    );
    expect(reverted).toEqual(
      await Promise.all(
        ids.map(async (leadId): Promise<unknown> =>
          expect.objectContaining({
            leadId,
            from: 'alice',
            dueAt: dueAt(leadId),
            reason: 'NO_FOLLOW_UP',
            clock: await claimedClock(leadId),
          }),
        ),
      ),
    );
  });

  it('updates, of many leads, only those still held by the owner given with each', async () => {
    await seedOrg(env, [person('alice'), person('bob')]);
    const alices = await offeredTo('alice');
    const bobs = await offeredTo('bob');
    const at = env.clock() + 2 * HOUR;
    const done = await env.deps.store.transaction((tx) =>
      tx.leads.updateHeld(
        [
          { id: alices, ownerId: 'alice' },
          { id: bobs, ownerId: 'alice' },
        ],
        { status: 'offered', offerExpiresBy: at },
        { status: 'pool', ownerId: null, offerExpiresAt: null },
        at,
      ),
    );
    expect([...done]).toEqual([alices]);
    const leads = await env.deps.store.transaction((tx) => tx.leads.getMany([alices, bobs]));
    expect(leads.get(alices)).toMatchObject({ status: 'pool', ownerId: null });
    expect(leads.get(bobs)).toMatchObject({ status: 'offered', ownerId: 'bob' });
  });

  it('lapses the other offers of a group when one lead fails, and lapses that one at the next sweep', async () => {
    await seedOrg(env, [person('alice', { capacity: 20 })]);
    const start = env.clock();
    const [first, broken, last] = [
      await offeredTo('alice'),
      await offeredTo('alice'),
      await offeredTo('alice'),
    ];
    // Tags that are not JSON: the lead cannot be read back, so announcing it to the pool fails.
    await writeRaw(`update leads set tags = ? where id = ?`, ['not json', broken]);

    await expect(sweep(env.deps, start + 2 * HOUR)).rejects.toThrow(
      new RegExp(`2 offers released.*1 leads failed.*lead ${broken}:`),
    );
    const left = await env.deps.store.transaction((tx) => tx.leads.dueOffers(start + 2 * HOUR, 10));
    expect(left.map((d) => d.id)).toEqual([broken]);
    const pooled = await env.deps.store.transaction((tx) => tx.leads.getMany([first, last]));
    expect([...pooled.values()].map((l) => l.status)).toEqual(['pool', 'pool']);
    expect((await lapsedEvents()).map((e) => e.leadId)).toEqual([first, last]);

    await writeRaw(`update leads set tags = ? where id = ?`, ['[]', broken]);
    expect(await sweep(env.deps, start + 2 * HOUR + 60_000)).toEqual({ lapsed: 1, reverted: 0, warned: 0 });
    expect(await env.deps.store.transaction((tx) => tx.leads.get(broken))).toMatchObject({
      status: 'pool',
      ownerId: null,
    });
    expect((await lapsedEvents()).map((e) => e.leadId)).toEqual([first, last, broken]);
    const notices = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }));
    expect(notices.filter((n) => n.template === 'lead.offer_lapsed').map((n) => n.leadId)).toEqual([
      first,
      last,
      broken,
    ]);
  });
});

describe('how many leads go back to the pool per transaction', () => {
  it('is 50, fewer when each is announced to many teams (about 1,000 notices a transaction at most)', () => {
    expect(poolingPerTransaction(0)).toBe(50);
    expect(poolingPerTransaction(18)).toBe(50);
    expect(poolingPerTransaction(40)).toBe(23);
    expect(poolingPerTransaction(40) * 42).toBeLessThanOrEqual(1000);
    expect(poolingPerTransaction(5000)).toBe(1);
  });
});
