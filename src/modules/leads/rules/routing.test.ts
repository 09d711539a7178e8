import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type Rules } from '../../rules.ts';
import { routeLead } from './routing.ts';
import type { Candidate, LeadFields, Person } from '../../../kernel/types.ts';

function rep(id: string, overrides: Partial<Person> = {}): Person {
  return {
    id,
    name: id,
    teamId: 'east-1',
    role: 'rep',
    skills: [],
    capacity: 8,
    email: null,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
    ...overrides,
  };
}

function cand(person: Person, overrides: Partial<Candidate> = {}): Candidate {
  return {
    person,
    openLeads: 0,
    lastAssignedAt: null,
    winRate30d: null,
    avgFollowUpMinutes: null,
    cooldownUntil: null,
    ...overrides,
  };
}

const lead: LeadFields = {
  company: '某医院',
  contact: '张',
  phone: '13800138000',
  email: '',
  industry: '医疗基建',
  budget: 300_000,
  need: '新院区',
  region: '华东',
  source: 'web',
  campaign: 'C1',
  tags: ['医疗基建'],
  urgency: null,
  trialEndsAt: null,
};

describe('routeLead', () => {
  it('weighs load against the team: 8 open against colleagues’ 1 loses, even on its round-robin turn (issue 25, item 6)', () => {
    const untagged = { ...lead, industry: '', tags: [] };
    const T = Date.parse('2026-12-01T00:00:00Z');
    const r = routeLead(
      untagged,
      [
        // Carol's turn (longest since a lead), but she holds 8; capacity 150 each.
        cand(rep('carol', { capacity: 150 }), { openLeads: 8, lastAssignedAt: T - 10 * 3_600_000 }),
        cand(rep('alice', { capacity: 150 }), { openLeads: 1, lastAssignedAt: T - 3_600_000 }),
        cand(rep('bob', { capacity: 150 }), { openLeads: 1, lastAssignedAt: T - 2 * 3_600_000 }),
      ],
      DEFAULT_RULES,
    );
    expect(r.winnerId).not.toBe('carol');
    const carol = r.considered.find((c) => c.personId === 'carol');
    expect(carol).toMatchObject({ openLeads: 8, capacity: 150, factors: { load: 0, roundRobin: 1 } });
  });

  it('keeps the skill preference over a small load difference', () => {
    const r = routeLead(
      lead,
      [cand(rep('alice'), { openLeads: 0 }), cand(rep('bob', { skills: ['医疗基建'] }), { openLeads: 2 })],
      DEFAULT_RULES,
    );
    expect(r.winnerId).toBe('bob');
  });

  it('prefers the rep whose skill tag matches the lead', () => {
    const r = routeLead(
      lead,
      [cand(rep('alice')), cand(rep('bob', { skills: ['医疗基建'] }))],
      DEFAULT_RULES,
    );
    expect(r.winnerId).toBe('bob');
    expect(r.considered[0]).toMatchObject({ personId: 'bob', matchedSkills: ['医疗基建'] });
  });

  it('treats a skill tag as a preference: a lead whose tag nobody has is still routed', () => {
    const r = routeLead(
      { ...lead, tags: ['职业院校'], industry: '教育' },
      [cand(rep('alice')), cand(rep('bob'))],
      DEFAULT_RULES,
    );
    expect(r.outcome).toBe('offered');
  });

  it.each([
    ['inactive', rep('x', { active: false }), {}, 'INACTIVE'],
    ['out of office', rep('x', { outOfOffice: true }), {}, 'OUT_OF_OFFICE'],
    ['at capacity (8 of 8)', rep('x'), { openLeads: 8 }, 'AT_CAPACITY'],
    ['in cooldown for this lead', rep('x'), { cooldownUntil: 123 }, 'COOLDOWN'],
    ['a manager', rep('x', { role: 'manager' }), {}, 'NOT_A_ROUTED_ROLE'],
  ])('skips a rep who is %s and says why', (_name, person, overrides, reason) => {
    const r = routeLead(lead, [cand(person, overrides), cand(rep('y'))], DEFAULT_RULES);
    expect(r.winnerId).toBe('y');
    expect(r.skipped).toEqual([expect.objectContaining({ personId: 'x', reason })]);
  });

  it('routes a rep with 7 of 8 open leads but not one with 8 of 8', () => {
    expect(routeLead(lead, [cand(rep('x'), { openLeads: 7 })], DEFAULT_RULES).winnerId).toBe('x');
    expect(routeLead(lead, [cand(rep('x'), { openLeads: 8 })], DEFAULT_RULES)).toMatchObject({
      outcome: 'pool',
      reason: 'NO_ELIGIBLE_REP',
    });
  });

  it('sends the lead to the pool when nobody is set up', () => {
    expect(routeLead(lead, [], DEFAULT_RULES)).toMatchObject({
      outcome: 'pool',
      winnerId: null,
      reason: 'NO_REPS',
    });
  });

  it('keeps a lead from a team only through an explicit rule, and names the rule', () => {
    const rules: Rules = {
      ...DEFAULT_RULES,
      routing: {
        ...DEFAULT_RULES.routing,
        rules: [
          { team: 'south', only: { region: ['华南'] } },
          { team: 'east-1', exclude: { tags: ['医疗基建'] } },
        ],
      },
    };
    const r = routeLead(
      lead,
      [cand(rep('alice', { skills: ['医疗基建'] })), cand(rep('sam', { teamId: 'south' }))],
      rules,
    );
    expect(r).toMatchObject({ outcome: 'pool' });
    expect(r.skipped).toEqual([
      { personId: 'alice', reason: 'EXCLUDED_BY_RULE', rule: 'routing.rules[1]' },
      { personId: 'sam', reason: 'EXCLUDED_BY_RULE', rule: 'routing.rules[0]' },
    ]);
  });

  it('breaks a tie by turn: the rep whose last routed lead is oldest wins', () => {
    // Same skills, load, history: only the turn differs. With weights on turn alone zeroed, totals tie exactly.
    const rules: Rules = {
      ...DEFAULT_RULES,
      routing: {
        ...DEFAULT_RULES.routing,
        weights: { skill: 1, roundRobin: 0, load: 1, winRate: 0, followUp: 0 },
      },
    };
    const r = routeLead(
      lead,
      [cand(rep('alice'), { lastAssignedAt: 2000 }), cand(rep('bob'), { lastAssignedAt: 1000 })],
      rules,
    );
    expect(r).toMatchObject({ winnerId: 'bob', reason: 'TIE_BROKEN_BY_TURN' });
  });

  it('gives reps last served at the same moment the same turn', () => {
    const r = routeLead(lead, [cand(rep('adam')), cand(rep('zoe'))], DEFAULT_RULES);
    expect(r.considered.map((c) => c.factors.roundRobin)).toEqual([1, 1]);
    expect(r).toMatchObject({ winnerId: 'adam', reason: 'TIE_BROKEN_BY_ID' });
  });

  it('breaks a full tie by person id, so the same data always gives the same answer', () => {
    const rules: Rules = {
      ...DEFAULT_RULES,
      routing: {
        ...DEFAULT_RULES.routing,
        weights: { skill: 1, roundRobin: 0, load: 1, winRate: 0, followUp: 0 },
      },
    };
    const a = routeLead(lead, [cand(rep('zoe')), cand(rep('adam'))], rules);
    const b = routeLead(lead, [cand(rep('adam')), cand(rep('zoe'))], rules);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ winnerId: 'adam', reason: 'TIE_BROKEN_BY_ID' });
  });

  it('spreads leads by round-robin when everything else is equal', () => {
    const r = routeLead(
      lead,
      [
        cand(rep('alice'), { lastAssignedAt: 5 }),
        cand(rep('bob'), { lastAssignedAt: null }),
        cand(rep('carl'), { lastAssignedAt: 3 }),
      ],
      DEFAULT_RULES,
    );
    expect(r.considered.map((c) => c.personId)).toEqual(['bob', 'carl', 'alice']);
    expect(r.considered.map((c) => c.factors.roundRobin)).toEqual([1, 0.5, 0]);
  });

  it('favours lighter load, higher win rate and faster follow-up', () => {
    const r = routeLead(
      lead,
      [
        cand(rep('busy'), { openLeads: 6, winRate30d: 0.1, avgFollowUpMinutes: 600, lastAssignedAt: 1 }),
        cand(rep('free'), { openLeads: 0, winRate30d: 0.4, avgFollowUpMinutes: 30, lastAssignedAt: 1 }),
      ],
      DEFAULT_RULES,
    );
    expect(r.winnerId).toBe('free');
    expect(r.considered[0]?.factors).toMatchObject({ load: 1, winRate: 0.4 });
  });
});

describe('the stored decision', () => {
  it('keeps every factor for the best 5 and the total for everyone else considered', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      cand(rep(`r${String(i).padStart(2, '0')}`), { lastAssignedAt: i }),
    );
    const r = routeLead(lead, many, DEFAULT_RULES);
    expect(r.considered).toHaveLength(5);
    expect(r.others).toHaveLength(7);
    expect(r.considered[0]?.personId).toBe('r00');
    expect(r.others.map((o) => o.personId)).toEqual(['r05', 'r06', 'r07', 'r08', 'r09', 'r10', 'r11']);
    expect(r.others[0]?.total).toBeGreaterThanOrEqual(r.others[6]?.total ?? Infinity);
  });
});
