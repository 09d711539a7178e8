// Issue 23: the deal sweep acts on due deals and tasks a group per transaction. What each deal gets is what it got
// when each had its own transaction (the same tasks, events and notices, in the same order); two instances sweeping
// at once act once; a deal that cannot be acted on costs only itself.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { pipelineOf, stageOf } from '../src/modules/deals/rules/deals.ts';
import type { OutboxRow } from '../src/modules/ports.ts';
import {
  createPgSchema,
  DATABASES,
  DAY,
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

describe.each(DATABASES)('the deal sweep in groups, on %s', (kind) => {
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
    // carol's team has no manager: her stall alerts go to her alone.
    await seedOrg(
      env,
      [person('alice', { capacity: 20 }), person('carol', { teamId: 'east-2', capacity: 20 })],
      {
        teams: [
          { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
          { id: 'east-2', name: '华东二组', managerId: null, channels: {} },
        ],
      },
    );
  });
  afterEach(async () => {
    await env.close();
  });

  /** Runs statements past the repositories, on a connection of their own (a trigger no version of ours makes). */
  const runRaw = (statements: string[]) => runRawSql(env, schema, statements);

  /** Inserting a task for this deal fails, as a broken row or a full disk would. */
  const breakTasksOf = (dealId: number) =>
    runRaw(
      schema === undefined
        ? [
            `create trigger broken_deal before insert on deal_tasks when new.deal_id = ${dealId}
             begin select raise(abort, 'broken deal'); end`,
          ]
        : [
            `create function broken_deal() returns trigger language plpgsql as $f$
             begin if new.deal_id = ${dealId} then raise exception 'broken deal'; end if; return new; end $f$`,
            `create trigger broken_deal before insert on deal_tasks for each row execute function broken_deal()`,
          ],
    );
  const mendTasks = () =>
    runRaw(
      schema === undefined
        ? ['drop trigger broken_deal']
        : ['drop trigger broken_deal on deal_tasks', 'drop function broken_deal()'],
    );

  async function dealOf(personId: string): Promise<number> {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a new lead');
    const claimed = await claimLead(env.deps, { personId, leadId: r.lead.id });
    if (claimed.kind !== 'claimed') throw new Error(`${personId} could not claim: ${claimed.reason}`);
    const d = await createDeal(env.deps, { personId, leadId: r.lead.id, amount: 300_000 });
    if (d.kind !== 'created') throw new Error(`expected a deal, got ${d.reason}`);
    return d.deal.id;
  }

  const deals = (ids: number[]) =>
    env.deps.store.transaction(async (tx) => Promise.all(ids.map(async (id) => (await tx.deals.get(id))!)));
  const outbox = () => env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }));
  /** The events of these types, in order, as plain records (deal events carry dealId and taskId). */
  const eventsOf = async (types: string[]) =>
    (await env.deps.store.transaction((tx) =>
      tx.events.between(0, Number.MAX_SAFE_INTEGER, types),
    )) as unknown as Array<Record<string, unknown>>;
  /** The stall notices queued since `before`, in order. */
  const newSince = (before: OutboxRow[], after: OutboxRow[]) => {
    const seen = Math.max(0, ...before.map((n) => n.id));
    return after
      .filter((n) => n.id > seen && n.template.startsWith('deal.stal'))
      .map(({ to, template, data }) => ({ to: to.id, template, data }));
  };
  const stallTasks = async (ids: number[]) =>
    (await env.deps.store.transaction((tx) => tx.deals.openTasksFor(ids))).filter(
      (t) => t.kind === 'stall_analysis',
    );

  it('alerts each stalled deal as alone: its task, its event, the rep’s notice then the manager’s, deal by deal', async () => {
    const ids = [await dealOf('alice'), await dealOf('carol'), await dealOf('alice')];
    const before = await outbox();
    const at = env.clock() + 30 * DAY;

    // (Each deal's SOP tasks for its first stage are overdue by then too: chased after the stalls, left out here.)
    expect(await sweepDeals(env.deps, at)).toMatchObject({
      stalled: 3,
      escalated: 0,
      reminded: 0,
      silent: 0,
    });

    const tasks = await stallTasks(ids);
    const analysisDueAt = at + env.deps.rules.deals.stall.analysisEscalateHours * HOUR;
    const stalled = await deals(ids);
    expect(tasks.map((t) => t.dealId)).toEqual(ids);
    expect(tasks.map((t) => t.id)).toEqual([...tasks.map((t) => t.id)].sort((a, b) => a - b));
    expect(tasks).toEqual(
      stalled.map((d): unknown =>
        expect.objectContaining({
          kind: 'stall_analysis',
          stage: d.stage,
          assigneeId: d.ownerId,
          requesterId: null,
          dueAt: analysisDueAt,
          remindAt: null,
          data: { stageDueAt: d.stageDueAt },
          createdAt: at,
        }),
      ),
    );
    expect(stalled.map((d) => d.stallAlertedAt)).toEqual([at, at, at]);
    expect(await eventsOf(['deal.stalled'])).toEqual(
      stalled.map((d, i): unknown =>
        expect.objectContaining({
          at,
          leadId: d.leadId,
          actorId: null,
          dealId: d.id,
          stage: d.stage,
          dueAt: d.stageDueAt,
          taskId: tasks[i]?.id,
        }),
      ),
    );
    const data = stalled.map((d, i) => {
      const stage = stageOf(pipelineOf(env.deps.rules.deals, d.pipeline)!, d.stage)!;
      return {
        dealId: d.id,
        taskId: tasks[i]?.id,
        customer: d.customer,
        stage: stage.name,
        stageEn: stage.nameEn ?? stage.name,
        limitDays: stage.limitDays,
        enteredAt: d.stageEnteredAt,
        checklist: stage.checklist,
        analysisDueAt,
        ownerId: d.ownerId,
      };
    });
    expect(newSince(before, await outbox())).toEqual([
      { to: 'alice', template: 'deal.stalled', data: data[0] },
      { to: 'boss', template: 'deal.stalled.manager', data: data[0] },
      { to: 'carol', template: 'deal.stalled', data: data[1] },
      { to: 'alice', template: 'deal.stalled', data: data[2] },
      { to: 'boss', template: 'deal.stalled.manager', data: data[2] },
    ]);

    // The analyses are not filed: each escalates, in the same order, the manager told before the rep.
    const escalating = await outbox();
    expect(await sweepDeals(env.deps, analysisDueAt)).toMatchObject({ stalled: 0, escalated: 3 });
    expect(newSince(escalating, await outbox()).map((n) => [n.template, n.to, n.data.dealId])).toEqual([
      ['deal.stall_escalated', 'boss', ids[0]],
      ['deal.stall_overdue', 'alice', ids[0]],
      ['deal.stall_overdue', 'carol', ids[1]],
      ['deal.stall_escalated', 'boss', ids[2]],
      ['deal.stall_overdue', 'alice', ids[2]],
    ]);
    expect((await eventsOf(['deal.stall_escalated'])).map((e) => [e.dealId, e.taskId])).toEqual(
      tasks.map((t) => [t.dealId, t.id]),
    );
  });

  it('acts once when two instances sweep at the same time', async () => {
    const ids = [await dealOf('alice'), await dealOf('carol'), await dealOf('alice'), await dealOf('carol')];
    const before = await outbox();
    const other = await env.openAnother();
    try {
      const at = env.clock() + 30 * DAY;
      const [a, b] = await Promise.all([
        sweepDeals(env.deps, at),
        sweepDeals({ ...env.deps, store: other }, at),
      ]);
      expect(a.stalled + b.stalled).toBe(4);
    } finally {
      await other.close();
    }
    const tasks = await stallTasks(ids);
    expect(tasks.map((t) => t.dealId).sort()).toEqual([...ids].sort());
    expect((await eventsOf(['deal.stalled'])).map((e) => e.dealId).sort()).toEqual([...ids].sort());
    expect(
      newSince(before, await outbox())
        .map((n) => n.template)
        .sort(),
    ).toEqual([
      'deal.stalled',
      'deal.stalled',
      'deal.stalled',
      'deal.stalled',
      'deal.stalled.manager',
      'deal.stalled.manager',
    ]);
  });

  it('alerts the other deals of a group when one fails, and that one at the next sweep', async () => {
    const [first, broken, last] = [await dealOf('alice'), await dealOf('carol'), await dealOf('alice')];
    await breakTasksOf(broken);
    const at = env.clock() + 30 * DAY;

    await expect(sweepDeals(env.deps, at)).rejects.toThrow(
      new RegExp(`2 stalls alerted.*1 failed.*deal ${broken}: .*broken deal`),
    );
    expect((await deals([first, broken, last])).map((d) => d.stallAlertedAt)).toEqual([at, null, at]);
    expect((await eventsOf(['deal.stalled'])).map((e) => e.dealId)).toEqual([first, last]);

    await mendTasks();
    expect(await sweepDeals(env.deps, at + 60_000)).toMatchObject({ stalled: 1 });
    expect((await eventsOf(['deal.stalled'])).map((e) => e.dealId)).toEqual([first, last, broken]);
    expect((await outbox()).filter((n) => n.template === 'deal.stalled').map((n) => n.data.dealId)).toEqual([
      first,
      last,
      broken,
    ]);
  });

  it('finds silent deals a range of ids at a time, from their active key people only', async () => {
    const ids = [await dealOf('alice'), await dealOf('carol'), await dealOf('alice'), await dealOf('carol')];
    const [quiet, recent, left, quietToo] = ids as [number, number, number, number];
    const t0 = env.clock();
    await env.deps.store.transaction(async (tx) => {
      const add = (dealId: number, status: 'active' | 'left', lastContactAt: number | null) =>
        tx.deals.addPerson({
          dealId,
          name: '张总',
          title: '总经理',
          concern: '',
          influence: 80,
          status,
          lastContactAt,
          createdAt: t0,
          updatedAt: t0,
        });
      await add(quiet, 'active', null);
      await add(quiet, 'active', t0 + DAY);
      await add(recent, 'active', t0 + DAY);
      await add(recent, 'active', t0 + 20 * DAY);
      await add(left, 'left', null);
      await add(quietToo, 'active', null);
    });
    const silent = (after: number, upTo: number) =>
      env.deps.store.transaction(async (tx) =>
        (await tx.deals.silentDeals(t0 + 10 * DAY, { after, upTo }, 10)).map((d) => d.id),
      );
    expect(await env.deps.store.transaction((tx) => tx.deals.lastId())).toBe(quietToo);
    expect(await silent(0, quietToo)).toEqual([quiet, quietToo]);
    expect(await silent(quiet, quietToo)).toEqual([quietToo]);
    expect(await silent(0, quietToo - 1)).toEqual([quiet]);

    expect(await sweepDeals(env.deps, t0 + 10 * DAY + 14 * DAY)).toMatchObject({ silent: 2 });
    expect((await deals(ids)).map((d) => d.health)).toEqual(['yellow', 'green', 'green', 'yellow']);
  });
});
