import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../kernel/calendar.ts';
import { DEFAULT_DEAL_RULES } from '../../deals/rules/deal-rules.ts';
import { pipelineOf } from '../../deals/rules/deals.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { bottleneck, funnel, median, percentile, stageVisits } from './funnel.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const b2b = pipelineOf(DEFAULT_DEAL_RULES, 'b2b')!;
const base = (dealId: number, iso: string) => ({ at: at(iso), leadId: dealId, actorId: 'alice', dealId });
const created = (dealId: number, iso: string): LeadEvent => ({
  ...base(dealId, iso),
  type: 'deal.created',
  pipeline: 'b2b',
  stage: 'diagnose',
  amount: 100_000,
  tier: 'B',
});
const advanced = (dealId: number, iso: string, from: string, to: string): LeadEvent => ({
  ...base(dealId, iso),
  type: 'deal.advanced',
  from,
  to,
  skipped: [],
  reason: '',
});

// Four deals entering 需求诊断 on Monday 2026-11-02 10:00; "now" is Monday 2026-11-16 10:00.
const events: LeadEvent[] = [
  created(1, '2026-11-02T10:00'),
  created(2, '2026-11-02T10:00'),
  created(3, '2026-11-02T10:00'),
  created(4, '2026-11-02T10:00'),
  advanced(1, '2026-11-04T10:00', 'diagnose', 'compare'), // 2 working days in diagnose
  advanced(2, '2026-11-04T10:00', 'diagnose', 'compare'), // 2
  advanced(3, '2026-11-05T10:00', 'diagnose', 'compare'), // 3
  // D1 in 方案比对 Wed 11-04 → Fri 11-13: 7 working days, 2 over the limit of 5, with a stall analysis.
  {
    ...base(1, '2026-11-12T09:00'),
    type: 'deal.stall_analysis',
    stage: 'compare',
    taskId: 1,
    news: '客户内部测试环境未就绪',
    pending: '',
    way: '',
  },
  advanced(1, '2026-11-13T10:00', 'compare', 'decisionChain'),
  // D2 still in 方案比对 since Wed 11-04: 8 working days at 11-16, 3 over; a budget freeze was heard.
  {
    ...base(2, '2026-11-10T15:00'),
    type: 'deal.risk',
    signal: 'budgetFrozen',
    phrase: '预算冻结',
    excerpt: '',
  },
  // D3 in 方案比对 Thu 11-05 → Thu 11-12: 5 working days, not over.
  advanced(3, '2026-11-12T10:00', 'compare', 'decisionChain'),
  // D4 still in 需求诊断: 10 working days, 3 over the limit of 7, nobody said why.
];
const owners = new Map([
  [1, 'alice'],
  [2, 'alice'],
  [3, 'bob'],
  [4, 'bob'],
]);

describe('funnel and dwell (F30), checked by hand', () => {
  const stages = funnel(stageVisits(events, owners), b2b, at('2026-11-16T10:00'), zone, DEFAULT_CALENDAR);
  const byId = new Map(stages.map((s) => [s.stage, s]));

  it('需求诊断: 4 entered, 3 moved on (75 %), dwell [2, 2, 3, 10] → median 2.5, p90 10; 3 days late, unexplained', () => {
    expect(byId.get('diagnose')).toEqual({
      stage: 'diagnose',
      name: '需求诊断',
      nameEn: 'Needs diagnosis',
      entered: 4,
      conversion: 0.75,
      medianDays: 2.5,
      p90Days: 10,
      delayDays: 3,
      topReasons: [{ reason: 'unexplained', days: 3, share: 1 }],
    });
  });

  it('方案比对: 3 entered, 2 moved on, dwell [5, 7, 8] → median 7, p90 8; 5 days late, 60 % budget freeze, 40 % test environment', () => {
    const compare = byId.get('compare')!;
    expect(compare).toMatchObject({ entered: 3, medianDays: 7, p90Days: 8, delayDays: 5 });
    expect(compare.conversion).toBeCloseTo(2 / 3, 10);
    expect(compare.topReasons).toEqual([
      { reason: 'risk:budgetFrozen', days: 3, share: 0.6 },
      { reason: '客户内部测试环境未就绪', days: 2, share: 0.4 },
    ]);
  });

  it('later stages: 决策链穿透 entered by 2, nobody yet in 报价; the bottleneck is 方案比对', () => {
    expect(byId.get('decisionChain')).toMatchObject({ entered: 2, conversion: 0, delayDays: 0 });
    expect(byId.get('quote')).toMatchObject({
      entered: 0,
      conversion: null,
      medianDays: null,
      p90Days: null,
    });
    expect(bottleneck(stages)?.stage).toBe('compare');
  });

  it('median and nearest-rank percentile', () => {
    expect(median([1, 2, 3])).toBe(2);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([5], 0.9)).toBe(5);
  });
});
