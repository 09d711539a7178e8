import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../rules.ts';
import { budgetBand, scoreLead, urgencyOf } from './scoring.ts';
import type { LeadFields } from '../../../kernel/types.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T02:00:00Z');

function fields(overrides: Partial<LeadFields> = {}): LeadFields {
  return {
    company: '华东医疗器械有限公司',
    contact: '张伟',
    phone: '13800138000',
    email: '',
    industry: '地产',
    budget: 100_000,
    need: '新院区',
    region: '华东',
    source: 'web',
    campaign: 'C1',
    tags: [],
    urgency: null,
    trialEndsAt: null,
    ...overrides,
  };
}

describe('scoreLead', () => {
  it.each([
    [0, '<5万', 10],
    [49_999, '<5万', 10],
    [50_000, '5–20万', 20],
    [199_999, '5–20万', 20],
    [200_000, '20万+', 30],
    [5_000_000, '20万+', 30],
  ])('puts a budget of %i yuan in band %s (%i points)', (budget, label, points) => {
    expect(budgetBand(budget, DEFAULT_RULES)).toMatchObject({ label, points });
  });

  it('gives full completeness marks only with company, contact, phone and need', () => {
    const full = scoreLead(fields(), [NOW], DEFAULT_RULES);
    expect(full.parts.find((p) => p.dimension === 'completeness')).toEqual({
      dimension: 'completeness',
      points: 20,
      detail: 'complete',
    });
    const partial = scoreLead(fields({ need: '', phone: '' }), [NOW], DEFAULT_RULES);
    expect(partial.parts.find((p) => p.dimension === 'completeness')).toEqual({
      dimension: 'completeness',
      points: 10,
      detail: 'missing:phone,need',
    });
  });

  it('adds 5 points for two contacts within 3 days, and none when they are further apart', () => {
    const within = scoreLead(fields(), [NOW, NOW + 3 * DAY], DEFAULT_RULES);
    const apart = scoreLead(fields(), [NOW, NOW + 3 * DAY + 1], DEFAULT_RULES);
    expect(within.parts.find((p) => p.dimension === 'contactFrequency')?.points).toBe(5);
    expect(apart.parts.find((p) => p.dimension === 'contactFrequency')?.points).toBe(0);
    expect(within.total - apart.total).toBe(5);
  });

  it('scores a listed industry by its points and any other by the default', () => {
    expect(scoreLead(fields({ industry: '地产' }), [NOW], DEFAULT_RULES).parts[0]).toMatchObject({
      points: 20,
    });
    expect(scoreLead(fields({ industry: '餐饮' }), [NOW], DEFAULT_RULES).parts[0]).toMatchObject({
      points: 8,
      detail: 'other:餐饮',
    });
  });

  it('keeps a breakdown that adds up to the total', () => {
    const s = scoreLead(fields(), [NOW], DEFAULT_RULES);
    expect(s.parts.reduce((a, p) => a + p.points, 0)).toBe(s.total);
    expect(s.total).toBe(20 + 20 + 0 + 20);
  });
});

describe('urgencyOf', () => {
  it.each([
    ['a trial ending in exactly 48 h', { trialEndsAt: NOW + 48 * 3_600_000 }, 'TRIAL_ENDING'],
    ['a trial ending in 48 h and 1 ms', { trialEndsAt: NOW + 48 * 3_600_000 + 1 }, null],
    ['a competitor comparison', { urgency: 'competitor' as const }, 'COMPETITOR_COMPARISON'],
    ['a need that mentions 竞品', { need: '正在和竞品对比价格' }, 'COMPETITOR_COMPARISON'],
    ['an ordinary lead', {}, null],
  ])('marks %s as %s', (_name, overrides, expected) => {
    expect(urgencyOf(fields(overrides), NOW, DEFAULT_RULES)).toBe(expected);
  });
});
