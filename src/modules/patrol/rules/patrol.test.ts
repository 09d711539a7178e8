import { describe, expect, it } from 'vitest';
import { DEFAULT_PATROL_RULES, urgentBecause } from './patrol-rules.ts';
import {
  arrangePatrol,
  buildPatrol,
  listPatrol,
  withNight,
  type DealFact,
  type NightFact,
  type PatrolFacts,
} from './patrol.ts';

const deal = (o: Partial<DealFact> = {}): DealFact => ({
  id: 1,
  leadId: 10,
  customer: '华信科技',
  ownerId: 'ann',
  amount: 300_000,
  health: 'green',
  stage: 'diagnose',
  stalled: false,
  doubtful: false,
  overdueTasks: 0,
  openRequests: 0,
  ...o,
});
const facts = (o: Partial<PatrolFacts> = {}): PatrolFacts => ({
  deals: [],
  warnings: [],
  reports: [],
  takeBacks: [],
  night: [],
  ...o,
});

describe('the morning patrol rule', () => {
  it('lists a deal that is both stalled and red once, naming both, red first', () => {
    const items = buildPatrol(facts({ deals: [deal({ health: 'red', stalled: true })] }), new Map());
    expect(items).toHaveLength(1);
    expect(items[0]?.reasons.map((r) => r.code)).toEqual(['dealRed', 'stalled']);
  });

  it('leaves out healthy deals, green warnings, acknowledged warnings and older warnings of the same rep', () => {
    const items = buildPatrol(
      facts({
        deals: [deal()],
        warnings: [
          { id: 1, repId: 'ann', tier: 'red', day: '2026-11-16', managerAcknowledged: false },
          { id: 2, repId: 'ann', tier: 'yellow', day: '2026-11-17', managerAcknowledged: false },
          { id: 3, repId: 'bob', tier: 'green', day: '2026-11-17', managerAcknowledged: false },
          { id: 4, repId: 'cy', tier: 'red', day: '2026-11-17', managerAcknowledged: true },
        ],
      }),
      new Map(),
    );
    expect(items.map((i) => [i.key, i.reasons[0]?.code])).toEqual([['kbi:ann', 'kbiYellow']]);
  });

  it('orders by urgency: red deal, red warning, take-back, stalled, yellow, missing report, flagged report', () => {
    const items = buildPatrol(
      facts({
        deals: [
          deal({ id: 1, leadId: 11, health: 'yellow' }),
          deal({ id: 2, leadId: 12, stalled: true }),
          deal({ id: 3, leadId: 13, health: 'red' }),
        ],
        warnings: [{ id: 9, repId: 'bob', tier: 'red', day: '2026-11-17', managerAcknowledged: false }],
        reports: [
          { repId: 'cy', date: '2026-11-17', status: 'flagged', flags: 2 },
          { repId: 'bob', date: '2026-11-17', status: 'missing', flags: 0 },
        ],
        takeBacks: [{ leadId: 50, ownerId: 'ann', company: '远景', dueAt: 1 }],
      }),
      new Map(),
    );
    expect(items.map((i) => i.key)).toEqual([
      'deal:3',
      'kbi:bob',
      'lead:50',
      'deal:2',
      'deal:1',
      'report:bob:2026-11-17',
      'report:cy:2026-11-17',
    ]);
  });

  it('keeps an acknowledged item off until something new happens to it', () => {
    const before = facts({ deals: [deal({ stalled: true })] });
    const [item] = buildPatrol(before, new Map());
    const acks = new Map([
      [item!.key, { fingerprint: item!.fingerprint, at: 0, by: 'boss', reason: 'stalled' }],
    ]);
    expect(buildPatrol(before, acks)).toEqual([]);
    // The deal turns red: new, so it is back.
    expect(buildPatrol(facts({ deals: [deal({ stalled: true, health: 'red' })] }), acks)).toHaveLength(1);
  });

  it('folds a night alert about a listed deal into its line, and lists one about anything else once', () => {
    const night = (noticeId: number, dealId: number | null, subject: string) => ({
      noticeId,
      family: 'deal',
      dealId,
      leadId: null,
      repId: 'ann',
      subject,
      at: 5,
    });
    const items = buildPatrol(
      facts({
        deals: [deal({ stalled: true })],
        night: [night(1, 1, '华信科技'), night(2, 1, '华信科技'), night(3, 7, '远景'), night(4, 7, '远景')],
      }),
      new Map(),
    );
    expect(items.map((i) => [i.key, i.reasons.map((r) => r.code)])).toEqual([
      ['deal:1', ['stalled', 'night']],
      ['notice:3', ['night']],
    ]);
  });

  it('names a take-back on the line of the deal of that lead', () => {
    const items = buildPatrol(
      facts({
        deals: [deal({ health: 'yellow' })],
        takeBacks: [{ leadId: 10, ownerId: 'ann', company: 'x', dueAt: 9 }],
      }),
      new Map(),
    );
    expect(items.map((i) => i.reasons.map((r) => r.code))).toEqual([['takeBack', 'dealYellow']]);
  });
});

