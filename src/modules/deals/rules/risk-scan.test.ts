import { describe, expect, it } from 'vitest';
import { DEFAULT_DEAL_RULES } from './deal-rules.ts';
import { MAX_RISK_TEXT, scanRisks, summarisePastCases } from './risk-scan.ts';

describe('the one risk scan', () => {
  it('reads every kind of text the same way: Chinese and English phrases, negations', () => {
    expect(scanRisks('客户说预算冻结，要向领导汇报', DEFAULT_DEAL_RULES).map((m) => m.signal)).toEqual([
      'reportUp',
      'budgetFrozen',
    ]);
    expect(scanRisks('不需要法务审核', DEFAULT_DEAL_RULES)).toEqual([]);
  });

  it('reads no further than its bound, so a huge text costs no more than a long one', () => {
    const pad = 'x'.repeat(MAX_RISK_TEXT - 2);
    expect(scanRisks(`${pad}预算冻结`, DEFAULT_DEAL_RULES)).toEqual([]);
    expect(scanRisks(`${pad.slice(2)}预算冻结`, DEFAULT_DEAL_RULES).map((m) => m.signal)).toEqual([
      'budgetFrozen',
    ]);
  });

  it('never cuts a character in two', () => {
    const text = `${'a'.repeat(MAX_RISK_TEXT - 1)}😀 budget freeze`;
    expect(scanRisks(text, DEFAULT_DEAL_RULES)).toEqual([]);
  });
});

describe('past cases', () => {
  it('counts won and lost with their amounts, and keeps the most recent few', () => {
    const s = summarisePastCases(
      [
        { dealId: 9, customer: 'A', status: 'lost', amount: 100 },
        { dealId: 7, customer: 'B', status: 'won', amount: 300 },
        { dealId: 5, customer: 'C', status: 'lost', amount: 200 },
        { dealId: 2, customer: 'D', status: 'lost', amount: 50 },
      ],
      2,
    );
    expect(s).toEqual({
      total: 4,
      won: 1,
      lost: 3,
      wonAmount: 300,
      lostAmount: 350,
      recent: [
        { dealId: 9, customer: 'A', status: 'lost', amount: 100 },
        { dealId: 7, customer: 'B', status: 'won', amount: 300 },
      ],
    });
    expect(summarisePastCases([]).total).toBe(0);
  });
});
