// Two rules files compared on a real database (issue 24 item 10): `runWhatIf` with `baseRules` replays the old
// side through file A (not the rules in force) and gives coverage and expected conversion per lead source.
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type Rules } from '../src/modules/rules.ts';
import type { LeadFields } from '../src/kernel/types.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { closeLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { runWhatIf } from '../src/modules/whatif/use-cases/whatif.ts';
import { DATABASES, HOUR, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;

const withRules = (rules: Rules['routing']['rules']): Rules => ({
  ...DEFAULT_RULES,
  routing: { ...DEFAULT_RULES.routing, rules },
});
// A: trade-fair leads only to a1, website leads only to b1. B: trade-fair leads only to b1, website leads to no one.
const A = withRules([
  { rep: 'b1', exclude: { source: ['fair'] } },
  { rep: 'a1', exclude: { source: ['web'] } },
]);
const B = withRules([
  { rep: 'a1', exclude: { source: ['fair', 'web'] } },
  { rep: 'b1', exclude: { source: ['web'] } },
]);

async function submit(fields: LeadFields): Promise<{ id: number; owner: string | null }> {
  env.clock.advance(HOUR);
  const r = await submitLead(env.deps, { fields, via: 'api' });
  if (r.kind !== 'created') throw new Error(`expected a new lead, got ${r.kind}`);
  return { id: r.lead.id, owner: r.lead.ownerId };
}

describe.each(DATABASES)('what-if of two rules files, per source, on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(() => {
    env = current();
  });

  it('replays A (not the rules in force) against B and names each source’s change', async () => {
    await seedOrg(env, [
      person('a1', { capacity: 100 }),
      person('b1', { teamId: 'west', capacity: 100 }),
    ]);
    // History, routed by A: a1 won 1 of 2 closed leads (0.5), b1 none of 2 (0).
    env.deps.rules = A;
    for (const [source, outcome] of [
      ['fair', 'won'],
      ['fair', 'lost'],
      ['web', 'lost'],
      ['web', 'lost'],
    ] as const) {
      const { id, owner } = await submit(leadFields({ source }));
      expect(owner).toBe(source === 'fair' ? 'a1' : 'b1');
      await claimLead(env.deps, { personId: owner ?? '', leadId: id });
      await closeLead(env.deps, { leadId: id, outcome, actorId: owner });
    }
    // The month compared, routed by other rules in force (no rules at all).
    env.deps.rules = DEFAULT_RULES;
    const from = env.clock() + 1;
    for (const source of ['fair', 'fair', 'fair', 'web']) await submit(leadFields({ source }));
    const r = await runWhatIf(env.deps, B, { from, to: env.clock() + 1, baseRules: A });

    expect(r.leads).toBe(4);
    expect(r.baseline).toBe('replayed');
    expect(r.sources).toEqual([
      // web: b1 (0) → no one: coverage 100 % → 0 %, the larger change, so first.
      {
        source: 'web',
        leads: 1,
        old: { covered: 1, coverage: 1, expectedConversion: 0 },
        new: { covered: 0, coverage: 0, expectedConversion: null },
        coverageChange: -1,
        conversionChange: null,
      },
      // fair: a1 (0.5) → b1 (0).
      {
        source: 'fair',
        leads: 3,
        old: { covered: 3, coverage: 1, expectedConversion: 0.5 },
        new: { covered: 3, coverage: 1, expectedConversion: 0 },
        coverageChange: 0,
        conversionChange: -0.5,
      },
    ]);
    // A's side is what the what-if of A against the rules in force gives as its new side.
    const aAlone = await runWhatIf(env.deps, A, { from, to: env.clock() + 1 });
    const sideOf = (rows: typeof r.sources, k: 'old' | 'new') =>
      Object.fromEntries(rows.map((x) => [x.source, x[k]]));
    expect(sideOf(aAlone.sources, 'new')).toEqual(sideOf(r.sources, 'old'));
    // One lead of 4 newly to no rep: past the rules in force's whatif.maxCoverageDrop (5 %).
    expect(r.warnings.map((w) => w.kind)).toContain('COVERAGE_DROP');
  });
});
