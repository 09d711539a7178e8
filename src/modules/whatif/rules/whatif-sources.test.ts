import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../rules.ts';
import type { LeadFields, Person, Team } from '../../../kernel/types.ts';
import type { Replayed } from './whatif.ts';
import { summarizeWhatIf } from './whatif-summary.ts';
import { changeSize, sourceRows } from './whatif-sources.ts';

const T0 = Date.parse('2026-11-01T01:00:00Z');
const TEAM: Team = { id: 't1', name: 'T1', managerId: null, channels: {} };

function rep(id: string): Person {
  return {
    id,
    name: id.toUpperCase(),
    teamId: 't1',
    role: 'rep',
    skills: [],
    capacity: 8,
    email: null,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
  };
}

function lead(i: number, source: string, winnerId: string | null): Replayed {
  const fields: LeadFields = {
    company: `公司${i}`,
    contact: '张',
    phone: '13800138000',
    email: '',
    industry: '家装',
    budget: 80_000,
    need: '翻新',
    region: '华东',
    source,
    campaign: 'C1',
    tags: [],
    urgency: null,
    trialEndsAt: null,
  };
  return { leadId: i, at: T0 + i * 60_000, fields, winnerId, explanation: null };
}

// By hand: a won 3 of 4 closed (0.75), b 1 of 4 (0.25), c none (the org's 4 of 8, 0.5).
const sources = ['web', 'web', 'web', 'web', 'fair', 'fair', ''];
const A = ['a', 'a', 'b', null, 'b', 'b', null];
const B = ['a', 'b', 'c', 'c', null, 'a', 'c'];
const side = (winners: Array<string | null>) => winners.map((w, i) => lead(i + 1, sources[i] ?? '', w));
const history = new Map<string, [number, number]>([
  ['a', [3, 4]],
  ['b', [1, 4]],
]);

describe('what-if per source (issue 24 item 10)', () => {
  it('gives coverage and expected conversion per source under A and B, the largest change first', () => {
    const s = summarizeWhatIf({
      from: T0,
      to: T0 + 86_400_000,
      people: [rep('a'), rep('b'), rep('c')],
      teams: [TEAM],
      oldRules: DEFAULT_RULES,
      newRules: DEFAULT_RULES,
      old: side(A),
      new: side(B),
      history,
    });
    expect(s.sources).toEqual([
      // '' (no source): 0 of 1 → 1 of 1 (c, 0.5); no conversion under A, so no conversion change.
      {
        source: '',
        leads: 1,
        old: { covered: 0, coverage: 0, expectedConversion: null },
        new: { covered: 1, coverage: 1, expectedConversion: 0.5 },
        coverageChange: 1,
        conversionChange: null,
      },
      // fair: b, b (1, 0.25) → pool, a (0.5, 0.75).
      {
        source: 'fair',
        leads: 2,
        old: { covered: 2, coverage: 1, expectedConversion: 0.25 },
        new: { covered: 1, coverage: 0.5, expectedConversion: 0.75 },
        coverageChange: -0.5,
        conversionChange: 0.5,
      },
      // web: a, a, b, pool (0.75; 1.75/3 = 0.5833) → a, b, c, c (1; 2/4 = 0.5).
      {
        source: 'web',
        leads: 4,
        old: { covered: 3, coverage: 0.75, expectedConversion: 0.5833 },
        new: { covered: 4, coverage: 1, expectedConversion: 0.5 },
        coverageChange: 0.25,
        conversionChange: -0.0833,
      },
    ]);
    // The summary's own coverage, over all sources, is what the rows add up to.
    const covered = (k: 'old' | 'new') => s.sources.reduce((n, r) => n + r[k].covered, 0);
    expect(covered('old')).toBe(s.old.offered);
    expect(covered('new')).toBe(s.new.offered);
  });

  it('breaks ties in the size of the change by leads, then by name', () => {
    const conversion = new Map<string, number | null>([['a', 0.5]]);
    const rows = sourceRows(
      [lead(1, 'y', 'a'), lead(2, 'x', 'a'), lead(3, 'z', 'a'), lead(4, 'z', 'a')],
      [lead(1, 'y', 'a'), lead(2, 'x', 'a'), lead(3, 'z', 'a'), lead(4, 'z', 'a')],
      conversion,
    );
    expect(rows.map((r) => r.source)).toEqual(['z', 'x', 'y']);
    expect(rows.map(changeSize)).toEqual([0, 0, 0]);
  });

  it('takes its warning thresholds from `checks` when two files are compared', () => {
    const loose = { ...DEFAULT_RULES, whatif: { ...DEFAULT_RULES.whatif, maxCoverageDrop: 1 } };
    const input = {
      from: T0,
      to: T0 + 86_400_000,
      people: [rep('a'), rep('b'), rep('c')],
      teams: [TEAM],
      oldRules: loose,
      newRules: loose,
      old: side(['a', 'a', 'a', 'a', 'a', 'a', 'a']),
      new: side(['a', 'a', 'a', null, null, 'a', 'a']),
      history,
    };
    const kinds = (checks?: typeof DEFAULT_RULES.whatif) =>
      summarizeWhatIf({ ...input, ...(checks === undefined ? {} : { checks }) }).warnings.map((w) => w.kind);
    expect(kinds()).not.toContain('COVERAGE_DROP');
    expect(kinds(DEFAULT_RULES.whatif)).toContain('COVERAGE_DROP');
  });
});
