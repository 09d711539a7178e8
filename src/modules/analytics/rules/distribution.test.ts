import { describe, expect, it } from 'vitest';
import {
  DistributionError,
  distributionReport,
  gini,
  giniReadingOf,
  type DistributionInput,
} from './distribution.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { DEFAULT_RULES } from '../../rules.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const t = (iso: string): number => Date.parse(iso);

const offered = (leadId: number, to: string, at: number): LeadEvent => ({
  type: 'lead.offered',
  leadId,
  to,
  at,
  actorId: null,
  expiresAt: at + 2 * HOUR,
  reason: 'test',
});
const claimed = (leadId: number, by: string, at: number, via: 'offer' | 'market' = 'offer'): LeadEvent => ({
  type: 'lead.claimed',
  leadId,
  by,
  via,
  at,
  actorId: by,
});
const touched = (leadId: number, by: string, at: number): LeadEvent => ({
  type: 'lead.touched',
  leadId,
  by,
  at,
  actorId: by,
  kind: 'call',
  note: '',
});
const closed = (leadId: number, outcome: 'won' | 'lost', at: number): LeadEvent => ({
  type: 'lead.closed',
  leadId,
  outcome,
  at,
  actorId: null,
  by: null,
});

// November 2026 in Asia/Shanghai (UTC+8): 2026-10-31T16:00Z up to 2026-11-30T16:00Z.
const NOV_FROM = t('2026-10-31T16:00:00Z');
const NOV_TO = t('2026-11-30T16:00:00Z');
const NOW = t('2026-12-20T00:00:00Z');
// The five Monday-start local weeks ending with the one holding Nov 30 (a Monday).
const WEEKS = [
  '2026-11-01T16:00:00Z',
  '2026-11-08T16:00:00Z',
  '2026-11-15T16:00:00Z',
  '2026-11-22T16:00:00Z',
  '2026-11-29T16:00:00Z',
].map(t);
const MID_NOV = t('2026-11-10T02:00:00Z');

const A = { id: 'a', name: 'Ann', teamId: 't1' };
const B = { id: 'b', name: 'Bo', teamId: 't1' };

function report(events: LeadEvent[], reps: DistributionInput['reps'] = [A, B], now = NOW) {
  return distributionReport(
    { month: '2026-11', timezone: 'Asia/Shanghai', reps, events, now },
    DEFAULT_RULES,
  );
}
const row = (r: ReturnType<typeof report>, id: string) => r.rows.find((x) => x.repId === id)!;

describe('gini', () => {
  it.each([
    [[1, 1, 1, 1], 0],
    [[0, 0, 0, 10], 0.75],
    [[1, 3], 0.25],
    [[0, 0, 0], 0],
    [[], 0],
    [[5], 0],
  ])('gini(%j) = %d', (values, expected) => {
    expect(gini(values)).toBe(expected);
  });

  it.each([
    [0.12, 5, 'even', 'fairly even (Gini 0.12): no rep gets far more than others'],
    [0.2, 5, 'uneven', 'uneven (Gini 0.20): some reps get noticeably more leads than others'],
    [0.39, 5, 'uneven', 'uneven (Gini 0.39): some reps get noticeably more leads than others'],
    [0.4, 5, 'very_uneven', 'very uneven (Gini 0.40): a few reps get most of the leads'],
    [0, 0, 'even', 'no leads were received this month (Gini 0.00)'],
  ])('reads Gini %d (total %d) as %s', (g, total, level, reading) => {
    expect(giniReadingOf(g, total)).toEqual({ giniLevel: level, giniReading: reading });
  });
});

describe('distributionReport: month and weeks', () => {
  it('uses local month boundaries and Monday-start local weeks', () => {
    const r = report([]);
    expect([r.from, r.to]).toEqual([NOV_FROM, NOV_TO]);
    expect(r.weekStarts).toEqual(WEEKS);
  });

  it.each([
    ['2026-10-31T17:00:00Z', 1], // 01:00 on Nov 1 in Shanghai
    ['2026-10-31T16:00:00Z', 1], // local midnight opens the month
    ['2026-10-31T15:59:59Z', 0], // still October locally
    ['2026-11-30T15:59:59Z', 1],
    ['2026-11-30T16:00:00Z', 0], // already December locally
  ])('an offer at %s counts %d times in November', (iso, expected) => {
    expect(row(report([offered(1, 'a', t(iso))]), 'a').received).toBe(expected);
  });

  it('rejects a month that is not YYYY-MM', () => {
    expect(() =>
      distributionReport(
        { month: '2026-13', timezone: 'Asia/Shanghai', reps: [], events: [], now: NOW },
        DEFAULT_RULES,
      ),
    ).toThrow(DistributionError);
    expect(() =>
      distributionReport(
        { month: '2026-11', timezone: 'Mars/Base', reps: [], events: [], now: NOW },
        DEFAULT_RULES,
      ),
    ).toThrow(/timezone/);
  });
});

