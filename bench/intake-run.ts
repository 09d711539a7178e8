// The batched-intake part of issue 23 alone: `npx tsx bench/intake-run.ts` measures, in one run, the raw ceiling
// (bench/intake.ts benchRaw), a CSV import and API intake with 8 in flight, and prints them; with `--merge` it
// also puts its figures and aims into bench/results.json (marked in details.intake_batch as a separate run).
// BENCH_INTAKE_LEADS sets the size (default 100 000), BENCH_INTAKE_WARMUP the warm-up (default 2 000).
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { round } from './common.ts';
import { benchRaw } from './intake.ts';
import { benchCsvImport, benchInFlight } from './intake-batch.ts';

const size = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
};
const LEADS = size('BENCH_INTAKE_LEADS', 100_000);
const WARMUP = size('BENCH_INTAKE_WARMUP', 2_000);
const IN_FLIGHT = 8;
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

const loadBefore = round(loadavg()[0] ?? 0, 2);
log(`raw better-sqlite3 ceiling: ${WARMUP} warm-up + ${LEADS} leads`);
const raw = benchRaw({ warmup: WARMUP, leads: LEADS });
log(`  ${round(raw.perS)} leads/s`);
log(`CSV import (parse + importLeads): ${WARMUP} warm-up + ${LEADS} leads`);
const csv = await benchCsvImport({ warmup: WARMUP, leads: LEADS });
log(`  ${round(csv.perS)} leads/s`);
log(
  `CSV import one lead per transaction (before issue 23), for comparison: ${WARMUP} warm-up + ${LEADS} leads`,
);
const csvOne = await benchCsvImport({ warmup: WARMUP, leads: LEADS, batchSize: 1 });
log(`  ${round(csvOne.perS)} leads/s`);
log(`API intake, ${IN_FLIGHT} in flight through groupIntake: ${WARMUP} warm-up + ${LEADS} leads`);
const api = await benchInFlight({ warmup: WARMUP, leads: LEADS, inFlight: IN_FLIGHT });
log(`  ${round(api.perS)} leads/s`);
log(
  `API intake, ${IN_FLIGHT} in flight, one lead per transaction (before issue 23): ${WARMUP} warm-up + ${LEADS} leads`,
);
const apiOne = await benchInFlight({ warmup: WARMUP, leads: LEADS, inFlight: IN_FLIGHT, maxGroup: 1 });
log(`  ${round(apiOne.perS)} leads/s`);

const figures = {
  intake_csv_per_s: round(csv.perS),
  intake_csv_vs_raw: round(csv.perS / raw.perS, 3),
  intake_api_8_per_s: round(api.perS),
  intake_api_8_vs_raw: round(api.perS / raw.perS, 3),
};
const aims = {
  intake_csv_vs_raw: { aim: '>= 0.5', met: figures.intake_csv_vs_raw >= 0.5 },
  intake_api_8_vs_raw: { aim: '>= 0.5', met: figures.intake_api_8_vs_raw >= 0.5 },
};
const load = { load_avg_1m_before: loadBefore, load_avg_1m_after: round(loadavg()[0] ?? 0, 2) };
console.table({
  raw: { leads_per_s: round(raw.perS), vs_raw: 1, cpu_us_per_lead: '', aim: '' },
  csv_import: {
    leads_per_s: figures.intake_csv_per_s,
    vs_raw: figures.intake_csv_vs_raw,
    cpu_us_per_lead: round(csv.cpuUsPerLead),
    aim: '>= 0.5',
  },
  csv_one_by_one: {
    leads_per_s: round(csvOne.perS),
    vs_raw: round(csvOne.perS / raw.perS, 3),
    cpu_us_per_lead: round(csvOne.cpuUsPerLead),
    aim: '',
  },
  api_8_in_flight: {
    leads_per_s: figures.intake_api_8_per_s,
    vs_raw: figures.intake_api_8_vs_raw,
    cpu_us_per_lead: round(api.cpuUsPerLead),
    aim: '>= 0.5',
  },
  api_8_one_by_one: {
    leads_per_s: round(apiOne.perS),
    vs_raw: round(apiOne.perS / raw.perS, 3),
    cpu_us_per_lead: round(apiOne.cpuUsPerLead),
    aim: '',
  },
});
console.log(load);

if (process.argv.includes('--merge')) {
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    figures: object;
    aims: object;
    details: Record<string, unknown>;
  };
  results.figures = { ...results.figures, ...figures };
  results.aims = { ...results.aims, ...aims };
  results.details.intake_batch = {
    leads: LEADS,
    warmup: WARMUP,
    in_flight: IN_FLIGHT,
    raw_per_s: round(raw.perS),
    csv_ms: round(csv.ms, 1),
    csv_cpu_us_per_lead: round(csv.cpuUsPerLead),
    csv_one_by_one_per_s: round(csvOne.perS),
    api_ms: round(api.ms, 1),
    api_cpu_us_per_lead: round(api.cpuUsPerLead),
    api_8_one_by_one_per_s: round(apiOne.perS),
    // The machine is shared (2 cores, other work running): the figures follow what else runs.
    ...load,
    run: `bench/intake-run.ts --merge at ${new Date().toISOString()} (the other figures are the full run's)`,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`merged into ${file}`);
}
