import { describe, expect, it } from 'vitest';
import { summaryByDeal } from './summary-deals.ts';

const deals = [
  { id: 3, customer: '杭州明远科技有限公司' },
  { id: 12, customer: 'Lawson Retail' },
];

describe('summaryByDeal: which deal each sentence of a report summary is about', () => {
  it('gives each sentence to the deal it names, by number or by name (city dropped, 有限公司 dropped)', () => {
    const parts = summaryByDeal('明远科技那边很顺利。Lawson Retail: boss is away. D3 要走招标！', deals);
    expect(parts.get(3)).toBe('明远科技那边很顺利。 D3 要走招标！');
    expect(parts.get(12)).toBe('Lawson Retail: boss is away.');
  });

  it('a sentence naming no deal: the day’s only deal’s, else nobody’s', () => {
    expect(summaryByDeal('客户说要比价。', deals).size).toBe(0);
    expect(summaryByDeal('客户说要比价。', [deals[0]!]).get(3)).toBe('客户说要比价。');
    // D30 and AD3 are not D3.
    expect(summaryByDeal('D30 推迟了；AD3 型号不急', deals).size).toBe(0);
  });
});
