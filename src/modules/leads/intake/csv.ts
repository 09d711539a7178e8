// Pure parsing half of CSV lead import (`leadline import leads.csv`): bytes in, validated rows and per-line errors out.
// Encoding detection (UTF-8 / GBK), header mapping (English and Chinese), budget cells like "5万", physical line numbers.
import { createHash } from 'node:crypto';
import { parse, type CsvError as CsvParseError } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { LeadFields } from '../../../kernel/types.ts';
import { fieldErrors, LEAD_INPUT_FIELDS, leadInputSchema, toLeadFields } from './lead-schema.ts';

export interface CsvRow {
  /** Physical line in the file where the record starts (header = line 1). */
  line: number;
  fields: LeadFields;
  /** sha256 hex of the canonical validated fields: the same lead gives the same fingerprint in any file. */
  fingerprint: string;
}
export interface CsvError {
  line: number;
  reason: string;
}
export type CsvEncoding = 'utf-8' | 'gbk';
export interface CsvParseResult {
  encoding: CsvEncoding;
  rows: CsvRow[];
  errors: CsvError[];
}

type Field = keyof LeadFields;

const ENGLISH: readonly Field[] = LEAD_INPUT_FIELDS;
const CHINESE: Readonly<Record<string, Field>> = {
  公司: 'company',
  公司名称: 'company',
  联系人: 'contact',
  电话: 'phone',
  手机: 'phone',
  手机号: 'phone',
  联系电话: 'phone',
  邮箱: 'email',
  电子邮箱: 'email',
  行业: 'industry',
  预算: 'budget',
  '预算(元)': 'budget',
  需求: 'need',
  地区: 'region',
  来源: 'source',
  活动编码: 'campaign',
  活动: 'campaign',
  标签: 'tags',
};
/** Normalised header text → field: lower case, no spaces, full-width brackets made ASCII. */
const HEADERS: ReadonlyMap<string, Field> = new Map<string, Field>([
  ...ENGLISH.map((f) => [f.toLowerCase(), f] as const),
  ...Object.entries(CHINESE),
]);
const EXPECTED =
  `expected a header row naming at least one of: ${ENGLISH.join(', ')} ` +
  `(或中文列名: ${[...new Set(Object.keys(CHINESE).filter((k) => !k.includes('(')))].join('、')})`;

function normaliseHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

const REPLACEMENT = '\uFFFD';

/**
 * UTF-8 if the bytes are valid UTF-8 (BOM stripped), otherwise GB18030 (a superset of GBK, as Excel in China saves)
 * — unless they are UTF-8 but for a few stray bytes (far more good multi-byte characters than bad bytes): then
 * UTF-8, `lossy`, each bad byte a U+FFFD, so that its line is reported instead of the whole file read as GB18030
 * garble (issue 22, finding 11). `forced` (`leadline import --encoding`) skips the guess.
 */
export function decodeCsvBytes(
  bytes: Uint8Array,
  forced?: CsvEncoding,
): { encoding: CsvEncoding; text: string; lossy: boolean } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const gbk = () => {
    const text = iconv.decode(buf, 'gb18030').replace(/^\uFEFF/, '');
    return { encoding: 'gbk' as const, text, lossy: text.includes(REPLACEMENT) };
  };
  if (forced === 'gbk') return gbk();
  try {
    return { encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), lossy: false };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    if (forced === 'utf-8') return { encoding: 'utf-8', text, lossy: true };
    let bad = 0;
    let good = 0;
    for (const ch of text) {
      if (ch === REPLACEMENT) bad++;
      else if (ch.codePointAt(0)! > 0x7f) good++;
    }
    return good >= 4 * bad ? { encoding: 'utf-8', text, lossy: true } : gbk();
  }
}

/** "12,000" / "5万" / "20万元" / "￥30000" → yuan; anything else is passed through for the schema to judge. */
export function parseBudgetCell(cell: string): number | string {
  const s = cell
    .replace(/\s+/g, '')
    .replace(/^(?:[￥¥]|rmb|cny)/i, '')
    .replace(/元$/, '')
    .replace(/[,，]/g, '');
  const m = /^(\d+(?:\.\d+)?)(万)?$/.exec(s);
  if (!m) return cell;
  const yuan = Number(m[1]) * (m[2] ? 10_000 : 1);
  return Math.round(yuan * 100) / 100;
}

