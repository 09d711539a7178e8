import type { Store } from '../modules/ports.ts';
import { openPgStore } from './pg/index.ts';
import { openSqliteStore } from './sqlite/index.ts';

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
