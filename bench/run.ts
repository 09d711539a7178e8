// `npm run bench`: intake throughput vs the raw SQLite ceiling, sweep cost at 10k vs 1M leads, peak RSS.
// One run on this machine; prints a table and writes bench/results.json.
// Sizes can be shrunk for a quick look: BENCH_LEADS, BENCH_WARMUP, BENCH_SWEEP_BIG.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { round } from './common.ts';
import { benchIntake, benchRaw } from './intake.ts';
import { benchSweep } from './sweep.ts';

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
}

const LEADS = envInt('BENCH_LEADS', 20_000);
const WARMUP = envInt('BENCH_WARMUP', 2_000);
const COUNT_SAMPLE = 500;
const SWEEP_SMALL = 10_000;
const SWEEP_BIG = envInt('BENCH_SWEEP_BIG', 1_000_000);
const SWEEP_DUE = 1_000;

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

async function main(): Promise<void> {
  const started = performance.now();

  log(`raw better-sqlite3 ceiling: ${WARMUP} warm-up + ${LEADS} leads`);
  const raw = benchRaw({ warmup: WARMUP, leads: LEADS });
  log(`  ${round(raw.perS)} leads/s`);

  log(`intake through submitLead: ${WARMUP} warm-up + ${LEADS} leads`);
  const intake = await benchIntake({ warmup: WARMUP, leads: LEADS, countSample: COUNT_SAMPLE });
  log(`  ${round(intake.perS)} leads/s`);

  log(`sweep over ${SWEEP_SMALL} leads (${SWEEP_DUE} due)`);
  const small = await benchSweep(SWEEP_SMALL, SWEEP_DUE);
  log(`  built in ${round(small.buildMs)} ms, sweep ${round(small.sweepMs, 1)} ms`);

  log(`sweep over ${SWEEP_BIG} leads (${SWEEP_DUE} due)`);
  const big = await benchSweep(SWEEP_BIG, SWEEP_DUE);
  log(`  built in ${round(big.buildMs)} ms, sweep ${round(big.sweepMs, 1)} ms`);

  const figures = {
    intake_per_s: round(intake.perS),
    raw_per_s: round(raw.perS),
    intake_vs_raw: round(intake.perS / raw.perS, 3),
    sweep_10k_ms: round(small.sweepMs, 1),
    sweep_1m_ms: round(big.sweepMs, 1),
    sweep_1m_vs_10k: round(big.sweepMs / small.sweepMs, 2),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
  };
  const aims = {
    intake_vs_raw: { aim: '>= 0.5', met: figures.intake_vs_raw >= 0.5 },
    sweep_1m_vs_10k: { aim: '<= 2', met: figures.sweep_1m_vs_10k <= 2 },
  };

  const probe = new Database(':memory:');
  const sqliteVersion = (probe.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  probe.close();

  const results = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      platform: `${process.platform} ${process.arch}`,
      sqlite: sqliteVersion,
    },
    figures,
    aims,
    counts: {
      intake_warmup_leads: intake.warmup,
      intake_measured_leads: intake.leads,
      raw_warmup_leads: raw.warmup,
      raw_measured_leads: raw.leads,
      sweep_small_leads: small.leads,
      sweep_big_leads: big.leads,
      sweep_due_leads: SWEEP_DUE,
    },
    details: {
      intake: {
        ms: round(intake.ms, 1),
        first_tenth_per_s: round(intake.firstTenthPerS),
        last_tenth_per_s: round(intake.lastTenthPerS),
        offered: intake.offered,
        statements_per_lead: {
          prepares: round(intake.perLead.prepares, 2),
          executions: round(intake.perLead.executions, 2),
        },
        statements_sample_leads: COUNT_SAMPLE,
        statements: intake.statements.map((s) => ({
          ...s,
          prepares: round(s.prepares, 3),
          executions: round(s.executions, 3),
        })),
      },
      raw: { ms: round(raw.ms, 1), statements_per_lead: { prepares: 0, executions: 4 } },
      sweep_10k: {
        ...small,
        buildMs: round(small.buildMs),
        dbMb: round(small.dbMb, 1),
        sweepMs: round(small.sweepMs, 2),
        idleSweepMs: round(small.idleSweepMs, 2),
      },
      sweep_1m: {
        ...big,
        buildMs: round(big.buildMs),
        dbMb: round(big.dbMb, 1),
        sweepMs: round(big.sweepMs, 2),
        idleSweepMs: round(big.idleSweepMs, 2),
      },
      total_s: round((performance.now() - started) / 1000, 1),
    },
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

  console.table({
    intake_per_s: {
      value: figures.intake_per_s,
      note: `submitLead, ${intake.leads} leads after ${intake.warmup} warm-up`,
    },
    raw_per_s: { value: figures.raw_per_s, note: `better-sqlite3 insert+update, ${raw.leads} leads` },
    intake_vs_raw: {
      value: figures.intake_vs_raw,
      note: `aim >= 0.5: ${aims.intake_vs_raw.met ? 'met' : 'NOT met'}`,
    },
    sweep_10k_ms: { value: figures.sweep_10k_ms, note: `${SWEEP_DUE} lapsed of ${small.leads}` },
    sweep_1m_ms: { value: figures.sweep_1m_ms, note: `${SWEEP_DUE} lapsed of ${big.leads}` },
    sweep_1m_vs_10k: {
      value: figures.sweep_1m_vs_10k,
      note: `aim <= 2: ${aims.sweep_1m_vs_10k.met ? 'met' : 'NOT met'}`,
    },
    peak_rss_mb: { value: figures.peak_rss_mb, note: 'process.resourceUsage().maxRSS' },
  });
  console.log(
    `intake first/last 10%: ${results.details.intake.first_tenth_per_s}/${results.details.intake.last_tenth_per_s} leads/s; ` +
      `statements per lead: ${results.details.intake.statements_per_lead.executions} executed, ${results.details.intake.statements_per_lead.prepares} compiled`,
  );
  console.log(
    `node ${results.machine.node}, ${results.machine.cpu} (${results.machine.cores} cores), SQLite ${sqliteVersion}; ${results.details.total_s} s`,
  );
  console.log(`results: ${RESULTS}`);
}

await main();
