// Directory sync (issue 20): a 2,000-person WeCom address book (40 departments, one person in ten in two, a
// leader per department) read from the local fake over HTTP — user/list_id with the contact-sync secret, then
// user/get for each member, 8 in flight — and applied in one transaction, on SQLite and on PostgreSQL. Then the
// same sync again (nothing to change), as the nightly reconcile runs it. Figures: read, first apply, re-sync.
// Alone: `npx tsx bench/directory.ts` (BENCH_DIRECTORY_PEOPLE sets the size; BENCH_PG=off skips PostgreSQL).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { wecomDirectory } from '../adapters/wecom/directory.ts';
import type { Store } from '../src/modules/ports.ts';
import { syncDirectory } from '../src/modules/org/use-cases/sync-directory.ts';
import { openPgStore } from '../src/store/pg/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { startFakeWecomDirectory, type FakeWecomDirectory } from '../test/fixtures/fake-directory-wecom.ts';
import { benchDeps, BENCH_EPOCH, round, tempDir } from './common.ts';
import { DEFAULT_PG_URL } from './pg.ts';

export interface DirectorySide {
  db: 'sqlite' | 'pg';
  readMs: number;
  applyMs: number;
  resyncMs: number;
  people: number;
  teams: number;
}

export interface DirectoryBench {
  people: number;
  departments: number;
  calls: number;
  sqlite: DirectorySide;
  pg: DirectorySide | { db: 'pg'; error: string } | null;
}

export function directoryOptions(): { people: number } {
  const v = Number(process.env.BENCH_DIRECTORY_PEOPLE ?? '');
  return { people: Number.isInteger(v) && v > 0 ? v : 2_000 };
}

const DEPARTMENTS = 40;

function seed(fake: FakeWecomDirectory, people: number): void {
  fake.departments.set(1, { id: 1, name: '公司', parentid: 0, leaders: ['u0'] });
  for (let d = 2; d <= DEPARTMENTS; d++)
    fake.departments.set(d, {
      id: d,
      name: `部门${d}`,
      parentid: d <= 5 ? 1 : 2 + (d % 4),
      leaders: [`u${d}`],
    });
  for (let i = 0; i < people; i++) {
    const main = (i % DEPARTMENTS) + 1;
    const second = ((i * 7) % DEPARTMENTS) + 1;
    fake.members.set(`u${i}`, {
      userid: `u${i}`,
      name: `员工${i}`,
      department: i % 10 === 0 && second !== main ? [main, second] : [main],
      main_department: main,
      email: `u${i}@example.com`,
    });
  }
  fake.visible.add(1);
}

async function side(db: 'sqlite' | 'pg', store: Store, fake: FakeWecomDirectory): Promise<DirectorySide> {
  const deps = benchDeps(store, () => BENCH_EPOCH);
  const directory = wecomDirectory({
    corpId: 'wwcorp',
    secret: 'app-secret',
    contactSecret: 'contact-secret',
    apiBase: fake.apiBase,
  });
  let t = performance.now();
  const snapshot = await directory.snapshot();
  const readMs = performance.now() - t;
  t = performance.now();
  const first = await syncDirectory(deps, snapshot);
  const applyMs = performance.now() - t;
  t = performance.now();
  const again = await syncDirectory(deps, await directory.snapshot());
  const resyncMs = performance.now() - t;
  if (again.plan.people.some((p) => p.change !== 'unchanged'))
    throw new Error('directory: a second sync of the same directory changed people');
  return {
    db,
    readMs,
    applyMs,
    resyncMs,
    people: first.plan.people.length,
    teams: first.plan.teams.length,
  };
}

