// The Busy Monday part of `npm run bench` alone: `npx tsx bench/monday-run.ts` prints its rows and writes nothing;
// with `--merge` it also puts its figures into bench/results.json (marked in details.monday as a separate run).
// Sizes: BENCH_MONDAY_LEADS, BENCH_MONDAY_EVENTS (1 000 000 each by default), BENCH_MONDAY_MINUTES (3),
// BENCH_MONDAY_MINUTE_MS (20 000), BENCH_MONDAY_COMMANDS (200 a minute), BENCH_MONDAY_BURST (50).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  benchMonday,
  mondayAims,
  mondayDetails,
  mondayFigures,
  mondayOptions,
  mondayTable,
} from './monday.ts';

const loadBefore = Math.round((loadavg()[0] ?? 0) * 100) / 100;
const bench = await benchMonday(mondayOptions(), (msg) => process.stderr.write(`[bench] ${msg}\n`));
console.table(mondayTable(bench));
const load = {
  load_avg_1m_before: loadBefore,
  load_avg_1m_after: Math.round((loadavg()[0] ?? 0) * 100) / 100,
};
console.log(load, {
  samples: bench.samples,
  failures: bench.failureKinds,
  jobErrors: bench.jobErrors,
  slow: bench.slow,
  jobs: bench.jobs,
  burstByMinute: bench.burstByMinute,
  // What held the loop: the longest late ticks of a 1 ms timer, the job under way, the collections inside them.
  stalls: bench.loop.longest,
});
if (process.argv.includes('--merge')) {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: object;
    aims: object;
    counts: object;
    details: Record<string, unknown>;
  };
  results.figures = { ...results.figures, ...mondayFigures(bench) };
  results.aims = { ...results.aims, ...mondayAims(bench) };
  results.counts = {
    ...results.counts,
    monday_leads: bench.options.leads,
    monday_events: bench.options.events,
    monday_reps: bench.options.reps,
    monday_teams: bench.options.teams,
  };
  results.details.monday = {
    ...mondayDetails(bench),
    // The machine is shared (2 cores, other work running): the figures follow what else runs.
    ...load,
    run: `bench/monday-run.ts --merge at ${new Date().toISOString()} (the other figures are the full run's)`,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`merged into ${file}`);
}
