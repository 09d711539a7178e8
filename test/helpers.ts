// Shared test fixtures: a real SQLite file per test (migrated with the real migrations), a controllable clock.
import { cachedJiebaSegmenter } from '../src/modules/leads/segmenter.ts';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES, type Rules } from '../src/modules/rules.ts';
import type { LeadFields, Person } from '../src/kernel/types.ts';
import type { LeadEvent } from '../src/kernel/events.ts';
import type { EngineDeps } from '../src/modules/deps.ts';
import type { NewDeal, Store } from '../src/modules/ports.ts';
import { importOrg, type Org } from '../src/modules/org/use-cases/import-org.ts';
import { diskFileStore } from '../src/store/files.ts';
import { openPgStore } from '../src/store/pg/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface TestClock {
  (): number;
  set(ms: number | string): void;
  advance(ms: number): void;
}

export function testClock(start: number | string = '2026-11-23T02:00:00Z'): TestClock {
  let now = typeof start === 'string' ? Date.parse(start) : start;
  const clock = (() => now) as TestClock;
  clock.set = (ms) => {
    now = typeof ms === 'string' ? Date.parse(ms) : ms;
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export interface TestEnv {
  deps: EngineDeps;
  clock: TestClock;
  dir: string;
  dbPath: string;
  /** Another connection to the same database, as a second process or server instance would have. */
  openAnother(): Promise<Store>;
  close(): Promise<void>;
}

/**
 * A SQLite store on a new file at `path` with every migration applied: a copy of the database that
 * test/setup-global.ts migrated once for the whole run (the real migrations, the same bytes), or migrated here
 * when that template is missing (a file run without the project's vitest config).
 */
export function openMigratedSqlite(path: string): ReturnType<typeof openSqliteStore> {
  const template = sqliteTemplate();
  if (template === undefined) return openSqliteStore(`file:${path}`);
  copyFileSync(template, path);
  return openSqliteStore(`file:${path}`, { migrate: false });
}

function sqliteTemplate(): string | undefined {
  let path: string | undefined;
  try {
    path = inject('sqliteTemplate');
  } catch {
    return undefined;
  }
  return path !== undefined && existsSync(path) ? path : undefined;
}

/** A fresh database file in a temp folder, with the engine wired to it. Call close() in afterEach. */
export function testEnv(
  options: { rules?: Partial<Rules>; start?: number | string; timezone?: string } = {},
): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-test-'));
  const dbPath = join(dir, 'leadline.db');
  const store = openMigratedSqlite(dbPath);
  const clock = testClock(options.start);
  // Quiet hours off unless a test asks for them: most tests run their clocks at any hour and read the DMs at once.
  const rules: Rules = {
    ...DEFAULT_RULES,
    patrol: { ...DEFAULT_RULES.patrol, quietHours: false },
    ...options.rules,
  };
  const deps: EngineDeps = {
    store,
    rules,
    clock,
    defaultTimezone: options.timezone ?? 'Asia/Shanghai',
    files: diskFileStore(join(dir, 'files')),
    segmenter: cachedJiebaSegmenter,
  };
  return {
    deps,
    clock,
    dir,
    dbPath,
    openAnother: () => Promise.resolve(openSqliteStore(`file:${dbPath}`)),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestDb = 'sqlite' | 'postgres';
/** Every store test runs on both databases (F40). */
export const DATABASES: readonly TestDb[] = ['sqlite', 'postgres'];

/** The local PostgreSQL of our machines (trust auth); override with TEST_DATABASE_URL. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PgTestSchema {
  name: string;
  /** Empties every table (ids restart), keeping the migrated schema. */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

/** A fresh, migrated schema on the test PostgreSQL, for one test file. Fails loudly when PostgreSQL is not there. */
/** PostgreSQL's deadlock_detected, possibly wrapped by the store (as its cause). */
function isDeadlock(err: unknown): boolean {
  for (let e: unknown = err; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: unknown }).code === '40P01') return true;
  return false;
}

/** Runs DDL again when PostgreSQL cancelled it to break a deadlock (40P01), up to 5 tries. */
async function againOnDeadlock(ddl: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ddl();
      return;
    } catch (err) {
      if (!isDeadlock(err) || attempt === 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

export async function createPgSchema(): Promise<PgTestSchema> {
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${(err as Error).message}). The PostgreSQL half of the ` +
        'store tests needs it: start the local server (127.0.0.1:5432, trust auth, database test) or set TEST_DATABASE_URL.',
    );
  }
  await admin.query(`create schema ${name}`);
  // Migrating is DDL on the catalogs too: it can be the one PostgreSQL cancels when another file's schema is
  // dropped at the same time. The migration runs in one transaction, so it is safe to run again.
  await againOnDeadlock(async () => {
    const store = await openPgStore(TEST_DATABASE_URL, { schema: name, poolSize: 2 });
    await store.close();
  });
  const tables = (
    await admin.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = $1 and table_name not like '%drizzle%'`,
      [name],
    )
  ).rows.map((r) => `${name}.${r.table_name}`);
  const empty = await emptyingStatement(admin, name, tables);
  return {
    name,
    async reset() {
      await admin.query(empty);
    },
    async drop() {
      // Two test files dropping their schemas at once can deadlock on the catalogs (a full run, 2026-12-08).
      await againOnDeadlock(() => admin.query(`drop schema ${name} cascade`));
      await admin.end();
    },
  };
}

