import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEAL_RULES } from '../../deals/rules/deal-rules.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { dealJourneys, requestOutcomes, summarizeJourney, weakestNode, type JourneyDeal } from './journey.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const pipelines = DEFAULT_DEAL_RULES.pipelines;
const targets = DEFAULT_DEAL_RULES.journeyTargets;
const from = at('2026-11-01T00:00');
const to = at('2026-12-01T00:00');

const base = (dealId: number, iso: string) => ({
  at: at(iso),
  leadId: 100 + dealId,
  actorId: 'alice',
  dealId,
});
const evidence = (dealId: number, iso: string, stage: string): LeadEvent => ({
  ...base(dealId, iso),
  type: 'deal.evidence_added',
  stage,
  requirement: 'x',
  evidenceId: 1,
});
const won = (dealId: number, iso: string, stage = 'signed'): LeadEvent => ({
  ...base(dealId, iso),
  type: 'deal.won',
  stage,
});
const lost = (dealId: number, iso: string): LeadEvent => ({
  at: at(iso),
  leadId: 100 + dealId,
  actorId: 'alice',
  type: 'lead.closed',
  outcome: 'lost',
  by: 'alice',
});
const health = (dealId: number, iso: string, fromColour: string, toColour: string): LeadEvent => ({
  ...base(dealId, iso),
  type: 'deal.health_changed',
  from: fromColour,
  to: toColour,
  reason: 'SET_BY_PERSON',
  evidence: '…',
});
const deal = (id: number, pipeline = 'b2b', ownerId = 'alice'): JourneyDeal => ({
  id,
  leadId: 100 + id,
  ownerId,
  pipeline,
});

// b2b maps 4 nodes (needs, demo, negotiation, contract); education maps 4 (needs, demo, poc, contract).
const events: LeadEvent[] = [
  // D1 b2b, won in November with evidence at all 4 mapped stages (the contract's after the signing).
  evidence(1, '2026-11-02T10:00', 'diagnose'),
  evidence(1, '2026-11-04T10:00', 'compare'),
  evidence(1, '2026-11-10T10:00', 'negotiate'),
  won(1, '2026-11-12T10:00'),
  evidence(1, '2026-11-12T11:00', 'signed'),
  // D2 b2b, lost: only needs captured (the proposal stage was passed on a skip reason); flagged red → proved right.
  evidence(2, '2026-11-03T10:00', 'diagnose'),
  health(2, '2026-11-05T10:00', 'green', 'red'),
  lost(2, '2026-11-20T10:00'),
  // D3 education, won: needs + poc captured (2 of 4); flagged yellow, recovered to green → proved right.
  evidence(3, '2026-11-02T10:00', 'assessment'),
  evidence(3, '2026-11-06T10:00', 'trialLesson'),
  health(3, '2026-11-07T10:00', 'green', 'yellow'),
  health(3, '2026-11-09T10:00', 'yellow', 'green'),
  won(3, '2026-11-11T10:00', 'enrolled'),
  // D4 b2b, won while still yellow: a false alarm; 1 of 4 nodes.
  evidence(4, '2026-11-02T10:00', 'compare'),
  health(4, '2026-11-08T10:00', 'green', 'yellow'),
  won(4, '2026-11-18T10:00'),
  // D5 won in October: not in November's figures. D6 still open: not closed, not counted.
  evidence(5, '2026-10-02T10:00', 'diagnose'),
  won(5, '2026-10-30T10:00'),
  evidence(6, '2026-11-02T10:00', 'diagnose'),
  // Evidence after a loss does not count.
  evidence(2, '2026-11-21T10:00', 'compare'),
];
const deals = [deal(1), deal(2), deal(3, 'education'), deal(4, 'b2b', 'bob'), deal(5), deal(6)];

