// F39 rule what-if against the org of each lead's time (issue 25 item 17): a month of leads while the org keeps
// changing — capacities cut, a rep leaving, one joining, people out of office, a team move — is replayed faithfully;
// the same rules file shows no change, a real rules change still shows its changes, and decisions stored before
// routing kept the org are counted apart, never as changes.
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../src/kernel/types.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { passLead, releaseLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { refreshRepStats } from '../src/modules/leads/use-cases/rep-stats.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { closeLead, touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { blockingWarnings, runWhatIf } from '../src/modules/whatif/use-cases/whatif.ts';
import { fidelityLines } from '../src/modules/whatif/cards/whatif.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;

const TEAMS = [
  { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
  { id: 'north', name: '华北组', managerId: 'boss', channels: {} },
  { id: 'south', name: '华南组', managerId: 'boss', channels: {} },
];
const INDUSTRIES = ['医疗基建', '家装', '工装', '地产', '教育'];

/** 30 reps over three teams, capacities 3–8, a skill each for most. */
function thirtyReps(): Person[] {
  return Array.from({ length: 30 }, (_, i) =>
    person(`r${String(i).padStart(2, '0')}`, {
      teamId: TEAMS[i % 3]!.id,
      capacity: 3 + (i % 6),
      skills: i % 4 === 3 ? [] : [INDUSTRIES[i % 5]!],
    }),
  );
}

/** The org edits of a busy month, one every 25 leads. */
function editAt(step: number, reps: Person[]): Person[] | null {
  const set = (id: string, change: Partial<Person>) =>
    reps.map((p) => (p.id === id ? { ...p, ...change } : p));
  switch (step) {
    case 25:
      return set('r05', { capacity: 3 }); // 8 → 3, the edit
    case 50:
      return set('r07', { active: false }); // leaves
    case 75:
      return [...reps, person('r30', { teamId: 'north', capacity: 6, skills: ['家装'] })]; // joins
    case 100:
      return set('r11', { outOfOffice: true });
    case 125:
      return set('r11', { outOfOffice: false }).map((p) => (p.id === 'r12' ? { ...p, teamId: 'south' } : p));
    case 150:
      return set('r00', { skills: ['地产', '教育'], capacity: 8 });
    default:
      return null;
  }
}

async function busyMonth(): Promise<{ from: number; to: number; reps: Person[] }> {
  let reps = thirtyReps();
  await seedOrg(env, reps, { teams: TEAMS });
  const from = env.clock();
  for (let i = 0; i < 170; i += 1) {
    env.clock.advance(4 * 3_600_000 + 7 * 60_000 * (i % 5));
    const edited = editAt(i, reps);
    if (edited !== null) {
      reps = edited;
      await seedOrg(env, reps, { teams: TEAMS });
    }
    if (i % 20 === 19) await refreshRepStats(env.deps);
    await sweep(env.deps, env.clock());
    const r = await submitLead(env.deps, {
      fields: leadFields({ industry: INDUSTRIES[i % 5]!, budget: 10_000 * (i % 9) }),
      via: 'api',
    });
    if (r.kind !== 'created') throw new Error(`expected a new lead, got ${r.kind}`);
    const owner = r.lead.ownerId;
    if (owner === null) continue;
    const id = r.lead.id;
    if (i % 6 === 1) await passLead(env.deps, { personId: owner, leadId: id });
    else if (i % 6 !== 4) {
      await claimLead(env.deps, { personId: owner, leadId: id });
      if (i % 3 === 0) await touchLead(env.deps, { personId: owner, leadId: id, kind: 'call', note: '' });
      if (i % 4 === 0)
        await closeLead(env.deps, { leadId: id, outcome: i % 8 === 0 ? 'won' : 'lost', actorId: owner });
      if (i % 7 === 2) await releaseLead(env.deps, { personId: owner, leadId: id });
    }
  }
  return { from, to: env.clock() + 1, reps };
}

describe.each(DATABASES)('rule what-if against the org of its time on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(() => {
    env = current();
  });

  it('a busy month of org edits: --verify gives back every decision; after one more edit the same file changes nothing; new weights still show', async () => {
    const { from, to, reps } = await busyMonth();
    const verified = await runWhatIf(env.deps, env.deps.rules, { from, to, verify: true });
    expect(verified.leads).toBe(170);
    expect(verified.reproduced).toBe(170);
    expect(verified.notReconstructable).toBe(0);
    expect(verified.unreproduced).toBe(0);
    expect(verified.changed).toEqual([]);

    // The case: an ordinary edit today (a rep's capacity 8 → 3), then the what-if of an unchanged file.
    await seedOrg(
      env,
      reps.map((p) => (p.id === 'r17' ? { ...p, capacity: 3 } : p)),
      { teams: TEAMS },
    );
    const same = structuredClone(env.deps.rules);
    for (const verify of [false, true]) {
      const r = await runWhatIf(env.deps, same, { from, to, verify });
      expect(r.changed).toEqual([]);
      expect(r.new.gini).toBe(r.old.gini);
      expect(r.new.pooled).toBe(r.old.pooled);
      expect(blockingWarnings(r.warnings)).toEqual([]);
      expect(r.notReconstructable).toBe(0);
    }

    // A real rules change still shows, and only the rules' doing: every decision was reconstructed.
    const weights = { skill: 0, roundRobin: 100, load: 0, winRate: 0, followUp: 0 };
    const changed = await runWhatIf(
      env.deps,
      { ...env.deps.rules, routing: { ...env.deps.rules.routing, weights } },
      { from, to },
    );
    expect(changed.baseline).toBe('stored');
    expect(changed.changed.length).toBeGreaterThan(10);
    expect(changed.notReconstructable).toBe(0);
  }, 120_000);

  it('the org a decision read is stored once per distinct org, and each decision names it', async () => {
    await busyMonth();
    const stored = await env.deps.store.transaction(async (tx) => {
      const page = await tx.leads.arrivals(0, Number.MAX_SAFE_INTEGER, 0, 1_000, false);
      const hashes = [...new Set(page.map((a) => a.org))];
      return { page, snaps: await tx.leads.orgSnapshots(hashes.filter((h) => h !== null)) };
    });
    expect(stored.page.every((a) => a.org !== undefined)).toBe(true);
    // Six edits that routing reads (out of office is kept per decision; the return and team move are one edit).
    const distinct = new Set(stored.page.map((a) => a.org));
    expect(distinct.size).toBe(5);
    expect(stored.snaps.size).toBe(5);
    const capacities = [...stored.snaps.values()].map(
      (text) =>
        (JSON.parse(text) as Array<[string, string, string | null, number, string[]]>).find(
          (e) => e[0] === 'r05',
        )?.[3],
    );
    expect(new Set(capacities)).toEqual(new Set([8, 3]));
  }, 120_000);
});

