// `npm run bench`: intake throughput vs the raw SQLite ceiling, sweep cost at 10k vs 1M leads, the rule what-if
// over 100k leads (BENCH_WHATIF_LEADS), peak RSS,
// then the same engine on PostgreSQL (1 instance, 8 in flight, 3 instances; sweep at 10k and 1M).
// One run on this machine; prints a table and writes bench/results.json.
// Then Slack: Claim-click ack latency (200 at once) and outbox throughput with 429s (bench/slack.ts).
// Then the daily report's authenticity index: one report with a photo against 100 000 stored hashes (bench/authenticity.ts).
// Then daily reports through the engine on SQLite: filing one with a photo against 100 000 report_photos rows, and
// the manager's summary for 500 reps (bench/reports.ts; BENCH_REPORTS=off skips, bench/reports-run.ts alone).
// Then event-loop stalls while a funnel over 1M stage events and two charts run, on the loop and in workers
// (bench/loop.ts; BENCH_LOOP=off skips, bench/loop-run.ts alone).
// Then Busy Monday: 500 reps chatting over HTTP while the 09:00 jobs run (bench/monday.ts; BENCH_MONDAY=off skips,
// bench/monday-run.ts alone).
// Sizes can be shrunk for a quick look: BENCH_LEADS, BENCH_WARMUP, BENCH_SWEEP_BIG, BENCH_PG_LEADS,
// BENCH_PG_WARMUP, BENCH_SLACK_CLICKS, BENCH_SLACK_NOTICES. BENCH_PG=off skips PostgreSQL; BENCH_PG_URL picks
// the server. BENCH_SLACK=off skips Slack.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ChartsBench } from './charts.ts';
import { round } from './common.ts';
import { benchIntake, benchRaw } from './intake.ts';
import type { LoopBench } from './loop.ts';
import type { MondayBench } from './monday.ts';
import type { PgBench } from './pg.ts';
import type { ReportsBench } from './reports.ts';
import type { SlackBench } from './slack.ts';
import {
  slackAims,
  slackDetails,
  slackEnabled,
  slackFigures,
  slackOptions,
  slackSummary,
  slackTable,
} from './slack-figures.ts';
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
const WHATIF_LEADS = envInt('BENCH_WHATIF_LEADS', 100_000);
const PG_ON = !['off', '0', 'false', 'no'].includes((process.env.BENCH_PG ?? '').toLowerCase());
// Fewer leads than on SQLite by default: PostgreSQL intake runs three times and must fit the ~4 min budget.
const PG_LEADS = envInt('BENCH_PG_LEADS', Math.min(LEADS, 3_000));
const PG_WARMUP = envInt('BENCH_PG_WARMUP', Math.min(WARMUP, 300));
const PG_IN_FLIGHT = 8;
const PG_INSTANCES = 3;
const PG_COUNT_SAMPLE = 100;
const SLACK_ON = slackEnabled();
const SLACK = slackOptions();

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

  // Before PostgreSQL, so the figure stays the SQLite run's (the PostgreSQL part adds its own client only).
  const peakRssMb = round(process.resourceUsage().maxRSS / 1024, 1);

  // The rest of the bench is loaded only now (issue 23, item 6): loaded up front, its modules (vega, sharp, the
  // whole server for Busy Monday…) added 100+ MB to the peak above, which is meant to be intake's and the sweep's.
  const { benchWhatIf } = await import('./whatif.ts');
  const { benchSlack } = await import('./slack.ts');
  const {
    authenticityAims,
    authenticityDetails,
    authenticityFigures,
    authenticityOptions,
    authenticityTable,
    benchAuthenticity,
  } = await import('./authenticity.ts');
  const { benchCharts, chartsAims, chartsDetails, chartsEnabled, chartsFigures, chartsOptions, chartsTable } =
    await import('./charts.ts');
  const {
    benchReports,
    reportsAims,
    reportsDetails,
    reportsEnabled,
    reportsFigures,
    reportsOptions,
    reportsTable,
  } = await import('./reports.ts');
  const { benchFunnel, funnelAims, funnelDetails, funnelFigures, funnelOptions, funnelTable } =
    await import('./funnel.ts');
  const { benchLoop, loopAims, loopDetails, loopEnabled, loopFigures, loopOptions, loopTable } =
    await import('./loop.ts');
  const { benchMonday, mondayAims, mondayDetails, mondayEnabled, mondayFigures, mondayOptions, mondayTable } =
    await import('./monday.ts');
  const {
    benchDirectory,
    directoryAims,
    directoryDetails,
    directoryFigures,
    directoryOptions,
    directoryTable,
  } = await import('./directory.ts');
  const { benchPg, DEFAULT_PG_URL } = await import('./pg.ts');
  const PG_URL = process.env.BENCH_PG_URL || DEFAULT_PG_URL;

  log(
    `rule what-if over ${WHATIF_LEADS} leads and 50 reps (build, then runWhatIf and runWhatIf --verify; after the peak RSS reading, which stays intake and sweep's)`,
  );
  const whatif = await benchWhatIf(WHATIF_LEADS);
  log(
    `  built in ${round(whatif.buildMs)} ms, what-if ${round(whatif.whatifMs)} ms, with --verify ${round(whatif.verifyMs)} ms, loop stall max ${round(whatif.loopMaxMs, 1)} ms`,
  );

  // Before PostgreSQL too: it is short, and its figures should not wait on (or be lost with) the longest part.
  let slack: SlackBench | null = null;
  if (SLACK_ON) {
    log(`Slack: ${SLACK.clicks} Claim clicks at once; ${SLACK.notices} notices through the outbox`);
    slack = await benchSlack({ ...SLACK, log });
  } else log('Slack skipped (BENCH_SLACK=off)');

  const authOptions = authenticityOptions();
  log(`authenticity: one report with a photo against ${authOptions.storedHashes} stored photo hashes`);
  const auth = await benchAuthenticity(authOptions, log);
  // Charts (issue 11): one chart spec → PNG, BENCH_CHART_RENDERS times (BENCH_CHARTS=off skips).
  let charts: ChartsBench | null = null;
  if (chartsEnabled()) {
    log('charts: distribution spec → PNG');
    charts = await benchCharts(chartsOptions());
    log(`  p99 ${round(charts.p99Ms, 1)} ms`);
  } else log('charts skipped (BENCH_CHARTS=off)');
  // Daily reports (issue 9): filing one report with a photo against 100 000 report_photos rows, and the
  // manager's summary for 500 reps, through the engine on SQLite (BENCH_REPORTS=off skips).
  let reports: ReportsBench | null = null;
  if (reportsEnabled()) {
    const reportOptions = reportsOptions();
    log(
      `daily reports: file one against ${reportOptions.photos} photo rows; summary for ${reportOptions.digestReps} reps`,
    );
    reports = await benchReports(reportOptions, log);
  } else log('daily reports skipped (BENCH_REPORTS=off)');

  // Funnel + dwell (issue 11): one funnelReport over 1M deal stage events, on SQLite and PostgreSQL.
  const funnelOpts = funnelOptions();
  log(`funnel + dwell: funnelReport over ${funnelOpts.events} deal stage events`);
  const funnelBench = await benchFunnel({ ...funnelOpts, pgUrl: PG_ON ? PG_URL : null }, log);

  // Event-loop stalls (issue 23): a funnel over 1M stage events and two charts, on the loop and in workers.
  let loopBench: LoopBench | null = null;
  if (loopEnabled()) {
    const loopOpts = loopOptions();
    log(`event loop: funnel over ${loopOpts.events} events + 2 charts, on the loop and off it`);
    loopBench = await benchLoop(loopOpts, log);
  } else log('event loop skipped (BENCH_LOOP=off)');

  // Busy Monday (issue 23, item 1): chat over HTTP while the minute sweeps, the KBI and the weekly digest run.
  let mondayBench: MondayBench | null = null;
  if (mondayEnabled()) {
    const mondayOpts = mondayOptions();
    log(`busy monday: ${mondayOpts.reps} reps, ${mondayOpts.leads} leads, ${mondayOpts.events} stage events`);
    mondayBench = await benchMonday(mondayOpts, log);
  } else log('busy monday skipped (BENCH_MONDAY=off)');

  // Directory sync (issue 20): a 2,000-person WeCom directory read from the local fake and applied, both databases.
  const directoryOpts = directoryOptions();
  log(`directory sync: ${directoryOpts.people} people from the WeCom fake`);
  const directoryBench = await benchDirectory({ ...directoryOpts, pgUrl: PG_ON ? PG_URL : null }, log);

  const pgb: PgBench = PG_ON
    ? await benchPg({
        url: PG_URL,
        warmup: PG_WARMUP,
        leads: PG_LEADS,
        inFlight: PG_IN_FLIGHT,
        instances: PG_INSTANCES,
        countSample: PG_COUNT_SAMPLE,
        sweepSmall: SWEEP_SMALL,
        sweepBig: SWEEP_BIG,
        sweepDue: SWEEP_DUE,
        log,
      })
    : { status: 'skipped', reason: 'BENCH_PG=off' };
  if (pgb.status === 'skipped') log('PostgreSQL skipped (BENCH_PG=off)');
  const pgRan = pgb.status === 'ran' ? pgb : null;

  const figures = {
    intake_per_s: round(intake.perS),
    raw_per_s: round(raw.perS),
    intake_vs_raw: round(intake.perS / raw.perS, 3),
    sweep_10k_ms: round(small.sweepMs, 1),
    sweep_1m_ms: round(big.sweepMs, 1),
    sweep_1m_vs_10k: round(big.sweepMs / small.sweepMs, 2),
    peak_rss_mb: peakRssMb,
    whatif_ms: round(whatif.whatifMs),
    whatif_verify_ms: round(whatif.verifyMs),
    whatif_loop_max_ms: round(whatif.loopMaxMs, 1),
    pg_intake_1_per_s: pgRan && round(pgRan.intake1.perS),
    pg_intake_1x8_per_s: pgRan && round(pgRan.intakeInFlight.perS),
    pg_intake_3_per_s: pgRan && round(pgRan.instances.perS),
    pg_vs_sqlite_intake: pgRan && round(pgRan.intake1.perS / intake.perS, 3),
    pg_sweep_10k_ms: pgRan && round(pgRan.sweepSmall.sweepMs, 1),
    pg_sweep_1m_ms: pgRan && round(pgRan.sweepBig.sweepMs, 1),
    pg_sweep_1m_vs_10k: pgRan && round(pgRan.sweepBig.sweepMs / pgRan.sweepSmall.sweepMs, 2),
    ...slackFigures(slack),
    ...authenticityFigures(auth),
    ...chartsFigures(charts),
    ...reportsFigures(reports),
    ...funnelFigures(funnelBench),
    ...loopFigures(loopBench),
    ...mondayFigures(mondayBench),
    ...directoryFigures(directoryBench),
  };
  const aims = {
    intake_vs_raw: { aim: '>= 0.5', met: figures.intake_vs_raw >= 0.5 },
    sweep_1m_vs_10k: { aim: '<= 2', met: figures.sweep_1m_vs_10k <= 2 },
    whatif_ms: { aim: '<= 10000', met: figures.whatif_ms <= 10_000 },
    whatif_verify_ms: { aim: '<= 20000', met: figures.whatif_verify_ms <= 20_000 },
    pg_sweep_1m_vs_10k: {
      aim: '<= 2',
      met: figures.pg_sweep_1m_vs_10k === null ? null : figures.pg_sweep_1m_vs_10k <= 2,
    },
    ...slackAims(figures, slack),
    ...authenticityAims(auth),
    ...chartsAims(charts),
    ...reportsAims(reports),
    ...funnelAims(funnelBench),
    ...loopAims(loopBench),
    ...mondayAims(mondayBench),
    ...directoryAims(directoryBench),
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
      postgres: pgRan?.server.version ?? null,
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
      whatif_leads: whatif.leads,
      whatif_reps: whatif.reps,
      pg_intake_warmup_leads: pgRan && PG_WARMUP,
      pg_intake_measured_leads: pgRan && PG_LEADS,
      pg_intake_in_flight: pgRan && PG_IN_FLIGHT,
      pg_instances: pgRan && PG_INSTANCES,
      pg_sweep_small_leads: pgRan && SWEEP_SMALL,
      pg_sweep_big_leads: pgRan && SWEEP_BIG,
      slack_clicks: slack && slack.oneLead.clicks,
      slack_click_warmup: slack && slack.warmup.clicks,
      slack_outbox_notices: slack && slack.outbox.notices,
      slack_outbox_recipients: slack && slack.outbox.recipients,
      authenticity_stored_hashes: auth.storedHashes,
      authenticity_score_runs: auth.runs,
      chart_renders: charts && charts.renders,
      chart_warmup: charts && charts.warmup,
      report_photos_rows: reports && reports.photos,
      report_digest_reps: reports && reports.digestReps,
      funnel_events: funnelBench.events,
      funnel_deals: funnelBench.deals,
      loop_events: loopBench && loopBench.events,
      loop_rounds: loopBench && loopBench.rounds,
      monday_leads: mondayBench && mondayBench.options.leads,
      monday_events: mondayBench && mondayBench.options.events,
      directory_people: directoryBench.people,
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
      whatif: {
        ...whatif,
        buildMs: round(whatif.buildMs),
        dbMb: round(whatif.dbMb, 1),
        whatifMs: round(whatif.whatifMs),
        verifyMs: round(whatif.verifyMs),
      },
      pg: pgDetails(pgb),
      slack: slackDetails(slack),
      authenticity: authenticityDetails(auth),
      charts: chartsDetails(charts),
      reports: reportsDetails(reports),
      funnel: { ...funnelDetails(funnelBench), load_avg_1m_after: round(loadavg()[0] ?? 0, 2) },
      loop: loopDetails(loopBench),
      monday: mondayDetails(mondayBench),
      directory: directoryDetails(directoryBench),
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
    peak_rss_mb: { value: figures.peak_rss_mb, note: 'process.resourceUsage().maxRSS (SQLite part)' },
    whatif_ms: {
      value: figures.whatif_ms,
      note: `${whatif.leads} leads, ${whatif.reps} reps, ${whatif.changed} changed; aim <= 10000: ${aims.whatif_ms.met ? 'met' : 'NOT met'}`,
    },
    whatif_verify_ms: {
      value: figures.whatif_verify_ms,
      note: `--verify: ${whatif.reproduced} decisions reproduced; aim <= 20000: ${aims.whatif_verify_ms.met ? 'met' : 'NOT met'}`,
    },
    whatif_loop_max_ms: {
      value: figures.whatif_loop_max_ms,
      note: 'longest event-loop stall during both what-ifs (monitorEventLoopDelay max)',
    },
    ...pgTable(pgb, figures),
    ...slackTable(slack),
    ...authenticityTable(auth),
    ...chartsTable(charts),
    ...reportsTable(reports),
    ...funnelTable(funnelBench),
    ...loopTable(loopBench),
    ...mondayTable(mondayBench),
    ...directoryTable(directoryBench),
  });
  console.log(
    `intake first/last 10%: ${results.details.intake.first_tenth_per_s}/${results.details.intake.last_tenth_per_s} leads/s; ` +
      `statements per lead: ${results.details.intake.statements_per_lead.executions} executed, ${results.details.intake.statements_per_lead.prepares} compiled`,
  );
  if (pgRan)
    console.log(
      `pg intake first/last 10%: ${round(pgRan.intake1.firstTenthPerS)}/${round(pgRan.intake1.lastTenthPerS)} leads/s; ` +
        `queries per lead: ${round(pgRan.intake1.queriesPerLead ?? NaN, 2)}; per lapsed offer: ${round(pgRan.sweepBig.queriesPerLapse, 2)}; ` +
        `3 instances: ${pgRan.instances.perInstance.map((p) => round(p.perS)).join(' + ')} leads/s each`,
    );
  if (slack) console.log(slackSummary(slack));
  console.log(
    `node ${results.machine.node}, ${results.machine.cpu} (${results.machine.cores} cores), SQLite ${sqliteVersion}, ` +
      `PostgreSQL ${results.machine.postgres ?? `not measured (${pgb.status})`}; ${results.details.total_s} s`,
  );
  console.log(`results: ${RESULTS}`);
}

