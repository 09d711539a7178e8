import { describe, expect, it } from 'vitest';
import type { FunnelStage } from '../rules/funnel.ts';
import { funnelReading } from './readings.ts';

const compare: FunnelStage = {
  stage: 'compare',
  name: '方案比对',
  nameEn: 'Solution comparison',
  entered: 3,
  conversion: 2 / 3,
  medianDays: 7,
  p90Days: 8,
  delayDays: 5,
  topReasons: [{ reason: 'risk:budgetFrozen', days: 3, share: 0.6 }],
};

describe('the funnel reading', () => {
  it('says a risk signal in the words of the rules file, not its id', () => {
    const words = (id: string) => (id === 'budgetFrozen' ? '预算冻结' : id);
    expect(funnelReading([compare], compare, '2026-11', 'zh-CN', words)).toBe(
      '「方案比对」是瓶颈：停留中位数 7 个工作日，累计超时 5 天；60% 的延误来自“风险信号：预算冻结”。',
    );
  });
});
