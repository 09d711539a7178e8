// Charts (issue 11): one chart from spec to PNG, timed end to end: build the F8 distribution spec for 20 reps,
// compile vega-lite → vega, run the headless View to SVG, rasterise with resvg (CJK OTF loaded), encode the PNG.
// Sequential, in this process, after a warm-up. Aim: p99 ≤ 300 ms.
// Drawn here every time: renderChart would hand the same spec's chart out again (it keeps charts drawn lately).
import { renderChartHere as renderChart } from '../src/modules/analytics/charts/render.ts';
import { distributionSpec } from '../src/modules/analytics/charts/specs.ts';
import type { DistributionReport } from '../src/modules/analytics/rules/distribution.ts';
import { round } from './common.ts';

export interface ChartsBench {
  warmup: number;
  renders: number;
  reps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  pngBytes: number;
  width: number;
  height: number;
  ms: number;
}

export function chartsEnabled(): boolean {
  return !['off', '0', 'false', 'no'].includes((process.env.BENCH_CHARTS ?? '').toLowerCase());
}

export function chartsOptions(): { warmup: number; renders: number } {
  const n = (name: string, fallback: number) => {
    const v = Number(process.env[name] ?? '');
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  return { warmup: n('BENCH_CHART_WARMUP', 5), renders: n('BENCH_CHART_RENDERS', 100) };
}

const NAMES = ['李敏', '张伟', '王芳', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴婷'];

/** A month's report for `reps` reps (names in Chinese, a few flagged), as the engine would build it. */
function report(reps: number): DistributionReport {
  return {
    month: '2026-11',
    from: 0,
    to: 0,
    weekStarts: [],
    rows: Array.from({ length: reps }, (_, i) => ({
      repId: `rep-${i}`,
      name: `${NAMES[i % NAMES.length] ?? 'rep'}${i >= NAMES.length ? i : ''}`,
      teamId: `team-${i % 4}`,
      received: 5 + ((i * 7) % 17),
      medianResponseMinutes: 3 + ((i * 11) % 40),
      followUpWithinLimitPct: 80,
      conversionPct: 20,
      deviationPts: 0,
      flagged: i % 9 === 4,
      weeklyConversionPct: [],
    })),
    teamMeanConversionPct: 20,
    gini: 0.21,
    giniReading: '',
    giniLevel: 'uneven',
    flagged: [],
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export async function benchCharts(options: { warmup: number; renders: number }): Promise<ChartsBench> {
  const started = performance.now();
  const data = report(20);
  let last = await renderChart(distributionSpec(data, 'zh-CN'));
  for (let i = 1; i < options.warmup; i++) last = await renderChart(distributionSpec(data, 'zh-CN'));
  const times: number[] = [];
  for (let i = 0; i < options.renders; i++) {
    const t0 = performance.now();
    last = await renderChart(distributionSpec(data, 'zh-CN'));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return {
    warmup: options.warmup,
    renders: options.renders,
    reps: data.rows.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times.at(-1) ?? 0,
    pngBytes: last.png.length,
    width: last.width,
    height: last.height,
    ms: performance.now() - started,
  };
}

export function chartsFigures(b: ChartsBench | null) {
  return {
    chart_png_p50_ms: b && round(b.p50Ms, 1),
    chart_png_p99_ms: b && round(b.p99Ms, 1),
  };
}

export function chartsAims(b: ChartsBench | null) {
  return { chart_png_p99_ms: { aim: '<= 300', met: b === null ? null : b.p99Ms <= 300 } };
}

export function chartsDetails(b: ChartsBench | null) {
  if (b === null) return { status: 'skipped' };
  return {
    status: 'ran',
    chart: `F8 distribution, ${b.reps} reps, zh-CN, ${b.width}×${b.height} px`,
    warmup: b.warmup,
    renders: b.renders,
    max_ms: round(b.maxMs, 1),
    png_bytes: b.pngBytes,
    total_s: round(b.ms / 1000, 1),
  };
}

export function chartsTable(b: ChartsBench | null) {
  if (b === null) return {};
  return {
    chart_png_p50_ms: {
      value: round(b.p50Ms, 1),
      note: `spec → PNG, ${b.renders} renders of a ${b.reps}-rep chart`,
    },
    chart_png_p99_ms: { value: round(b.p99Ms, 1), note: `aim <= 300: ${b.p99Ms <= 300 ? 'met' : 'NOT met'}` },
  };
}
