import type { Store, Tx } from '../../engine/ports.ts';
import { sqliteApiKeyRepo, sqliteOutboxRepo, sqliteSettingsRepo } from './admin-repos.ts';
import { migrateSqlite, openSqlite, WriteQueue } from './connection.ts';
import { sqliteEventRepo } from './events-repo.ts';
import { sqliteLeadRepo } from './leads-repo.ts';
import { sqliteOrgRepo } from './org-repo.ts';

/**
 * The embedded store. One connection, one unit of work at a time (WriteQueue), each an explicit
 * BEGIN IMMEDIATE … COMMIT: drizzle's own transaction() refuses async callbacks.
 */
export function openSqliteStore(url: string, options: { migrate?: boolean } = {}): Store & { raw: unknown } {
  const { sqlite, db } = openSqlite(url);
  if (options.migrate !== false) migrateSqlite(db);
  const tx: Tx = {
    leads: sqliteLeadRepo(db),
    org: sqliteOrgRepo(db),
    events: sqliteEventRepo(db),
    outbox: sqliteOutboxRepo(db),
    apiKeys: sqliteApiKeyRepo(db),
    settings: sqliteSettingsRepo(db),
  };
  const queue = new WriteQueue();
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  let closed = false;

  return {
    raw: sqlite,
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return queue.run(async () => {
        if (closed) throw new StoreError('STORE_CLOSED', 'the database is closed');
        begin.run();
        try {
          const result = await fn(tx);
          commit.run();
          return result;
        } catch (err) {
          if (sqlite.inTransaction) rollback.run();
          throw err;
        }
      });
    },
    close() {
      return queue.run(async () => {
        if (!closed) sqlite.close();
        closed = true;
      });
    },
  };
}

export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_CLOSED',
    message: string,
  ) {
    super(message);
  }
}
