import { describe, expect, it } from 'vitest';
import { normalizeCompany, normalizeEmail, normalizePhone } from './normalize.ts';

describe('normalisation of customer keys', () => {
  it.each([
    ['+86 138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['021-6123 4567', '02161234567'],
  ])('reads phone %s as %s', (raw, norm) => {
    expect(normalizePhone(raw)).toBe(norm);
  });

  it.each([
    ['华东医疗器械有限公司（上海分公司）', '华东医疗器械'],
    ['华东医疗器械有限公司', '华东医疗器械'],
    ['华东医疗器械股份有限公司', '华东医疗器械'],
    ['  Acme Co., Ltd. ', 'acme'],
    ['ACME Inc', 'acme'],
    ['ＡＣＭＥ', 'acme'],
  ])('reads company %s as %s, so branches and legal suffixes match', (raw, norm) => {
    expect(normalizeCompany(raw)).toBe(norm);
  });

  it('lower-cases and trims emails', () => {
    expect(normalizeEmail(' Li.Min@Example.COM ')).toBe('li.min@example.com');
  });
});
