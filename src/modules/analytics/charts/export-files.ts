// A table export as the files a manager is handed (issue 19, item 14: "offer xlsx everywhere a manager exports a
// table"). A CSV written from a table comes with an Excel workbook of the same rows (xlsx.ts), so a manager in
// Excel, WPS or Numbers opens it without an import dialog; a platform that refuses CSV (DingTalk) sends only the
// workbook. A file that is not a table (a PDF, a CSV without its rows) goes as it is. No I/O.
import type { CardFile } from '../../../kernel/card.ts';
import { csvBytes } from './csv.ts';
import { XLSX_MIME, xlsxBytes, xlsxName } from './xlsx.ts';

const isCsv = (name: string) => /\.csv$/i.test(name);

/** The workbook twin of a table file: same name with `.xlsx`, one sheet named after the file. */
export async function workbookOf(
  file: CardFile & { table: NonNullable<CardFile['table']> },
): Promise<CardFile> {
  const sheet = file.name.replace(/\.[^.]*$/, '');
  return {
    name: xlsxName(file.name),
    mime: XLSX_MIME,
    bytes: await xlsxBytes(file.table, sheet),
    table: file.table,
  };
}

/**
 * The files to hand over for `file`: `both` (the CSV, then its workbook) where the platform takes any file
 * (Slack, WeCom `file` media, the playground), `xlsx` (the workbook alone) where CSV is refused. A CSV whose
 * bytes were dropped from an oversized outbox row (card-json.ts) is written again from its rows; a file with no
 * rows behind it is handed over as it is (nothing, when its bytes were dropped).
 */
export async function exportFiles(file: CardFile, accept: 'both' | 'xlsx' = 'both'): Promise<CardFile[]> {
  // A card read back from JSON may have no bytes at all (older outbox rows).
  const hasBytes = file.bytes instanceof Uint8Array && file.bytes.length > 0;
  if (file.table === undefined || !isCsv(file.name)) return hasBytes ? [file] : [];
  const workbook = await workbookOf({ ...file, table: file.table });
  if (accept === 'xlsx') return [workbook];
  const csv = hasBytes ? file : { ...file, bytes: csvBytes(file.table) };
  return [csv, workbook];
}
