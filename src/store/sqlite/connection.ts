import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import { privateFile } from '../private-file.ts';
import * as schema from '../schema/index.ts';

export type Db = BetterSQLite3Database<typeof schema>;

const MIGRATIONS = fileURLToPath(new URL('../../../drizzle/sqlite', import.meta.url));

/** `file:./data/leadline.db`, `./data/x.db` or `:memory:` → a path better-sqlite3 accepts. */
export function sqlitePath(url: string): string {
  return url.startsWith('file:') ? url.slice('file:'.length) : url;
}

/**
 * The page cache of each connection: 8 MB (issue 23, item 6). better-sqlite3 builds SQLite with 16 MB
 * (SQLITE_DEFAULT_CACHE_SIZE=-16000), SQLite's own default is 2 MB. Measured on intake, 8 MB held the peak RSS
 * ~20 MB lower than 16 MB and 2–4 MB saved hardly more; pages beyond it are read from the OS's file cache.
 */
export const PAGE_CACHE_PRAGMA = 'cache_size = -8000';

export function openSqlite(url: string): { sqlite: Database.Database; db: Db } {
  const path = sqlitePath(url);
  // SQLite gives the -wal and -shm files the database file's permissions: created 0600 here, so are they.
  if (path !== ':memory:' && path !== '') privateFile(path);
  const sqlite = new Database(path);
  // WAL + NORMAL: one transaction per lead runs ~20x faster than the default journal, and stays durable
  // against a process crash (an OS crash may lose the last transactions, never corrupt the file).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(PAGE_CACHE_PRAGMA);
  const db = drizzle(sqlite, { schema });
  return { sqlite, db };
}

export function migrateSqlite(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS });
}

/** Which line a unit of work waits in: a request's (`now`) or a scheduled job's (`background`). */
export type Lane = 'now' | 'background';

/**
 * How long a scheduled job's unit of work waits at most while requests' units keep coming: after this it goes
 * next, so a flood of clicks slows the sweep down but never stops it.
 */
export const BACKGROUND_MAX_WAIT_MS = 250;

interface Unit {
  run: () => void;
  queuedAt: number;
}

/**
 * Serialises units of work on the one connection. Ports are async, so without this two requests'
 * statements could interleave inside one BEGIN … COMMIT.
 *
 * Two lines (issue 23, item 1): when the connection is free, the next request's unit goes before any scheduled
 * job's (the minute's sweep, the deal sweep, the KBI and the digests), unless that one has waited
 * `backgroundMaxWaitMs`; within a line, first come first served. 50 claims clicked as the minute's sweep starts
 * then wait for at most the one sweep transaction under way, not for one between each of their steps.
 */
export class WriteQueue {
  private readonly lines: Record<Lane, Unit[]> = { now: [], background: [] };
  private busy = false;

  constructor(private readonly backgroundMaxWaitMs = BACKGROUND_MAX_WAIT_MS) {}

  run<T>(fn: () => Promise<T>, lane: Lane = 'now'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.lines[lane].push({
        queuedAt: performance.now(),
        run: () => {
          // Through then(): a unit that throws before its first await rejects its own promise like any other.
          const done = Promise.resolve().then(fn);
          done.then(resolve, reject).finally(() => {
            this.busy = false;
            this.next();
          });
        },
      });
      this.next();
    });
  }

  /**
   * Starts the next unit, on a fresh turn of the loop: better-sqlite3 is synchronous, so units run back to back
   * in microtasks would starve the event loop (no request could even be acknowledged until all were done). The
   * unit is chosen when that turn comes, so a request that arrived meanwhile goes first.
   */
  private next(): void {
    if (this.busy || (this.lines.now.length === 0 && this.lines.background.length === 0)) return;
    this.busy = true;
    setImmediate(() => {
      const { now, background } = this.lines;
      const overdue = (background[0]?.queuedAt ?? Infinity) <= performance.now() - this.backgroundMaxWaitMs;
      const unit = (overdue ? background.shift() : undefined) ?? now.shift() ?? background.shift();
      if (unit === undefined) {
        this.busy = false;
        return;
      }
      unit.run();
    });
  }
}
