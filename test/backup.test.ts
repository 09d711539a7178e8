import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { backupDatabase } from '../src/store/backup.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { TEST_DATABASE_URL, leadFields, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});
afterEach(async () => {
  await env.close();
});

describe('leadline backup', () => {
  it('writes a consistent SQLite copy that opens with every lead in it, while the store stays open', async () => {
    const r = await submitLead(env.deps, { fields: leadFields({ company: '备份测试' }), via: 'api' });
    const file = join(env.dir, 'backups', 'copy.db');
    expect(await backupDatabase(`file:${env.dbPath}`, file)).toEqual({ kind: 'written', file });
    const copy = openSqliteStore(`file:${file}`);
    try {
      const lead = await copy.transaction((tx) => tx.leads.get(r.kind === 'created' ? r.lead.id : 0));
      expect(lead?.company).toBe('备份测试');
    } finally {
      await copy.close();
    }
  });

  it('runs pg_dump for PostgreSQL, or says what to run instead', async () => {
    const file = join(env.dir, 'pg.dump');
    const r = await backupDatabase(TEST_DATABASE_URL, file);
    if (r.kind === 'written') expect(statSync(file).size).toBeGreaterThan(0);
    else expect(r.command).toContain('pg_dump');
    expect(r.kind === 'written' ? existsSync(file) : r.reason).toBeTruthy();
  });
});
