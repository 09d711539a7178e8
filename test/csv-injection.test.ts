// Spreadsheet formulas from intake (issue 22, item 8): `=HYPERLINK(…)` typed as a company reached the CLI's CSV
// exports as a live formula. Every CSV is written by one function that keeps such cells as text.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csvText, spreadsheetCell } from '../src/modules/analytics/charts/csv.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mjs|js)$/.test(f) && !/\.test\.ts$/.test(f))
    .map((f) => join(dir, f));
}

const HYPERLINK = '=HYPERLINK("http://evil.example/x","Click")';

describe('CSV and spreadsheet cells', () => {
  it.each([
    [HYPERLINK, `'${HYPERLINK}`],
    ['+86 138 0000 0000', "'+86 138 0000 0000"],
    ['-2+3+cmd|/C calc!A0', "'-2+3+cmd|/C calc!A0"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['明远科技', '明远科技'],
    ['a=b', 'a=b'],
    [-3, -3],
    [0, 0],
  ])('%j becomes %j', (cell, safe) => {
    expect(spreadsheetCell(cell)).toEqual(safe);
  });

  it('writes a formula typed as a company as text in both the Excel and the plain CSV; numbers stay numbers', () => {
    const table = { header: ['lead', 'company', 'change'], rows: [[12, HYPERLINK, -3]] };
    expect(csvText(table, 'plain')).toBe(
      `lead,company,change\n12,"'=HYPERLINK(""http://evil.example/x"",""Click"")",-3\n`,
    );
    expect(csvText(table)).toBe(
      `\uFEFFlead,company,change\r\n12,"'=HYPERLINK(""http://evil.example/x"",""Click"")",-3\r\n`,
    );
  });

  it('has one CSV writer: nothing but src/modules/analytics/charts/csv.ts uses csv-stringify', () => {
    const writers = [...sources('src'), ...sources('adapters')].filter((f) =>
      /from ['"]csv-stringify/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(writers.map((f) => relative('.', f))).toEqual(['src/modules/analytics/charts/csv.ts']);
  });
});
