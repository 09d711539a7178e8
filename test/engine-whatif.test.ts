// F39 rule what-if through the engine, on a real database: the brief's 职业院校 case, a faithful replay of a
// busy month, and a replay that writes nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type Rules } from '../src/modules/rules.ts';
import type { LeadFields } from '../src/kernel/types.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { passLead, releaseLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { refreshRepStats } from '../src/modules/leads/use-cases/rep-stats.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { closeLead, touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import {
  blockingWarnings,
  recordRulesApplied,
  rulesFileHash,
  rulesHistory,
  runWhatIf,
} from '../src/modules/whatif/use-cases/whatif.ts';
import { warningText } from '../src/modules/whatif/cards/whatif.ts';
import { DATABASES, DAY, HOUR, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;

function withRouting(routing: Partial<Rules['routing']>): Rules {
  return { ...DEFAULT_RULES, routing: { ...DEFAULT_RULES.routing, ...routing } };
}

const TEAMS = [
  { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
  { id: 'west', name: '华西组', managerId: 'boss', channels: {} },
];

async function submit(fields: LeadFields): Promise<number> {
  const r = await submitLead(env.deps, { fields, via: 'api' });
  if (r.kind !== 'created') throw new Error(`expected a new lead, got ${r.kind}`);
  return r.lead.id;
}

async function counts() {
  return env.deps.store.transaction(async (tx) => ({
    leads: await tx.leads.countByStatus(),
    events: await tx.events.count(),
    outbox: (await tx.outbox.list({ limit: 100_000 })).length,
    last: await tx.org.lastAssigned(),
  }));
}

describe.each(DATABASES)('rule what-if on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(() => {
    env = current();
  });

  it('the brief’s case: excluding 职业院校 from team A names the team, the rule and the 73 %, and blocks', async () => {
    env.deps.rules = withRouting({
      weights: { skill: 100, roundRobin: 10, load: 0, winRate: 0, followUp: 0 },
    });
    await seedOrg(
      env,
      [
        person('a1', { skills: ['职业院校', '工装'], capacity: 100 }),
        person('a2', { skills: ['职业院校', '工装'], capacity: 100 }),
        person('b1', { teamId: 'west', skills: ['医疗基建'], capacity: 100 }),
        person('b2', { teamId: 'west', skills: ['医疗基建'], capacity: 100 }),
      ],
      { teams: TEAMS },
    );
    const from = env.clock();
    // A month: team A's high-score leads are 8 vocational schools (65 points) and 3 fit-outs (68): 8/11 = 73 %.
    const high = { budget: 300_000 };
    const month = [
      ...Array.from({ length: 8 }, () => leadFields({ ...high, industry: '职业院校', tags: ['职业院校'] })),
      ...Array.from({ length: 3 }, () => leadFields({ ...high, industry: '工装' })),
      ...Array.from({ length: 5 }, () => leadFields({ ...high, industry: '医疗基建' })),
      ...Array.from({ length: 4 }, () =>
        leadFields({ budget: 10_000, industry: '职业院校', tags: ['职业院校'] }),
      ),
    ];
    for (const [i, f] of month.entries()) {
      env.clock.advance(36 * HOUR);
      const id = await submit(f);
      if (i % 2 === 0) {
        const lead = await env.deps.store.transaction((tx) => tx.leads.get(id));
        await claimLead(env.deps, { personId: lead?.ownerId ?? '', leadId: id });
      }
    }
    const to = env.clock() + 1;
    const newRules = withRouting({
      ...env.deps.rules.routing,
      rules: [
        { team: 'west', exclude: { region: ['东北'] } },
        { team: 'east-1', exclude: { tags: ['职业院校'] } },
      ],
    });

    const r = await runWhatIf(env.deps, newRules, { from, to });
    expect(r.leads).toBe(20);
    // Every decision was made by the rules in force: they stand for their own replay unless asked to verify.
    expect(r.reproduced).toBeNull();
    const teamA = r.teams.find((t) => t.id === 'east-1');
    expect(teamA?.old).toMatchObject({ received: 15, high: 11 });
    expect(teamA?.new).toMatchObject({ received: 3, high: 3 });
    const blocked = r.warnings.find((w) => w.kind === 'TEAM_BLOCKED');
    expect(blocked).toMatchObject({
      teamId: 'east-1',
      rule: 'routing.rules[1]',
      leads: 12,
      shareOfTeamHigh: 0.7273,
      blocking: true,
    });
    const names = { people: r.people, teamsById: r.teamsById, timezone: r.timezone };
    expect(warningText(blocked!, 'en', names)).toBe(
      'team 华东一组 would receive none of 12 leads tagged 职业院校 (rule routing.rules[1]); in this period these were 73 % of its high-score leads [blocks `rules apply`]',
    );
    expect(warningText(blocked!, 'zh-CN', names)).toContain(
      '华东一组 将收不到 12 条标签为 职业院校的线索（规则 routing.rules[1]）',
    );
    expect(blockingWarnings(r.warnings).map((w) => w.kind)).toEqual(
      expect.arrayContaining(['TEAM_BLOCKED', 'SKILL_STARVED']),
    );
    // Every moved lead carries both explanations; the new one names the rule that kept team A away.
    expect(r.changed).toHaveLength(12);
    expect(r.changed.every((c) => c.old !== null && c.new !== null)).toBe(true);
    expect(r.changed[0]?.new?.skipped).toContainEqual({
      personId: 'a1',
      reason: 'EXCLUDED_BY_RULE',
      rule: 'routing.rules[1]',
    });

    // --team narrows the report to one team.
    const west = await runWhatIf(env.deps, newRules, { from, to, teamId: 'west' });
    expect(west.teams.map((t) => t.id)).toEqual(['west']);
    expect(west.reps.map((x) => x.id)).toEqual(['b1', 'b2']);
    expect(west.warnings.some((w) => w.kind === 'TEAM_BLOCKED')).toBe(false);
  });

  it('replaying a busy month with the rules in force gives back every stored decision', async () => {
    const reps = [
      person('amy', { skills: ['医疗基建'], capacity: 3 }),
      person('ben', { capacity: 2 }),
      person('cai', { teamId: 'west', capacity: 3 }),
      person('dan', { teamId: 'west', skills: ['家装'], capacity: 2 }),
    ];
    await seedOrg(env, reps, { teams: TEAMS });
    const from = env.clock();
    const industries = ['医疗基建', '家装', '工装', '地产'];
    for (let i = 0; i < 60; i += 1) {
      env.clock.advance(97 * 60_000);
      if (i === 20)
        await seedOrg(env, [...reps.slice(0, 3), { ...reps[3]!, outOfOffice: true }], { teams: TEAMS });
      if (i === 40) await seedOrg(env, reps, { teams: TEAMS });
      if (i % 10 === 9) await refreshRepStats(env.deps);
      await sweep(env.deps, env.clock());
      const id = await submit(leadFields({ industry: industries[i % 4]!, budget: 20_000 * (i % 7) }));
      const lead = await env.deps.store.transaction((tx) => tx.leads.get(id));
      const owner = lead?.ownerId ?? null;
      if (owner === null) continue;
      if (i % 5 === 1) await passLead(env.deps, { personId: owner, leadId: id });
      else if (i % 5 !== 4) {
        await claimLead(env.deps, { personId: owner, leadId: id });
        if (i % 3 === 0) await touchLead(env.deps, { personId: owner, leadId: id, kind: 'call', note: '' });
        if (i % 4 === 0)
          await closeLead(env.deps, { leadId: id, outcome: i % 8 === 0 ? 'won' : 'lost', actorId: owner });
        if (i % 7 === 2) await releaseLead(env.deps, { personId: owner, leadId: id });
      }
    }
    const to = env.clock() + 1;
    const r = await runWhatIf(env.deps, env.deps.rules, { from, to, verify: true });
    expect(r.leads).toBe(60);
    expect(r.notReconstructable).toBe(0);
    expect(r.unreproduced).toBe(0);
    expect(r.reproduced).toBe(60);
    expect(r.changed).toEqual([]);
    // Not a trivial month: capacity, absence and history really shaped the decisions being reproduced.
    const decisions = await env.deps.store.transaction(async (tx) => {
      const out = [];
      for (let id = 1; id <= 60; id += 1) out.push(...(await tx.leads.routingDecisions(id)));
      return out;
    });
    const reasons = new Set(decisions.flatMap((d) => d.explanation.skipped.map((s) => s.reason)));
    expect(reasons).toEqual(new Set(['NOT_A_ROUTED_ROLE', 'AT_CAPACITY', 'OUT_OF_OFFICE', 'COOLDOWN']));
    expect(decisions.some((d) => d.explanation.outcome === 'pool')).toBe(true);
    expect(r.reps.some((x) => x.old.expectedConversion !== null)).toBe(true);
    // Without --verify the stored decisions stand for the replay, and say the same.
    const fast = await runWhatIf(env.deps, env.deps.rules, { from, to });
    expect(fast.reproduced).toBeNull();
    expect({ old: fast.old, reps: fast.reps, teams: fast.teams }).toEqual({
      old: r.old,
      reps: r.reps,
      teams: r.teams,
    });
  });

  it('replays each lead among the people who existed when it arrived', async () => {
    await seedOrg(env, [person('amy')]);
    const from = env.clock();
    for (let i = 0; i < 2; i += 1) {
      env.clock.advance(HOUR);
      await submit(leadFields());
    }
    await seedOrg(env, [person('amy'), person('abe')]); // abe joins after leads 1 and 2
    env.clock.advance(HOUR);
    await submit(leadFields());
    // Round-robin first: had abe been there, he would have taken lead 1 (never served, first by id).
    const rr = withRouting({ weights: { skill: 0, roundRobin: 1, load: 0, winRate: 0, followUp: 0 } });
    for (const verify of [false, true]) {
      const r = await runWhatIf(env.deps, rr, { from, to: env.clock() + 1, verify });
      expect(r.reps.map((x) => [x.id, x.new.received])).toEqual([
        ['abe', 1],
        ['amy', 2],
      ]);
      expect(r.reproduced).toBe(verify ? 3 : null);
    }
  });

  it('runs on a read-only view: no lead, offer, event or notice is written', async () => {
    await seedOrg(env, [person('amy'), person('ben')]);
    const from = env.clock();
    for (let i = 0; i < 6; i += 1) {
      env.clock.advance(HOUR);
      await submit(leadFields());
    }
    const before = await counts();
    const r = await runWhatIf(env.deps, withRouting({ roles: ['presales'] }), { from, to: env.clock() + 1 });
    expect(r.new.pooled).toBe(6);
    expect(await counts()).toEqual(before);
  });

  it('keeps each applied rules change in the event log, oldest first', async () => {
    const from = env.clock() - 30 * DAY;
    const r = await runWhatIf(env.deps, DEFAULT_RULES, { from, to: env.clock() });
    const text = 'routing:\n  roles: [rep]\n';
    await recordRulesApplied(env.deps, {
      by: 'cli:ops',
      actorId: null,
      text,
      acceptedWarnings: false,
      result: r,
      warningLines: [],
    });
    env.clock.advance(HOUR);
    await recordRulesApplied(env.deps, {
      by: 'boss',
      actorId: 'boss',
      text: `${text}# again\n`,
      acceptedWarnings: true,
      result: r,
      warningLines: ['a warning'],
    });
    const history = await rulesHistory(env.deps);
    expect(history.map((e) => [e.by, e.fileHash, e.acceptedWarnings, e.whatif.warnings])).toEqual([
      ['cli:ops', rulesFileHash(text), false, []],
      ['boss', rulesFileHash(`${text}# again\n`), true, ['a warning']],
    ]);
    expect(history[0]?.rules).toBe(text);
  });
});
