import { describe, expect, it } from 'vitest';
import { attribute, type RepOutcome } from './attribution.ts';
import { DEFAULT_KBI_RULES as rules } from '../../kbi/rules/kbi-rules.ts';

const reps = (pairs: Array<[number, number]>): RepOutcome[] =>
  pairs.map(([execution, conversion], i) => ({ repId: `r${i}`, execution, conversion }));

describe('behaviour → outcome attribution', () => {
  it('fits the least-squares slope on a known data set', () => {
    // x = 50 60 70 80 90 (x̄ 70), y = 10 12 15 17 19 (ȳ 14.6)
    // dx = −20 −10 0 10 20, Sxx = 1000; dy = −4.6 −2.6 0.4 2.4 4.4
    // Sxy = 92 + 26 + 0 + 24 + 88 = 230 → slope 0.23, +10 % → +2.3 points; intercept 14.6 − 0.23 × 70 = −1.5
    // Syy = 21.16 + 6.76 + 0.16 + 5.76 + 19.36 = 53.2; r² = 230² / (1000 × 53.2) = 52,900 / 53,200
    const a = attribute(
      rules,
      reps([
        [50, 10],
        [60, 12],
        [70, 15],
        [80, 17],
        [90, 19],
      ]),
    );
    expect(a?.n).toBe(5);
    expect(a?.slope).toBeCloseTo(0.23, 12);
    expect(a?.per10).toBeCloseTo(2.3, 12);
    expect(a?.intercept).toBeCloseTo(-1.5, 12);
    expect(a?.r2).toBeCloseTo(52_900 / 53_200, 12);
    expect(a?.reason).toEqual({ code: 'LEAST_SQUARES', n: 5, minSample: 5 });
  });

  it('finds a negative slope too', () => {
    // x = 0 50 100 (x̄ 50), y = 30 20 10 (ȳ 20): Sxy = (−50)(10) + 0 + (50)(−10) = −1000, Sxx = 5000 → −0.2
    const a = attribute(
      { ...rules, attribution: { minSample: 3 } },
      reps([
        [0, 30],
        [50, 20],
        [100, 10],
      ]),
    );
    expect(a?.slope).toBeCloseTo(-0.2, 12);
    expect(a?.r2).toBeCloseTo(1, 12);
  });

  it.each([
    [
      'fewer reps than the minimum',
      reps([
        [50, 10],
        [60, 12],
        [70, 15],
        [80, 17],
      ]),
    ],
    [
      'everyone executed alike',
      reps([
        [70, 10],
        [70, 12],
        [70, 15],
        [70, 17],
        [70, 19],
      ]),
    ],
  ])('says nothing when %s', (_, data) => {
    expect(attribute(rules, data)).toBeNull();
  });
});
