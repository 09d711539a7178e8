// The PostgreSQL figures: intake + routing with one instance (one lead at a time, and 8 in flight), with
// 3 instances (child processes, bench/pg-instance.ts) on one schema, and one sweep over 10k and 1M leads.
// Every figure runs in a fresh schema `bench_<random>` on the server at BENCH_PG_URL, dropped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import type { Store } from '../src/modules/ports.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep, type SweepResult } from '../src/modules/leads/use-cases/sweep.ts';
import { openPgStore } from '../src/store/pg/index.ts';
import {
  SWEEP_LEAD_COLUMNS,
  BENCH_EPOCH,
  BREAKDOWN,
  BREAKDOWN_TOTAL,
  benchDeps,
  benchOrg,
  COMPETITOR_NEED,
  DAY,
  HOUR,
  INDUSTRIES,
  leadFields,
  MINUTE,
  NEEDS,
  REGIONS,
  repId,
  REP_COUNT,
  SOURCES,
  TOPIC_TAGS,
} from './common.ts';

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INSTANCE = fileURLToPath(new URL('./pg-instance.ts', import.meta.url));

export interface PgServer {
  version: string;
  /** The settings that decide what a commit costs. */
  settings: Record<string, string>;
}

/** Connects once (3 s timeout): the server's version and settings, or why it cannot be reached. */
export async function probePg(
  url: string,
): Promise<{ ok: true; server: PgServer } | { ok: false; error: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const version =
      (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ??
      'unknown';
    const rows = (
      await client.query<{ name: string; setting: string; unit: string | null }>(
        `select name, setting, unit from pg_settings
         where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'wal_level', 'max_connections')
         order by name`,
      )
    ).rows;
    const settings = Object.fromEntries(
      rows.map((r) => [r.name, r.unit === null ? r.setting : `${r.setting} × ${r.unit}`]),
    );
    return { ok: true, server: { version, settings } };
  } catch (err) {
    return { ok: false, error: (err as Error).message || String(err) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `fn` in a fresh schema `bench_<random>` (created here, migrated by the first store opened on it), dropped after. */
async function withSchema<T>(url: string, fn: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
    return await fn(schema);
  } finally {
    await admin
      .query(`drop schema if exists ${schema} cascade`)
      .catch((err: Error) =>
        process.stderr.write(`[bench] could not drop schema ${schema}: ${err.message}\n`),
      );
    await admin.end().catch(() => undefined);
  }
}

/** The moment lead number `i` arrives: one second apart, as in the SQLite intake bench. */
export function leadTime(i: number): number {
  return BENCH_EPOCH + (i + 1) * 1_000;
}

/** Submits lead number `i` through submitLead (its own transaction); true when it was offered to a rep. */
export async function submitNumbered(store: Store, i: number): Promise<boolean> {
  const at = leadTime(i);
  const r = await submitLead(
    benchDeps(store, () => at),
    { fields: leadFields(i), via: 'api' },
  );
  if (r.kind !== 'created') throw new Error(`lead ${i}: expected a new lead, got ${r.kind}`);
  return r.lead.status === 'offered';
}

/**
 * Counts the queries (round trips) `fn` sends through node-postgres, BEGIN and COMMIT included, by wrapping
 * pg.Client.prototype.query (pooled clients are pg.Clients) for the duration of `fn` only.
 */
async function countQueries(fn: () => Promise<void>): Promise<number> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  try {
    await fn();
    return n;
  } finally {
    proto.query = original;
  }
}

/** Opens a store on a new schema (running the real migrations) and imports the bench org into it. */
async function prepareSchema(url: string, schema: string, capacity: number, at: number): Promise<void> {
  const store = await openPgStore(url, { schema, poolSize: 2 });
  try {
    await importOrg(
      benchDeps(store, () => at),
      benchOrg(capacity),
    );
  } finally {
    await store.close();
  }
}

export interface PgIntakeResult {
  warmup: number;
  leads: number;
  /** Leads in flight at once (1: one after the other, as on SQLite), on a pool of as many connections. */
  inFlight: number;
  ms: number;
  perS: number;
  firstTenthPerS: number;
  lastTenthPerS: number;
  offered: number;
  /** Queries sent per lead, counted on `countSample` extra leads after the timed run (null when none). */
  queriesPerLead: number | null;
}

/**
 * One process, one store: `warmup` then `leads` leads through submitLead, `inFlight` at a time (each in
 * its own transaction on its own pooled connection).
 */
export async function benchPgIntake(
  url: string,
  opts: { warmup: number; leads: number; inFlight: number; countSample: number },
): Promise<PgIntakeResult> {
  return withSchema(url, async (schema) => {
    await prepareSchema(url, schema, 100_000, BENCH_EPOCH);
    const store = await openPgStore(url, { schema, migrate: false, poolSize: Math.max(2, opts.inFlight) });
    try {
      let next = 0;
      let offered = 0;
      let done = 0;
      const marks: number[] = [];
      const run = async (end: number, onDone: () => void) => {
        const worker = async () => {
          while (next < end) {
            const i = next++;
            if (await submitNumbered(store, i)) offered++;
            onDone();
          }
        };
        await Promise.all(Array.from({ length: opts.inFlight }, worker));
      };

      await run(opts.warmup, () => undefined);
      offered = 0;

      const tenth = Math.max(1, Math.floor(opts.leads / 10));
      const t0 = performance.now();
      await run(opts.warmup + opts.leads, () => {
        done++;
        if (done === tenth || done === opts.leads - tenth) marks.push(performance.now());
      });
      const t1 = performance.now();
      if (offered !== opts.leads)
        throw new Error(
          `expected every lead to be offered (capacity is unlimited), got ${offered}/${opts.leads}`,
        );
      const [tFirstTenth = t1, tLastTenthStart = t0] = marks;
      const measuredOffered = offered;
      const sampleEnd = opts.warmup + opts.leads + opts.countSample;
      const queries = opts.countSample > 0 ? await countQueries(() => run(sampleEnd, () => undefined)) : null;
      return {
        warmup: opts.warmup,
        leads: opts.leads,
        inFlight: opts.inFlight,
        ms: t1 - t0,
        perS: (opts.leads * 1000) / (t1 - t0),
        firstTenthPerS: (tenth * 1000) / (tFirstTenth - t0),
        lastTenthPerS: (tenth * 1000) / (t1 - tLastTenthStart),
        offered: measuredOffered,
        queriesPerLead: queries === null ? null : queries / opts.countSample,
      };
    } finally {
      await store.close();
    }
  });
}

/** What bench/pg-instance.ts is told (as JSON in argv[2]). */
export interface InstanceJob {
  url: string;
  schema: string;
  /** This instance's number (0-based) of `instances`: it submits the leads i with i % instances === index. */
  index: number;
  instances: number;
  warmup: number;
  leads: number;
}

/** What bench/pg-instance.ts prints, one JSON line each: `ready` after its warm-up, `done` after its share. */
export type InstanceMessage =
  { kind: 'ready'; warmedUp: number } | { kind: 'done'; leads: number; offered: number; ms: number };

export interface PgInstancesResult {
  instances: number;
  warmup: number;
  leads: number;
  /** From the moment "go" was written to every instance to the last instance reporting done. */
  ms: number;
  perS: number;
  offered: number;
  /** Each instance's own leads per second over its own share. */
  perInstance: Array<{ leads: number; perS: number }>;
}

/**
 * `instances` processes, each with its own store (pool of 2) on one schema, submitting the leads between
 * them one at a time each. They warm up, say ready, and all start on one "go" line on stdin.
 */
export async function benchPgInstances(
  url: string,
  opts: { instances: number; warmup: number; leads: number },
): Promise<PgInstancesResult> {
  return withSchema(url, async (schema) => {
    await prepareSchema(url, schema, 100_000, BENCH_EPOCH);
    const children: ChildProcess[] = [];
    try {
      const waits = Array.from({ length: opts.instances }, (_, index) => {
        const job: InstanceJob = {
          url,
          schema,
          index,
          instances: opts.instances,
          warmup: opts.warmup,
          leads: opts.leads,
        };
        const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE, JSON.stringify(job)], {
          cwd: ROOT,
          stdio: ['pipe', 'pipe', 'inherit'],
        });
        children.push(child);
        return instanceMessages(child, index);
      });
      await Promise.all(waits.map((w) => w.ready));
      const t0 = performance.now();
      for (const child of children) child.stdin?.write('go\n');
      const dones = await Promise.all(waits.map((w) => w.done));
      const t1 = performance.now();
      await Promise.all(waits.map((w) => w.exited));
      const offered = dones.reduce((n, d) => n + d.offered, 0);
      const leads = dones.reduce((n, d) => n + d.leads, 0);
      if (leads !== opts.leads) throw new Error(`instances submitted ${leads} leads, expected ${opts.leads}`);
      if (offered !== opts.leads)
        throw new Error(
          `expected every lead to be offered (capacity is unlimited), got ${offered}/${opts.leads}`,
        );
      return {
        instances: opts.instances,
        warmup: opts.warmup,
        leads: opts.leads,
        ms: t1 - t0,
        perS: (opts.leads * 1000) / (t1 - t0),
        offered,
        perInstance: dones.map((d) => ({ leads: d.leads, perS: (d.leads * 1000) / d.ms })),
      };
    } finally {
      // Only our own children, by handle, and only those still running (after a failure).
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
    }
  });
}

