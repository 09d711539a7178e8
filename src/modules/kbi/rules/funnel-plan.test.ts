import { describe, expect, it } from 'vitest';
import { DEFAULT_DEAL_RULES } from '../../deals/rules/deal-rules.ts';
import type { DealPath } from './forecast.ts';
import { planFunnel, stageConversions } from './funnel-plan.ts';

const b2b = DEFAULT_DEAL_RULES.pipelines.find((p) => p.id === 'b2b');
if (!b2b) throw new Error('the default rules lost the b2b pipeline');
const path = (reached: string[], outcome: DealPath['outcome']): DealPath => ({
  dealId: 0,
  pipeline: 'b2b',
  reached,
  outcome,
});
// 4 lost in diagnose, 2 lost in compare, 1 lost at quote (skipped decisionChain), 3 won, 1 open in negotiate.
const paths: DealPath[] = [
  ...Array.from({ length: 4 }, () => path(['diagnose'], 'lost')),
  ...Array.from({ length: 2 }, () => path(['diagnose', 'compare'], 'lost')),
  path(['diagnose', 'quote'], 'lost'),
  ...Array.from({ length: 3 }, () => path(['diagnose', 'compare', 'negotiate'], 'won')),
  path(['diagnose', 'compare', 'negotiate'], 'open'),
];

describe('stage conversion', () => {
  it('counts deals settled at each stage, leaving open ones out where they stand', () => {
    expect(stageConversions(b2b, paths).map((c) => [c.from, c.movedOn, c.settled])).toEqual([
      ['diagnose', 7, 11], // all 11 passed; 4 stopped there
      ['compare', 5, 7], // 7 passed (incl. the skip to quote); 2 lost there
      ['decisionChain', 5, 5], // the quote deal skipped it, so passed it
      ['quote', 4, 5], // 1 lost at quote
      ['negotiate', 3, 3], // the open deal in negotiate is not settled yet
    ]);
  });
});

describe('working back from a target', () => {
  const conversions = stageConversions(b2b, paths);

  it('gives each stage its total and weekly count, and the bottleneck', () => {
    // ¥1,200,000 at ¥100,000 a deal = 12 wins in 4 weeks
    // negotiate 12 × 3/3 = 12; quote 12 × 5/4 = 15; decisionChain 15 × 5/5 = 15; compare 15 × 7/5 = 21;
    // diagnose 21 × 11/7 = 33. Per week ÷ 4, rounded up: 3, 3, 4 (3.75), 4 (3.75), 6 (5.25), 9 (8.25)
    const plan = planFunnel(b2b, conversions, {
      targetCents: 120_000_000,
      averageDealCents: 10_000_000,
      weeks: 4,
    });
    expect(plan.kind).toBe('plan');
    if (plan.kind !== 'plan') return;
    expect(plan.wins).toBe(12);
    expect(plan.stages.map((s) => [s.stage, s.total, s.perWeek])).toEqual([
      ['diagnose', 33, 9],
      ['compare', 21, 6],
      ['decisionChain', 15, 4],
      ['quote', 15, 4],
      ['negotiate', 12, 3],
      ['signed', 12, 3],
    ]);
    // lowest conversion: diagnose → compare, 7/11 ≈ 0.636 (then 5/7 ≈ 0.714, 4/5)
    expect(plan.bottleneck).toEqual({
      code: 'LOWEST_CONVERSION',
      from: 'diagnose',
      to: 'compare',
      rate: 7 / 11,
      settled: 11,
    });
  });

  it.each([
    [{ targetCents: 1, averageDealCents: 0, weeks: 4 }, 'NO_DEAL_SIZE'],
    [{ targetCents: 1, averageDealCents: 1, weeks: 0 }, 'NO_WEEKS_LEFT'],
  ])('cannot plan with %j: %s', (input, reason) => {
    expect(planFunnel(b2b, conversions, input)).toMatchObject({ kind: 'cannot_plan', reason });
  });

  it('cannot plan through a stage no deal has left', () => {
    const stuck = stageConversions(b2b, [path(['diagnose'], 'lost')]);
    expect(planFunnel(b2b, stuck, { targetCents: 100, averageDealCents: 100, weeks: 1 })).toEqual({
      kind: 'cannot_plan',
      reason: 'NO_CONVERSION',
      stage: 'negotiate',
    });
  });
});
