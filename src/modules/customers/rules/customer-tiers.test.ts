import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  becameC,
  customerKey,
  deepVisitDays,
  quarterKey,
  quotaOf,
  recomputeDue,
  tierCustomers,
  type WonDealFact,
} from './customer-tiers.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const NOW = at('2026-12-07T10:00');
const TIERS = { a: 500_000, b: 100_000 };

const won = (
  dealId: number,
  customer: string,
  amount: number,
  iso: string,
  ownerId = 'ann',
): WonDealFact => ({
  dealId,
  leadId: dealId + 100,
  customer,
  ownerId,
  amount,
  closedAt: at(iso),
});

describe('customer tiers from the yearly value (F24)', () => {
  it.each([
    [500_001, 'A'],
    [500_000, 'B'], // "A类客户(年采购额>50万)": exactly 50万 is B
    [100_000, 'B'], // "B类客户(10–50万)"
    [99_999.99, 'C'],
    [0, 'C'],
  ] as const)('%d yuan over the last 12 months → %s', (amount, tier) => {
    const [c] = tierCustomers([won(1, '协和医院', amount, '2026-06-01T10:00')], [], NOW, zone, TIERS, 12);
    expect(c?.tier).toBe(tier);
  });

  it('sums a customer’s won deals inside the window only, keeps the reason, and names the latest owner', () => {
    const deals = [
      won(1, '协和医院', 300_000, '2026-01-10T10:00', 'ann'),
      won(2, '协和 医院', 250_000, '2026-11-30T10:00', 'bob'), // same customer, written with a space
      won(3, '协和医院', 900_000, '2025-12-06T10:00', 'ann'), // 12 months and a day ago: outside
      won(4, '小店', 20_000, '2026-12-01T10:00', 'cy'),
    ];
    const out = tierCustomers(deals, [], NOW, zone, TIERS, 12);
    expect(out.map((c) => [c.customer, c.tier, c.yearlyValue, c.ownerId, c.lastDealId, c.leadIds])).toEqual([
      ['协和 医院', 'A', 550_000, 'bob', 2, [101, 102]],
      ['小店', 'C', 20_000, 'cy', 4, [104]],
    ]);
    expect(out[0]?.reason).toEqual({
      code: 'YEARLY_VALUE',
      value: 550_000,
      deals: 2,
      a: 500_000,
      b: 100_000,
      from: at('2025-12-07T10:00'),
      to: NOW,
    });
  });

  it('counts money in whole fen, so 0.1 + 0.2 does not decide a tier', () => {
    const deals = [won(1, 'X', 99_999.9, '2026-11-01T10:00'), won(2, 'X', 0.1, '2026-11-02T10:00')];
    expect(tierCustomers(deals, [], NOW, zone, TIERS, 12)[0]?.tier).toBe('B');
  });

  it('lets a known customer with nothing won in the window fall to C with its owner kept', () => {
    const out = tierCustomers([], [{ key: 'x', customer: 'X', ownerId: 'ann' }], NOW, zone, TIERS, 12);
    expect(out).toEqual([
      expect.objectContaining({ key: 'x', tier: 'C', ownerId: 'ann', yearlyValue: 0, lastDealId: null }),
    ]);
  });

  it('a shorter lookback from the rules file leaves older deals out', () => {
    const deals = [won(1, 'X', 600_000, '2026-05-01T10:00')];
    expect(tierCustomers(deals, [], NOW, zone, TIERS, 6)).toEqual([]);
    expect(tierCustomers(deals, [], NOW, zone, TIERS, 12)[0]?.tier).toBe('A');
  });

  it('groups names across full-width forms and case', () => {
    expect(customerKey('ＡＢＣ 科技')).toBe(customerKey('abc科技'));
  });

  it('offers the product pack when a customer becomes C, or is new with a win in the last day', () => {
    const c = (lastWonAt: number | null) => ({ tier: 'C' as const, lastWonAt });
    expect([
      becameC('B', c(null), NOW), // lapsed or shrunk
      becameC(null, c(NOW - 3_600_000), NOW), // a fresh small customer
      becameC(null, c(at('2026-05-01T10:00')), NOW), // small for months: no pack on the first run
      becameC('C', c(NOW), NOW),
      becameC(null, { tier: 'A', lastWonAt: NOW }, NOW),
    ]).toEqual([true, true, false, false, false]);
  });
});

