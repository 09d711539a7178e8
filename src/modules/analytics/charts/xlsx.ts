// Tables behind the charts as Excel workbooks, for platforms that refuse CSV files (DingTalk's robot `sampleFile`
// takes xlsx, pdf, zip, rar, doc and docx only). Written from the same rows as the CSV (csv.ts), made safe the same
// way; numbers stay numbers so a spreadsheet can sum them. No I/O.
import { spreadsheetRows, type Table } from './csv.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ]. */
function sheetName(name: string): string {
  const clean = name.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
  return clean === '' ? 'Sheet1' : clean;
}

/** One sheet: the header (bold, frozen above the scrolling rows), then the rows. */
export async function xlsxBytes(table: Table, name = 'Sheet1'): Promise<Uint8Array> {
  // Loaded on the first workbook (issue 23, item 6): exceljs costs ~20 MB, and every messenger adapter imports this
  // file, so a server that never exports a table paid for it at start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Leadline';
  const sheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRows(spreadsheetRows(table));
  sheet.getRow(1).font = { bold: true };
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/** `distribution-2026-11.csv` → `distribution-2026-11.xlsx`. */
export const xlsxName = (csvName: string) => `${csvName.replace(/\.csv$/i, '')}.xlsx`;
