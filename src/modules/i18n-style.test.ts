// The house style of the Chinese text (issue 21, item 9): one form of address (你, never 您) and full-width
// punctuation inside Chinese sentences. Scans every zh-CN string of every module catalog.
import { describe, expect, it } from 'vitest';
import { catalogs, t, type MessageKey } from './i18n.ts';

const zh = catalogs['zh-CN'];
const keys = Object.keys(zh) as MessageKey[];

// Chinese characters, CJK punctuation and full-width forms, Chinese quotes, and a {placeholder}'s brace: in a
// Chinese template a placeholder stands for Chinese words (a name, a stage, a list), so `{name}:` is Chinese text.
const CHINESE = '[\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef\\u201c\\u201d{}]';
const ASCII_MARK = '[,:()!?;]';
const ASCII_BESIDE_CHINESE = new RegExp(`${CHINESE}${ASCII_MARK}|${ASCII_MARK}${CHINESE}`);

/**
 * The allow-list, kept small: what the user types (`code spans`: `签到 {id} 31.2304,121.4737`, `答复 R{id} 可以,
 * 用标准接口` are commands, copied as written) and URLs. Numbers need no exception: `08:30` and `1,000` have
 * digits, not Chinese, on both sides of the mark.
 */
function prose(text: string): string {
  return text.replace(/`[^`]*`/g, '` `').replace(/https?:\/\/\S+/g, ' ');
}

function asciiMarks(text: string): string[] {
  const found: string[] = [];
  const plain = prose(text);
  const re = new RegExp(ASCII_BESIDE_CHINESE.source, 'g');
  for (const m of plain.matchAll(re)) found.push(m[0]);
  return found;
}

describe('the Chinese catalog', () => {
  it('has hundreds of strings to check', () => {
    expect(keys.length).toBeGreaterThan(500);
  });

  it('says 你, never 您', () => {
    expect(keys.filter((key) => zh[key].includes('\u60a8'))).toEqual([]);
  });

  it('uses full-width , : ( ) ! ? ; beside Chinese text, outside commands and URLs', () => {
    const problems = keys
      .map((key) => ({ key, marks: asciiMarks(zh[key]) }))
      .filter((p) => p.marks.length > 0)
      .map((p) => `${p.key}: ${p.marks.join(' ')} in ${zh[p.key]}`);
    expect(problems).toEqual([]);
  });

  it('pairs every bracket: no half-width one left beside a full-width one', () => {
    const open = (s: string) => (s.match(/[(\uff08]/g) ?? []).length;
    const close = (s: string) => (s.match(/[)\uff09]/g) ?? []).length;
    const mixed = keys.filter((key) => {
      const plain = prose(zh[key]);
      return /\uff08[^)\uff09]*\)|\([^)\uff09]*\uff09/.test(plain) || open(plain) !== close(plain);
    });
    expect(mixed).toEqual([]);
  });
});

describe('the check itself', () => {
  it.each([
    ['已进入线索池:{reason}', [':{']],
    ['我的线索({count})', ['线(', ')']],
    ['赢单!', ['单!']],
    ['例如 `签到 12 31.2304,121.4737`', []],
    ['每天 08:30 推送', []],
    ['打开 https://example.com/a,b', []],
    ['已进入线索池\uff1a{reason}', []],
  ])('finds the ASCII marks in %s', (text, marks) => {
    expect(asciiMarks(text).length > 0).toBe(marks.length > 0);
  });
});

describe('the English catalog', () => {
  const en = catalogs.en;
  // Nouns counted in the catalogs: "{n} leads" reads "1 leads" when n is 1, so a count of them goes through
  // `{n, plural, one {# lead} other {# leads}}` (src/kernel/i18n.ts).
  const COUNTED =
    /\{\w+\} (?:working |SOP |cross-team |closed |more )?(?:leads|deals|calls|visits|points|days|reps|pages|photos|files|checks|tasks|requests|migrations|minutes|hours|weeks|months|decisions|wins)\b/;
  const outsidePlurals = (text: string) =>
    text.replace(/\{\w+, plural, one \{[^{}]*\} other \{[^{}]*\}\}/g, '{count}');

  it('counts with plural forms: no "(s)", no "{n} leads" that would read "1 leads"', () => {
    const problems = keys.filter((key) => /\(s\)/.test(en[key]) || COUNTED.test(outsidePlurals(en[key])));
    expect(problems.map((key) => `${key}: ${en[key]}`)).toEqual([]);
  });

  it('says "1 call" and "2 calls" in the daily report facts', () => {
    const facts = (n: number) =>
      t('en', 'report.facts', { visits: n, calls: n, claims: n, advances: n, evidence: n });
    expect(facts(1)).toBe(
      'From your day so far: 1 visit, 1 call, 1 lead claimed, 1 deal advanced, 1 evidence added.',
    );
    expect(facts(2)).toContain('2 visits, 2 calls, 2 leads claimed, 2 deals advanced');
    expect(
      t('zh-CN', 'report.facts', { visits: 1, calls: 2, claims: 0, advances: 0, evidence: 0 }),
    ).toContain('拜访 1 次、电话 2 次');
  });

  it('has every plural with both its forms filled', () => {
    const broken = keys.filter((key) =>
      [...en[key].matchAll(/\{\w+, plural,([^}]*\}[^}]*\}?)/g)].some(
        (m) => !/^ one \{[^{}]*#[^{}]*\} other \{[^{}]*#[^{}]*\}/.test(m[1] ?? ''),
      ),
    );
    expect(broken).toEqual([]);
  });
});