type Ready = Extract<InstanceMessage, { kind: 'ready' }>;
type Done = Extract<InstanceMessage, { kind: 'done' }>;

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: Error) => void;
}

/** Promise.withResolvers, which Node 20 lacks. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Promises for one child's `ready` and `done` lines and its clean exit; all reject if it dies first. */
function instanceMessages(
  child: ChildProcess,
  index: number,
): { ready: Promise<Ready>; done: Promise<Done>; exited: Promise<void> } {
  const ready = deferred<Ready>();
  const done = deferred<Done>();
  const exited = deferred<void>();
  // Whichever of these nobody awaits yet when a child fails must not become an unhandled rejection.
  for (const p of [ready, done, exited]) p.promise.catch(() => undefined);
  const fail = (err: Error) => {
    // Rejecting one already resolved does nothing.
    ready.reject(err);
    done.reject(err);
    exited.reject(err);
  };
  child.on('error', fail);
  child.on('exit', (code, signal) => {
    if (code === 0) exited.resolve();
    fail(new Error(`PostgreSQL instance ${index} exited (${signal ?? `code ${code}`}) before it was done`));
  });
  if (child.stdout === null) throw new Error('instance without stdout');
  createInterface({ input: child.stdout }).on('line', (line) => {
    let msg: InstanceMessage;
    try {
      msg = JSON.parse(line) as InstanceMessage;
    } catch {
      process.stderr.write(`[pg instance ${index}] ${line}\n`);
      return;
    }
    if (msg.kind === 'ready') ready.resolve(msg);
    else done.resolve(msg);
  });
  return { ready: ready.promise, done: done.promise, exited: exited.promise };
}

