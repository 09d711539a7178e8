// The daily KBI evaluation (F21–F23) on both databases, with the synthetic histories: a rep who turns
// yellow on day 2 and red on day 3, one whose run spans a weekend, each day evaluated once however often it
// is run, warnings acknowledged with the minutes it took, points credited once.
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/kernel/events.ts';
import { acknowledgeWarning } from '../src/modules/kbi/use-cases/acknowledge-warning.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { evaluateKbiDay, runDailyKbi } from '../src/modules/kbi/use-cases/evaluate-kbi.ts';
import { myKbi } from '../src/modules/kbi/use-cases/my-kbi.ts';
import { kbiFacts, type KbiFactsInput } from '../src/modules/kbi/use-cases/kbi-facts.ts';
import type { KbiWarnedEvent } from '../src/kernel/events.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { DATABASES, leadFields, MINUTE, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

let env: TestEnv;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

/** On `claimDay` the rep claims 5 leads at 09:00–09:04; on `touchDay` 08:00 they touch only 2 of them: 40 %. */
function fortyPercent(rep: string, firstLead: number, claimDay: string, touchDay: string): LeadEvent[] {
  const out: LeadEvent[] = [];
  for (let i = 0; i < 5; i++) {
    const leadId = firstLead + i;
    out.push({
      at: at(`${claimDay}T09:0${i}`),
      leadId,
      actorId: rep,
      type: 'lead.claimed',
      by: rep,
      via: 'offer',
    });
    if (i < 2)
      out.push({
        at: at(`${touchDay}T08:00`),
        leadId,
        actorId: rep,
        type: 'lead.touched',
        by: rep,
        kind: 'call',
        note: '',
      });
  }
  return out;
}

// ann: claims Mon–Wed, each batch due 24 h later → settled Tue, Wed, Thu at 40 %.
// bob: claims Wed, Thu, Fri; Friday's batch is due Monday 09:00 (the weekend does not count) → Thu, Fri, Mon.
const HISTORY: LeadEvent[] = [
  ...fortyPercent('ann', 101, '2026-11-16', '2026-11-17'),
  ...fortyPercent('ann', 111, '2026-11-17', '2026-11-18'),
  ...fortyPercent('ann', 121, '2026-11-18', '2026-11-19'),
  ...fortyPercent('bob', 201, '2026-11-18', '2026-11-19'),
  ...fortyPercent('bob', 211, '2026-11-19', '2026-11-20'),
  ...fortyPercent('bob', 221, '2026-11-20', '2026-11-23'),
].sort((a, b) => a.at - b.at);

async function writeHistory(): Promise<void> {
  await env.deps.store.transaction(async (tx) => {
    for (const e of HISTORY) await tx.events.append(e);
  });
}

/**
 * The lead rows behind the log's ids up to `last`, the given ones owned by `owner`: `我的指标` lists to-dos only
 * for leads the rep holds now (issue 25), and the history above is events only.
 */
async function leadRows(last: number, owner: string, owned: readonly number[]): Promise<void> {
  const first = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
  if (first.kind !== 'created') throw new Error('expected a new lead');
  await env.deps.store.transaction(async (tx) => {
    const { id: _id, ...lead } = first.lead;
    for (let i = first.lead.id + 1; i <= last; i++)
      await tx.leads.insert({
        ...lead,
        phone: `139${String(i).padStart(8, '0')}`,
        phoneNorm: `139${String(i).padStart(8, '0')}`,
        emailNorm: '',
        companyNorm: `row${i}`,
      });
    for (const id of owned)
      await tx.leads.update(
        id,
        { status: ['offered', 'owned', 'pool'] },
        { status: 'owned', ownerId: owner, followUpDueAt: null },
        env.clock(),
      );
  });
}

// The warnings' notices (the day's points notices have their own test: test/playground-rewards.test.ts).
const outbox = async () =>
  (await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }))).filter(
    (n) => n.template !== 'kbi.points',
  );
const warnings = () => env.deps.store.transaction((tx) => tx.kbi.warnings({ limit: 100 }));

