// A table as its reader reads it (issue 21 item 9): for Chinese, the column codes and the few cell codes in
// Chinese words; for English, the codes as they are (they are English, and what the command line prints).
import type { Locale } from '../../i18n.ts';
import { CSV_CELLS_ZH, CSV_COLUMNS_ZH } from '../i18n-csv.ts';
import type { Table } from './csv.ts';

export function tableFor(table: Table, locale: Locale): Table {
  if (locale !== 'zh-CN') return table;
  return {
    header: table.header.map((h) => CSV_COLUMNS_ZH[h] ?? h),
    rows: table.rows.map((row) =>
      row.map((cell) => (typeof cell === 'string' ? (CSV_CELLS_ZH[cell] ?? cell) : cell)),
    ),
  };
}
