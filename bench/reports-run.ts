// The daily-report part of `npm run bench` alone: `npx tsx bench/reports-run.ts` prints its rows and writes
// nothing; with `--merge` it also puts its figures into bench/results.json (marked in details.reports as a
// separate run). BENCH_REPORT_PHOTOS, BENCH_REPORT_FILE_RUNS, BENCH_REPORT_REPS, BENCH_REPORT_DIGEST_RUNS size it.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  benchReports,
  reportsAims,
  reportsDetails,
  reportsFigures,
  reportsOptions,
  reportsTable,
} from './reports.ts';

const bench = await benchReports(reportsOptions(), (msg) => process.stderr.write(`[bench] ${msg}\n`));
console.table(reportsTable(bench));
if (process.argv.includes('--merge')) {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: object;
    aims: object;
    counts: object;
    details: Record<string, unknown>;
  };
  results.figures = { ...results.figures, ...reportsFigures(bench) };
  results.aims = { ...results.aims, ...reportsAims(bench) };
  results.counts = {
    ...results.counts,
    report_photos_rows: bench.photos,
    report_file_runs: bench.fileRuns,
    report_digest_reps: bench.digestReps,
    report_digest_runs: bench.digestRuns,
  };
  results.details.reports = {
    ...reportsDetails(bench),
    run: `bench/reports-run.ts --merge at ${new Date().toISOString()} (the other figures are the full run's)`,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`merged into ${file}`);
}