/** sha256 over JSON of the fields with keys sorted and tags sorted. */
export function leadFingerprint(fields: LeadFields): string {
  const canonical: Record<string, unknown> = {};
  for (const key of Object.keys(fields).sort() as Field[]) {
    canonical[key] = key === 'tags' ? [...fields.tags].sort() : fields[key];
  }
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

interface RawRecord {
  line: number;
  cells: string[];
}

/**
 * Splits the text into records with the physical line each starts on. Stops at the first malformed spot
 * (e.g. an unclosed quote), returning the records before it and an error at the line where the bad record starts.
 */
function splitRecords(text: string): { records: RawRecord[]; error: CsvError | null } {
  // One line ending everywhere, so that counting "\n" in each record's raw text gives physical lines.
  const normalised = text.replace(/\r\n?/g, '\n');
  const records: RawRecord[] = [];
  let consumed = 0; // characters of `normalised` consumed by the records so far
  let nextLine = 1; // physical line right after them
  const startOf = (raw: string) => nextLine + (/^\n*/.exec(raw)?.[0].length ?? 0);
  try {
    parse(normalised, {
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // With `raw: true` csv-parse hands on_record `{ record, raw }`, though its typings say `string[]`.
      on_record: (rec: unknown) => {
        const { record, raw } = rec as { record: string[]; raw: string };
        const line = startOf(raw);
        consumed += raw.length;
        nextLine += raw.split('\n').length - 1;
        if (record.some((c) => c.trim() !== '')) records.push({ line, cells: record });
        return null; // collected here, so nothing is lost if a later record throws
      },
    });
    return { records, error: null };
  } catch (e) {
    const err = e as CsvParseError;
    const line = startOf(normalised.slice(consumed));
    const reason =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'malformed CSV: a quoted cell starting on this line is never closed; this and later lines were not read'
        : `malformed CSV: ${err.message.replace(/\s*(?:at|on) line \d+/g, '')}; this and later lines were not read`;
    return { records, error: { line, reason } };
  }
}

export function parseLeadCsv(bytes: Uint8Array, forced?: CsvEncoding): CsvParseResult {
  const { encoding, text, lossy } = decodeCsvBytes(bytes, forced);
  const { records, error } = splitRecords(text);
  const rows: CsvRow[] = [];
  const errors: CsvError[] = [];
  const [header, ...data] = records;

  const columns = (header?.cells ?? []).map((c) => HEADERS.get(normaliseHeader(c)));
  if (!columns.some((f) => f !== undefined)) {
    return { encoding, rows, errors: [{ line: header?.line ?? error?.line ?? 1, reason: EXPECTED }] };
  }

  for (const { line, cells } of data) {
    if (lossy && cells.some((c) => c.includes(REPLACEMENT))) {
      const other = encoding === 'gbk' ? 'utf-8' : 'gbk';
      errors.push({
        line,
        reason: `this line holds bytes that are not ${encoding === 'gbk' ? 'GBK' : 'UTF-8'} (the file reads as ${encoding} otherwise): correct them, or import with --encoding ${other} if the file is ${other}`,
      });
      continue;
    }
    const input: Partial<Record<Field, unknown>> = {};
    columns.forEach((field, i) => {
      const cell = cells[i]?.trim() ?? '';
      if (field === undefined || cell === '' || input[field] !== undefined) return; // first non-empty cell wins
      input[field] = field === 'budget' ? parseBudgetCell(cell) : cell;
    });
    const parsed = leadInputSchema.safeParse(input);
    if (!parsed.success) {
      errors.push({
        line,
        reason: fieldErrors(parsed.error)
          .map((f) => `${f.field}: ${f.message}`)
          .join('; '),
      });
      continue;
    }
    const fields = toLeadFields(parsed.data);
    rows.push({ line, fields, fingerprint: leadFingerprint(fields) });
  }
  if (error) errors.push(error);
  return { encoding, rows, errors };
}
