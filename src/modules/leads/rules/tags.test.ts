import { describe, expect, it } from 'vitest';
import { suggestTags, tagsToApply, tagSource, type Segmenter } from './tags.ts';
import { jiebaSegmenter } from '../segmenter.ts';
import { COMPANY_CASES, ORG_TAGS, SEED_CASES, type TagCase } from '../../../../test/fixtures/tag-cases.ts';

// The real segmenter: the cases were written for what a person reads, not for a fake's cuts.
const segment = jiebaSegmenter(ORG_TAGS);
const applied = (c: TagCase) =>
  tagsToApply(
    suggestTags({ company: c.company, need: c.need, industry: c.industry }, segment, ORG_TAGS),
    [],
    ORG_TAGS,
  )
    .map((s) => s.tag)
    .sort();

describe('smart tags on the seeds’ own examples', () => {
  it.each(SEED_CASES.map((c) => [c.company, c] as const))('%s', (_name, c) => {
    expect(applied(c)).toEqual([...c.applied].sort());
  });

  it('seed 001: 新能源汽车电池pack厂 → 新能源 / 汽车 / 电池, each from the company, sure enough to apply', () => {
    const s = suggestTags({ company: '新能源汽车电池pack厂' }, segment, ORG_TAGS);
    // With the org's words in its dictionary jieba keeps 新能源汽车 whole: 新能源 by synonym, 汽车 inside it.
    expect(s.map((x) => [x.tag, x.field, x.word]).sort()).toEqual(
      [
        ['新能源', 'company', '新能源汽车'],
        ['汽车', 'company', '新能源汽车'],
        ['电池', 'company', '电池'],
      ].sort(),
    );
    expect(s.every((x) => x.confidence >= 0.8)).toBe(true);
    expect(s.map(tagSource)).toEqual(['suggested:company', 'suggested:company', 'suggested:company']);
  });
});

describe('smart tags on 50 company names written before the code', () => {
  it('there are 50', () => expect(COMPANY_CASES).toHaveLength(50));
  it.each(COMPANY_CASES.map((c) => [c.company, c] as const))('%s', (_name, c) => {
    expect(applied(c)).toEqual([...c.applied].sort());
  });
});

describe('suggestTags, the rule', () => {
  const vocab = { list: ['医疗基建', '汽车', '电池'], synonyms: { 医疗基建: ['医院'], 电池: ['pack'] } };
  const spaces: Segmenter = (t) => t.split(/\s+/);

  it('a part of a longer tag is only a suggestion, shown but not applied', () => {
    const s = suggestTags({ need: '医疗 设备' }, spaces, vocab);
    expect(s).toEqual([{ tag: '医疗基建', confidence: 0.5, field: 'need', word: '医疗', match: 'part' }]);
    expect(tagsToApply(s, [], vocab)).toEqual([]);
  });

  it('keeps the best match per tag and names its field', () => {
    const s = suggestTags({ company: '医疗 集团', need: '新 医院' }, spaces, vocab);
    expect(s).toEqual([{ tag: '医疗基建', confidence: 0.9, field: 'need', word: '医院', match: 'synonym' }]);
  });

  it('an English synonym must stand alone inside a word, any case', () => {
    expect(suggestTags({ need: 'PACK line' }, spaces, vocab).map((x) => x.tag)).toEqual(['电池']);
    expect(suggestTags({ need: 'packaging' }, spaces, vocab)).toEqual([]);
    expect(suggestTags({ need: 'battery-pack' }, spaces, vocab).map((x) => x.match)).toEqual(['contains']);
  });

  it('a tag the lead already has is not applied again; a synonym of an unlisted tag counts for nothing', () => {
    const s = suggestTags({ company: '汽车 医院' }, spaces, vocab);
    expect(tagsToApply(s, ['汽车'], vocab).map((x) => x.tag)).toEqual(['医疗基建']);
    expect(suggestTags({ company: '地产' }, spaces, { list: [], synonyms: { 地产: ['地产'] } })).toEqual([]);
  });

  it('the apply threshold comes from the rules', () => {
    const s = suggestTags({ company: '医院' }, spaces, vocab);
    expect(tagsToApply(s, [], { ...vocab, applyAt: 0.95 })).toEqual([]);
  });
});
