// Chart commands (issue 11), kept apart from the lead commands: `distribution [YYYY-MM] [csv]` /
// `分配 [YYYY-MM] [CSV]`. Without a month, the current month in the org's timezone.
export type ChartKind = 'distribution' | 'funnel' | 'journey' | 'radar' | 'attribution' | 'digest';

/** `scope`: for the funnel, a team, a rep (`@li.min`) or a pipeline, in any order; for the journey a team or rep. */
export type ChartCommand = {
  verb: 'chart';
  chart: ChartKind;
  period: string | null;
  csv: boolean;
  scope: string[];
};

const CHART_VERBS: Record<string, ChartKind> = {
  distribution: 'distribution',
  分配: 'distribution',
  分配报告: 'distribution',
  线索分配: 'distribution',
  funnel: 'funnel',
  漏斗: 'funnel',
  销售漏斗: 'funnel',
  journey: 'journey',
  旅程: 'journey',
  客户旅程: 'journey',
  旅程完整性: 'journey',
  radar: 'radar',
  雷达: 'radar',
  雷达图: 'radar',
  过程健康: 'radar',
  attribution: 'attribution',
  归因: 'attribution',
  归因分析: 'attribution',
  // The weekly manager digest, on demand (its charts together).
  digest: 'digest',
  简报: 'digest',
  周简报: 'digest',
  经营简报: 'digest',
};

const PERIOD = /^(\d{4})[-/.年]?(0[1-9]|1[0-2]|[1-9])月?$/;

/** `2026-11`, `2026/11`, `2026年11月`, `202611` → `2026-11`; null when it is not a month. */
export function parsePeriod(word: string): string | null {
  const m = PERIOD.exec(word);
  if (m === null) return null;
  return `${m[1]}-${(m[2] ?? '').padStart(2, '0')}`;
}

/**
 * The chart command in `words` (already normalised and split), `{ problem: 'BAD_PERIOD' }` when the verb is a
 * chart's but the rest is not a month (or `csv`), or null when the words are not a chart command at all.
 */
export function parseChartCommand(
  words: string[],
): ChartCommand | { problem: 'BAD_PERIOD'; word: string } | null {
  // Slack's `/report distribution 2026-11` arrives as `report distribution 2026-11`.
  if (
    /^(report|报告|报表)$/i.test(words[0] ?? '') &&
    CHART_VERBS[(words[1] ?? '').toLowerCase()] !== undefined
  )
    return parseChartCommand(words.slice(1));
  const first = words[0];
  const chart = first === undefined ? undefined : CHART_VERBS[first.toLowerCase()];
  if (first === undefined || chart === undefined) return null;
  let period: string | null = null;
  let csv = false;
  const scope: string[] = [];
  for (const w of words.slice(1)) {
    if (w.toLowerCase() === 'csv') csv = true;
    else if (period === null && parsePeriod(w) !== null) period = parsePeriod(w);
    else if (chart !== 'distribution' && !/^\d/.test(w)) scope.push(w);
    else return { problem: 'BAD_PERIOD', word: first };
  }
  return { verb: 'chart', chart, period, csv, scope };
}
