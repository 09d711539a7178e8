// The funnel part of `npm run bench` alone: `npx tsx bench/funnel-run.ts` prints its rows and writes nothing;
// with `--merge` it also puts its figures into bench/results.json (marked in details.funnel as a separate run).
// BENCH_PG=off skips PostgreSQL; BENCH_PG_URL picks the server.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  benchFunnel,
  funnelAims,
  funnelDetails,
  funnelFigures,
  funnelOptions,
  funnelTable,
} from './funnel.ts';
import { DEFAULT_PG_URL } from './pg.ts';

const pgOn = !['off', '0', 'false', 'no'].includes((process.env.BENCH_PG ?? '').toLowerCase());
const loadBefore = Math.round((loadavg()[0] ?? 0) * 100) / 100;
const bench = await benchFunnel(
  { ...funnelOptions(), pgUrl: pgOn ? process.env.BENCH_PG_URL || DEFAULT_PG_URL : null },
  (msg) => process.stderr.write(`[bench] ${msg}\n`),
);
console.table(funnelTable(bench));
const load = {
  load_avg_1m_before: loadBefore,
  load_avg_1m_after: Math.round((loadavg()[0] ?? 0) * 100) / 100,
};
console.log(load);
if (process.argv.includes('--merge')) {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: object;
    aims: object;
    counts: object;
    details: Record<string, unknown>;
  };
  results.figures = { ...results.figures, ...funnelFigures(bench) };
  results.aims = { ...results.aims, ...funnelAims(bench) };
  results.counts = { ...results.counts, funnel_events: bench.events, funnel_deals: bench.deals };
  results.details.funnel = {
    ...funnelDetails(bench),
    // The machine is shared (2 cores, other work running): the figures follow what else runs.
    ...load,
    run: `bench/funnel-run.ts --merge at ${new Date().toISOString()} (the other figures are the full run's)`,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`merged into ${file}`);
}
