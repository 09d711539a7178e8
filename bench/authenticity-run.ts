// The authenticity part of `npm run bench` alone: `npx tsx bench/authenticity-run.ts` (BENCH_AUTH_HASHES,
// BENCH_AUTH_RUNS, BENCH_AUTH_WARMUP, BENCH_AUTH_PHOTO_RUNS size it). Prints its rows; with `--write` it also
// puts its figures into bench/results.json, marked in `details.authenticity.standalone_run` as measured apart
// from the full run that wrote the rest of the file.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  authenticityAims,
  authenticityDetails,
  authenticityFigures,
  authenticityOptions,
  authenticityTable,
  benchAuthenticity,
} from './authenticity.ts';

const bench = await benchAuthenticity(authenticityOptions(), (msg) =>
  process.stderr.write(`[bench] ${msg}\n`),
);
console.table(authenticityTable(bench));
if (process.env.BENCH_AUTH_DETAILS) console.log(JSON.stringify(authenticityDetails(bench)));

if (process.argv.includes('--write')) {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: Record<string, unknown>;
    aims: Record<string, unknown>;
    counts: Record<string, unknown>;
    details: Record<string, unknown>;
  };
  Object.assign(results.figures, authenticityFigures(bench));
  Object.assign(results.aims, authenticityAims(bench));
  Object.assign(results.counts, {
    authenticity_stored_hashes: bench.storedHashes,
    authenticity_score_runs: bench.runs,
  });
  results.details.authenticity = {
    ...authenticityDetails(bench),
    standalone_run: `${new Date().toISOString()} (npx tsx bench/authenticity-run.ts --write)`,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written into ${file}`);
}
