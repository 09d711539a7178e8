// Hostile or damaged CSV files (issue 22, finding 11): a control character is reported on its line, and a UTF-8
// file with a stray byte is read as UTF-8 with that line reported, not as GB18030 garble with no error.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, parseLeadCsv } from './csv.ts';

const HEADER = '公司,联系人,电话,需求,来源,活动编码';
const ROWS = [
  '华东医疗器械有限公司,张伟,13800138000,新院区设备采购,官网表单,WEB-2611',
  '星河家装,刘洋,13900139000,门店翻新,展会,EXPO-11',
  '远山工装,陈晨,13700137000,办公楼改造,电话,TEL-1',
];
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The UTF-8 bytes of the lines, with `extra` inserted just after the first character of line `line` (1 = header). */
function withStray(extra: number[], line: number): Uint8Array {
  const lines = [HEADER, ...ROWS].map((l) => [...utf8(l)]);
  const target = lines[line - 1]!;
  target.splice(3, 0, ...extra); // after the first (three-byte) character
  return new Uint8Array(lines.flatMap((l) => [...l, 0x0a]));
}

describe('CSV with control characters', () => {
  it('reports the line and the field of a NUL, and reads the other lines', () => {
    const csv = [HEADER, ROWS[0], '星河\u0000家装,刘洋,13900139000,门店翻新,展会,EXPO-11', ROWS[2]].join(
      '\n',
    );
    const r = parseLeadCsv(utf8(csv));
    expect(r.rows.map((x) => x.line)).toEqual([2, 4]);
    expect(r.errors).toEqual([
      { line: 3, reason: 'company: a control character (U+0000) is not allowed here' },
    ]);
  });

  it('keeps line breaks and tabs in the need, refuses an escape character there', () => {
    const csv = [
      HEADER,
      '"甲公司",张,1380,"第一行\n第二行\t缩进",web,W',
      '乙公司,李,1390,"响铃\u0007",web,W',
    ].join('\n');
    const r = parseLeadCsv(utf8(csv));
    expect(r.rows.map((x) => x.fields.need)).toEqual(['第一行\n第二行\t缩进']);
    expect(r.errors).toEqual([{ line: 4, reason: 'need: a control character (U+0007) is not allowed here' }]);
  });
});

describe('CSV encodings', () => {
  it('reads a UTF-8 file with one stray byte as UTF-8 and reports that line', () => {
    const bytes = withStray([0xff], 3);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const r = parseLeadCsv(bytes);
    expect(r.encoding).toBe('utf-8');
    expect(r.rows.map((x) => x.fields.company)).toEqual(['华东医疗器械有限公司', '远山工装']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.line).toBe(3);
    expect(r.errors[0]?.reason).toContain('not UTF-8');
    expect(r.errors[0]?.reason).toContain('--encoding gbk');
  });

  it('still reads a GBK file as GBK, and --encoding forces either', () => {
    const text = [HEADER, ...ROWS].join('\r\n');
    const gbk = new Uint8Array(iconv.encode(text, 'gbk'));
    const r = parseLeadCsv(gbk);
    expect(r.encoding).toBe('gbk');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.fields.company)).toEqual(['华东医疗器械有限公司', '星河家装', '远山工装']);
    expect(decodeCsvBytes(gbk, 'utf-8')).toMatchObject({ encoding: 'utf-8', lossy: true });
    const forced = parseLeadCsv(gbk, 'utf-8');
    expect(forced.rows).toEqual([]);
    expect(forced.errors.length).toBeGreaterThan(0);
    expect(parseLeadCsv(utf8(text), 'gbk').encoding).toBe('gbk');
  });

  it('reports a byte that is neither UTF-8 nor GBK in an otherwise ASCII file, by line', () => {
    const csv = ['company,phone,source,campaign', 'Acme,1380,web,W', 'Caf\u00e9,1390,web,W'].join('\n');
    const bytes = new Uint8Array(
      [...utf8(csv)].flatMap((b, i, all) =>
        b === 0xc3 && all[i + 1] === 0xa9 ? [0xe9] : b === 0xa9 && all[i - 1] === 0xc3 ? [] : [b],
      ),
    );
    const r = parseLeadCsv(bytes);
    expect(r.rows.map((x) => x.fields.company)).toEqual(['Acme']);
    expect(r.errors.map((e) => e.line)).toEqual([3]);
  });
});