export async function benchDirectory(
  options: { people: number; pgUrl: string | null },
  log: (msg: string) => void,
): Promise<DirectoryBench> {
  const fake = await startFakeWecomDirectory();
  seed(fake, options.people);
  const tmp = tempDir('directory');
  try {
    const store = openSqliteStore(`file:${tmp.dir}/leadline.db`);
    let sqlite: DirectorySide;
    try {
      sqlite = await side('sqlite', store, fake);
    } finally {
      await store.close();
    }
    const calls = fake.calls.length / 2;
    log(
      `  directory on SQLite: read ${round(sqlite.readMs)} ms, apply ${round(sqlite.applyMs)} ms, re-sync ${round(sqlite.resyncMs)} ms`,
    );
    let pgSide: DirectoryBench['pg'] = null;
    if (options.pgUrl !== null) {
      const schema = `bench_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: options.pgUrl, connectionTimeoutMillis: 5_000 });
      try {
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        const pgStore = await openPgStore(options.pgUrl, { schema, poolSize: 2 });
        try {
          pgSide = await side('pg', pgStore, fake);
        } finally {
          await pgStore.close();
        }
        log(
          `  directory on PostgreSQL: read ${round(pgSide.readMs)} ms, apply ${round(pgSide.applyMs)} ms, re-sync ${round(pgSide.resyncMs)} ms`,
        );
      } catch (err) {
        pgSide = { db: 'pg', error: (err as Error).message || String(err) };
        log(`  directory on PostgreSQL failed: ${pgSide.error}`);
      } finally {
        await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
        await admin.end().catch(() => undefined);
      }
    }
    return { people: options.people, departments: DEPARTMENTS, calls, sqlite, pg: pgSide };
  } finally {
    tmp.remove();
    await fake.close();
  }
}

const ran = (s: DirectoryBench['pg']): s is DirectorySide => s !== null && !('error' in s);
/** Aim: a 2,000-person company syncs (read + apply) within 30 s against a local fake. */
const total = (s: DirectorySide) => s.readMs + s.applyMs;

export function directoryFigures(b: DirectoryBench) {
  return {
    directory_2k_sqlite_s: round(total(b.sqlite) / 1000, 2),
    directory_2k_resync_sqlite_s: round(b.sqlite.resyncMs / 1000, 2),
    directory_2k_pg_s: ran(b.pg) ? round(total(b.pg) / 1000, 2) : null,
    directory_2k_resync_pg_s: ran(b.pg) ? round(b.pg.resyncMs / 1000, 2) : null,
  };
}

export function directoryAims(b: DirectoryBench) {
  return {
    directory_2k_sqlite_s: { aim: '<= 30', met: total(b.sqlite) <= 30_000 },
    directory_2k_pg_s: { aim: '<= 30', met: ran(b.pg) ? total(b.pg) <= 30_000 : null },
  };
}

export function directoryDetails(b: DirectoryBench) {
  const d = (s: DirectorySide) => ({
    read_ms: round(s.readMs),
    apply_ms: round(s.applyMs),
    resync_ms: round(s.resyncMs),
    people: s.people,
    teams: s.teams,
  });
  return {
    people: b.people,
    departments: b.departments,
    api_calls_per_read: b.calls,
    what: 'WeCom fake over HTTP on 127.0.0.1: user/list_id (contact-sync secret) + user/get per member, 8 in flight; one transaction',
    sqlite: d(b.sqlite),
    pg: ran(b.pg) ? d(b.pg) : b.pg,
  };
}

export function directoryTable(b: DirectoryBench) {
  const row = (s: DirectorySide, name: string) => ({
    value: round(total(s) / 1000, 2),
    note: `${name}: ${b.people} people, ${b.departments} departments; read ${round(s.readMs)} ms + apply ${round(s.applyMs)} ms; re-sync ${round(s.resyncMs)} ms`,
  });
  return {
    directory_2k_sqlite_s: row(b.sqlite, 'SQLite'),
    ...(ran(b.pg) ? { directory_2k_pg_s: row(b.pg, 'PostgreSQL') } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pgOn = !['off', '0', 'false', 'no'].includes((process.env.BENCH_PG ?? '').toLowerCase());
  const b = await benchDirectory(
    {
      ...directoryOptions(),
      pgUrl: pgOn ? process.env.BENCH_PG_URL || DEFAULT_PG_URL : null,
    },
    (m) => process.stderr.write(`[bench] ${m}\n`),
  );
  console.table(directoryTable(b));
  console.log(JSON.stringify(directoryDetails(b), null, 2));
}
