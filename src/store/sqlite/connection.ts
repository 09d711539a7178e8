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

/**
 * Serialises units of work on the one connection. Ports are async, so without this two requests'
 * statements could interleave inside one BEGIN … COMMIT.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    // better-sqlite3 is synchronous, so a queue of units of work would otherwise run back to back in
    // microtasks and starve the event loop: no request could even be acknowledged until all were done.
    // Each unit starts on a fresh turn of the loop instead.
    const next = () =>
      new Promise<T>((resolve, reject) =>
        setImmediate(() => {
          fn().then(resolve, reject);
        }),
      );
    const result = this.tail.then(next, next);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