describe.each(DATABASES)('daily KBI evaluation on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    env.clock.set(at('2026-11-16T08:00'));
    await seedOrg(env, [person('ann', { name: '安娜' }), person('bob', { name: '鲍勃' })]);
  });

  it('turns ann green on day 1, yellow on day 2 (manager copied), red on day 3; bob’s run spans the weekend', async () => {
    await writeHistory();
    const tiers: Array<[string, string, string | null]> = [];
    for (const day of ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23']) {
      // 17:59: not yet; 18:00: that day is evaluated.
      const early = await runDailyKbi(env.deps, at(`${day}T17:59`));
      expect(early === null || early.day !== day).toBe(true);
      const r = await runDailyKbi(env.deps, at(`${day}T18:00`));
      expect(r).toMatchObject({ kind: 'evaluated', day });
      if (r?.kind !== 'evaluated') return;
      for (const x of r.reps) tiers.push([day, x.repId, x.tier]);
    }
    expect(tiers.filter(([, , t]) => t !== null)).toEqual([
      ['2026-11-17', 'ann', 'green'],
      ['2026-11-18', 'ann', 'yellow'],
      ['2026-11-19', 'ann', 'red'],
      ['2026-11-19', 'bob', 'green'],
      ['2026-11-20', 'bob', 'yellow'],
      ['2026-11-23', 'bob', 'red'], // Thu, Fri, Mon: the weekend carries no day
    ]);

    const sent = (await outbox()).map((n) => [n.template, n.to.id, n.data.day, n.data.tier]);
    expect(sent).toEqual([
      ['kbi.warning', 'ann', '2026-11-17', 'green'],
      ['kbi.warning', 'ann', '2026-11-18', 'yellow'],
      ['kbi.warning.manager', 'boss', '2026-11-18', 'yellow'],
      ['kbi.warning', 'ann', '2026-11-19', 'red'],
      ['kbi.warning.manager', 'boss', '2026-11-19', 'red'],
      ['kbi.warning', 'bob', '2026-11-19', 'green'],
      ['kbi.warning', 'bob', '2026-11-20', 'yellow'],
      ['kbi.warning.manager', 'boss', '2026-11-20', 'yellow'],
      ['kbi.warning', 'bob', '2026-11-23', 'red'],
      ['kbi.warning.manager', 'boss', '2026-11-23', 'red'],
    ]);

    // Red: the review proposed with the facts of the run — 3 days at 40 %, 9 misses (3 a day).
    const red = (await warnings()).find((w) => w.repId === 'bob' && w.tier === 'red');
    expect(red).toMatchObject({
      day: '2026-11-23',
      managerId: 'boss',
      reviewMinutes: 15,
      sentAt: at('2026-11-23T18:00'),
      acknowledgedAt: null,
      reason: {
        code: 'KBI_RATE_LOW',
        below: 0.5,
        days: 3,
        run: [
          { day: '2026-11-19', rate: 0.4 },
          { day: '2026-11-20', rate: 0.4 },
          { day: '2026-11-23', rate: 0.4 },
        ],
      },
    });
    expect(red?.deviations).toHaveLength(9);
    expect(red?.deviations[6]).toMatchObject({
      kbiId: 'firstTouch',
      leadId: 223,
      triggerAt: at('2026-11-20T09:02'),
      deadline: at('2026-11-23T09:02'),
      lateAt: null,
    });
    // Yellow: the deviations of its two days go to the manager; green: no manager.
    const yellow = (await warnings()).find((w) => w.repId === 'ann' && w.tier === 'yellow');
    expect(yellow?.deviations).toHaveLength(6);
    expect((await warnings()).find((w) => w.tier === 'green')?.managerId).toBeNull();

    // Each day's rows are stored; a quiet day has no rate (and no warning).
    const annDays = await env.deps.store.transaction((tx) => tx.kbi.days('ann', '2026-11-16', '2026-11-23'));
    expect(annDays.map((d) => [d.day, d.due, d.met, d.rate])).toEqual([
      ['2026-11-16', 0, 0, null],
      ['2026-11-17', 5, 2, 0.4],
      ['2026-11-18', 5, 2, 0.4],
      ['2026-11-19', 5, 2, 0.4],
      ['2026-11-20', 0, 0, null],
      ['2026-11-23', 0, 0, null],
    ]);
    const logged = await env.deps.store.transaction((tx) =>
      tx.events.between(0, Number.MAX_SAFE_INTEGER, ['kbi.warned']),
    );
    expect(logged).toHaveLength(6);
    expect(logged[0] as unknown as KbiWarnedEvent).toMatchObject({ repId: 'ann', tier: 'green', rate: 0.4 });
  });

  it('reads every rep’s facts at once as each rep’s read alone (the daily job reads them all in one go)', async () => {
    await writeHistory();
    const input = {
      fromDay: '2026-11-16',
      toDay: '2026-11-23',
      until: at('2026-11-23T18:00'),
      zone,
    };
    const read = (i: KbiFactsInput) => env.deps.store.transaction((tx) => kbiFacts(tx, env.deps, i));
    const both = await read({ ...input, repIds: ['ann', 'bob'] });
    expect(both.opportunities).toHaveLength(30);
    expect(both.rows).toHaveLength(12);
    for (const rep of ['ann', 'bob']) {
      const alone = await read({ ...input, repIds: [rep] });
      expect(alone.opportunities).toEqual(both.opportunities.filter((o) => o.repId === rep));
      expect(alone.rows).toEqual(both.rows.filter((r) => r.repId === rep));
    }
  });

  it('credits each touch on time once in the points ledger', async () => {
    await writeHistory();
    for (const day of ['2026-11-17', '2026-11-18', '2026-11-19'])
      await evaluateKbiDay({ ...env.deps, clock: () => at(`${day}T18:00`) }, day);
    const points = (from: string, to: string) =>
      env.deps.store.transaction((tx) => tx.kbi.pointsOf('ann', at(from), at(to)));
    // 2 touches on time a day × 1 point; evaluating again credits nothing more.
    expect(await points('2026-11-01T00:00', '2026-12-01T00:00')).toBe(6);
    await evaluateKbiDay({ ...env.deps, clock: () => at('2026-11-19T18:00') }, '2026-11-19');
    expect(await env.deps.store.transaction((tx) => tx.kbi.pointsOf('ann'))).toBe(6);
  });

  it('my indicators: the day in progress, what is open with its customer, points this month and in all', async () => {
    await writeHistory();
    await leadRows(215, 'bob', [211, 212, 213, 214, 215]);
    env.clock.set(at('2026-11-19T12:00'));
    const mine = await myKbi(env.deps, 'bob');
    expect(mine).toMatchObject({
      day: '2026-11-19',
      due: 5,
      met: 2,
      rate: 0.4,
      pointsMonth: 2,
      pointsTotal: 2,
      unacknowledged: null,
    });
    expect(mine.indicators[0]).toMatchObject({ kbiId: 'firstTouch', due: 5, met: 2, missed: 3 });
    // Thursday's batch (claimed 09:00–09:04) is open until Friday morning.
    expect(mine.open.map((o) => [o.leadId, o.deadline])).toEqual(
      [211, 212, 213, 214, 215].map((id, i) => [id, at(`2026-11-20T09:0${i}`)]),
    );
    // After 18:00 the day in progress is the next working day.
    env.clock.set(at('2026-11-20T19:00'));
    expect((await myKbi(env.deps, 'bob')).day).toBe('2026-11-23');
    expect((await myKbi(env.deps, 'bob')).pointsTotal).toBe(4);
  });

  it('evaluates a day once: again, from a second instance at the same moment, or after a restart', async () => {
    await writeHistory();
    const other = await env.openAnother();
    try {
      const when = at('2026-11-18T18:00');
      const [a, b] = await Promise.all([
        evaluateKbiDay({ ...env.deps, clock: () => when }, '2026-11-18'),
        evaluateKbiDay({ ...env.deps, store: other, clock: () => when }, '2026-11-18'),
      ]);
      const outcomes = [a, b].flatMap((r) => (r.kind === 'evaluated' ? r.reps.map((x) => x.outcome) : []));
      expect(outcomes.filter((o) => o === 'evaluated')).toHaveLength(2); // ann and bob, once each
      expect(outcomes.filter((o) => o === 'already')).toHaveLength(2);
      expect((await outbox()).map((n) => n.template)).toEqual(['kbi.warning', 'kbi.warning.manager']);
      // A restart at 18:05 runs the daily job again: the day is done, nothing is sent twice.
      expect(await runDailyKbi({ ...env.deps, store: other }, when + 5 * MINUTE)).toMatchObject({
        kind: 'evaluated',
        reps: [{ outcome: 'already' }, { outcome: 'already' }],
      });
      expect(await runDailyKbi(env.deps, when + 6 * MINUTE)).toBeNull();
      expect(await outbox()).toHaveLength(2);
    } finally {
      await other.close();
    }
  });

  it('refuses a weekend and a day whose evaluation time has not come', async () => {
    env.clock.set(at('2026-11-23T17:00'));
    expect(await evaluateKbiDay(env.deps, '2026-11-21')).toMatchObject({
      kind: 'rejected',
      reason: 'NOT_A_WORKING_DAY',
    });
    expect(await evaluateKbiDay(env.deps, '2026-11-23')).toMatchObject({
      kind: 'rejected',
      reason: 'NOT_YET',
      at: at('2026-11-23T18:00'),
    });
  });

  it('records the minutes to acknowledge, once for the rep and once for the manager, in the log too', async () => {
    await writeHistory();
    await evaluateKbiDay({ ...env.deps, clock: () => at('2026-11-17T18:00') }, '2026-11-17');
    await evaluateKbiDay({ ...env.deps, clock: () => at('2026-11-18T18:00') }, '2026-11-18');
    const w = (await warnings()).find((x) => x.tier === 'yellow');
    const warningId = w?.id ?? 0;
    env.clock.set(at('2026-11-18T18:37'));
    expect(await acknowledgeWarning(env.deps, { personId: 'bob', warningId })).toEqual({
      kind: 'rejected',
      reason: 'NOT_YOURS',
    });
    expect(await acknowledgeWarning(env.deps, { personId: 'ann', warningId })).toMatchObject({
      kind: 'acknowledged',
      as: 'rep',
      minutes: 37,
    });
    env.clock.set(at('2026-11-18T19:00'));
    expect(await acknowledgeWarning(env.deps, { personId: 'ann', warningId })).toMatchObject({
      kind: 'rejected',
      reason: 'ALREADY',
      minutes: 37,
    });
    env.clock.set(at('2026-11-19T09:30'));
    expect(await acknowledgeWarning(env.deps, { personId: 'boss', warningId })).toMatchObject({
      kind: 'acknowledged',
      as: 'manager',
      minutes: 930,
    });
    expect(await env.deps.store.transaction((tx) => tx.kbi.warning(warningId))).toMatchObject({
      acknowledgedAt: at('2026-11-18T18:37'),
      managerAcknowledgedAt: at('2026-11-19T09:30'),
    });
    const acks = await env.deps.store.transaction((tx) =>
      tx.events.between(0, Number.MAX_SAFE_INTEGER, ['kbi.acknowledged']),
    );
    expect(acks.map((e) => [e.actorId, (e as unknown as { minutes: number }).minutes])).toEqual([
      ['ann', 37],
      ['boss', 930],
    ]);
    expect(await acknowledgeWarning(env.deps, { personId: 'ann', warningId: 999 })).toEqual({
      kind: 'rejected',
      reason: 'NOT_FOUND',
    });
  });

  it('reads what the engine logged: a claim left untouched is a miss, the next one is on the to-do list', async () => {
    const claimed = async (iso: string, company: string) => {
      env.clock.set(at(iso));
      const r = await submitLead(env.deps, { fields: leadFields({ company }), via: 'api' });
      if (r.kind !== 'created') throw new Error('expected a lead');
      const c = await claimLead(env.deps, { personId: r.lead.ownerId ?? 'ann', leadId: r.lead.id });
      expect(c.kind).toBe('claimed');
      return { id: r.lead.id, owner: r.lead.ownerId ?? '' };
    };
    const a = await claimed('2026-11-16T10:00', '甲公司');
    const b = await claimed('2026-11-16T10:05', '乙公司');
    env.clock.set(at('2026-11-16T11:00'));
    await touchLead(env.deps, { personId: a.owner, leadId: a.id, kind: 'call', note: '' });
    const later = await claimed('2026-11-17T09:00', '丙公司');
    const r = await evaluateKbiDay({ ...env.deps, clock: () => at('2026-11-17T18:00') }, '2026-11-17');
    const owner = b.owner;
    expect(r.kind === 'evaluated' && r.reps.find((x) => x.repId === owner)).toMatchObject({
      due: 1,
      met: 0,
      rate: 0,
      tier: 'green',
    });
    const w = (await warnings())[0];
    expect(w?.deviations.map((d) => d.leadId)).toEqual([b.id]);
    const notice = (await outbox()).find((n) => n.template === 'kbi.warning');
    if (later.owner === owner)
      expect(notice?.data.todo).toEqual([
        expect.objectContaining({ leadId: later.id, company: '丙公司', deadline: at('2026-11-18T09:00') }),
      ]);
    expect(notice?.data.deviations).toEqual([expect.objectContaining({ leadId: b.id, company: '乙公司' })]);
  });
});
