// Funnel + dwell (F30, issue 11): one funnelReport for a month over an event log of 1,000,000 deal stage events
// (BENCH_FUNNEL_EVENTS), on SQLite and on PostgreSQL. The deals and their events are bulk-inserted (building
// them through the engine would take ages): ~200k deals over the 12 months before BENCH_EPOCH, 80 % on the
// default b2b pipeline, each created, advanced 0–5 stages 1–12 days apart, some with a stall analysis or a
// risk, some won. The schema, the org and funnelReport itself are the real ones. Timed: the month before
// BENCH_EPOCH for the whole org, after a warm-up, median of BENCH_FUNNEL_RUNS. Aim: ≤ 1 s.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { funnelReport, type FunnelReport } from '../src/modules/analytics/use-cases/funnel-report.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import type { Store } from '../src/modules/ports.ts';
import { openPgStore } from '../src/store/pg/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { BENCH_EPOCH, benchDeps, benchOrg, DAY, HOUR, repId, REP_COUNT, round, tempDir } from './common.ts';

export const FUNNEL_MONTH = '2026-10';
const SPAN = 365 * DAY;

export interface FunnelSide {
  db: 'sqlite' | 'pg';
  buildMs: number;
  runs: number;
  medianMs: number;
  maxMs: number;
  /** Visits that began in the month (entered, summed over stages), and the deals they belong to. */
  entered: number;
}

export interface FunnelBench {
  events: number;
  deals: number;
  month: string;
  sqlite: FunnelSide;
  pg: FunnelSide | { db: 'pg'; error: string } | null;
}

export function funnelOptions(): { events: number; runs: number } {
  const n = (name: string, fallback: number) => {
    const v = Number(process.env[name] ?? '');
    return Number.isInteger(v) && v > 0 ? v : fallback;
  };
  return { events: n('BENCH_FUNNEL_EVENTS', 1_000_000), runs: n('BENCH_FUNNEL_RUNS', 5) };
}

type DealRow = [number, number, string, string, string, number, string, string, number, number];
type EventRow = [number, string, number, string, string];

/** The deals and their stage events, deterministic, until `total` events. */
export function generate(total: number): { deals: DealRow[]; events: EventRow[] } {
  const pipelines = DEFAULT_RULES.deals.pipelines;
  const b2b = pipelines.find((p) => p.id === DEFAULT_RULES.deals.defaultPipeline) ?? pipelines[0];
  const others = pipelines.filter((p) => p !== b2b);
  const deals: DealRow[] = [];
  const events: EventRow[] = [];
  // ~4 events a deal: spread the deals' creation evenly over the span (wrapping round if they run short).
  const expected = Math.ceil(total / 4);
  for (let i = 0; events.length < total && i < total; i++) {
    const id = i + 1;
    const leadId = id;
    const p = (i % 5 === 4 ? others[i % others.length] : b2b) ?? b2b;
    if (p === undefined) throw new Error('no pipeline');
    const owner = repId((i * 7) % REP_COUNT);
    const created =
      BENCH_EPOCH - SPAN + Math.floor(((i % expected) * SPAN) / expected) + Math.floor(i / expected) * HOUR;
    const ev = (at: number, data: Record<string, unknown>) => {
      if (events.length < total && at < BENCH_EPOCH) {
        const { type, ...rest } = data;
        events.push([at, type as string, leadId, owner, JSON.stringify({ ...rest, dealId: id })]);
      }
    };
    const stages = p.stages.map((s) => s.id);
    ev(created, { type: 'deal.created', pipeline: p.id, stage: stages[0], amount: 50_000, tier: 'B' });
    const hops = (i * 13) % stages.length;
    let at = created;
    let stage = 0;
    for (let h = 0; h < hops; h++) {
      const next = h === 1 && i % 6 === 0 ? Math.min(stage + 2, stages.length - 1) : stage + 1;
      if (next >= stages.length) break;
      if ((i + h) % 7 === 0)
        ev(at + 2 * DAY, {
          type: 'deal.stall_analysis',
          stage: stages[stage],
          taskId: id,
          news: ['客户预算冻结', '决策人出差', '竞品报价更低'][(i + h) % 3],
          pending: '',
          way: '',
        });
      if ((i + h) % 11 === 0)
        ev(at + 3 * DAY, { type: 'deal.risk', signal: 'price', phrase: '太贵', excerpt: '' });
      at += (1 + ((i * 5 + h * 3) % 12)) * DAY + (i % 8) * HOUR;
      const skipped = stages.slice(stage + 1, next);
      ev(at, {
        type: 'deal.advanced',
        from: stages[stage],
        to: stages[next],
        skipped,
        reason: skipped.length > 0 ? '客户当天直接签' : '',
      });
      stage = next;
    }
    if (stage === stages.length - 1 && i % 3 === 0)
      ev(at + 2 * DAY, { type: 'deal.won', stage: stages[stage] });
    const status = stage === stages.length - 1 && i % 3 === 0 ? 'won' : 'open';
    deals.push([id, leadId, `客户${id}`, p.id, stages[stage] ?? '', at, owner, status, created, 50_000]);
  }
  return { deals, events };
}

