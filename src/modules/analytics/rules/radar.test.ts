import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../kernel/calendar.ts';
import { DEFAULT_DEAL_RULES } from '../../deals/rules/deal-rules.ts';
import { pipelineOf } from '../../deals/rules/deals.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import type { StageVisit } from './funnel.ts';
import type { KbiDay } from '../../kbi/rules/kbi.ts';
import {
  evidenceCompleteness,
  kbiExecution,
  redAreas,
  stageCompletion,
  teamRadar,
  warningResponse,
} from './radar.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const b2b = pipelineOf(DEFAULT_DEAL_RULES, 'b2b')!;
const HOUR = 3_600_000;

describe('rep process health (F31)', () => {
  it('counts stage stays left within the limit, among the settled ones', () => {
    // 需求诊断 allows 7 working days, 方案比对 5.
    const visit = (
      dealId: number,
      owner: string,
      stage: string,
      from: string,
      to: string | null,
    ): StageVisit => ({
      dealId,
      ownerId: owner,
      stage,
      enteredAt: at(from),
      leftAt: to === null ? null : at(to),
      movedOn: to !== null,
      reasons: [],
    });
    const visits = [
      visit(1, 'alice', 'diagnose', '2026-11-02T10:00', '2026-11-04T10:00'), // 2 days: in time
      visit(1, 'alice', 'compare', '2026-11-04T10:00', '2026-11-13T10:00'), // 7 days: over 5
      visit(2, 'alice', 'diagnose', '2026-11-09T10:00', null), // 5 days at asOf: not settled
      visit(3, 'bob', 'diagnose', '2026-11-02T10:00', null), // 10 days at asOf: settled, late
    ];
    const pipelines = new Map([1, 2, 3].map((id) => [id, b2b]));
    const r = stageCompletion(visits, pipelines, at('2026-11-16T10:00'), zone, DEFAULT_CALENDAR);
    expect(Object.fromEntries(r)).toEqual({ alice: { hit: 1, of: 2 }, bob: { hit: 0, of: 1 } });
  });

  it('measures the evidence in when a deal left a stage; a skipped stage had none', () => {
    const base = (iso: string) => ({ at: at(iso), leadId: 1, actorId: 'alice', dealId: 1 });
    const events: LeadEvent[] = [
      {
        ...base('2026-11-02T10:00'),
        type: 'deal.evidence_added',
        stage: 'diagnose',
        requirement: 'painPoints',
        evidenceId: 1,
      },
      {
        ...base('2026-11-02T11:00'),
        type: 'deal.evidence_added',
        stage: 'diagnose',
        requirement: 'sitePhoto',
        evidenceId: 2,
      },
      {
        ...base('2026-11-03T10:00'),
        type: 'deal.advanced',
        from: 'diagnose',
        to: 'compare',
        skipped: [],
        reason: '',
      },
      // 方案比对 asks for 3 competitor tables + our advantages: 1 table in, then a jump over 决策链穿透 (1 item).
      {
        ...base('2026-11-04T10:00'),
        type: 'deal.evidence_added',
        stage: 'compare',
        requirement: 'competitorTables',
        evidenceId: 3,
      },
      {
        ...base('2026-11-05T10:00'),
        type: 'deal.advanced',
        from: 'compare',
        to: 'quote',
        skipped: ['decisionChain'],
        reason: '客户直接要报价',
      },
    ];
    const r = evidenceCompleteness(events, new Map([[1, b2b]]), new Map([[1, 'alice']]));
    // diagnose 2/2, compare 1/4, decisionChain 0/1 → 3/7.
    expect(r.get('alice')).toEqual({ hit: 3, of: 7 });
  });

  it('counts warnings acknowledged within the window; one still inside it is not judged yet', () => {
    const w = (repId: string, issued: string, acked: string | null) => ({
      repId,
      issuedAt: at(issued),
      acknowledgedAt: acked === null ? null : at(acked),
    });
    const r = warningResponse(
      [
        w('alice', '2026-11-10T18:00', '2026-11-10T20:00'), // 2 h: in time
        w('alice', '2026-11-11T18:00', '2026-11-13T09:00'), // 39 h: late
        w('alice', '2026-11-12T18:00', null), // 24 h exactly at asOf: still open
        w('bob', '2026-11-11T18:00', null), // 48 h, never: late
      ],
      24 * HOUR,
      at('2026-11-13T18:00'),
    );
    expect(Object.fromEntries(r)).toEqual({ alice: { hit: 1, of: 2 }, bob: { hit: 0, of: 1 } });
  });

  it('puts the five measures against the team median and names the red areas, largest gap first', () => {
    const day = (repId: string, met: number, due: number): KbiDay => ({
      repId,
      day: '2026-11-10',
      byKbi: {},
      due,
      met,
      rate: due === 0 ? null : met / due,
      misses: [],
    });
    const t = (hit: number, of: number) => ({ hit, of });
    const radar = teamRadar(['alice', 'bob', 'carol'], {
      stageCompletion: new Map([
        ['alice', t(1, 2)],
        ['bob', t(4, 5)],
        ['carol', t(9, 10)],
      ]),
      evidence: new Map([
        ['alice', t(3, 7)],
        ['bob', t(6, 7)],
      ]),
      warningResponse: new Map(),
      kbi: kbiExecution([day('alice', 2, 4), day('alice', 1, 1), day('bob', 3, 3), day('carol', 4, 5)]),
      firstFollowUp: new Map([
        ['alice', 90],
        ['bob', 60],
        ['carol', 75],
      ]),
    });
    expect(radar.rows[0]?.values).toEqual({
      stageCompletion: 50,
      evidence: 42.9,
      warningResponse: null,
      kbi: 60,
      firstFollowUp: 90,
    });
    expect(radar.median).toEqual({
      stageCompletion: 80,
      evidence: 64.3,
      warningResponse: null,
      kbi: 80,
      firstFollowUp: 75,
    });
    // alice: stage −30, evidence −21.4, kbi −20 (not over 20), follow-up +15.
    expect(redAreas(radar.rows[0]!, radar.median, 20)).toEqual(['stageCompletion', 'evidence']);
    expect(redAreas(radar.rows[1]!, radar.median, 20)).toEqual([]);
  });
});
