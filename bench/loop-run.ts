// The event-loop part of `npm run bench` alone: `npx tsx bench/loop-run.ts` prints its rows and writes nothing;
// with `--merge` it also puts its figures into bench/results.json (marked in details.loop as a separate run).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchLoop, loopAims, loopDetails, loopFigures, loopOptions, loopTable } from './loop.ts';

const loadBefore = Math.round((loadavg()[0] ?? 0) * 100) / 100;
const bench = await benchLoop(loopOptions(), (msg) => process.stderr.write(`[bench] ${msg}\n`));
console.table(loopTable(bench));
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
  results.figures = { ...results.figures, ...loopFigures(bench) };
  results.aims = { ...results.aims, ...loopAims(bench) };
  results.counts = { ...results.counts, loop_events: bench.events, loop_rounds: bench.rounds };
  results.details.loop = {
    ...loopDetails(bench),
    // The machine is shared (2 cores, other work running): the figures follow what else runs.
    ...load,
    run: `bench/loop-run.ts --merge at ${new Date().toISOString()} (the other figures are the full run's)`,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`merged into ${file}`);
}
