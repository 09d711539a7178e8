import { describe, expect, it } from 'vitest';
import { LEAD_STATUSES, URGENT_REASONS } from '../kernel/types.ts';
import { placeholders } from '../kernel/i18n.ts';
import { POOL_REASONS, SKIP_REASONS, WIN_REASONS } from './leads/rules/routing.ts';
import { HEALTHS } from './deals/rules/deals.ts';
import { FLAG_WEIGHT } from './reports/rules/authenticity.ts';
import { catalogs, codeText, isMessageKey, messageKey, moduleCatalogs, t, type MessageKey } from './i18n.ts';

const keys = Object.keys(catalogs.en) as MessageKey[];
// CJK ideographs and CJK punctuation/full-width forms: English text must not carry Chinese left over from a copy.
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const DOUBTFUL_MARK = '过程存疑';

describe('the assembled catalog', () => {
  it('has about six hundred keys, all from the module catalogs, none defined twice', () => {
    expect(keys.length).toBeGreaterThan(500);
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, catalog] of Object.entries(moduleCatalogs))
      for (const key of Object.keys(catalog)) {
        const first = owner.get(key);
        if (first !== undefined) twice.push(`${key} in ${first} and ${name}`);
        owner.set(key, name);
      }
    expect(twice).toEqual([]);
    expect([...owner.keys()].sort()).toEqual([...keys].sort());
  });

  it('says every key in both languages, non-empty, with the same {vars}', () => {
    expect(Object.keys(catalogs['zh-CN']).sort()).toEqual([...keys].sort());
    const problems: string[] = [];
    for (const key of keys) {
      const en = catalogs.en[key];
      const zh = catalogs['zh-CN'][key];
      if (en.trim() === '') problems.push(`${key}: empty en`);
      if (zh.trim() === '') problems.push(`${key}: empty zh-CN`);
      if (placeholders(en).join() !== placeholders(zh).join())
        problems.push(`${key}: en {${placeholders(en).join()}} zh-CN {${placeholders(zh).join()}}`);
    }
    expect(problems).toEqual([]);
  });

  it('has no Chinese in the English text, except commands to type and the one mark named in Chinese', () => {
    // Inside `code` is what the rep may type (`30万`, `转商机 12 30万`: the parser takes both languages), and
    // 过程存疑 is the name of the deal mark in both languages (README, F11), so English names it too.
    const plain = (text: string) => text.replace(/`[^`]*`/g, '').replaceAll(DOUBTFUL_MARK, '');
    expect(keys.filter((key) => CJK.test(plain(catalogs.en[key])))).toEqual([]);
    expect(plain('send `转商机 12 30万` now')).toBe('send  now');
  });
});

describe('keys built from the codes the rules produce (stored decisions and flags are read back as data)', () => {
  const codes: Array<[string, readonly string[]]> = [
    ['skip', SKIP_REASONS],
    ['why.pool', POOL_REASONS],
    ['why.reason.tie', WIN_REASONS.filter((r) => r !== 'HIGHEST_SCORE')],
    ['urgent', URGENT_REASONS],
    ['status', LEAD_STATUSES],
    ['deal.health', HEALTHS],
    ['authenticity.explain', Object.keys(FLAG_WEIGHT)],
    ['authenticity.ask', Object.keys(FLAG_WEIGHT)],
  ];
  it.each(codes)('has words for every %s code, in both languages', (prefix, values) => {
    expect(values.length).toBeGreaterThan(1);
    for (const value of values) {
      const key = messageKey(prefix, value);
      expect(key, `${prefix}.${value}`).not.toBeNull();
      if (key === null) continue;
      expect(catalogs.en[key]).not.toBe('');
      expect(catalogs['zh-CN'][key]).not.toBe('');
    }
  });
});

describe('unknown keys and codes', () => {
  it('checks a built key at run time: a code the catalog lacks gives null, never a guessed key', () => {
    expect(messageKey('deal.health', 'red')).toBe('deal.health.red');
    expect(messageKey('deal.health', 'purple')).toBeNull();
    expect(isMessageKey('skip.AT_CAPACITY')).toBe(true);
    expect(isMessageKey('skip.')).toBe(false);
  });

  it('shows an unknown code from data as the code itself, not as a key', () => {
    expect(codeText('en', 'deal.health', 'red')).toBe('🔴 at risk');
    expect(codeText('zh-CN', 'deal.health', 'purple')).toBe('purple');
  });

  it('throws under test on a key that is not in the catalog (only a cast can pass one)', () => {
    expect(() => t('en', 'no.such.key' as MessageKey)).toThrow(/no.such.key/);
  });

  it('fills {vars} and leaves a var without a value visible', () => {
    expect(t('en', 'why.runnerUp', { name: 'Alice', total: 0.5 })).toBe('Alice scored 0.5');
    expect(t('zh-CN', 'why.runnerUp', { name: 'Alice' })).toBe('Alice 得分 {total}');
  });
});