describe('journey completeness (F32)', () => {
  const journeys = dealJourneys(events, deals, pipelines, from, to);

  it('takes the deals closed in the period, with the nodes their pipeline maps and the ones captured', () => {
    expect(journeys.map((j) => [j.dealId, j.outcome, j.captured.length, j.mapped.length])).toEqual([
      [3, 'won', 2, 4],
      [1, 'won', 4, 4],
      [4, 'won', 1, 4],
      [2, 'lost', 1, 4],
    ]);
    expect(journeys.find((j) => j.dealId === 3)?.captured).toEqual(['needs', 'poc']);
    expect(journeys.find((j) => j.dealId === 1)?.mapped).toEqual([
      'needs',
      'demo',
      'negotiation',
      'contract',
    ]);
  });

  it('judges flags: lost or recovered proved right, won while flagged was a false alarm, unflagged not asked', () => {
    const flags = Object.fromEntries(journeys.map((j) => [j.dealId, j.flagRight]));
    expect(flags).toEqual({ 1: null, 2: true, 3: true, 4: false });
  });

  it('counts requests that fell due in the period: on time, late, missing; not yet due left out', () => {
    const owners = new Map([
      [1, 'alice'],
      [4, 'bob'],
    ]);
    const opened = (taskId: number, dealId: number, due: string): LeadEvent => ({
      ...base(dealId, '2026-11-01T09:00'),
      type: 'deal.request_opened',
      taskId,
      to: 'pat',
      text: '?',
      dueAt: at(due),
    });
    const answered = (taskId: number, dealId: number, iso: string, late: boolean): LeadEvent => ({
      ...base(dealId, iso),
      type: 'deal.request_answered',
      taskId,
      text: 'ok',
      late,
    });
    const log: LeadEvent[] = [
      opened(1, 1, '2026-11-05T10:00'),
      answered(1, 1, '2026-11-04T10:00', false), // on time
      opened(2, 1, '2026-11-06T10:00'),
      answered(2, 1, '2026-11-07T10:00', true), // late
      opened(3, 4, '2026-11-10T10:00'), // never answered, due before asOf: missed
      opened(4, 4, '2026-11-29T10:00'), // not yet due at asOf, unanswered: left out
      opened(5, 4, '2026-10-20T10:00'), // due in October: another period
    ];
    const asOf = at('2026-11-25T10:00');
    const requests = requestOutcomes(log, owners, from, to, asOf);
    expect(requests.map((r) => [r.taskId, r.onTime, r.ownerId])).toEqual([
      [1, true, 'alice'],
      [2, false, 'alice'],
      [3, false, 'bob'],
    ]);
    const summary = summarizeJourney(journeys, requests, targets);
    // Nodes: (2 + 4 + 1 + 1) / 16 = 50 %; SLA 1 of 3; flags 2 of 3.
    expect(summary.nodes).toEqual({ share: 0.5, hit: 8, of: 16 });
    expect(summary.sla).toEqual({ share: 1 / 3, hit: 1, of: 3 });
    expect(summary.riskFlags).toEqual({ share: 2 / 3, hit: 2, of: 3 });
    expect(summary.below).toEqual(['nodes', 'sla', 'riskFlags']);
    // POC is asked only of the education deal, and captured there; the contract is on file for 1 deal of 4.
    expect(summary.byNode.find((n) => n.node === 'poc')).toEqual({ node: 'poc', share: 1, hit: 1, of: 1 });
    expect(weakestNode(summary)).toEqual({ node: 'contract', share: 0.25, hit: 1, of: 4 });
    expect(summary.byNode.find((n) => n.node === 'negotiation')).toMatchObject({ hit: 1, of: 3 });
  });

  it('says nothing is below target when there is nothing to count, and meets a target exactly at it', () => {
    const empty = summarizeJourney([], [], targets);
    expect(empty.nodes.share).toBeNull();
    expect(empty.below).toEqual([]);
    expect(weakestNode(empty)).toBeNull();
    const four = [deal(1)];
    const full = summarizeJourney(dealJourneys(events, four, pipelines, from, to), [], {
      ...targets,
      nodes: 1,
    });
    expect(full.nodes.share).toBe(1);
    expect(full.below).toEqual([]);
  });
});
