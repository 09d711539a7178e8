// `kbi` reads one rep's facts from that rep's leads only (issue 23: it read every rep's weeks of events to keep
// one's). The answer must be the one the whole read gives: here, on both databases, one rep's facts against the
// facts of all reps kept for that rep, over a log with leads that changed hands (passed, released, taken back),
// claims from before the window, events the system recorded (no actor: the owner's in the log), lead-less
// events and events after the evaluation moment.
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/kernel/events.ts';
import { kbiFacts, type KbiFactsInput } from '../src/modules/kbi/use-cases/kbi-facts.ts';
import { myKbi } from '../src/modules/kbi/use-cases/my-kbi.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { DATABASES, leadFields, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

let env: TestEnv;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

const claimed = (iso: string, leadId: number, by: string): LeadEvent => ({
  at: at(iso),
  leadId,
  actorId: by,
  type: 'lead.claimed',
  by,
  via: 'market',
});
const touched = (iso: string, leadId: number, by: string): LeadEvent => ({
  at: at(iso),
  leadId,
  actorId: by,
  type: 'lead.touched',
  by,
  kind: 'call',
  note: '',
});
const risk = (iso: string, leadId: number | null, dealId: number, actorId: string | null): LeadEvent => ({
  at: at(iso),
  leadId,
  actorId,
  type: 'deal.risk',
  dealId,
  signal: 'price',
  phrase: '太贵',
  excerpt: '太贵了',
});
const evidence = (iso: string, leadId: number | null, dealId: number, by: string): LeadEvent => ({
  at: at(iso),
  leadId,
  actorId: by,
  type: 'deal.evidence_added',
  dealId,
  stage: 'proposal',
  requirement: 'quote',
  evidenceId: 1,
});
const kp = (iso: string, leadId: number, dealId: number, by: string): LeadEvent => ({
  at: at(iso),
  leadId,
  actorId: by,
  type: 'deal.kp_added',
  dealId,
  name: '王总',
  title: '总经理',
  influence: 5,
  concern: '价格',
});

// The window of 2026-11-23's evaluation starts 20 days earlier (the longest limit, 72 h, twice, plus 14 days).
const LOG: LeadEvent[] = (
  [
    // 1: ann's before the window, passed to bob, whose the system's risk is then.
    claimed('2026-10-20T10:00', 1, 'ann'),
    { at: at('2026-11-19T10:00'), leadId: 1, actorId: 'ann', type: 'lead.passed', by: 'ann' },
    claimed('2026-11-19T11:00', 1, 'bob'),
    touched('2026-11-20T09:00', 1, 'bob'),
    risk('2026-11-20T10:00', 1, 1, null),
    evidence('2026-11-21T10:00', 1, 1, 'bob'),
    // 2: claimed by ann before the window; a risk the system recorded in it is hers, met; a key person, met late.
    claimed('2026-10-25T10:00', 2, 'ann'),
    risk('2026-11-18T10:00', 2, 2, null),
    kp('2026-11-18T11:00', 2, 2, 'ann'),
    evidence('2026-11-20T09:00', 2, 2, 'ann'),
    // 3: bob's, taken back untouched, then ann's, touched.
    claimed('2026-11-16T09:00', 3, 'bob'),
    {
      at: at('2026-11-17T09:00'),
      leadId: 3,
      actorId: null,
      type: 'lead.reverted',
      from: 'bob',
      dueAt: at('2026-11-17T09:00'),
      reason: 'NO_FOLLOW_UP',
    },
    claimed('2026-11-17T10:00', 3, 'ann'),
    touched('2026-11-17T12:00', 3, 'ann'),
    // 4: cat's, released, then ann's, open at the evaluation; a touch after it is not seen.
    claimed('2026-11-20T09:00', 4, 'cat'),
    { at: at('2026-11-20T15:00'), leadId: 4, actorId: 'cat', type: 'lead.released', by: 'cat', note: '' },
    claimed('2026-11-23T09:00', 4, 'ann'),
    touched('2026-11-23T19:00', 4, 'ann'),
    // 5: the same millisecond on another lead, by bob: open.
    claimed('2026-11-23T09:00', 5, 'bob'),
    // 6: ann's long ago, with nothing since: in neither read.
    claimed('2026-09-01T10:00', 6, 'ann'),
    // 7: ann's before the window; only the system writes in it (a risk nobody answers): her miss.
    claimed('2026-10-01T10:00', 7, 'ann'),
    risk('2026-11-18T15:00', 7, 7, null),
    // 8: cat's alone.
    claimed('2026-11-18T09:00', 8, 'cat'),
    touched('2026-11-18T10:00', 8, 'cat'),
    // Lead-less: ann's risk and her evidence; cat's risk.
    risk('2026-11-19T09:00', null, 9, 'ann'),
    evidence('2026-11-19T12:00', null, 9, 'ann'),
    risk('2026-11-19T09:30', null, 10, 'cat'),
  ] satisfies LeadEvent[]
).sort((a, b) => a.at - b.at);

