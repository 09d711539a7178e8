// Each store is imported when a database of its kind is opened (issue 23, item 6): a SQLite server never loads pg
// and its drizzle dialect, nor a PostgreSQL one better-sqlite3.
import type { Store } from '../modules/ports.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(databaseUrl: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/**
 * `postgres://…` selects PostgreSQL (several instances on one database); `file:…`, a path or `:memory:`
 * the embedded SQLite file. Either is migrated before it is returned. Nothing above src/store knows which.
 */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseKind(databaseUrl) === 'postgres') {
    const { openPgStore } = await import('./pg/index.ts');
    return openPgStore(databaseUrl);
  }
  const { openSqliteStore } = await import('./sqlite/index.ts');
  return openSqliteStore(databaseUrl);
}

/**
 * A second, read-only way into the same database for heavy reads off the event loop (src/workers): on SQLite a
 * read-only connection (WAL: it reads a snapshot while the server writes); on PostgreSQL a small pool of its own.
 * Not migrated: the server's store did that. An in-memory SQLite database has none (StoreError READER_UNAVAILABLE).
 */
export async function openReadStore(databaseUrl: string, options: { schema?: string } = {}): Promise<Store> {
  if (databaseKind(databaseUrl) === 'postgres') {
    const { openPgStore } = await import('./pg/index.ts');
    return openPgStore(databaseUrl, { ...options, migrate: false, poolSize: 2 });
  }
  const { openSqliteReader } = await import('./sqlite/reader.ts');
  return openSqliteReader(databaseUrl);
}
