// The demo org (`npx leadline demo`, first `npm start`): played through the real engine on a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_STATUSES, type Lead } from '../src/kernel/types.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { DEMO_ORG_SETTING, seedDemo } from '../src/demo/seed-demo.ts';
import { runWhatIf } from '../src/modules/whatif/use-cases/whatif.ts';
import { org, person, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function allLeads(e: TestEnv): Promise<Lead[]> {
  return e.deps.store.transaction(async (tx) => {
    const out: Lead[] = [];
    for (let id = 1; ; id++) {
      const lead = await tx.leads.get(id);
      if (lead === null) return out;
      out.push(lead);
    }
  });
}

describe('seedDemo', () => {
  it('creates 3 teams, 19 people (a director, presales, finance, delivery) and ~200 leads spread over the last days, every live lead offered, claimed or pooled', async () => {
    env = testEnv({ start: '2026-11-23T06:00:00Z' });
    const now = env.deps.clock();
    const r = await seedDemo(env.deps);
    expect(r.kind).toBe('seeded');
    if (r.kind !== 'seeded') return;
    expect(r.org.teams.created).toBe(3);
    expect(r.org.people.created).toBe(19);
    expect(r.activity.history).toBeGreaterThan(10);
    expect(r.activity.won).toBeGreaterThan(5);
    expect(r.activity.lost).toBeGreaterThan(3);
    expect(r.activity.targets).toBeGreaterThan(0);

    const { teams, people } = await env.deps.store.transaction(async (tx) => ({
      teams: await tx.org.teams(),
      people: await tx.org.people(),
    }));
    expect(teams.map((t) => t.name).sort()).toEqual(['华北一组', '华南一组', '华东一组'].sort());
    expect(people.filter((p) => p.role === 'rep')).toHaveLength(12);
    expect(people.filter((p) => p.role === 'manager')).toHaveLength(3);
    for (const t of teams) expect(people.find((p) => p.id === t.managerId)?.role).toBe('manager');
    expect(people.every((p) => p.role !== 'rep' || (p.capacity === 8 && p.skills.length > 0))).toBe(true);

    const leads = await allLeads(env);
    expect(leads.length).toBeGreaterThanOrEqual(190);
    expect(leads.length - r.activity.history).toBeLessThanOrEqual(210);
    // Plus a few regular customers from before the span, for two weeks of daily reports.
    expect(r.activity.regulars).toBeGreaterThan(0);
    expect(r.activity.regulars).toBeLessThanOrEqual(6);
    expect(r.activity.leads + r.activity.regulars + r.activity.history).toBe(leads.length);
    // Realistic, not uniform: Chinese company names, budgets 3万–80万, several sources, some urgent.
    expect(leads.every((l) => /[\u4e00-\u9fff]/.test(l.company))).toBe(true);
    const budgets = leads.map((l) => l.budget).filter((b) => b > 0);
    expect(Math.min(...budgets)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...budgets)).toBeLessThanOrEqual(800_000);
    expect(new Set(leads.map((l) => l.source)).size).toBeGreaterThanOrEqual(5);
    expect(leads.every((l) => l.source !== '' && l.campaign !== '')).toBe(true);
    expect(new Set(leads.map((l) => l.urgentReason))).toEqual(
      new Set([null, 'COMPETITOR_COMPARISON', 'TRIAL_ENDING']),
    );
    // Spread over the last few days by the demo's own clock, ending now.
    const created = leads.map((l) => l.createdAt);
    expect(Math.max(...created)).toBeLessThanOrEqual(now);
    expect(Math.min(...created)).toBeLessThan(now - 3 * 86_400_000);

    // Every live lead went through routing and is where routing and the sweep left it: offered to an active
    // rep within the offer window, claimed by one, or in the pool with nobody holding it.
    const reps = new Set(people.filter((p) => p.role === 'rep').map((p) => p.id));
    const live = leads.filter((l) => LIVE_STATUSES.includes(l.status));
    expect(live.length).toBeGreaterThan(0);
    for (const l of live) {
      if (l.status === 'pool') expect(l.ownerId).toBeNull();
      else expect(reps.has(l.ownerId ?? '')).toBe(true);
      if (l.status === 'offered') expect(l.offerExpiresAt).toBeGreaterThan(now);
    }
    const decided = await env.deps.store.transaction(async (tx) =>
      Promise.all(leads.map(async (l) => (await tx.leads.routingDecisions(l.id)).length)),
    );
    expect(decided.every((n) => n > 0)).toBe(true);
    // The board is not empty: claims, follow-ups, leads in the pool and a few waiting offers.
    expect(r.activity.claims).toBeGreaterThan(20);
    expect(r.activity.touches).toBeGreaterThan(10);
    expect(r.byStatus.pool ?? 0).toBeGreaterThan(0);
    expect(r.byStatus.owned ?? 0).toBeGreaterThan(0);
    expect(r.byStatus.offered ?? 0).toBeGreaterThan(0);
    // Deals in several states: opened, with evidence, some advanced, some marked 过程存疑.
    expect(r.activity.deals).toBeGreaterThan(3);
    expect(r.activity.evidence).toBeGreaterThan(0);
    const deals = await env.deps.store.transaction(async (tx) =>
      (await Promise.all(leads.map((l) => tx.deals.byLead(l.id)))).filter((d) => d !== null),
    );
    // The span's deals, and one for each earlier customer (won or lost).
    expect(deals).toHaveLength(r.activity.deals + r.activity.history);
    expect(deals.filter((d) => d.status === 'won').length).toBe(r.activity.won);
    expect(deals.filter((d) => d.status === 'lost').length).toBe(r.activity.lost);
    const open = new Map<string, number>();
    for (const l of leads)
      if (l.status === 'owned' || l.status === 'offered')
        open.set(l.ownerId as string, (open.get(l.ownerId as string) ?? 0) + 1);
    expect(Math.max(...open.values())).toBeLessThanOrEqual(8);

    // The rule what-if replays the demo faithfully (issue 25 item 17): `whatif --verify` gives back every stored
    // decision, the regular customers from before the span included (the demo's clock only moves forward).
    const verified = await runWhatIf(env.deps, env.deps.rules, { from: 0, to: now + 1, verify: true });
    expect(verified.leads).toBe(leads.length);
    expect(verified.reproduced).toBe(leads.length);
    expect(verified.notReconstructable).toBe(0);
    expect(verified.changed).toEqual([]);
  }, 60_000);

  it('is the same demo for the same seed and start time', async () => {
    const summaries: string[] = [];
    for (let run = 0; run < 2; run++) {
      env = testEnv({ start: '2026-11-23T06:00:00Z' });
      await seedDemo(env.deps, { leads: 40, seed: 7 });
      const leads = await allLeads(env);
      summaries.push(JSON.stringify(leads.map((l) => [l.company, l.phone, l.budget, l.status, l.ownerId])));
      await env.close();
      env = undefined;
    }
    expect(summaries[0]).toBe(summaries[1]);
  });

  it('does not duplicate people or leads when run twice', async () => {
    env = testEnv({ start: '2026-11-23T06:00:00Z' });
    const first = await seedDemo(env.deps, { leads: 30 });
    env.clock.advance(60_000);
    const second = await seedDemo(env.deps, { leads: 30 });
    expect(first.kind).toBe('seeded');
    expect(second.kind).toBe('already_seeded');
    if (second.kind !== 'already_seeded') return;
    expect(second.org.people).toMatchObject({ created: 0, unchanged: 19 });
    expect(second.org.teams).toMatchObject({ created: 0 });
    const people = await env.deps.store.transaction((tx) => tx.org.people());
    expect(people).toHaveLength(19);
    expect(await allLeads(env)).toHaveLength(
      first.kind === 'seeded' ? first.activity.leads + first.activity.regulars + first.activity.history : -1,
    );
  });

  it('refuses a database that holds a real organisation', async () => {
    env = testEnv();
    await importOrg(env.deps, org([person('alice')]));
    expect(await seedDemo(env.deps, { leads: 5 })).toEqual({ kind: 'refused', reason: 'REAL_ORG' });
    const settings = await env.deps.store.transaction((tx) => tx.settings.get(DEMO_ORG_SETTING));
    expect(settings).toBeNull();
    expect(await env.deps.store.transaction((tx) => tx.org.people())).toHaveLength(2);
  });
});
