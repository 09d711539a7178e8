import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { splitDatabasePassword } from './database-url.ts';
import { databaseKind } from './index.ts';
import { privateFile } from './private-file.ts';
import { sqlitePath } from './sqlite/connection.ts';

export type BackupResult =
  | { kind: 'written'; file: string; bytes?: number }
  | { kind: 'use_instead'; command: string; reason: string };

/**
 * `leadline backup FILE`. SQLite: an online, consistent copy (SQLite's backup API), safe while the server
 * runs. PostgreSQL: pg_dump when it is installed, otherwise the command to run (or use the managed
 * database's own backups).
 */
export async function backupDatabase(databaseUrl: string, file: string): Promise<BackupResult> {
  if (databaseKind(databaseUrl) === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    if (!existsSync(path)) throw new Error(`there is no database at ${path} yet`);
    // The copy holds everything the database does: created 0600 before SQLite writes it (an empty file is an
    // empty database to SQLite's backup).
    privateFile(file, { tighten: true });
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      await db.backup(file);
    } finally {
      db.close();
    }
    return { kind: 'written', file };
  }
  // The password goes in PGPASSWORD: on the command line `ps` would show it to every user of the machine.
  const { url, password } = splitDatabasePassword(databaseUrl);
  const command =
    (password === null ? '' : 'PGPASSWORD=… ') +
    `pg_dump --format=custom --file=${JSON.stringify(file)} ${JSON.stringify(url)}`;
  const probe = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return {
      kind: 'use_instead',
      command,
      reason: 'pg_dump is not installed here (Debian: apt-get install postgresql-client)',
    };
  }
  const env = password === null ? process.env : { ...process.env, PGPASSWORD: password };
  // pg_dump truncates and writes an existing file, keeping its mode: make it one only we can read.
  privateFile(file, { tighten: true });
  const run = spawnSync('pg_dump', ['--format=custom', `--file=${file}`, url], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`pg_dump failed: ${run.stderr.trim()}`);
  return { kind: 'written', file };
}
