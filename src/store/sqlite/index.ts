import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Store, Tx } from '../../modules/ports.ts';
import type { Executor, Param } from '../sql/executor.ts';
import { repositories, type StoreCache } from '../sql/repos.ts';
import { StoreError } from '../errors.ts';
import { migrateSqlite, openSqlite, WriteQueue, type Lane } from './connection.ts';

/** better-sqlite3 behind the async Executor; each distinct SQL text is prepared once and reused. */
export function sqliteExecutor(sqlite: Database.Database): Executor {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let stmt = statements.get(sql);
    if (stmt === undefined) statements.set(sql, (stmt = sqlite.prepare(sql)));
    return stmt;
  };
  // Plucking is a mode of the statement: those statements are kept apart.
  const plucked = new Map<string, Database.Statement>();
  const preparePlucked = (sql: string) => {
    let stmt = plucked.get(sql);
    if (stmt === undefined) plucked.set(sql, (stmt = sqlite.prepare(sql).pluck()));
    return stmt;
  };
  return {
    dialect: 'sqlite',
    async all<T>(sql: string, params: readonly Param[] = []) {
      return prepare(sql).all(...params) as T[];
    },
    async column<T>(sql: string, params: readonly Param[] = []) {
      return preparePlucked(sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: readonly Param[] = []) {
      return prepare(sql).get(...params) as T | undefined;
    },
    async run(sql: string, params: readonly Param[] = []) {
      return { changes: prepare(sql).run(...params).changes };
    },
  };
}

/**
 * The embedded store. One connection, one unit of work at a time (WriteQueue), each an explicit
 * BEGIN IMMEDIATE … COMMIT: drizzle's own transaction() refuses async callbacks.
 */
export function openSqliteStore(
  url: string,
  options: { migrate?: boolean } = {},
): Store & { raw: Database.Database } {
  const { sqlite, db } = openSqlite(url);
  if (options.migrate !== false) migrateSqlite(db);
  const cache: StoreCache = { people: null };
  const tx: Tx = repositories(sqliteExecutor(sqlite), cache);
  const queue = new WriteQueue();
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const commit = sqlite.prepare('COMMIT');
  const rollback = sqlite.prepare('ROLLBACK');
  let closed = false;
  // A unit of work that opens another would wait for itself forever on the one connection: fail instead.
  const inside = new AsyncLocalStorage<true>();

  const transaction = <T>(fn: (tx: Tx) => Promise<T>, lane: Lane): Promise<T> => {
    if (inside.getStore() === true) {
      return Promise.reject(
        new StoreError(
          'NESTED_TRANSACTION',
          'a transaction was opened inside another; pass the outer tx down instead',
        ),
      );
    }
    return queue.run(async () => {
      if (closed) throw new StoreError('STORE_CLOSED', 'the database is closed');
      begin.run();
      try {
        const result = await inside.run(true, () => fn(tx));
        commit.run();
        return result;
      } catch (err) {
        if (sqlite.inTransaction) rollback.run();
        throw err;
      }
    }, lane);
  };
  const ping = () =>
    queue.run(async () => {
      if (closed) throw new StoreError('STORE_CLOSED', 'the database is closed');
      sqlite.prepare('select 1').get();
    });
  // In the background line: after every unit queued before it, a job's as well as a request's.
  const close = () =>
    queue.run(async () => {
      if (!closed) sqlite.close();
      closed = true;
    }, 'background');
  // The scheduled jobs' view: the same connection and line of work, their units behind any request's.
  const background: Store = { transaction: (fn) => transaction(fn, 'background'), ping, close };

  return {
    raw: sqlite,
    transaction: (fn) => transaction(fn, 'now'),
    ping,
    close,
    background: () => background,
  };
}