const DEAL_COLS =
  'id, lead_id, customer, pipeline, stage, stage_entered_at, owner_id, status, created_at, amount, yearly_value, tier, stage_due_at';
const EVENT_COLS = 'at, type, lead_id, actor_id, data';

export function buildSqlite(
  db: ReturnType<typeof openSqliteStore>['raw'],
  data: ReturnType<typeof generate>,
): void {
  const insertDeal = db.prepare(
    `INSERT INTO deals (${DEAL_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'B', ?)`,
  );
  const insertEvent = db.prepare(`INSERT INTO events (${EVENT_COLS}) VALUES (?, ?, ?, ?, ?)`);
  const BATCH = 50_000;
  for (let i = 0; i < data.deals.length; i += BATCH)
    db.transaction(() => {
      for (const d of data.deals.slice(i, i + BATCH)) insertDeal.run(...d, d[9], d[5] + 7 * DAY);
    })();
  for (let i = 0; i < data.events.length; i += BATCH)
    db.transaction(() => {
      for (const e of data.events.slice(i, i + BATCH)) insertEvent.run(...e);
    })();
  db.exec('ANALYZE');
}

async function buildPg(url: string, schema: string, data: ReturnType<typeof generate>): Promise<void> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const BATCH = 50_000;
    for (let i = 0; i < data.deals.length; i += BATCH) {
      const rows = data.deals.slice(i, i + BATCH);
      const col = (k: number) => rows.map((r) => r[k]);
      await client.query(
        `insert into deals (${DEAL_COLS})
         select d.*, d.amount, 'B', d.sea + ${7 * DAY} from unnest($1::bigint[], $2::bigint[], $3::text[],
           $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::bigint[], $10::float8[])
           as d(id, lead_id, customer, pipeline, stage, sea, owner_id, status, created_at, amount)`,
        [col(0), col(1), col(2), col(3), col(4), col(5), col(6), col(7), col(8), col(9)],
      );
    }
    for (let i = 0; i < data.events.length; i += BATCH) {
      const rows = data.events.slice(i, i + BATCH);
      const col = (k: number) => rows.map((r) => r[k]);
      await client.query(
        `insert into events (${EVENT_COLS})
         select * from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[])`,
        [col(0), col(1), col(2), col(3), col(4)],
      );
    }
    // The ids were given: move the sequence past them, then let the planner see the new tables.
    await client.query(`select setval(pg_get_serial_sequence('deals', 'id'), (select max(id) from deals))`);
    await client.query('analyze deals');
    await client.query('analyze events');
  } finally {
    await client.end();
  }
}

async function timeReports(store: Store, runs: number): Promise<{ times: number[]; report: FunnelReport }> {
  const deps = benchDeps(store, () => BENCH_EPOCH);
  const once = async () => {
    const r = await funnelReport(deps, FUNNEL_MONTH);
    if (r.kind !== 'report') throw new Error(`funnel: ${r.kind}`);
    return r.report;
  };
  let report = await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    report = await once();
    times.push(performance.now() - t0);
  }
  return { times: times.sort((a, b) => a - b), report };
}

function side(db: 'sqlite' | 'pg', buildMs: number, t: Awaited<ReturnType<typeof timeReports>>): FunnelSide {
  return {
    db,
    buildMs,
    runs: t.times.length,
    medianMs: t.times[Math.floor(t.times.length / 2)] ?? 0,
    maxMs: t.times.at(-1) ?? 0,
    entered: t.report.stages.reduce((n, s) => n + s.entered, 0),
  };
}