type Figures = Record<string, number | boolean | null>;

function num(v: number | boolean | null | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

/** The PostgreSQL rows of the table: values, or null with the reason. */
function pgTable(pgb: PgBench, f: Figures): Record<string, { value: number | null; note: string }> {
  const names = [
    'pg_intake_1_per_s',
    'pg_intake_1x8_per_s',
    'pg_intake_3_per_s',
    'pg_vs_sqlite_intake',
    'pg_sweep_10k_ms',
    'pg_sweep_1m_ms',
    'pg_sweep_1m_vs_10k',
  ];
  if (pgb.status !== 'ran') {
    const why = pgb.status === 'skipped' ? 'skipped: BENCH_PG=off' : `PostgreSQL unreachable at ${pgb.url}`;
    return Object.fromEntries(names.map((n) => [n, { value: null, note: why }]));
  }
  const sweep1m = num(f.pg_sweep_1m_vs_10k);
  return {
    pg_intake_1_per_s: {
      value: num(f.pg_intake_1_per_s),
      note: `submitLead, 1 in flight, ${pgb.intake1.leads} leads after ${pgb.intake1.warmup} warm-up`,
    },
    pg_intake_1x8_per_s: {
      value: num(f.pg_intake_1x8_per_s),
      note: `1 process, ${pgb.intakeInFlight.inFlight} in flight on a pool of ${pgb.intakeInFlight.inFlight}`,
    },
    pg_intake_3_per_s: {
      value: num(f.pg_intake_3_per_s),
      note: `${pgb.instances.instances} processes, 1 in flight each, ${pgb.instances.leads} leads in all`,
    },
    pg_vs_sqlite_intake: { value: num(f.pg_vs_sqlite_intake), note: 'pg_intake_1_per_s / intake_per_s' },
    pg_sweep_10k_ms: {
      value: num(f.pg_sweep_10k_ms),
      note: `${pgb.sweepSmall.result.lapsed} lapsed of ${pgb.sweepSmall.leads}`,
    },
    pg_sweep_1m_ms: {
      value: num(f.pg_sweep_1m_ms),
      note: `${pgb.sweepBig.result.lapsed} lapsed of ${pgb.sweepBig.leads}`,
    },
    pg_sweep_1m_vs_10k: {
      value: sweep1m,
      note: `aim <= 2: ${sweep1m !== null && sweep1m <= 2 ? 'met' : 'NOT met'}`,
    },
  };
}

/** What results.json keeps of the PostgreSQL run beyond its figures. */
function pgDetails(pgb: PgBench): Record<string, unknown> {
  if (pgb.status !== 'ran') return pgb;
  const intake = (r: (typeof pgb)['intake1']) => ({
    ms: round(r.ms, 1),
    in_flight: r.inFlight,
    first_tenth_per_s: round(r.firstTenthPerS),
    last_tenth_per_s: round(r.lastTenthPerS),
    offered: r.offered,
    ...(r.queriesPerLead === null
      ? {}
      : { queries_per_lead: round(r.queriesPerLead, 2), queries_sample_leads: PG_COUNT_SAMPLE }),
  });
  const sweep = (r: (typeof pgb)['sweepBig']) => ({
    ...r,
    buildMs: round(r.buildMs),
    tableMb: round(r.tableMb, 1),
    sweepMs: round(r.sweepMs, 2),
    queriesPerLapse: round(r.queriesPerLapse, 2),
    idleSweepMs: round(r.idleSweepMs, 2),
  });
  return {
    status: pgb.status,
    url: pgb.url,
    server: pgb.server,
    intake_1: intake(pgb.intake1),
    intake_1x8: intake(pgb.intakeInFlight),
    intake_3: {
      ms: round(pgb.instances.ms, 1),
      instances: pgb.instances.instances,
      offered: pgb.instances.offered,
      per_instance: pgb.instances.perInstance.map((p) => ({ leads: p.leads, per_s: round(p.perS) })),
      vs_1_instance: round(pgb.instances.perS / pgb.intake1.perS, 2),
    },
    sweep_10k: sweep(pgb.sweepSmall),
    sweep_1m: sweep(pgb.sweepBig),
  };
}

await main();