export interface PgSweepBench {
  leads: number;
  due: number;
  buildMs: number;
  /** pg_total_relation_size('leads'): the table with its indexes. */
  tableMb: number;
  statuses: Record<string, number>;
  sweepMs: number;
  result: SweepResult;
  /** Queries the timed sweep sent per lapsed offer (counting them costs nothing next to a round trip). */
  queriesPerLapse: number;
  /** Sweeps right after, with nothing left to do (median of 5). */
  idleSweepMs: number;
}

/**
 * One statement builds `total` leads like bench/sweep.ts does on SQLite: exactly `due` offers past their
 * 2 h deadline, spread evenly and owned by existing reps; the rest won / lost (80%), pool (12%) or owned
 * with a follow-up due 1–23 h after `at` (8%). Text columns follow leadFields(i).
 * Parameters: $1 total, $2 due, $3 step, $4 at, $5 industries, $6 needs, $7 regions, $8 sources,
 * $9 topic tags, $10 score, $11 breakdown, $12 reps.
 */
const BUILD_SQL = `
insert into leads (${SWEEP_LEAD_COLUMNS.join(', ')})
select
  '星河' || i || '装饰工程有限公司',
  '客户' || i,
  '+86 139' || lpad(i::text, 8, '0'),
  'buyer' || i || '@example' || (i % 97) || '.com',
  ($5::text[])[(i * 3) % cardinality($5::text[]) + 1],
  20000 + (i * 7919) % 400000,
  case when i % 25 = 0 then '${COMPETITOR_NEED}' else ($6::text[])[i % cardinality($6::text[]) + 1] end,
  ($7::text[])[i % cardinality($7::text[]) + 1],
  ($8::text[])[i % cardinality($8::text[]) + 1],
  'CMP-' || (i % 12),
  case
    when i % 2 = 0 and i % 5 = 0 and t1 <> t2 then jsonb_build_array(t1, t2)::text
    when i % 2 = 0 then jsonb_build_array(t1)::text
    when i % 5 = 0 then jsonb_build_array(t2)::text
    else '[]'
  end,
  '139' || lpad(i::text, 8, '0'),
  'buyer' || i || '@example' || (i % 97) || '.com',
  '星河' || i || '装饰工程',
  $10::integer,
  $11::text,
  0,
  case when due then 'offered' when kind < 38 then 'won' when kind < 80 then 'lost' when kind < 92 then 'pool' else 'owned' end,
  case when due or kind < 80 or kind >= 92 then owner end,
  case when due then due_offered - ${5 * MINUTE} else created end,
  case when due then due_offered when kind < 80 then created + ${10 * MINUTE} when kind >= 92 then at - ${3 * HOUR} end,
  case when due then due_offered + ${2 * HOUR} end,
  case when kind < 80 and not due then created + ${30 * MINUTE} when kind >= 92 and not due then at - ${2 * HOUR} end,
  case when kind >= 92 and not due then follow_due end,
  case when due then due_offered + ${2 * HOUR - 30 * MINUTE} when kind >= 92 then follow_due - ${30 * MINUTE} end,
  case when kind < 80 and not due then created + ${2 * HOUR} end,
  case when kind < 80 and not due then created + ${7 * DAY} end,
  case when due then due_offered when kind < 80 then created + ${7 * DAY} when kind < 92 then created else at - ${2 * HOUR} end
from (
  select
    i,
    $4::bigint as at,
    (i % $3::bigint = 0 and i / $3::bigint < $2::bigint) as due,
    i % 100 as kind,
    $4::bigint - ${400 * DAY} + (i * ${390 * DAY}) / $1::bigint as created,
    $4::bigint - ${2 * HOUR + 10 * MINUTE} - (i % 50) * ${MINUTE} as due_offered,
    $4::bigint + (1 + i % 23) * ${HOUR} as follow_due,
    ($12::text[])[i % cardinality($12::text[]) + 1] as owner,
    ($9::text[])[(i * 7) % cardinality($9::text[]) + 1] as t1,
    ($9::text[])[(i * 11 + 3) % cardinality($9::text[]) + 1] as t2
  from generate_series(0::bigint, $1::bigint - 1) as i
) g`;

