import { describe, expect, it } from 'vitest';
import { formatList, formatMessage, placeholders } from './i18n.ts';

const CALLS = '{calls, plural, one {# call} other {# calls}} today';

describe('counts in words', () => {
  it.each([
    [0, '0 calls today'],
    [1, '1 call today'],
    [2, '2 calls today'],
    [21, '21 calls today'],
    ['1', '1 call today'],
    ['1,200', '1,200 calls today'],
  ])('reads %s as "%s" in English', (calls, text) => {
    expect(formatMessage(CALLS, { calls }, 'en')).toBe(text);
  });

  it('takes the other form in Chinese, where a count has only one', () => {
    expect(formatMessage('{n, plural, one {# x} other {# 次}}', { n: 1 }, 'zh-CN')).toBe('1 次');
  });

  it('fills plain placeholders beside a count and leaves a missing count visible', () => {
    expect(formatMessage(`{name}: ${CALLS}`, { name: 'Alice', calls: 1 })).toBe('Alice: 1 call today');
    expect(formatMessage(CALLS, {})).toBe('{calls} today');
  });

  it('names a count as one placeholder, so {calls} in Chinese matches it', () => {
    expect(placeholders(`{name}: ${CALLS}`)).toEqual(['calls', 'name']);
    expect(placeholders('{name}:今天 {calls} 次')).toEqual(['calls', 'name']);
  });
});

describe('lists in words', () => {
  it.each([
    ['en', [], ''],
    ['en', ['Alice'], 'Alice'],
    ['en', ['Alice', 'Bob'], 'Alice and Bob'],
    ['en', ['Alice', 'Bob', 'Carol'], 'Alice, Bob, and Carol'],
    ['zh-CN', ['李敏', '张伟', '刘洋'], '李敏\u3001张伟\u548c刘洋'],
  ] as const)('joins in %s: %j', (locale, items, text) => {
    expect(formatList(locale, items)).toBe(text);
  });
});