describe('distributionReport: received, response and follow-up', () => {
  it('counts each lead once per rep, whether offered again or claimed from the market', () => {
    const events = [
      offered(1, 'a', MID_NOV),
      offered(1, 'a', MID_NOV + HOUR),
      claimed(1, 'a', MID_NOV + 2 * HOUR),
      claimed(2, 'a', MID_NOV, 'market'),
      offered(3, 'b', MID_NOV),
    ];
    const r = report(events);
    expect([row(r, 'a').received, row(r, 'b').received]).toEqual([2, 1]);
  });

  it.each([
    [[10, 30, 50], 30],
    [[10, 20], 15],
    [[7.5], 7.5],
  ])('response minutes %j have median %d', (minutes, expected) => {
    const events = minutes.flatMap((m, i) => [
      offered(i + 1, 'a', MID_NOV),
      claimed(i + 1, 'a', MID_NOV + m * MIN),
    ]);
    events.push(offered(99, 'a', MID_NOV)); // never claimed: not in the median
    expect(row(report(events), 'a').medianResponseMinutes).toBe(expected);
  });

  it('has no response median without claimed offers, nor for market claims', () => {
    const r = report([offered(1, 'a', MID_NOV), claimed(2, 'a', MID_NOV, 'market')]);
    expect(row(r, 'a').medianResponseMinutes).toBeNull();
  });

  it('times a claim from the latest offer to the same rep', () => {
    const events = [
      offered(1, 'a', MID_NOV),
      offered(1, 'b', MID_NOV + HOUR),
      offered(1, 'a', MID_NOV + 2 * HOUR),
      claimed(1, 'a', MID_NOV + 2 * HOUR + 5 * MIN),
    ];
    expect(row(report(events), 'a').medianResponseMinutes).toBe(5);
  });

  it.each([
    ['a touch exactly 24 h after the claim', [touched(1, 'a', MID_NOV + 24 * HOUR)], 100],
    ['a touch 1 ms after 24 h', [touched(1, 'a', MID_NOV + 24 * HOUR + 1)], 0],
    [
      'a late first touch, even with a quick second',
      [touched(1, 'a', MID_NOV + 30 * HOUR), touched(1, 'a', MID_NOV + 31 * HOUR)],
      0,
    ],
    ['only someone else touching it', [touched(1, 'b', MID_NOV + HOUR)], 0],
    ['no touch at all', [], 0],
  ])('follow-up within limit with %s is %d %', (_label, touches, expected) => {
    const events = [claimed(1, 'a', MID_NOV, 'market'), ...touches];
    expect(row(report(events), 'a').followUpWithinLimitPct).toBe(expected);
  });

  it('leaves out an untouched claim whose 24 h have not passed at report time', () => {
    const claimAt = NOV_TO - HOUR;
    const events = [
      claimed(1, 'a', claimAt, 'market'),
      claimed(2, 'a', MID_NOV, 'market'),
      touched(2, 'a', MID_NOV + HOUR),
    ];
    expect(row(report(events, [A, B], claimAt + 2 * HOUR), 'a').followUpWithinLimitPct).toBe(100);
    expect(row(report([], [A, B]), 'a').followUpWithinLimitPct).toBeNull();
  });
});

describe('distributionReport: conversion and deviation', () => {
  it('credits a win to the last claimant before the close, counting closes after the month up to now', () => {
    const dec = t('2026-12-05T00:00:00Z');
    const events = [
      offered(1, 'a', MID_NOV),
      claimed(1, 'a', MID_NOV + MIN),
      closed(1, 'won', dec), // won in December: counts
      offered(2, 'a', MID_NOV),
      claimed(2, 'b', MID_NOV + HOUR, 'market'),
      closed(2, 'won', dec), // b's win
      offered(3, 'a', MID_NOV),
      claimed(3, 'a', MID_NOV + MIN),
      closed(3, 'lost', dec),
      offered(4, 'a', MID_NOV),
      claimed(4, 'a', MID_NOV + MIN),
      closed(4, 'won', NOW + 1), // after now: ignored
    ];
    const r = report(events);
    expect([row(r, 'a').received, row(r, 'a').conversionPct]).toEqual([4, 25]);
    expect([row(r, 'b').received, row(r, 'b').conversionPct]).toEqual([1, 100]);
    expect(r.teamMeanConversionPct).toBe(62.5);
    expect([row(r, 'a').deviationPts, row(r, 'b').deviationPts]).toEqual([-37.5, 37.5]);
  });

  it('compares each rep with their own team mean and skips reps who received nothing', () => {
    const C = { id: 'c', name: 'Cy', teamId: 't2' };
    const D = { id: 'd', name: 'Di', teamId: 't2' };
    const won = (id: number, rep: string) => [
      offered(id, rep, MID_NOV),
      claimed(id, rep, MID_NOV + MIN),
      closed(id, 'won', MID_NOV + HOUR),
    ];
    const lost = (id: number, rep: string) => [
      offered(id, rep, MID_NOV),
      claimed(id, rep, MID_NOV + MIN),
      closed(id, 'lost', MID_NOV + HOUR),
    ];
    const events = [
      ...won(1, 'a'),
      ...lost(2, 'a'),
      ...won(3, 'b'),
      ...lost(4, 'c'),
      ...lost(5, 'c'),
      ...lost(6, 'c'),
      ...won(7, 'c'),
    ];
    const r = report(events, [A, B, C, D]);
    expect(r.rows.map((x) => [x.repId, x.received, x.conversionPct, x.deviationPts])).toEqual([
      ['a', 2, 50, -25],
      ['b', 1, 100, 25],
      ['c', 4, 25, 0],
      ['d', 0, null, null],
    ]);
    expect(r.teamMeanConversionPct).toBe(58.3);
    expect([r.gini, r.giniLevel]).toEqual([0.46, 'very_uneven']); // received 2, 1, 4, 0
    expect(r.giniReading).toBe('very uneven (Gini 0.46): a few reps get most of the leads');
  });
});

