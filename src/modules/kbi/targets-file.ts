// The targets file (F24): region / team / rep targets per month or quarter, as YAML or CSV, validated here at
// the edge. Every problem is listed with its line (CSV) or entry (YAML); a file with any problem imports nothing.
//
//   YAML:  targets:
//            - { scope: team, id: east-1, period: 2026-11, amount: 1200000 }
//            - { scope: rep, id: li.min, period: 2026-Q4, amount: 90万 }
//   CSV:   scope,id,period,amount        (or 范围,对象,周期,金额; scope may be 区域 / 团队 / 销售)
import { parse as parseCsv } from 'csv-parse/sync';
import { parseDocument } from 'yaml';
import { parseAmount } from '../../kernel/command-words.ts';
import { decodeCsvBytes } from '../leads/intake/csv.ts';
import type { Target, TargetScope } from '../ports.ts';

export interface TargetsFile {
  targets: Target[];
  problems: string[];
}

const SCOPES: Record<string, TargetScope> = {
  region: 'region',
  区域: 'region',
  地区: 'region',
  team: 'team',
  团队: 'team',
  rep: 'rep',
  销售: 'rep',
  person: 'rep',
};

const HEADERS: Record<string, 'scope' | 'id' | 'period' | 'amount'> = {
  scope: 'scope',
  范围: 'scope',
  id: 'id',
  对象: 'id',
  period: 'period',
  周期: 'period',
  amount: 'amount',
  金额: 'amount',
  目标: 'amount',
};

/** `2026-11` or `2026-Q4` (also `2026Q4`, `2026-q4`) → the stored key, or null. */
export function periodKey(word: string): string | null {
  const w = word.trim();
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(w);
  if (month !== null) return w;
  const quarter = /^(\d{4})-?[qQ]([1-4])$/.exec(w);
  return quarter === null ? null : `${quarter[1]}-Q${quarter[2]}`;
}

function entry(raw: Record<string, unknown>, where: string, problems: string[]): Target | null {
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const scope = SCOPES[text(raw.scope).toLowerCase()];
  const id = text(raw.id);
  const period = periodKey(text(raw.period));
  const amount =
    typeof raw.amount === 'number' && raw.amount > 0 ? raw.amount : parseAmount(text(raw.amount));
  const before = problems.length;
  if (scope === undefined) problems.push(`${where}: scope: expected region, team or rep`);
  if (id === '') problems.push(`${where}: id: expected the region, team or rep it is for`);
  if (period === null) problems.push(`${where}: period: expected a month (2026-11) or a quarter (2026-Q4)`);
  if (amount === null)
    problems.push(`${where}: amount: expected an amount in yuan > 0, e.g. 1200000 or 120万`);
  if (problems.length > before || scope === undefined || period === null || amount === null) return null;
  return { scope, scopeId: id, period, amountCents: Math.round(amount * 100) };
}

function parseYaml(text: string): TargetsFile {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    return {
      targets: [],
      problems: doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`),
    };
  const raw: unknown = doc.toJS();
  const list = Array.isArray(raw)
    ? raw
    : typeof raw === 'object' && raw !== null && Array.isArray((raw as { targets?: unknown }).targets)
      ? (raw as { targets: unknown[] }).targets
      : null;
  if (list === null) return { targets: [], problems: ['(top): expected `targets:` with a list of targets'] };
  const problems: string[] = [];
  const targets: Target[] = [];
  list.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) {
      problems.push(`targets[${i}]: expected { scope, id, period, amount }`);
      return;
    }
    const t = entry(item as Record<string, unknown>, `targets[${i}]`, problems);
    if (t !== null) targets.push(t);
  });
  return { targets, problems };
}

function parseCsvText(text: string): TargetsFile {
  const rows: string[][] = parseCsv(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true });
  const [header, ...body] = rows;
  const columns = (header ?? []).map((h) => HEADERS[h.trim().toLowerCase()]);
  const missing = (['scope', 'id', 'period', 'amount'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0)
    return { targets: [], problems: [`line 1: the header needs the columns ${missing.join(', ')}`] };
  const problems: string[] = [];
  const targets: Target[] = [];
  body.forEach((cells, i) => {
    const raw: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      if (c !== undefined) raw[c] = cells[j] ?? '';
    });
    const t = entry(raw, `line ${i + 2}`, problems);
    if (t !== null) targets.push(t);
  });
  return { targets, problems };
}

/** A `.csv` file (UTF-8 or GBK) or YAML; the same target twice in one file is a problem. */
export function parseTargetsFile(name: string, bytes: Uint8Array): TargetsFile {
  const csv = name.toLowerCase().endsWith('.csv');
  const decoded = csv ? decodeCsvBytes(bytes) : null;
  const parsed = decoded !== null ? parseCsvText(decoded.text) : parseYaml(new TextDecoder().decode(bytes));
  // A damaged byte is said, not read as a name that matches nothing (issue 22, finding 11).
  if (decoded?.lossy === true)
    parsed.problems.unshift(
      `the file holds bytes that are not valid ${decoded.encoding === 'gbk' ? 'GBK' : 'UTF-8'} (shown as �): correct them`,
    );
  const seen = new Set<string>();
  for (const t of parsed.targets) {
    const key = `${t.scope} ${t.scopeId} ${t.period}`;
    if (seen.has(key)) parsed.problems.push(`${key}: given twice`);
    seen.add(key);
  }
  return parsed;
}
