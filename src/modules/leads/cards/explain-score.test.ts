// The score part of `leadline why ID` (describeLead): a business line's name, the synonym that matched, a declared
// dimension and a weight, in Chinese and English (issue 24 item 3).
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../rules.ts';
import { describeLead } from './explain.ts';
import type { Lead } from '../../../kernel/types.ts';

const lead = {
  id: 7,
  company: '南京市第三人民医院',
  budget: 300_000,
  status: 'pool',
  ownerId: null,
  urgentReason: null,
  score: 115,
  scoreBreakdown: {
    total: 115,
    line: 'b2b',
    parts: [
      {
        dimension: 'industry',
        points: 30,
        detail: 'synonym:医院=医疗基建',
        synonym: { word: '医院', of: '医疗基建' },
      },
      { dimension: 'budget', points: 60, detail: '20万+', weight: 2 },
      { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
      { dimension: 'completeness', points: 15, detail: 'missing:contact' },
      { dimension: 'field', name: '区域', points: 0, detail: 'other:西北' },
    ],
  },
} as unknown as Lead;

const names = { people: new Map(), timezone: 'Asia/Shanghai', pipelines: DEFAULT_RULES.deals.pipelines };

describe('describeLead', () => {
  it('names the line and the synonym in Chinese', () => {
    expect(describeLead(lead, 'zh-CN', names).split('\n')).toEqual([
      '线索 #7 南京市第三人民医院 — 评分 115（行业 医疗基建（由“医院”匹配）30，预算 20万+ 60（×2），联系频次 0，完整度 15，区域 其他 0），状态：在线索池中',
      '按业务线“B2B设备销售”的评分规则计分。',
    ]);
  });

  it('names them in English, the budget as an amount, and the line by its id when the rules no longer have it', () => {
    expect(describeLead(lead, 'en', names).split('\n')).toEqual([
      'Lead #7 南京市第三人民医院 — score 115 (industry 医疗基建 (as “医院”) 30, budget ¥300,000 60 (×2), contact frequency 0, completeness 15, 区域 other 0), status in the pool',
      'Scored by the rules of business line B2B equipment.',
    ]);
    expect(describeLead(lead, 'en', { ...names, pipelines: [] }).split('\n')[1]).toBe(
      'Scored by the rules of business line b2b.',
    );
  });
});
