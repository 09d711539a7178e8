// A read-only connection to the SQLite file, for heavy reads run in a worker thread (src/workers): WAL lets it
// read a consistent snapshot while the server's own connection writes. Each unit of work is a deferred BEGIN
// (a read transaction: one snapshot, no write lock), so a report never blocks a claim. Anything that tries to
// write fails with SQLITE_READONLY: only the server's connection writes.
import Database from 'better-sqlite3';
import type { Store, Tx } from '../../modules/ports.ts';
import { repositories, type StoreCache } from '../sql/repos.ts';
import { StoreError } from '../errors.ts';
import { stageLogCache } from '../sql/stage-log.ts';
import { PAGE_CACHE_PRAGMA, sqlitePath, WriteQueue } from './connection.ts';
import { sqliteExecutor } from './index.ts';

export function openSqliteReader(url: string): Store {
  const path = sqlitePath(url);
  if (path === ':memory:' || path === '')
    throw new StoreError('READER_UNAVAILABLE', 'an in-memory database has no second connection to read from');
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(PAGE_CACHE_PRAGMA);
  // Months of the deal stage log, kept while its change counter stands still (src/store/sql/stage-log.ts).
  const cache: StoreCache = { people: null, stageLogs: stageLogCache() };
  const tx: Tx = repositories(sqliteExecutor(sqlite), cache);
  const queue = new WriteQueue();
  const begin = sqlite.prepare('BEGIN');
  const end = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  let closed = false;
  return {
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return queue.run(async () => {
        if (closed) throw new StoreError('STORE_CLOSED', 'the database is closed');
        // The people cache is per unit of work here: the server's connection may have changed them since.
        cache.people = null;
        begin.run();
        try {
          const result = await fn(tx);
          end.run();
          return result;
        } catch (err) {
          if (sqlite.inTransaction) rollback.run();
          throw err;
        }
      });
    },
    async ping() {
      return queue.run(async () => {
        if (closed) throw new StoreError('STORE_CLOSED', 'the database is closed');
        sqlite.prepare('select 1').get();
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