describe('the patrol listed once for a team, then folded and arranged for each reader', () => {
  const night = (noticeId: number, o: Partial<NightFact>): NightFact => ({
    noticeId,
    family: 'deal',
    dealId: null,
    leadId: null,
    repId: 'ann',
    subject: '远景',
    at: 5,
    ...o,
  });
  const team: Omit<PatrolFacts, 'night'> = {
    deals: [
      deal({ id: 1, leadId: 10, stalled: true, amount: 100 }),
      deal({ id: 2, leadId: 11, health: 'red', doubtful: true, overdueTasks: 2 }),
      deal({ id: 3, leadId: 12, health: 'yellow', openRequests: 1, amount: 100 }),
      deal({ id: 4, leadId: 13, stalled: true, amount: 100 }),
      deal({ id: 5, leadId: 14 }),
    ],
    warnings: [{ id: 9, repId: 'bob', tier: 'yellow', day: '2026-11-17', managerAcknowledged: false }],
    reports: [{ repId: 'cy', date: '2026-11-17', status: 'missing', flags: 0 }],
    takeBacks: [
      { leadId: 12, ownerId: 'ann', company: 'x', dueAt: 9 },
      { leadId: 50, ownerId: 'ann', company: '远景', dueAt: 8 },
    ],
  };
  it.each([
    ['no night alerts', []],
    [
      'alerts on a deal, a lead line, a rep and none',
      [
        night(1, { dealId: 3 }),
        night(2, { leadId: 50, family: 'lead' }),
        night(3, { family: 'kbi', repId: 'bob' }),
        night(4, { subject: '华信' }),
        night(5, { dealId: 3 }),
        night(6, { subject: '华信' }),
      ],
    ],
  ])('gives buildPatrol’s list, with and without acknowledgements (%s)', (_, alerts: NightFact[]) => {
    const whole = { ...team, night: alerts };
    const listed = arrangePatrol(listPatrol(team), new Map());
    const copy = structuredClone(listed);
    expect(arrangePatrol(withNight(listed, alerts), new Map())).toEqual(buildPatrol(whole, new Map()));
    const [first, , third] = buildPatrol(whole, new Map());
    const acks = new Map(
      [first!, third!].map((i) => [i.key, { fingerprint: i.fingerprint, at: 0, by: 'boss', reason: '' }]),
    );
    expect(arrangePatrol(withNight(listed, alerts), acks)).toEqual(buildPatrol(whole, acks));
    expect(buildPatrol(whole, acks)).toHaveLength(buildPatrol(whole, new Map()).length - 2);
    // The team's list serves every reader: folding one reader's alerts leaves it as it was.
    expect(listed).toEqual(copy);
  });

  it('breaks ties by key as localeCompare does (not by code point: ann before Ann)', () => {
    const reps = ['Bob', 'ann', 'bob', 'Ann', 'a-1', 'a_1', 'a1', 'a.1', 'b10', 'b9'];
    const items = buildPatrol(
      facts({ reports: reps.map((repId) => ({ repId, date: '2026-11-17', status: 'missing', flags: 0 })) }),
      new Map(),
    );
    const keys = items.map((i) => i.key);
    expect(keys).toEqual([...keys].sort((a, b) => a.localeCompare(b)));
    expect(keys.indexOf('report:ann:2026-11-17')).toBeLessThan(keys.indexOf('report:Ann:2026-11-17'));
  });
});

describe('which notices are urgent at night', () => {
  const rules = DEFAULT_PATROL_RULES;
  it.each([
    ['lead.offered', {}, null, true],
    ['lead.urgent_in_pool', {}, null, true],
    ['card', {}, null, true],
    ['patrol.card', {}, null, true],
    ['deal.health', { to: 'red' }, 1_000_000, true],
    ['deal.health', { to: 'red' }, 999_999, false],
    ['deal.health', { to: 'yellow' }, 5_000_000, false],
    ['deal.stalled.manager', {}, 5_000_000, false],
    ['kbi.warning.manager', {}, null, false],
    ['report.read', {}, null, false],
  ])('%s %j (amount %s): urgent %s', (template, data, dealAmount, urgent) => {
    expect(urgentBecause({ template, data, dealAmount }, rules) !== null).toBe(urgent);
  });
});
