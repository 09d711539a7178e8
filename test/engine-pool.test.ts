import { beforeEach, describe, expect, it } from 'vitest';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { passLead, releaseLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { claimBoard, listMarket } from '../src/modules/leads/use-cases/market.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { HOUR, MINUTE, leadFields, person, seedOrg, type TestEnv, DATABASES, useTestEnv } from './helpers.ts';

let env: TestEnv;

async function offeredTo(repId: string) {
  const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  expect(r.lead).toMatchObject({ status: 'offered', ownerId: repId });
  return r.lead.id;
}

async function lead(id: number) {
  return env.deps.store.transaction((tx) => tx.leads.get(id));
}

async function outbox() {
  return env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }));
}

describe.each(DATABASES)('on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(() => {
    env = current();
  });

  describe('pool timeouts (F4)', () => {
    it('releases an unclaimed lead to the pool after exactly 2 hours, not a millisecond before', async () => {
      await seedOrg(env, [person('alice')]);
      const start = env.clock();
      const id = await offeredTo('alice');
      expect(await sweep(env.deps, start + 2 * HOUR - 1)).toMatchObject({ lapsed: 0 });
      expect(await lead(id)).toMatchObject({ status: 'offered' });
      expect(await sweep(env.deps, start + 2 * HOUR)).toMatchObject({ lapsed: 1 });
      expect(await lead(id)).toMatchObject({ status: 'pool', ownerId: null });
      expect((await outbox()).map((n) => n.template)).toContain('lead.offer_lapsed');
    });

    it('warns the rep 30 minutes before the offer runs out, once', async () => {
      await seedOrg(env, [person('alice')]);
      const start = env.clock();
      const id = await offeredTo('alice');
      expect(await sweep(env.deps, start + 89 * MINUTE)).toMatchObject({ warned: 0 });
      expect(await sweep(env.deps, start + 90 * MINUTE)).toMatchObject({ warned: 1 });
      expect(await sweep(env.deps, start + 91 * MINUTE)).toMatchObject({ warned: 0 });
      const warnings = (await outbox()).filter((n) => n.template === 'lead.offer_expiring');
      expect(warnings).toEqual([
        expect.objectContaining({ to: { kind: 'person', id: 'alice' }, leadId: id }),
      ]);
    });

    it('takes back a claimed lead with no follow-up after 24 hours, and tells the rep and the manager', async () => {
      await seedOrg(env, [person('alice')]);
      const id = await offeredTo('alice');
      expect(await claimLead(env.deps, { personId: 'alice', leadId: id })).toMatchObject({
        kind: 'claimed',
        via: 'offer',
      });
      const claimedAt = env.clock();
      expect(await sweep(env.deps, claimedAt + 24 * HOUR - 1)).toMatchObject({ reverted: 0 });
      expect(await sweep(env.deps, claimedAt + 24 * HOUR)).toMatchObject({ reverted: 1 });
      expect(await lead(id)).toMatchObject({ status: 'pool', ownerId: null });
      const templates = (await outbox()).map((n) => `${n.template}→${n.to.id}`);
      expect(templates).toEqual(
        expect.arrayContaining(['lead.reverted→alice', 'lead.reverted.manager→boss']),
      );
    });

    it('stops the 24-hour clock at the first follow-up', async () => {
      await seedOrg(env, [person('alice')]);
      const id = await offeredTo('alice');
      await claimLead(env.deps, { personId: 'alice', leadId: id });
      env.clock.advance(23 * HOUR);
      expect(
        await touchLead(env.deps, { personId: 'alice', leadId: id, kind: 'call', note: '客户要报价' }),
      ).toMatchObject({ kind: 'touched', first: true });
      expect(await sweep(env.deps, env.clock() + 10 * 24 * HOUR)).toEqual({
        lapsed: 0,
        reverted: 0,
        warned: 0,
      });
      expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    });

    it('catches up after downtime: a server off for a day acts on what fell due, once', async () => {
      await seedOrg(env, [person('alice', { capacity: 20 })]);
      const ids = [await offeredTo('alice'), await offeredTo('alice'), await offeredTo('alice')];
      await claimLead(env.deps, { personId: 'alice', leadId: ids[0] as number });
      const dayLater = env.clock() + 25 * HOUR;
      expect(await sweep(env.deps, dayLater)).toEqual({ lapsed: 2, reverted: 1, warned: 0 });
      expect(await sweep(env.deps, dayLater)).toEqual({ lapsed: 0, reverted: 0, warned: 0 });
      const events = await env.deps.store.transaction((tx) =>
        tx.events.between(0, Number.MAX_SAFE_INTEGER, ['lead.offer_lapsed', 'lead.reverted', 'lead.warned']),
      );
      expect(events.map((e) => e.type).sort()).toEqual([
        'lead.offer_lapsed',
        'lead.offer_lapsed',
        'lead.reverted',
      ]);
    });

    it('makes a former owner wait out the cooldown before claiming the lead again', async () => {
      await seedOrg(env, [person('alice'), person('bob')]);
      const id = await offeredTo('alice');
      await claimLead(env.deps, { personId: 'alice', leadId: id });
      expect(
        await releaseLead(env.deps, { personId: 'alice', leadId: id, note: '不是目标客户' }),
      ).toMatchObject({ kind: 'released' });
      env.clock.advance(23 * HOUR);
      expect(await claimLead(env.deps, { personId: 'alice', leadId: id })).toMatchObject({
        kind: 'rejected',
        reason: 'COOLDOWN',
      });
      env.clock.advance(HOUR);
      expect(await claimLead(env.deps, { personId: 'alice', leadId: id })).toMatchObject({
        kind: 'claimed',
        via: 'market',
      });
    });

    it('routes a passed offer to someone else and keeps the passer in cooldown', async () => {
      await seedOrg(env, [person('alice'), person('bob')]);
      const id = await offeredTo('alice');
      expect(await passLead(env.deps, { personId: 'alice', leadId: id })).toMatchObject({
        kind: 'passed',
        lead: { status: 'offered', ownerId: 'bob' },
      });
      expect(await passLead(env.deps, { personId: 'bob', leadId: id })).toMatchObject({
        kind: 'passed',
        lead: { status: 'pool', ownerId: null },
      });
    });
  });

  describe('lead market (F5)', () => {
    async function pooled(n: number, overrides = {}) {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await submitLead(env.deps, { fields: leadFields(overrides), via: 'api' });
        if (r.kind !== 'created') throw new Error('expected new');
        ids.push(r.lead.id);
      }
      return ids;
    }

    it('counts the daily cap of 3 in Asia/Shanghai: the 4th claim at 23:59 is refused, at 00:00 it is allowed', async () => {
      const ids = await pooled(5); // no org yet: everything pools
      await seedOrg(env, [person('alice', { capacity: 20 })]);
      env.clock.set('2026-11-23T15:50:00Z'); // 23:50 in Shanghai
      for (const id of ids.slice(0, 3))
        expect(await claimLead(env.deps, { personId: 'alice', leadId: id })).toMatchObject({
          kind: 'claimed',
        });
      env.clock.set('2026-11-23T15:59:59Z');
      expect(await claimLead(env.deps, { personId: 'alice', leadId: ids[3] as number })).toMatchObject({
        kind: 'rejected',
        reason: 'DAILY_CAP',
        claimedToday: 3,
        cap: 3,
      });
      env.clock.set('2026-11-23T16:00:00Z'); // midnight in Shanghai
      expect(await claimLead(env.deps, { personId: 'alice', leadId: ids[3] as number })).toMatchObject({
        kind: 'claimed',
      });
    });

    it('uses none of the cap on a refused claim and gives none back on a release', async () => {
      const ids = await pooled(5);
      await seedOrg(env, [person('alice', { capacity: 20 }), person('bob', { capacity: 20 })]);
      await claimLead(env.deps, { personId: 'bob', leadId: ids[0] as number });
      expect(await claimLead(env.deps, { personId: 'alice', leadId: ids[0] as number })).toMatchObject({
        kind: 'rejected',
        reason: 'ALREADY_CLAIMED',
        ownerName: 'bob',
      });
      for (const id of ids.slice(1, 4))
        expect(await claimLead(env.deps, { personId: 'alice', leadId: id })).toMatchObject({
          kind: 'claimed',
        });
      await releaseLead(env.deps, { personId: 'alice', leadId: ids[1] as number });
      expect(await claimLead(env.deps, { personId: 'alice', leadId: ids[4] as number })).toMatchObject({
        kind: 'rejected',
        reason: 'DAILY_CAP',
      });
    });

    it('refuses a market claim from a rep at capacity', async () => {
      const ids = await pooled(2);
      await seedOrg(env, [person('alice', { capacity: 1 })]);
      await claimLead(env.deps, { personId: 'alice', leadId: ids[0] as number });
      expect(await claimLead(env.deps, { personId: 'alice', leadId: ids[1] as number })).toEqual({
        kind: 'rejected',
        reason: 'AT_CAPACITY',
        open: 1,
        capacity: 1,
        // The org's, for the reply's times (read in the claim's own transaction).
        timezone: env.deps.defaultTimezone,
      });
    });

    it('lets exactly one of several simultaneous claims win; the others learn who did', async () => {
      const [id] = await pooled(1);
      const reps = ['a1', 'a2', 'a3', 'a4', 'a5'];
      await seedOrg(
        env,
        reps.map((r) => person(r, { name: `Rep ${r}` })),
      );
      const results = await Promise.all(
        reps.map((r) => claimLead(env.deps, { personId: r, leadId: id as number })),
      );
      const winners = results.filter((r) => r.kind === 'claimed');
      expect(winners).toHaveLength(1);
      const winner = reps[results.findIndex((r) => r.kind === 'claimed')] as string;
      for (const r of results.filter((x) => x.kind === 'rejected'))
        expect(r).toMatchObject({ reason: 'ALREADY_CLAIMED', ownerId: winner, ownerName: `Rep ${winner}` });
    });

    it('lists urgent leads first, then by score, and filters by tag', async () => {
      await pooled(1, { tags: ['医疗基建'], budget: 10_000 });
      await pooled(1, { tags: ['医疗基建'], budget: 500_000 });
      await pooled(1, { tags: ['家装'], urgency: 'competitor' });
      const all = await listMarket(env.deps);
      expect(all.leads.map((l) => [l.urgent, l.score])).toEqual([
        [true, 55],
        [false, 65],
        [false, 45],
      ]);
      expect(all.total).toBe(3);
      expect((await listMarket(env.deps, { tag: '医疗基建' })).leads.map((l) => l.score)).toEqual([65, 45]);
      // Loosely (issue 21, item 5): a word a tag contains finds it, in any case.
      expect((await listMarket(env.deps, { tag: '医疗' })).leads.map((l) => l.score)).toEqual([65, 45]);
      expect((await listMarket(env.deps, { tag: '%' })).total).toBe(0);
    });

    it('pages through a pool of 108 leads, counting all of them (issue 21, item 5)', async () => {
      const ids = await pooled(108);
      const first = await listMarket(env.deps, { limit: 10 });
      expect(first).toMatchObject({ total: 108, offset: 0 });
      expect(first.leads).toHaveLength(10);
      const seen: number[] = [];
      for (let offset = 0; offset < 108; offset += 10)
        for (const l of (await listMarket(env.deps, { limit: 10, offset })).leads) seen.push(l.id);
      // Equal urgency and score: first come, first shown, page after page (the pool index's order).
      expect(new Set(first.leads.map((l) => [l.urgent, l.score].join())).size).toBe(1);
      expect(seen).toEqual([...ids].sort((a, b) => a - b));
      expect((await listMarket(env.deps, { limit: 10, offset: 110 })).leads).toEqual([]);
    });

    it('shows on the claim board who claimed what today and this week', async () => {
      const ids = await pooled(2);
      await seedOrg(env, [person('alice', { name: '李敏' }), person('bob')]);
      await claimLead(env.deps, { personId: 'alice', leadId: ids[0] as number });
      const board = await claimBoard(env.deps);
      expect(board.rows[0]).toMatchObject({
        personId: 'alice',
        name: '李敏',
        today: 1,
        week: 1,
        claims: [{ leadId: ids[0], via: 'market' }],
      });
      expect(board.rows.find((r) => r.personId === 'bob')).toMatchObject({ today: 0, week: 0 });
    });
  });
});
