// F39 what-if's reads on SQLite and PostgreSQL (issue 23, item 5): an arrival's inputs come back as their stored
// text with the rules' fingerprint and org hash beside them, and --verify's comparison tells a decision stored as
// exactly the replayed one from one it must parse.
import { describe, expect, it } from 'vitest';
import type { RoutingExplanation } from '../src/modules/leads/rules/routing.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { routingFingerprint, type RoutingInputs } from '../src/modules/whatif/rules/whatif.ts';
import { readArrivals } from '../src/modules/whatif/use-cases/read-arrivals.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

describe.each(DATABASES)('what-if reads on %s', (kind) => {
  const current = useTestEnv(kind);

  it('returns the inputs as stored text, with their rules fingerprint and org hash read beside them', async () => {
    const env = current();
    await seedOrg(env, [person('amy'), person('abe')]);
    await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    const [a] = await env.deps.store.transaction((tx) =>
      tx.leads.arrivals(0, Number.MAX_SAFE_INTEGER, 0, 10, false),
    );
    expect(a?.rules).toBe(routingFingerprint(env.deps.rules));
    const inputs = JSON.parse(a?.inputs ?? 'null') as RoutingInputs;
    expect(inputs.rules).toBe(a?.rules);
    expect(a?.org).toMatch(/\S/);
    expect(inputs.org).toBe(a?.org);
  });

  it('gives the arrivals in the order they arrived, also where ids are not (leads entered with earlier dates)', async () => {
    const env = current();
    await seedOrg(env, [person('amy'), person('abe')]);
    const at = env.clock();
    const ids: number[] = [];
    // 300 leads (more than a page of arrivals) arriving an hour apart, then one entered later with the earliest date.
    for (let i = 0; i < 301; i += 1) {
      env.clock.set(i < 300 ? at + (i + 1) * 3_600_000 : at);
      const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
      if (r.kind === 'created') ids.push(r.lead.id);
    }
    const read = await readArrivals(env.deps, at, at + 302 * 3_600_000, 2, false);
    expect(read.map((a) => a.leadId)).toEqual([ids[300], ...ids.slice(0, 300)]);
  });

  it('answers true for a decision stored as exactly the expected one, else the stored decision', async () => {
    const env = current();
    await seedOrg(env, [person('amy'), person('abe')]);
    const ids: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
      if (r.kind === 'created') ids.push(r.lead.id);
    }
    expect(ids).toHaveLength(2);
    const [first, second] = ids as [number, number];
    const out = await env.deps.store.transaction(async (tx) => {
      const stored = await tx.leads.firstDecisions(ids);
      const one = stored.get(first) as RoutingExplanation;
      const two = stored.get(second) as RoutingExplanation;
      // The second expected with other weights: not the stored text, so the stored decision comes back to compare.
      const expected = new Map([
        [first, JSON.stringify(one)],
        [second, JSON.stringify({ ...two, weights: { ...two.weights, skill: two.weights.skill + 1 } })],
      ]);
      return { stored, against: await tx.leads.firstDecisionsAgainst(expected) };
    });
    expect(out.against.get(first)).toBe(true);
    expect(out.against.get(second)).toEqual(out.stored.get(second));
  });
});