/** Builds the table in a fresh schema with one INSERT … SELECT, analyzes it, then times one sweep on a new store. */
export async function benchPgSweep(url: string, total: number, due: number): Promise<PgSweepBench> {
  const at = BENCH_EPOCH;
  return withSchema(url, async (schema) => {
    const t0 = performance.now();
    await prepareSchema(url, schema, 8, at - 400 * DAY);
    const builder = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
    await builder.connect();
    let statuses: Record<string, number>;
    let tableMb: number;
    try {
      const reps = Array.from({ length: REP_COUNT }, (_, r) => repId(r));
      const step = Math.max(1, Math.floor(total / due));
      const inserted = await builder.query(BUILD_SQL, [
        total,
        due,
        step,
        at,
        INDUSTRIES,
        NEEDS,
        REGIONS,
        SOURCES,
        TOPIC_TAGS,
        BREAKDOWN_TOTAL,
        BREAKDOWN,
        reps,
      ]);
      if (inserted.rowCount !== total) throw new Error(`built ${inserted.rowCount} leads, wanted ${total}`);
      await builder.query('analyze leads');
      statuses = Object.fromEntries(
        (
          await builder.query<{ status: string; n: string }>(
            'select status, count(*) as n from leads group by status',
          )
        ).rows.map((r) => [r.status, Number(r.n)]),
      );
      if (statuses.offered !== due)
        throw new Error(`expected ${due} offered leads, found ${statuses.offered}`);
      const due0 = await builder.query<{ n: string }>(
        `select count(*) as n from leads where status = 'offered' and offer_expires_at <= $1`,
        [at],
      );
      if (Number(due0.rows[0]?.n) !== due)
        throw new Error(`expected ${due} offers past due, found ${due0.rows[0]?.n}`);
      tableMb =
        Number(
          (await builder.query<{ b: string }>(`select pg_total_relation_size('leads') as b`)).rows[0]?.b,
        ) /
        2 ** 20;
    } finally {
      await builder.end();
    }
    const buildMs = performance.now() - t0;

    // Sweep on a freshly opened store, as the scheduled job would.
    const store = await openPgStore(url, { schema, migrate: false, poolSize: 2 });
    try {
      const deps = benchDeps(store, () => at);
      let result: SweepResult = { lapsed: 0, reverted: 0, warned: 0 };
      const s0 = performance.now();
      const queries = await countQueries(async () => {
        result = await sweep(deps, at);
      });
      const sweepMs = performance.now() - s0;
      if (result.lapsed !== due)
        throw new Error(`PostgreSQL sweep over ${total} leads lapsed ${result.lapsed}, expected ${due}`);
      if (result.reverted !== 0 || result.warned !== 0)
        throw new Error(`PostgreSQL sweep acted on more than the due offers: ${JSON.stringify(result)}`);
      const left = await store.transaction((tx) => tx.leads.dueOffers(at, 10));
      if (left.length !== 0) throw new Error(`${left.length} offers still due after the PostgreSQL sweep`);

      const idleTimes: number[] = [];
      for (let k = 0; k < 5; k++) {
        const i0 = performance.now();
        const idle = await sweep(deps, at);
        idleTimes.push(performance.now() - i0);
        if (idle.lapsed + idle.reverted + idle.warned !== 0)
          throw new Error(`a later PostgreSQL sweep acted again: ${JSON.stringify(idle)}`);
      }
      const idleSweepMs = idleTimes.sort((a, b) => a - b)[2] as number;
      return {
        leads: total,
        due,
        buildMs,
        tableMb,
        statuses,
        sweepMs,
        result,
        queriesPerLapse: queries / due,
        idleSweepMs,
      };
    } finally {
      await store.close();
    }
  });
}