/**
 * What empties the schema's tables and restarts their ids. TRUNCATE … RESTART IDENTITY does it in one statement
 * but gives every table and index new files: about a second per test on the 2-core CI machine for ~30 tables
 * holding a handful of rows. DELETE plus setval does the same there in milliseconds. DELETE differs from TRUNCATE
 * only through foreign keys and DELETE or TRUNCATE triggers: if the schema ever has one, TRUNCATE it stays.
 */
async function emptyingStatement(admin: pg.Client, schema: string, tables: string[]): Promise<string> {
  const truncate = `truncate table ${tables.join(', ')} restart identity`;
  const constraints = await admin.query(
    `select 1 from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = $1 and c.contype = 'f'
     union all
     select 1 from pg_trigger t join pg_class r on r.oid = t.tgrelid join pg_namespace n on n.oid = r.relnamespace
      where n.nspname = $1 and not t.tgisinternal and (t.tgtype & (8 | 32)) <> 0`,
    [schema],
  );
  if (constraints.rowCount !== 0) return truncate;
  // The sequences behind the tables' serial and identity columns, back to their start: what RESTART IDENTITY does.
  const sequences = (
    await admin.query<{ seq: string; start: string }>(
      `select quote_ident(n.nspname) || '.' || quote_ident(s.relname) as seq, q.seqstart::text as start
         from pg_class s join pg_namespace n on n.oid = s.relnamespace join pg_sequence q on q.seqrelid = s.oid
         join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.deptype in ('a', 'i')
         join pg_class t on t.oid = d.refobjid and t.relkind in ('r', 'p')
        where s.relkind = 'S' and n.nspname = $1 and t.relname not like '%drizzle%'`,
      [schema],
    )
  ).rows;
  const deletes = tables.map((t) => `delete from ${t};`).join(' ');
  const restarts = sequences.map((q) => `select setval('${q.seq}', ${Number(q.start)}, false);`).join(' ');
  // The same locks TRUNCATE takes, in the same order, so a reset meets other sessions exactly as TRUNCATE did.
  return `begin; lock table ${tables.join(', ')} in access exclusive mode; ${deletes} ${restarts} commit;`;
}

/** A test environment on a PostgreSQL schema made by createPgSchema (emptied first). */
export async function pgTestEnv(
  schema: PgTestSchema,
  options: { rules?: Partial<Rules>; start?: number | string; timezone?: string } = {},
): Promise<TestEnv> {
  await schema.reset();
  const store = await openPgStore(TEST_DATABASE_URL, { schema: schema.name, migrate: false, poolSize: 4 });
  const clock = testClock(options.start);
  // Quiet hours off unless a test asks for them: most tests run their clocks at any hour and read the DMs at once.
  const rules: Rules = {
    ...DEFAULT_RULES,
    patrol: { ...DEFAULT_RULES.patrol, quietHours: false },
    ...options.rules,
  };
  const dir = mkdtempSync(join(tmpdir(), 'leadline-pgtest-'));
  return {
    deps: {
      store,
      rules,
      clock,
      defaultTimezone: options.timezone ?? 'Asia/Shanghai',
      files: diskFileStore(join(dir, 'files')),
      segmenter: cachedJiebaSegmenter,
    },
    clock,
    dir,
    dbPath: '',
    openAnother: () => openPgStore(TEST_DATABASE_URL, { schema: schema.name, migrate: false, poolSize: 4 }),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Registers hooks that give each test a fresh environment on the given database: a temp SQLite file, or
 * a PostgreSQL schema for the file (emptied before each test, dropped after the last).
 */
export function useTestEnv(kind: TestDb): () => TestEnv {
  let env: TestEnv | undefined;
  let schema: PgTestSchema | undefined;
  beforeAll(async () => {
    if (kind === 'postgres') schema = await createPgSchema();
  });
  afterAll(async () => {
    await schema?.drop();
  });
  beforeEach(async () => {
    env = kind === 'sqlite' ? testEnv() : await pgTestEnv(schema as PgTestSchema);
  });
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });
  return () => {
    if (env === undefined) throw new Error('no test environment: call inside a test');
    return env;
  };
}

