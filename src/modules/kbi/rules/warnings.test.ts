import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KBI_RULES as rules } from './kbi-rules.ts';
import type { KbiDay, KbiMiss, Opportunity } from './kbi.ts';
import { evaluateWarning, minutesToAcknowledge, pointsByRep, pointsLedger } from './warnings.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const miss = (leadId: number): KbiMiss => ({
  code: 'KBI_MISSED',
  kbiId: 'firstTouch',
  leadId,
  dealId: null,
  triggerAt: 0,
  deadline: 1,
  lateAt: null,
});
/** A day with `due` opportunities of which `met` were met (misses numbered from `lead`). */
const day = (repId: string, d: string, due: number, met: number, lead = 0): KbiDay => ({
  repId,
  day: d,
  byKbi: {},
  due,
  met,
  rate: due === 0 ? null : met / due,
  misses: Array.from({ length: due - met }, (_, i) => miss(lead + i)),
});
const tierOf = (rows: KbiDay[], repId: string, d: string) =>
  evaluateWarning({ rules, rows, opportunities: [], repId, day: d, at: at(`${d}T18:00`) })?.tier ?? null;

// Mon 2026-11-16 … Wed 18; Thu 19, Fri 20, (weekend), Mon 23.
const rows: KbiDay[] = [
  // ann: 2/5 = 40 % three days running → green, yellow, red
  day('ann', '2026-11-16', 5, 2, 10),
  day('ann', '2026-11-17', 5, 2, 20),
  day('ann', '2026-11-18', 5, 2, 30),
  // bob: 40 % on Thu, Fri and Mon: the weekend between carries no day and does not break the run
  day('bob', '2026-11-19', 5, 2),
  day('bob', '2026-11-20', 5, 2),
  day('bob', '2026-11-23', 5, 2),
  // cat: 60 % Mon, nothing due Tue, 60 % Wed: the quiet day is skipped, Wed is yellow
  day('cat', '2026-11-16', 5, 3),
  day('cat', '2026-11-17', 0, 0),
  day('cat', '2026-11-18', 5, 3),
  // dan: 60 %, 90 %, 60 %: the good day breaks the run
  day('dan', '2026-11-16', 5, 3),
  day('dan', '2026-11-17', 10, 9),
  day('dan', '2026-11-18', 5, 3),
  // eve: exactly at the thresholds (80 %, then 65 % twice) is not under them
  day('eve', '2026-11-16', 5, 4),
  day('eve', '2026-11-17', 20, 13),
  day('eve', '2026-11-18', 20, 13),
];

describe('tiered warnings', () => {
  it.each([
    ['ann', '2026-11-16', 'green'], // 0.4 < 0.8, only one day
    ['ann', '2026-11-17', 'yellow'], // 0.4, 0.4 < 0.65 for 2 days
    ['ann', '2026-11-18', 'red'], // 0.4 × 3 < 0.5
    ['bob', '2026-11-20', 'yellow'],
    ['bob', '2026-11-23', 'red'], // Thu, Fri, Mon
    ['cat', '2026-11-16', 'green'], // 0.6
    ['cat', '2026-11-17', null], // nothing due: no warning
    ['cat', '2026-11-18', 'yellow'], // 0.6, (skip), 0.6
    ['dan', '2026-11-18', 'green'], // run 0.6 | 0.9 | 0.6 → only today counts
    ['eve', '2026-11-16', null], // 0.8 is not < 0.8
    ['eve', '2026-11-18', 'green'], // 0.65 is not < 0.65, but < 0.8
  ])('%s on %s: %s', (rep, d, tier) => {
    expect(tierOf(rows, rep, d)).toBe(tier);
  });

  it('gives red the run, its deviations, the review and the to-do list due within 24 h', () => {
    const open = (leadId: number, deadline: string, repId = 'ann'): Opportunity => ({
      kbiId: 'firstTouch',
      repId,
      leadId,
      dealId: null,
      triggerAt: 0,
      deadline: at(deadline),
      metAt: null,
      status: 'open',
      day: null,
    });
    const w = evaluateWarning({
      rules,
      rows,
      opportunities: [
        open(2, '2026-11-19T17:00'),
        open(1, '2026-11-19T09:00'),
        open(3, '2026-11-19T18:01'), // 24 h and a minute after 18:00: not yet
        open(4, '2026-11-19T10:00', 'bob'),
      ],
      repId: 'ann',
      day: '2026-11-18',
      at: at('2026-11-18T18:00'),
    });
    expect(w?.reason).toEqual({
      code: 'KBI_RATE_LOW',
      tier: 'red',
      below: 0.5,
      days: 3,
      run: [
        { day: '2026-11-16', rate: 0.4 },
        { day: '2026-11-17', rate: 0.4 },
        { day: '2026-11-18', rate: 0.4 },
      ],
    });
    // 3 misses a day × 3 days, leads 10–12, 20–22, 30–32
    expect(w?.deviations.map((m) => m.leadId)).toEqual([10, 11, 12, 20, 21, 22, 30, 31, 32]);
    expect(w?.reviewMinutes).toBe(15);
    expect(w?.todo.map((t) => t.leadId)).toEqual([1, 2]);
  });

  it('times the acknowledgement in whole minutes', () => {
    expect(minutesToAcknowledge(at('2026-11-18T18:00'), at('2026-11-18T18:42:20'))).toBe(42);
  });
});

describe('points ledger', () => {
  const opp = (
    kbiId: string,
    status: Opportunity['status'],
    leadId: number,
    metAt: number | null,
  ): Opportunity => ({
    kbiId,
    repId: leadId < 10 ? 'ann' : 'bob',
    leadId,
    dealId: null,
    triggerAt: 1000 + leadId,
    deadline: 5000,
    metAt,
    status,
    day: null,
  });

  it('credits each indicator met on time with its points, once per opportunity', () => {
    const ledger = pointsLedger(rules, [
      opp('firstTouch', 'met', 1, 2000), // 1
      opp('proposalAfterKp', 'met', 2, 3000), // 3
      opp('evidenceAfterObjection', 'met', 11, 2500), // 2
      opp('firstTouch', 'missed', 3, 9000), // late: nothing
      opp('firstTouch', 'open', 4, null), // nothing yet
    ]);
    expect(ledger.map((e) => [e.key, e.points])).toEqual([
      ['firstTouch:1:-:1001', 1],
      ['evidenceAfterObjection:11:-:1011', 2],
      ['proposalAfterKp:2:-:1002', 3],
    ]);
    expect(pointsByRep(ledger)).toEqual({ ann: 4, bob: 2 }); // ann 1 + 3, bob 2
  });
});
