import { describe, expect, it } from 'vitest';
import { dealsEn, dealsZh } from './catalog-deals.ts';

describe('the deal catalog', () => {
  it('says everything in both languages, with the same placeholders', () => {
    expect(Object.keys(dealsZh).sort()).toEqual(Object.keys(dealsEn).sort());
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(dealsEn))
      expect(vars(dealsZh[key] ?? ''), key).toEqual(vars(dealsEn[key] ?? ''));
  });
});
