import { describe, expect, it } from 'vitest';
import { placeholders } from '../../kernel/i18n.ts';
import { dealsEn as en, dealsZh as zh } from './i18n.ts';

const dealsEn: Record<string, string> = en;
const dealsZh: Record<string, string> = zh;
import { healthEvidenceText, kpDiffText } from './cards/deal-card.ts';

describe('the deal catalog', () => {
  it('says everything in both languages, with the same placeholders', () => {
    expect(Object.keys(dealsZh).sort()).toEqual(Object.keys(dealsEn).sort());
    const vars = placeholders; // counts (`{n, plural, …}`) name their var once
    for (const key of Object.keys(dealsEn))
      expect(vars(dealsZh[key] ?? ''), key).toEqual(vars(dealsEn[key] ?? ''));
  });
});

describe('decision-chain changes as a rep reads them', () => {
  const detail = {
    name: '张总',
    diff: [
      { field: 'title' as const, from: 'CTO', to: 'CFO' },
      { field: 'status' as const, from: 'active', to: 'left' },
    ],
  };
  it('names the person and says what changed in words, not field names', () => {
    const note = {
      reason: 'DECISION_CHAIN_CHANGED',
      evidence: '张总: title: CTO → CFO; status: active → left',
      detail,
    };
    expect(healthEvidenceText(note, 'zh-CN')).toBe(
      '决策链变化：张总——职位 CTO → CFO、已离职或调岗，不再参与',
    );
    expect(healthEvidenceText(note, 'en')).toBe(
      'the decision chain changed: 张总 — title CTO → CFO; left or moved jobs, no longer involved',
    );
    expect(kpDiffText([{ field: 'influence', from: '40', to: '60' }], 'zh-CN')).toBe('影响权重 40% → 60%');
  });
  it('keeps the stored evidence when it has no detail (a person’s own words)', () => {
    expect(healthEvidenceText({ reason: 'SET_BY_PERSON', evidence: '客户官网公布与竞品合作' }, 'en')).toBe(
      '客户官网公布与竞品合作',
    );
  });
});