describe('decisions stored before routing kept the org (sqlite)', () => {
  const current = useTestEnv('sqlite');
  beforeEach(() => {
    env = current();
  });

  it('are counted as not reconstructable, replayed alike through both rules, and never shown as changes', async () => {
    const { from, to, reps } = await busyMonth();
    // As an older Leadline stored them: the first 60 decisions without the org they read (and, as before migration
    // 0026, their inputs inside the explanation).
    const db = new Database(env.dbPath);
    db.prepare(
      `update routing_decisions set explanation = json_set(explanation, '$.inputs', json_remove(json(inputs), '$.org')),
         inputs = null, named = null where lead_id <= 60`,
    ).run();
    db.close();
    await seedOrg(
      env,
      reps.map((p) => (p.id === 'r17' ? { ...p, capacity: 3 } : p)),
      { teams: TEAMS },
    );
    const r = await runWhatIf(env.deps, structuredClone(env.deps.rules), { from, to });
    expect(r.baseline).toBe('replayed');
    expect(r.notReconstructable).toBe(60);
    expect(r.changed).toEqual([]);
    expect(blockingWarnings(r.warnings)).toEqual([]);
    // Said apart, in both languages, as history the replay could not rebuild.
    expect(fidelityLines(r, 'zh-CN')[0]).toBe(
      '170 条决定中有 60 条做出时 Leadline 尚未记录当时的组织，无法还原：这些线索两套规则都按今天的组织回放，两边同等计算，不会阻止 `rules apply`。',
    );
    expect(fidelityLines(r, 'en')[0]).toMatch(/^60 of 170 decisions were made before Leadline kept the org/);
    // Today's org is not the org of the time (r05 held 8, r17 8, r07 was still there): some of those 60 come out
    // otherwise, and that is said as what it is.
    expect(r.unreproduced).toBeGreaterThan(0);
    expect(fidelityLines(r, 'en')[1]).toMatch(
      /^The replay of the rules in force does not give back \d+ of their stored decisions: .*not the new rules/,
    );
  });
});
