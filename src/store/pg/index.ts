import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Store, Tx } from '../../modules/ports.ts';
import { StoreError } from '../errors.ts';
import { numberPlaceholders, type Executor, type Param } from '../sql/executor.ts';
import { repositories, type StoreCache } from '../sql/repos.ts';
import { maskDatabaseUrl } from '../database-url.ts';
import { log } from '../../log.ts';

const MIGRATIONS = fileURLToPath(new URL('../../../drizzle/pg', import.meta.url));
/** Any fixed number: instances starting together wait on it so migrations run once. */
const MIGRATION_LOCK = 7_413_020_511;

// Times are epoch ms in bigint columns and aggregates come back as bigint/numeric: read them as JS numbers
// (exact up to 2^53, far beyond any time or count we store).
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
};

function pgExecutor(client: pg.PoolClient): Executor {
  // One connection runs one query at a time; use cases may start several at once (Promise.all), so queue them
  // here rather than rely on the driver's deprecated implicit queue.
  let tail: Promise<unknown> = Promise.resolve();
  const query = (sql: string, params: readonly Param[]) => {
    const result = tail.then(() => client.query(numberPlaceholders(sql), [...params]));
    tail = result.catch(() => undefined);
    return result;
  };
  const queryArrays = (sql: string, params: readonly Param[]) => {
    const result = tail.then(() =>
      client.query<unknown[]>({ text: numberPlaceholders(sql), values: [...params], rowMode: 'array' }),
    );
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: 'pg',
    async all<T>(sql: string, params: readonly Param[] = []) {
      return (await query(sql, params)).rows as T[];
    },
    async column<T>(sql: string, params: readonly Param[] = []) {
      return (await queryArrays(sql, params)).rows.map((r) => r[0] as T);
    },
    async get<T>(sql: string, params: readonly Param[] = []) {
      return (await query(sql, params)).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly Param[] = []) {
      return { changes: (await query(sql, params)).rowCount ?? 0 };
    },
  };
}

export interface PgOptions {
  /** A schema to use instead of `public` (tests use one per file). */
  schema?: string;
  migrate?: boolean;
  poolSize?: number;
}

/** Deadlock or serialization failure: the whole unit of work is safe to run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * The PostgreSQL store, for several instances on one database (F40). Each unit of work runs on its own
 * pooled connection between BEGIN and COMMIT; correctness across instances comes from conditional updates
 * and row locks, never from memory shared inside one process.
 */
export async function openPgStore(url: string, options: PgOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  pool.on('error', (err) => log().error({ err }, 'PostgreSQL connection error (the pool will reconnect)'));
  try {
    await pool.query('select 1');
  } catch (err) {
    await pool.end();
    throw new StoreError(
      'DATABASE_UNREACHABLE',
      `cannot reach PostgreSQL at ${maskDatabaseUrl(url)}: ${(err as Error).message}`,
    );
  }
  if (options.migrate !== false) await migratePg(pool, options.schema);
  const cache: StoreCache = { people: null };
  let closed = false;

  return {
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      if (closed) throw new StoreError('STORE_CLOSED', 'the database is closed');
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await fn(repositories(pgExecutor(client), cache));
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          const code = (err as { code?: string }).code;
          if (code !== undefined && RETRYABLE.has(code) && attempt < 5) continue;
          throw err;
        } finally {
          client.release();
        }
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Applies drizzle/pg migrations once, however many instances start at the same moment. */
async function migratePg(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const lock = await pool.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(pool), {
      migrationsFolder: MIGRATIONS,
      ...(schema === undefined ? {} : { migrationsSchema: schema }),
    });
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    lock.release();
  }
}