export interface PgBenchOptions {
  url: string;
  warmup: number;
  leads: number;
  inFlight: number;
  instances: number;
  /** Extra leads after the one-at-a-time run on which queries per lead are counted (not timed). */
  countSample: number;
  sweepSmall: number;
  sweepBig: number;
  sweepDue: number;
  log: (msg: string) => void;
}

export type PgBench =
  | { status: 'skipped'; reason: string }
  | { status: 'unreachable'; url: string; error: string }
  | {
      status: 'ran';
      url: string;
      server: PgServer;
      intake1: PgIntakeResult;
      intakeInFlight: PgIntakeResult;
      instances: PgInstancesResult;
      sweepSmall: PgSweepBench;
      sweepBig: PgSweepBench;
    };

/** Every PostgreSQL figure, or why there are none (server unreachable: said clearly, not thrown). */
export async function benchPg(opts: PgBenchOptions): Promise<PgBench> {
  const { log } = opts;
  const shown = redact(opts.url);
  const probe = await probePg(opts.url);
  if (!probe.ok) {
    log(`PostgreSQL NOT reachable at ${shown}: ${probe.error}`);
    log('  the PostgreSQL figures are recorded as null (set BENCH_PG_URL, or BENCH_PG=off to skip them)');
    return { status: 'unreachable', url: shown, error: probe.error };
  }
  log(`PostgreSQL ${probe.server.version} at ${shown}`);

  log(`pg intake, 1 instance, 1 in flight: ${opts.warmup} warm-up + ${opts.leads} leads`);
  const intake1 = await benchPgIntake(opts.url, {
    warmup: opts.warmup,
    leads: opts.leads,
    inFlight: 1,
    countSample: opts.countSample,
  });
  log(`  ${Math.round(intake1.perS)} leads/s`);

  log(`pg intake, 1 instance, ${opts.inFlight} in flight: ${opts.warmup} warm-up + ${opts.leads} leads`);
  const intakeInFlight = await benchPgIntake(opts.url, {
    warmup: opts.warmup,
    leads: opts.leads,
    inFlight: opts.inFlight,
    countSample: 0,
  });
  log(`  ${Math.round(intakeInFlight.perS)} leads/s`);

  log(
    `pg intake, ${opts.instances} instances (processes): ${opts.warmup} warm-up + ${opts.leads} leads between them`,
  );
  const instances = await benchPgInstances(opts.url, {
    instances: opts.instances,
    warmup: opts.warmup,
    leads: opts.leads,
  });
  log(
    `  ${Math.round(instances.perS)} leads/s (${instances.perInstance.map((p) => Math.round(p.perS)).join(' + ')})`,
  );

  log(`pg sweep over ${opts.sweepSmall} leads (${opts.sweepDue} due)`);
  const sweepSmall = await benchPgSweep(opts.url, opts.sweepSmall, opts.sweepDue);
  log(`  built in ${Math.round(sweepSmall.buildMs)} ms, sweep ${sweepSmall.sweepMs.toFixed(1)} ms`);

  log(`pg sweep over ${opts.sweepBig} leads (${opts.sweepDue} due)`);
  const sweepBig = await benchPgSweep(opts.url, opts.sweepBig, opts.sweepDue);
  log(`  built in ${Math.round(sweepBig.buildMs)} ms, sweep ${sweepBig.sweepMs.toFixed(1)} ms`);

  return {
    status: 'ran',
    url: shown,
    server: probe.server,
    intake1,
    intakeInFlight,
    instances,
    sweepSmall,
    sweepBig,
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
