import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEAL_RULES } from '../../deals/rules/deal-rules.ts';
import type { LeadEvent, LeadEventData } from '../../../kernel/events.ts';
import {
  dealPaths,
  learnProbabilities,
  monthKeys,
  scoreForecast,
  scoreSnapshot,
  weightedPipeline,
  type DealPath,
} from './forecast.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const b2b = DEFAULT_DEAL_RULES.pipelines.find((p) => p.id === 'b2b');
if (!b2b) throw new Error('the default rules lost the b2b pipeline');
// b2b defaults: diagnose 0.1, compare 0.25, decisionChain 0.4, quote 0.6, negotiate 0.8, signed 1

const path = (dealId: number, reached: string[], outcome: DealPath['outcome']): DealPath => ({
  dealId,
  pipeline: 'b2b',
  reached,
  outcome,
});
// 10 closed deals: 4 lost in diagnose, 2 lost in compare, 1 lost at quote (skipped decisionChain), 3 won.
const history: DealPath[] = [
  ...[1, 2, 3, 4].map((id) => path(id, ['diagnose'], 'lost')),
  ...[5, 6].map((id) => path(id, ['diagnose', 'compare'], 'lost')),
  path(7, ['diagnose', 'quote'], 'lost'),
  ...[8, 9, 10].map((id) => path(id, ['diagnose', 'compare', 'negotiate'], 'won')),
  path(11, ['diagnose', 'compare', 'decisionChain', 'quote', 'negotiate'], 'open'), // open: not learned from
];

describe('stage probabilities', () => {
  const learned = learnProbabilities(b2b, history, 5);

  it.each([
    // stage, closed through it, won, (won + 5 × default) / (closed + 5)
    ['diagnose', 10, 3, (3 + 0.5) / 15], // 0.2333
    ['compare', 6, 3, (3 + 1.25) / 11], // 0.3864
    ['decisionChain', 4, 3, (3 + 2) / 9], // 0.5556: deal 7 skipped it, but passed it
    ['quote', 4, 3, (3 + 3) / 9], // 0.6667
    ['negotiate', 3, 3, (3 + 4) / 8], // 0.875
    ['signed', 3, 3, (3 + 5) / 8], // 1
  ])('%s: %d closed, %d won → %f', (stage, closed, won, p) => {
    const s = learned.find((x) => x.stage === stage);
    expect(s?.reason).toMatchObject({ closed, won });
    expect(s?.probability).toBeCloseTo(p, 12);
  });

  it('is the pipeline default with no history, and the raw rate with no prior', () => {
    expect(learnProbabilities(b2b, [], 5).map((s) => s.probability)).toEqual([0.1, 0.25, 0.4, 0.6, 0.8, 1]);
    expect(learnProbabilities(b2b, history, 0)[0]?.probability).toBe(0.3); // 3 / 10
  });

  it('reads each deal path from the log', () => {
    const e = (iso: string, leadId: number, data: LeadEventData): LeadEvent => ({
      at: at(iso),
      leadId,
      actorId: 'li',
      ...data,
    });
    const paths = dealPaths([
      e('2026-06-01T10:00', 1, {
        type: 'deal.created',
        dealId: 1,
        pipeline: 'b2b',
        stage: 'diagnose',
        amount: 1,
        tier: 'C',
      }),
      e('2026-06-02T10:00', 1, {
        type: 'deal.advanced',
        dealId: 1,
        from: 'diagnose',
        to: 'quote',
        skipped: ['compare', 'decisionChain'],
        reason: '',
      }),
      e('2026-06-03T10:00', 1, { type: 'deal.won', dealId: 1, stage: 'quote' }),
      e('2026-06-01T11:00', 2, {
        type: 'deal.created',
        dealId: 2,
        pipeline: 'b2b',
        stage: 'diagnose',
        amount: 1,
        tier: 'C',
      }),
      e('2026-06-05T11:00', 2, { type: 'lead.closed', outcome: 'lost', by: 'li' }),
      e('2026-06-01T12:00', 3, {
        type: 'deal.created',
        dealId: 3,
        pipeline: 'b2b',
        stage: 'compare',
        amount: 1,
        tier: 'C',
      }),
    ]);
    expect(paths).toEqual([
      { dealId: 1, pipeline: 'b2b', reached: ['diagnose', 'quote'], outcome: 'won' },
      { dealId: 2, pipeline: 'b2b', reached: ['diagnose'], outcome: 'lost' },
      { dealId: 3, pipeline: 'b2b', reached: ['compare'], outcome: 'open' },
    ]);
  });

  it('marks lost only the open deals of the lead closed lost, and a deal created again by its second path', () => {
    const e = (day: number, leadId: number, data: LeadEventData): LeadEvent => ({
      at: at(`2026-06-${String(day).padStart(2, '0')}T10:00`),
      leadId,
      actorId: 'li',
      ...data,
    });
    const created = (day: number, leadId: number, dealId: number, stage = 'diagnose') =>
      e(day, leadId, { type: 'deal.created', dealId, pipeline: 'b2b', stage, amount: 1, tier: 'C' });
    const paths = dealPaths([
      created(1, 7, 71),
      created(2, 7, 72),
      e(3, 7, { type: 'deal.won', dealId: 71, stage: 'diagnose' }),
      created(4, 8, 81),
      created(5, 9, 91),
      created(6, 9, 91, 'quote'), // the same deal again: its second path is the one kept
      e(9, 7, { type: 'lead.closed', outcome: 'lost', by: 'li' }),
      e(9, 9, { type: 'lead.closed', outcome: 'lost', by: 'li' }),
      created(10, 9, 92), // after the lead was closed: still open
    ]);
    expect(paths.map((p) => [p.dealId, p.reached, p.outcome])).toEqual([
      [71, ['diagnose'], 'won'],
      [72, ['diagnose'], 'lost'],
      [81, ['diagnose'], 'open'],
      [91, ['quote'], 'lost'],
      [92, ['diagnose'], 'open'],
    ]);
  });
});

