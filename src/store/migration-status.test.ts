// `doctor` reads how far a database is migrated without migrating it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationStatus } from './migration-status.ts';
import { openSqliteStore } from './sqlite/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadline-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrationStatus', () => {
  it('counts none on a SQLite file not created yet, and creates none', async () => {
    const url = `file:${join(dir, 'new.db')}`;
    const s = await migrationStatus(url);
    expect(s.applied).toBe(0);
    expect(s.known).toBeGreaterThan(10);
    expect((await migrationStatus(url)).applied).toBe(0);
  });

  it('counts every migration once the store migrated the file, and one fewer when one is missing', async () => {
    const url = `file:${join(dir, 'x.db')}`;
    await openSqliteStore(url).close();
    const s = await migrationStatus(url);
    expect(s.applied).toBe(s.known);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dir, 'x.db'));
    db.prepare(
      'delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)',
    ).run();
    db.close();
    expect(await migrationStatus(url)).toEqual({ known: s.known, applied: s.known - 1 });
  });

  it('throws when PostgreSQL cannot be reached', async () => {
    await expect(migrationStatus('postgres://postgres@127.0.0.1:1/nothing')).rejects.toThrow();
  });
});
