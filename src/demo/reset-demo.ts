// `npx leadline demo --reset`: the demo's SQLite file (and its -wal and -shm) removed, so the seeding that follows
// starts the demo over (issue 21, item 9). Never a database that holds a real organisation, and never PostgreSQL:
// a server's database is dropped by its owner, not by a demo command.
import { existsSync, rmSync } from 'node:fs';
import { openStore } from '../store/index.ts';
import { sqlitePath } from '../store/sqlite/connection.ts';
import { DEMO_ORG_SETTING } from './seed-demo.ts';

export type ResetDemoResult =
  | { kind: 'removed'; path: string }
  | { kind: 'nothing_there' }
  | { kind: 'refused'; reason: 'REAL_ORG' | 'NOT_SQLITE' };

export async function resetDemoFile(databaseUrl: string): Promise<ResetDemoResult> {
  if (/^postgres(ql)?:/i.test(databaseUrl)) return { kind: 'refused', reason: 'NOT_SQLITE' };
  const path = sqlitePath(databaseUrl);
  if (path === '' || path === ':memory:' || !existsSync(path)) return { kind: 'nothing_there' };
  const store = await openStore(databaseUrl);
  let realOrg: boolean;
  try {
    realOrg = await store.transaction(
      async (tx) =>
        (await tx.settings.get('org_imported_at')) !== null &&
        (await tx.settings.get(DEMO_ORG_SETTING)) === null,
    );
  } finally {
    await store.close();
  }
  if (realOrg) return { kind: 'refused', reason: 'REAL_ORG' };
  for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  return { kind: 'removed', path };
}
