// The chart part of `npm run bench` alone: `npx tsx bench/charts-run.ts` prints its rows and writes nothing;
// with `--merge` it also puts its figures into bench/results.json (marked in details.charts as a separate run).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  benchCharts,
  chartsAims,
  chartsDetails,
  chartsFigures,
  chartsOptions,
  chartsTable,
} from './charts.ts';

const bench = await benchCharts(chartsOptions());
console.table(chartsTable(bench));
if (process.argv.includes('--merge')) {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: object;
    aims: object;
    counts: object;
    details: Record<string, unknown>;
  };
  results.figures = { ...results.figures, ...chartsFigures(bench) };
  results.aims = { ...results.aims, ...chartsAims(bench) };
  results.counts = { ...results.counts, chart_renders: bench.renders, chart_warmup: bench.warmup };
  results.details.charts = {
    ...chartsDetails(bench),
    // The machine is shared: the tail follows what else runs (p99 ≈ 330 ms was measured at a load of 6 on 2 cores).
    load_avg_1m_after: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    run: `bench/charts-run.ts --merge at ${new Date().toISOString()} (the other figures are the full run's)`,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`merged into ${file}`);
}
