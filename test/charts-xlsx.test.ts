// The tables behind the charts as a spreadsheet gets them: the CSV and the Excel workbook come from the same rows,
// and a cell a spreadsheet would run as a formula stays text in both.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvText, distributionTable } from '../src/modules/analytics/charts/csv.ts';
import { SAMPLE_DISTRIBUTION } from '../src/modules/analytics/charts/fixtures.ts';
import { xlsxBytes, xlsxName } from '../src/modules/analytics/charts/xlsx.ts';

async function sheet(bytes: Uint8Array): Promise<{ name: string; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = workbook.worksheets[0];
  const rows: unknown[][] = [];
  ws?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: ws?.name ?? '', rows };
}

const hostile = {
  header: ['rep', 'name', 'received'],
  rows: [
    ['r1', '=HYPERLINK("http://evil.example","x")', 3],
    ['r2', '+1+1', -3],
    ['r3', '-2+3', 0],
    ['r4', '@SUM(A1)', 1],
    ['r5', '\tcmd', 2],
    ['r6', '\rcmd', 2],
    ['r7', 'Alice = Bob', 4],
  ],
};

describe('chart tables as spreadsheets', () => {
  it('writes a workbook from the same rows as the CSV: header, rows, numbers as numbers', async () => {
    const table = distributionTable(SAMPLE_DISTRIBUTION);
    const { name, rows } = await sheet(await xlsxBytes(table, 'distribution-2026-11'));
    expect(name).toBe('distribution-2026-11');
    expect(rows[0]).toEqual(table.header);
    expect(rows[1]?.slice(0, 5)).toEqual(['li.min', '李敏', 'east-1', 14, 12.5]);
    expect(rows).toHaveLength(1 + table.rows.length);
    expect(xlsxName('distribution-2026-11.csv')).toBe('distribution-2026-11.xlsx');
  });

  it('keeps a cell starting with = + - @ tab or CR as text in the CSV and in the workbook', async () => {
    const csvLines = csvText(hostile)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(csvLines[1]).toBe(`r1,"'=HYPERLINK(""http://evil.example"",""x"")",3`);
    expect(csvLines[2]).toBe("r2,'+1+1,-3");
    expect(csvLines[3]).toBe("r3,'-2+3,0");
    expect(csvLines[4]).toBe("r4,'@SUM(A1),1");
    expect(csvLines[7]).toBe('r7,Alice = Bob,4');

    const { rows } = await sheet(await xlsxBytes(hostile));
    expect(rows.slice(1).map((r) => r[1])).toEqual([
      `'=HYPERLINK("http://evil.example","x")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tcmd",
      // XML turns a lone CR into LF when the workbook is read back; what matters is the apostrophe before it.
      "'\ncmd",
      'Alice = Bob',
    ]);
    // A negative number is a value, not a formula: it stays a number.
    expect(rows[2]?.[2]).toBe(-3);
  });
});
