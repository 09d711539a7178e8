// How many of the migrations in drizzle/ a database has had, read without changing anything (`leadline doctor`):
// opening the store would apply the missing ones. drizzle records each applied migration as one row of
// __drizzle_migrations (SQLite: in the database; PostgreSQL: in the `drizzle` schema).
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { databaseKind } from './index.ts';
import { sqlitePath } from './sqlite/connection.ts';

export interface MigrationStatus {
  /** Migrations in drizzle/<kind>/meta/_journal.json. */
  known: number;
  /** Rows in __drizzle_migrations (0 for a database not created yet). */
  applied: number;
}

function knownMigrations(kind: 'sqlite' | 'pg'): number {
  const journal = JSON.parse(
    readFileSync(new URL(`../../drizzle/${kind}/meta/_journal.json`, import.meta.url), 'utf8'),
  ) as { entries: unknown[] };
  return journal.entries.length;
}

/** Throws when the database cannot be reached (PostgreSQL down, a SQLite file that is not a database). */
export async function migrationStatus(databaseUrl: string): Promise<MigrationStatus> {
  if (databaseKind(databaseUrl) === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    const known = knownMigrations('sqlite');
    if (path === ':memory:' || path === '' || !existsSync(path)) return { known, applied: 0 };
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const table = db
        .prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
        .get();
      if (table === undefined) return { known, applied: 0 };
      const row = db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
      return { known, applied: row.n };
    } finally {
      db.close();
    }
  }
  const known = knownMigrations('pg');
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(
      "select to_regclass('drizzle.__drizzle_migrations')::text as t",
    );
    if (exists.rows[0]?.t === null || exists.rows[0]?.t === undefined) return { known, applied: 0 };
    const count = await client.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
    return { known, applied: Number(count.rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}
