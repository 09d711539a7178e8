// Chart commands (issue 11): `distribution [YYYY-MM] [csv]` / `分配 [YYYY-MM] [CSV]`. Without a month, the current
// month in the org's timezone. Their words are declared in ../commands.ts; this is their grammar.
export type ChartKind = 'distribution' | 'funnel' | 'journey' | 'radar' | 'attribution' | 'digest';

export const CHART_KINDS: readonly ChartKind[] = [
  'distribution',
  'funnel',
  'journey',
  'radar',
  'attribution',
  'digest',
];

/** `scope`: for the funnel, a team, a rep (`@li.min`) or a pipeline, in any order; for the journey a team or rep. */
export type ChartCommand = {
  verb: 'chart';
  chart: ChartKind;
  period: string | null;
  csv: boolean;
  scope: string[];
};

const PERIOD = /^(\d{4})[-/.年]?(0[1-9]|1[0-2]|[1-9])月?$/;

/** `2026-11`, `2026/11`, `2026年11月`, `202611` → `2026-11`; null when it is not a month. */
export function parsePeriod(word: string): string | null {
  const m = PERIOD.exec(word);
  if (m === null) return null;
  return `${m[1]}-${(m[2] ?? '').padStart(2, '0')}`;
}

/** Words asking for the table behind the chart instead of the chart. */
const TABLE_WORDS: ReadonlySet<string> = new Set(['csv', 'xlsx', 'excel', '表格', '导出']);

/**
 * The words after a chart's word (`word`, as typed): a month, `csv` and the scope, or
 * `{ problem: 'BAD_PERIOD' }` when one of them is neither.
 */
export function parseChartArgs(
  chart: ChartKind,
  args: readonly string[],
  word: string,
): ChartCommand | { problem: 'BAD_PERIOD'; word: string } {
  let period: string | null = null;
  let csv = false;
  const scope: string[] = [];
  for (const w of args) {
    // The table behind the chart: `csv`, `xlsx`, `excel`, 表格 or 导出 (each platform gets what it takes).
    if (TABLE_WORDS.has(w.toLowerCase())) csv = true;
    else if (period === null && parsePeriod(w) !== null) period = parsePeriod(w);
    else if (chart !== 'distribution' && !/^\d/.test(w)) scope.push(w);
    else return { problem: 'BAD_PERIOD', word };
  }
  return { verb: 'chart', chart, period, csv, scope };
}

/**
 * A CSV button's value, the chart's own command as the code wrote it (`distribution 2026-11`, always the English
 * word); null when it is not one.
 */
export function parseChartCommand(
  words: readonly string[],
): ChartCommand | { problem: 'BAD_PERIOD'; word: string } | null {
  const first = words[0];
  const chart = CHART_KINDS.find((k) => k === first?.toLowerCase());
  if (first === undefined || chart === undefined) return null;
  return parseChartArgs(chart, words.slice(1), first);
}