/** The SQLite and (when `pgUrl` is given) the PostgreSQL figure; the two reports must agree. */
export async function benchFunnel(
  options: { events: number; runs: number; pgUrl: string | null },
  log: (msg: string) => void,
): Promise<FunnelBench> {
  // The generated rows are made again for each database rather than kept: a server running the report holds no
  // million-row arrays, and keeping them alive made every garbage collection during the timed runs mark them.
  const counts = (() => {
    const d = generate(options.events);
    return { events: d.events.length, deals: d.deals.length };
  })();
  log(`  funnel: ${counts.events} events of ${counts.deals} deals generated`);
  const tmp = tempDir('funnel');
  let sqlite: FunnelSide;
  let sqliteReport: FunnelReport;
  try {
    const t0 = performance.now();
    const store = openSqliteStore(`file:${tmp.dir}/leadline.db`);
    try {
      await importOrg(
        benchDeps(store, () => BENCH_EPOCH - SPAN - DAY),
        benchOrg(),
      );
      buildSqlite(store.raw, generate(options.events));
      const buildMs = performance.now() - t0;
      const t = await timeReports(store, options.runs);
      sqlite = side('sqlite', buildMs, t);
      sqliteReport = t.report;
      log(`  funnel on SQLite: built in ${round(buildMs)} ms, report median ${round(sqlite.medianMs)} ms`);
    } finally {
      await store.close();
    }
  } finally {
    tmp.remove();
  }
  let pgSide: FunnelBench['pg'] = null;
  if (options.pgUrl !== null) {
    const url = options.pgUrl;
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const t0 = performance.now();
      const store = await openPgStore(url, { schema, poolSize: 2 });
      try {
        await importOrg(
          benchDeps(store, () => BENCH_EPOCH - SPAN - DAY),
          benchOrg(),
        );
        await buildPg(url, schema, generate(options.events));
        const buildMs = performance.now() - t0;
        const t = await timeReports(store, options.runs);
        if (JSON.stringify(t.report) !== JSON.stringify(sqliteReport))
          throw new Error('funnel: the PostgreSQL report differs from the SQLite one');
        pgSide = side('pg', buildMs, t);
        log(
          `  funnel on PostgreSQL: built in ${round(buildMs)} ms, report median ${round(pgSide.medianMs)} ms`,
        );
      } finally {
        await store.close();
      }
    } catch (err) {
      pgSide = { db: 'pg', error: (err as Error).message || String(err) };
      log(`  funnel on PostgreSQL failed: ${pgSide.error}`);
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  }
  return { events: counts.events, deals: counts.deals, month: FUNNEL_MONTH, sqlite, pg: pgSide };
}

const ran = (s: FunnelBench['pg']): s is FunnelSide => s !== null && !('error' in s);

export function funnelFigures(b: FunnelBench) {
  return {
    funnel_1m_sqlite_ms: round(b.sqlite.medianMs),
    funnel_1m_pg_ms: ran(b.pg) ? round(b.pg.medianMs) : null,
  };
}

export function funnelAims(b: FunnelBench) {
  return {
    funnel_1m_sqlite_ms: { aim: '<= 1000', met: b.sqlite.medianMs <= 1000 },
    funnel_1m_pg_ms: { aim: '<= 1000', met: ran(b.pg) ? b.pg.medianMs <= 1000 : null },
  };
}

export function funnelDetails(b: FunnelBench) {
  const sideDetails = (s: FunnelSide) => ({
    build_s: round(s.buildMs / 1000, 1),
    runs: s.runs,
    median_ms: round(s.medianMs),
    max_ms: round(s.maxMs),
    visits_entered_in_month: s.entered,
  });
  return {
    events: b.events,
    deals: b.deals,
    month: b.month,
    report: `funnelReport(${b.month}) for the whole org, default pipeline, after one warm-up`,
    sqlite: sideDetails(b.sqlite),
    pg:
      b.pg === null
        ? { status: 'skipped' }
        : ran(b.pg)
          ? sideDetails(b.pg)
          : { status: 'failed', error: b.pg.error },
  };
}

export function funnelTable(b: FunnelBench) {
  const row = (s: FunnelSide, name: string) => ({
    value: round(s.medianMs),
    note: `${name}: ${b.events} events, ${b.deals} deals, ${s.entered} visits in ${b.month}; aim <= 1000: ${s.medianMs <= 1000 ? 'met' : 'NOT met'}`,
  });
  return {
    funnel_1m_sqlite_ms: row(b.sqlite, 'SQLite'),
    ...(ran(b.pg) ? { funnel_1m_pg_ms: row(b.pg, 'PostgreSQL') } : {}),
  };
}