export function person(id: string, overrides: Partial<Person> = {}): Person {
  return {
    id,
    name: id,
    teamId: 'east-1',
    role: 'rep',
    skills: [],
    capacity: 8,
    email: null,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
    ...overrides,
  };
}

/** An org with one team (east-1, manager boss) and the given reps. */
export function org(reps: Person[], extra: Partial<Org> = {}): Org {
  return {
    timezone: 'Asia/Shanghai',
    locale: 'zh-CN',
    teams: [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} }],
    people: [person('boss', { role: 'manager', name: '王强' }), ...reps],
    ...extra,
  };
}

export async function seedOrg(
  env: Pick<TestEnv, 'deps'>,
  reps: Person[],
  extra: Partial<Org> = {},
): Promise<void> {
  await importOrg(env.deps, org(reps, extra));
}

let seq = 0;
/** A complete, valid lead; each call a different customer unless overridden. */
export function leadFields(overrides: Partial<LeadFields> = {}): LeadFields {
  seq += 1;
  return {
    company: `测试公司${seq}`,
    contact: `联系人${seq}`,
    phone: `1380000${String(seq).padStart(4, '0')}`,
    email: `c${seq}@example.com`,
    industry: '家装',
    budget: 80_000,
    need: '门店翻新',
    region: '华东',
    source: 'web',
    campaign: 'WEB-1',
    tags: [],
    urgency: null,
    trialEndsAt: null,
    ...overrides,
  };
}

/**
 * Runs statements past the repositories, on a connection of their own: rows or triggers no version of ours would
 * write (a broken row, a failing insert). Each statement is one, `?` placeholders for its params (`$n` on
 * PostgreSQL). `schema` undefined: the SQLite file of `env`.
 */
export async function runRawSql(
  env: TestEnv,
  schema: PgTestSchema | undefined,
  statements: ReadonlyArray<string | { sql: string; params: Array<string | number> }>,
): Promise<void> {
  const all = statements.map((s) => (typeof s === 'string' ? { sql: s, params: [] } : s));
  if (schema === undefined) {
    const db = new Database(env.dbPath);
    try {
      for (const s of all) db.prepare(s.sql).run(...s.params);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    options: `-c search_path=${schema.name}`,
  });
  await client.connect();
  try {
    for (const s of all) {
      let n = 0;
      await client.query(s.params.length === 0 ? s.sql : s.sql.replace(/\?/g, () => `$${++n}`), s.params);
    }
  } finally {
    await client.end();
  }
}

/** The rows one query reads past the repositories (as runRawSql runs statements), for comparing stored rows. */
export async function readRawSql(
  env: TestEnv,
  schema: PgTestSchema | undefined,
  sql: string,
): Promise<unknown[]> {
  if (schema === undefined) {
    const db = new Database(env.dbPath, { readonly: true });
    try {
      return db.prepare(sql).all();
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    options: `-c search_path=${schema.name}`,
  });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A deal row as the store takes it: open, in stage `s1` of `pipeline`, with nothing else set (store tests). */
export function dealRow(leadId: number, pipeline: string, ownerId: string): NewDeal {
  return {
    leadId,
    customer: `c${leadId}`,
    amount: 1000,
    yearlyValue: 1000,
    tier: 'C',
    pipeline,
    stage: 's1',
    stageEnteredAt: 0,
    stageDueAt: 0,
    ownerId,
    status: 'open',
    expectedCloseAt: null,
    expectedCloseSource: null,
    doubtful: false,
    health: 'green',
    stallAlertedAt: null,
    createdAt: 0,
    closedAt: null,
  };
}

/** The `deal.created` event of a deal made by dealRow (stage `s1`), by actor `x` (store tests). */
export function dealCreated(at: number, leadId: number, dealId: number, pipeline: string): LeadEvent {
  return {
    at,
    leadId,
    actorId: 'x',
    type: 'deal.created',
    dealId,
    pipeline,
    stage: 's1',
    amount: 1,
    tier: 'C',
  };
}
