import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseBudgetCell, parseLeadCsv } from './csv.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'));

describe('parseLeadCsv', () => {
  it('reads a UTF-8 file with English headers (any case, extra spaces, unknown columns ignored)', () => {
    const csv = [
      ' Company ,CONTACT,phone,email,budget,source,campaign,tags,urgency,trialEndsAt,notes',
      'Acme Ltd,Ann,13800000000,ann@acme.test,"12,000",web,SPRING24,"b, a",trial,2025-03-01T00:00:00Z,ignored',
      'Beta Co,,,,,expo,EXPO1,,,,',
    ].join('\r\n');
    const res = parseLeadCsv(utf8(csv));
    expect(res.encoding).toBe('utf-8');
    expect(res.errors).toEqual([]);
    expect(res.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(res.rows[0]!.fields).toEqual({
      company: 'Acme Ltd',
      contact: 'Ann',
      phone: '13800000000',
      email: 'ann@acme.test',
      industry: '',
      budget: 12000,
      need: '',
      region: '',
      source: 'web',
      campaign: 'SPRING24',
      tags: ['b', 'a'],
      urgency: 'trial',
      trialEndsAt: Date.parse('2025-03-01T00:00:00Z'),
    });
    expect(res.rows[1]!.fields).toMatchObject({
      company: 'Beta Co',
      budget: 0,
      tags: [],
      urgency: null,
      trialEndsAt: null,
    });
  });

  it('reads a UTF-8-with-BOM file with Chinese headers and variants', () => {
    const csv =
      '公司名称,联系人,手机,邮箱,行业,预算（元）,需求,地区,来源,活动,标签\n' +
      '星海科技,李雷,13900000000,li@xh.test,制造,20万元,ERP 选型,上海,展会,EXPO-SH,"大客户；华东、复购"\n';
    const res = parseLeadCsv(withBom(csv));
    expect(res.encoding).toBe('utf-8');
    expect(res.errors).toEqual([]);
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]!.fields).toMatchObject({
      company: '星海科技',
      contact: '李雷',
      phone: '13900000000',
      email: 'li@xh.test',
      industry: '制造',
      budget: 200000,
      need: 'ERP 选型',
      region: '上海',
      source: '展会',
      campaign: 'EXPO-SH',
      tags: ['大客户', '华东', '复购'],
    });
  });

  it('decodes a GBK file (Excel in China) and round-trips the Chinese text exactly', () => {
    const csv =
      '公司,联系人,电话,预算,需求,地区,来源,活动编码,标签\r\n' +
      '华东医疗器械有限公司,王芳,021-55556666,￥30000,采购监护仪「二期」,浙江·杭州,官网,WEB-2024,医疗、华东\r\n';
    const bytes = gbk(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const res = parseLeadCsv(bytes);
    expect(res.encoding).toBe('gbk');
    expect(res.errors).toEqual([]);
    expect(res.rows[0]!.fields).toMatchObject({
      company: '华东医疗器械有限公司',
      contact: '王芳',
      phone: '021-55556666',
      budget: 30000,
      need: '采购监护仪「二期」',
      region: '浙江·杭州',
      source: '官网',
      campaign: 'WEB-2024',
      tags: ['医疗', '华东'],
    });
  });

  it('reports bad rows with physical line numbers, also after a multi-line quoted cell and blank lines', () => {
    const csv = [
      'company,phone,email,budget,need,source,campaign', // 1
      'Good One,111,,100,short,web,C1', // 2
      'Bad Email,,not-an-email,,,web,C1', // 3
      '', // 4 (blank, skipped)
      'Multi,222,,,"line one', // 5
      'line two', // 6
      'line three",web,C1', // 7
      ',,,,,,', // 8 (empty row as Excel writes it, skipped)
      'Bad Budget,333,,lots,,web,C1', // 9
      'Good Two,444,,5万,,web,C2', // 10
    ].join('\n');
    const res = parseLeadCsv(utf8(csv));
    expect(res.rows.map((r) => [r.line, r.fields.company])).toEqual([
      [2, 'Good One'],
      [5, 'Multi'],
      [10, 'Good Two'],
    ]);
    expect(res.rows[1]!.fields.need).toBe('line one\nline two\nline three');
    expect(res.errors).toEqual([
      { line: 3, reason: 'email: expected an email address' },
      { line: 9, reason: 'budget: expected a number (yuan)' },
    ]);
  });

  it('lists every bad field of a row, joined by "; "', () => {
    const res = parseLeadCsv(utf8('company,email,budget,source,campaign\nX,bad,-5,web,C\n'));
    expect(res.errors).toEqual([
      { line: 2, reason: 'email: expected an email address; budget: expected a number ≥ 0' },
    ]);
  });

  it('rejects rows without source or campaign, naming the field', () => {
    const csv = 'company,source,campaign\nNo Source,,C1\nNo Campaign,web,\nNeither,,\n';
    const res = parseLeadCsv(utf8(csv));
    expect(res.rows).toEqual([]);
    expect(res.errors).toEqual([
      { line: 2, reason: 'source: required: where the lead came from' },
      { line: 3, reason: 'campaign: required: the campaign code, so channel ROI can be computed' },
      {
        line: 4,
        reason:
          'source: required: where the lead came from; campaign: required: the campaign code, so channel ROI can be computed',
      },
    ]);
  });

  it('converts budget cells to yuan', () => {
    expect(parseBudgetCell('5万')).toBe(50000);
    expect(parseBudgetCell('1.5万')).toBe(15000);
    expect(parseBudgetCell('20万元')).toBe(200000);
    expect(parseBudgetCell('￥30000')).toBe(30000);
    expect(parseBudgetCell('¥ 12,000.50')).toBe(12000.5);
    expect(parseBudgetCell('about 5k')).toBe('about 5k');
    const res = parseLeadCsv(utf8('公司,预算,来源,活动编码\n甲公司,5万,转介绍,REF\n'));
    expect(res.rows[0]!.fields.budget).toBe(50000);
  });

  it('gives the same row the same fingerprint in any file, and a changed row a different one', () => {
    const head = 'company,phone,source,campaign,tags';
    const a = parseLeadCsv(
      utf8(`${head}\nAcme,123,web,C1,"x,y"\nAcme,123,web,C1,"x,y"\nAcme,124,web,C1,"x,y"\n`),
    );
    // Same lead in another file: other column order, Chinese headers, GBK, tags in another order.
    const b = parseLeadCsv(gbk('标签,来源,活动编码,电话,公司\n"y、x",web,C1,123,Acme\n'));
    const [r1, r2, r3] = a.rows;
    expect(r1!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(r2!.fingerprint).toBe(r1!.fingerprint);
    expect(b.rows[0]!.fingerprint).toBe(r1!.fingerprint);
    expect(r3!.fingerprint).not.toBe(r1!.fingerprint);
  });

  it('keeps the rows before an unclosed quote and reports it where the bad record starts', () => {
    const csv = 'company,source,campaign\nA,web,C1\n\nB,"web,C1\nC,web,C1\n';
    const res = parseLeadCsv(utf8(csv));
    expect(res.rows.map((r) => r.fields.company)).toEqual(['A']);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]!.line).toBe(4);
    expect(res.errors[0]!.reason).toMatch(/never closed/);
  });

  it('explains the expected headers when none is recognised', () => {
    const res = parseLeadCsv(utf8('name,tel\nAcme,123\n'));
    expect(res.rows).toEqual([]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0]!.line).toBe(1);
    expect(res.errors[0]!.reason).toContain('company');
    expect(res.errors[0]!.reason).toContain('公司');
    expect(parseLeadCsv(new Uint8Array()).errors[0]!.line).toBe(1);
  });
});
