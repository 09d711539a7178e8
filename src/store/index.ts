import type { Store } from '../modules/ports.ts';
import { openPgStore } from './pg/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import { openSqliteReader } from './sqlite/reader.ts';

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(databaseUrl: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/**
 * `postgres://…` selects PostgreSQL (several instances on one database); `file:…`, a path or `:memory:`
 * the embedded SQLite file. Either is migrated before it is returned. Nothing above src/store knows which.
 */
export async function openStore(databaseUrl: string): Promise<Store> {
  return databaseKind(databaseUrl) === 'postgres' ? openPgStore(databaseUrl) : openSqliteStore(databaseUrl);
}

/**
 * A second, read-only way into the same database for heavy reads off the event loop (src/workers): on SQLite a
 * read-only connection (WAL: it reads a snapshot while the server writes); on PostgreSQL a small pool of its own.
 * Not migrated: the server's store did that. An in-memory SQLite database has none (StoreError READER_UNAVAILABLE).
 */
export async function openReadStore(databaseUrl: string, options: { schema?: string } = {}): Promise<Store> {
  return databaseKind(databaseUrl) === 'postgres'
    ? openPgStore(databaseUrl, { ...options, migrate: false, poolSize: 2 })
    : openSqliteReader(databaseUrl);
}