describe('month keys', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Europe/London'])(
    'name each moment’s month as luxon does in %s, at the bounds too',
    (z) => {
      const key = monthKeys(z);
      const moments: number[] = [];
      for (let m = 0; m < 14; m++) {
        const start = DateTime.fromObject({ year: 2026, month: 1 }, { zone: z })
          .plus({ months: m })
          .toMillis();
        moments.push(start - 1, start, start + 1, start + 15 * 86_400_000 + m * 3_600_000);
      }
      // In and out of order, and again: remembered months answer as the first time.
      for (const t of [...moments, ...moments.reverse(), ...moments])
        expect(key(t)).toBe(DateTime.fromMillis(t, { zone: z }).toFormat('yyyy-MM'));
    },
  );
});

describe('weighted pipeline', () => {
  const probabilities = { b2b: learnProbabilities(b2b, history, 5) };
  const deal = (id: number, ownerId: string, stage: string, amount: number, close: string | null) => ({
    id,
    ownerId,
    amount,
    pipeline: 'b2b',
    stage,
    status: 'open' as const,
    expectedCloseAt: close === null ? null : at(close),
  });
  const result = weightedPipeline(
    [
      deal(21, 'li', 'compare', 100_000, '2026-12-15T12:00'), // 10,000,000 ¢ × 4.25/11 = 3,863,636.36 → 3,863,636
      deal(22, 'li', 'quote', 250_000.5, '2026-11-30T12:00'), // 25,000,050 ¢ × 6/9 = 16,666,700
      deal(23, 'wang', 'diagnose', 33_333.33, null), // 3,333,333 ¢ × 3.5/15 = 777,777.7 → 777,778
      { ...deal(24, 'wang', 'quote', 999, null), status: 'won' as const }, // closed: not in the pipeline
    ],
    probabilities,
    (rep) => (rep === 'li' || rep === 'wang' ? 'east-1' : null),
    zone,
  );

  it('weighs each open deal to the cent and sums by rep, team and month', () => {
    expect(result.lines.map((l) => l.weightedCents)).toEqual([3_863_636, 16_666_700, 777_778]);
    expect(result.byRep).toEqual({ li: 20_530_336, wang: 777_778 }); // 3,863,636 + 16,666,700
    expect(result.byTeam).toEqual({ 'east-1': 21_308_114 });
    expect(result.byMonth).toEqual({ '2026-12': 3_863_636, '2026-11': 16_666_700, unscheduled: 777_778 });
    expect(result.totalCents).toBe(21_308_114);
  });
});

describe('forecast accuracy', () => {
  it.each([
    // forecast ¢, actual ¢, accuracy = max(0, 1 − |f − a| / a)
    [1_000_000, 1_250_000, 0.8], // 1 − 250,000 / 1,250,000
    [1_100_000, 1_000_000, 0.9], // over-forecast by 10 %
    [480_000, 1_000_000, 0.48], // the brief's "before": about half right
    [3_000_000, 1_000_000, 0], // off by 200 %: floored at 0
    [0, 0, 1], // nothing forecast, nothing closed
    [500, 0, 0], // something forecast, nothing closed
  ])('forecast %d, actual %d → %d', (f, a, accuracy) => {
    expect(scoreForecast(f, a).accuracy).toBeCloseTo(accuracy, 12);
  });

  it('says why a snapshot scored 0 when nothing closed', () => {
    expect(scoreForecast(500, 0).reason).toEqual({ code: 'NOTHING_CLOSED', errorCents: 500 });
  });
});

describe('a past snapshot', () => {
  it('is scored against the deals won in its period, in total and per rep', () => {
    // November snapshot: li ¥200,000.00, wang ¥50,000.00, total ¥250,000.00
    const snapshot = {
      takenAt: at('2026-11-01T09:00'),
      start: at('2026-11-01T00:00'),
      end: at('2026-12-01T00:00'),
      totalCents: 25_000_000,
      byRep: { li: 20_000_000, wang: 5_000_000 },
    };
    const won = (ownerId: string, amount: number, closed: string, status: 'won' | 'lost' = 'won') => ({
      ownerId,
      amount,
      status,
      closedAt: at(closed),
    });
    const score = scoreSnapshot(snapshot, [
      won('li', 150_000, '2026-11-10T10:00'),
      won('li', 100_000, '2026-11-30T23:00'), // li actual ¥250,000
      won('li', 80_000, '2026-12-01T00:00'), // December: not this snapshot's
      won('wang', 40_000, '2026-11-12T10:00', 'lost'), // lost: wang actual 0
      won('zhao', 50_000, '2026-11-20T10:00'), // not forecast at all
    ]);
    // total: actual 25,000,000 + 5,000,000 = 30,000,000 ¢; 1 − 5,000,000 / 30,000,000 = 5/6
    expect(score.total.actualCents).toBe(30_000_000);
    expect(score.total.accuracy).toBeCloseTo(5 / 6, 12);
    // li: 1 − |20,000,000 − 25,000,000| / 25,000,000 = 0.8; wang: forecast but nothing closed → 0; zhao: 1 − 5/5 = 0
    expect(Object.fromEntries(Object.entries(score.byRep).map(([r, s]) => [r, s.accuracy]))).toEqual({
      li: 0.8,
      wang: 0,
      zhao: 0,
    });
  });
});