describe('deep visits (a visit with proof the same day)', () => {
  const month = { start: at('2026-12-01T00:00'), end: at('2027-01-01T00:00') };
  it('counts days with a visit and a check-in or evidence by the same rep at the same customer', () => {
    const visits = [
      { leadId: 1, by: 'ann', at: at('2026-12-02T10:00') }, // check-in that day → deep
      { leadId: 1, by: 'ann', at: at('2026-12-02T15:00') }, // same day again: counts once
      { leadId: 1, by: 'ann', at: at('2026-12-03T10:00') }, // no proof → not deep
      { leadId: 1, by: 'ann', at: at('2026-12-04T10:00') }, // evidence that evening → deep
      { leadId: 1, by: 'bob', at: at('2026-12-05T10:00') }, // another rep
      { leadId: 1, by: 'ann', at: at('2026-11-30T10:00') }, // last month
    ];
    const proofs = [
      { kind: 'checkin' as const, leadId: 1, by: 'ann', at: at('2026-12-02T10:00') },
      { kind: 'evidence' as const, leadId: 1, by: 'ann', at: at('2026-12-04T21:00') },
      { kind: 'checkin' as const, leadId: 2, by: 'ann', at: at('2026-12-03T10:00') }, // another customer
      { kind: 'checkin' as const, leadId: 1, by: 'bob', at: at('2026-12-05T10:00') },
      { kind: 'checkin' as const, leadId: 1, by: 'ann', at: at('2026-11-30T10:00') },
    ];
    expect(deepVisitDays(visits, proofs, 'ann', month, zone)).toEqual(['2026-12-02', '2026-12-04']);
    expect(deepVisitDays(visits, proofs, 'bob', month, zone)).toEqual(['2026-12-05']);
  });

  it('reads the day in the org timezone (23:30 Shanghai is still that day)', () => {
    const v = [{ leadId: 1, by: 'ann', at: at('2026-12-02T23:30') }];
    const p = [{ kind: 'evidence' as const, leadId: 1, by: 'ann', at: at('2026-12-02T08:00') }];
    expect(deepVisitDays(v, p, 'ann', month, zone)).toEqual(['2026-12-02']);
  });

  it.each([
    [[], 2, 'DEEP_VISITS_SHORT', 2],
    [['2026-12-02'], 2, 'DEEP_VISITS_SHORT', 1],
    [['2026-12-02', '2026-12-04'], 2, 'DEEP_VISITS_MET', 0],
    [[], 0, 'DEEP_VISITS_MET', 0],
  ] as const)('%j of %d required → %s', (days, required, code, missing) => {
    const q = quotaOf({ key: 'x', customer: 'X', ownerId: 'ann' }, days, required, '2026-12');
    expect(q.reason).toEqual({ code, month: '2026-12', missing });
    expect(q.done).toBe(days.length);
  });
});

describe('calendar keys', () => {
  it('names the quarter in the org timezone', () => {
    expect(quarterKey(at('2026-12-31T23:30'), zone)).toBe('2026-Q4');
    expect(quarterKey(at('2027-01-01T00:30'), zone)).toBe('2027-Q1');
  });

  it('is due from the recompute time of the day on', () => {
    expect(recomputeDue(at('2026-12-07T05:59'), zone, '06:00')).toEqual({ due: false, day: '2026-12-07' });
    expect(recomputeDue(at('2026-12-07T06:00'), zone, '06:00')).toEqual({ due: true, day: '2026-12-07' });
  });
});