describe('distributionReport: underperformance flag', () => {
  // Each listed week, Ann wins her one lead; Bo's one lead is won ('W') or lost ('L'), '-' = none.
  function weeks(bo: string[]): LeadEvent[] {
    return WEEKS.flatMap((start, i) => {
      const at = start + 12 * HOUR; // Monday noon local
      const ann = [
        offered(100 + i, 'a', at),
        claimed(100 + i, 'a', at + MIN),
        closed(100 + i, 'won', at + HOUR),
      ];
      const mark = bo[i];
      if (mark === '-') return ann;
      return [
        ...ann,
        offered(200 + i, 'b', at),
        claimed(200 + i, 'b', at + MIN),
        closed(200 + i, mark === 'W' ? 'won' : 'lost', at + HOUR),
      ];
    });
  }

  it.each([
    ['5 bad weeks', 'LLLLL', true],
    ['4 bad weeks after a good one', 'WLLLL', false],
    ['a good week in between', 'LLWLL', false],
    ['a week without leads', '-LLLL', false],
  ])('flags Bo after %s: %s → %s', (_label, marks, expected) => {
    const r = report(weeks(marks.split('')));
    expect(row(r, 'b').flagged).toBe(expected);
    expect(row(r, 'a').flagged).toBe(false);
    expect(r.flagged).toEqual(expected ? ['b'] : []);
  });

  it('reports weekly conversion, oldest week first', () => {
    const r = report(weeks('LLWL-'.split('')));
    expect(row(r, 'a').weeklyConversionPct).toEqual([100, 100, 100, 100, 100]);
    expect(row(r, 'b').weeklyConversionPct).toEqual([0, 0, 100, 0, null]);
  });

  it('does not count a week as under when the team mean is 0', () => {
    const events = weeks('LLLLL'.split('')).filter((e) => !(e.type === 'lead.closed' && e.leadId === 102));
    const r = report([...events, closed(102, 'lost', WEEKS[2]! + 13 * HOUR)]);
    expect(row(r, 'a').weeklyConversionPct[2]).toBe(0);
    expect(row(r, 'b').flagged).toBe(false);
  });

  it('flags a rep under 60 % of the weekly team mean, not one above it', () => {
    const C = { id: 'c', name: 'Cy', teamId: 't1' };
    const ev = (id: number, rep: string, at: number, outcome: 'won' | 'lost') => [
      offered(id, rep, at),
      claimed(id, rep, at + MIN),
      closed(id, outcome, at + HOUR),
    ];
    const build = (cWins: number) =>
      WEEKS.flatMap((start, w) => {
        const at = start + 12 * HOUR;
        const id = 1000 * (w + 1);
        // a: 1/1 won, b: 0/1 won, c: cWins of 5 → mean = (100 + 0 + 20·cWins) / 3.
        const c = [0, 1, 2, 3, 4].flatMap((k) => ev(id + 10 + k, 'c', at, k < cWins ? 'won' : 'lost'));
        return [...ev(id + 1, 'a', at, 'won'), ...ev(id + 2, 'b', at, 'lost'), ...c];
      });
    // cWins = 1: mean 40, threshold 24 → c at 20 is under, b at 0 is under.
    expect(report(build(1), [A, B, C]).flagged).toEqual(['b', 'c']);
    // cWins = 2: mean 46.67, threshold 28 → c at 40 is not under.
    expect(report(build(2), [A, B, C]).flagged).toEqual(['b']);
  });
});