const REPS = ['ann', 'bob', 'cat'];

describe.each(DATABASES)('one rep’s KBI facts on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    env.clock.set(at('2026-11-16T08:00'));
    await seedOrg(
      env,
      REPS.map((id) => person(id)),
    );
    await env.deps.store.transaction(async (tx) => {
      for (const e of LOG) await tx.events.append(e);
    });
  });

  it('are the facts of all reps kept for that rep, day by day', async () => {
    const read = (i: KbiFactsInput) => env.deps.store.transaction((tx) => kbiFacts(tx, env.deps, i));
    const seen = new Set<string>();
    for (const day of ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23'])
      for (const time of ['12:00', '18:00']) {
        const input = { fromDay: '2026-11-17', toDay: day, until: at(`${day}T${time}`), zone };
        const all = await read({ ...input, repIds: REPS });
        for (const rep of REPS) {
          const alone = await read({ ...input, repIds: [rep] });
          expect(alone.opportunities).toEqual(all.opportunities.filter((o) => o.repId === rep));
          expect(alone.rows).toEqual(all.rows.filter((r) => r.repId === rep));
          for (const o of alone.opportunities) seen.add(`${rep} ${o.kbiId} ${o.leadId} ${o.status}`);
        }
      }
    // The cases above happened: the system's risks are their owners', the changes of hands settle as they should.
    for (const c of [
      'bob evidenceAfterObjection 1 met',
      'ann evidenceAfterObjection 2 met',
      'ann proposalAfterKp 2 met',
      'ann evidenceAfterObjection 7 missed',
      'bob firstTouch 3 missed',
      'ann firstTouch 3 met',
      'cat firstTouch 4 ended',
      'ann firstTouch 4 open',
      'bob firstTouch 5 open',
      'ann evidenceAfterObjection null met',
      'cat evidenceAfterObjection null open',
      'ann firstTouch 1 missed',
    ])
      expect([c, seen.has(c)]).toEqual([c, true]);
  });

  it('reads only that rep’s leads', async () => {
    const leads = (rep: string) =>
      env.deps.store.transaction(async (tx) => {
        const types = [
          'lead.claimed',
          'lead.touched',
          'lead.passed',
          'lead.released',
          'lead.reverted',
          'deal.risk',
        ];
        const events = await tx.events.ofPerson(rep, at('2026-11-03T00:00'), at('2026-11-24T00:00'), types);
        return [...new Set(events.map((e) => e.leadId))];
      });
    expect(await leads('ann')).toEqual([3, 2, 7, null, 1, 4]);
    expect(await leads('cat')).toEqual([8, null, 4]);
  });
});

describe.each(DATABASES)('the to-do list of `kbi` on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    env.clock.set(at('2026-11-23T08:00'));
    await seedOrg(env, [person('ann'), person('bob')]);
  });

  it('lists the open opportunities on leads the rep holds now, one deadline each', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await submitLead(env.deps, { fields: leadFields({ company: `客户${i}` }), via: 'api' });
      if (r.kind !== 'created') throw new Error('expected a new lead');
      ids.push(r.lead.id);
    }
    const [held, clocked, offered, pooled, bobs] = ids as [number, number, number, number, number];
    // ann claims all five at 09:00–09:04; none is touched.
    const claims = ids.map((id, i) => claimed(`2026-11-23T09:0${i}`, id, 'ann'));
    const rows: Array<[number, object]> = [
      [held, { status: 'owned', ownerId: 'ann', claimedAt: claims[0]?.at, followUpDueAt: null }],
      // The follow-up clock of the claim that opened the to-do runs out first: that deadline is shown.
      [
        clocked,
        { status: 'owned', ownerId: 'ann', claimedAt: claims[1]?.at, followUpDueAt: at('2026-11-23T20:00') },
      ],
      [offered, { status: 'offered', ownerId: 'ann', claimedAt: null, followUpDueAt: null }],
      [pooled, { status: 'pool', ownerId: null, claimedAt: null, followUpDueAt: null }],
      [bobs, { status: 'owned', ownerId: 'bob', claimedAt: claims[4]?.at, followUpDueAt: null }],
    ];
    await env.deps.store.transaction(async (tx) => {
      for (const e of claims) await tx.events.append(e);
      for (const [id, patch] of rows)
        await tx.leads.update(id, { status: ['offered', 'owned', 'pool'] }, patch, env.clock());
    });
    env.clock.set(at('2026-11-23T12:00'));
    const mine = await myKbi(env.deps, 'ann');
    expect(mine.open.map((o) => [o.leadId, o.company, o.deadline])).toEqual([
      [clocked, '客户1', at('2026-11-23T20:00')],
      [held, '客户0', at('2026-11-24T09:00')],
    ]);
    expect(mine).toMatchObject({ day: '2026-11-23', due: 0, met: 0 });
  });
});
