/**
 * The SQLite schema (src/store/schema) and the PostgreSQL schema (src/store/schema-pg) describe the same
 * database: same tables, columns, nullability, keys, unique constraints and indexes (with the same partial
 * `where` SQL), and column types that follow the mapping in src/store/schema-pg/index.ts. Both migration
 * folders list the same migrations, and each one's latest snapshot matches its schema (nobody forgot
 * `drizzle-kit generate` on one side).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Column, getTableColumns, is, SQL } from 'drizzle-orm';
import { getTableConfig as getPgTableConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import {
  getTableConfig as getSqliteTableConfig,
  SQLiteSyncDialect,
  SQLiteTable,
} from 'drizzle-orm/sqlite-core';
import * as pgSchema from '../src/store/schema-pg/index.ts';
import * as sqliteSchema from '../src/store/schema/index.ts';

type Dialect = 'sqlite' | 'pg';

/** A dialect-neutral description of a column: the two schemas must produce equal ones. */
interface ColumnShape {
  key: string;
  name: string;
  /** The SQLite storage class; a PostgreSQL type is mapped back to it (see TYPE_MAP). */
  type: string;
  /** The TypeScript side (`number`, `string`): catches a PostgreSQL bigint left in `mode: 'bigint'`. */
  dataType: string;
  notNull: boolean;
  primary: boolean;
  autoIncrement: boolean;
  unique: string | null;
  default: string | null;
  defaultFn: boolean;
  onUpdateFn: boolean;
  generated: boolean;
}

interface IndexShape {
  columns: string[];
  unique: boolean;
  /** The partial-index condition as rendered by the dialect, `?` for parameters, whitespace collapsed. */
  where: string | null;
  /** The columns the condition refers to (a second, rendering-independent check). */
  whereColumns: string[];
}

interface TableShape {
  exportName: string;
  columns: ColumnShape[];
  primaryKeys: { name: string; columns: string[] }[];
  uniqueConstraints: { name: string; columns: string[] }[];
  foreignKeys: { name: string; columns: string[]; foreignTable: string; foreignColumns: string[] }[];
  checks: string[];
  indexes: Record<string, IndexShape>;
}

/**
 * PostgreSQL type → SQLite type. Epoch-millisecond times and references to ids are `bigint`, autoincrement
 * ids `bigserial`, booleans and small counts `integer`; `real` is `double precision`; text is text.
 */
const TYPE_MAP: Record<string, string> = {
  bigserial: 'integer',
  bigint: 'integer',
  integer: 'integer',
  text: 'text',
  'double precision': 'real',
};

const dialects = { sqlite: new SQLiteSyncDialect(), pg: new PgDialect() };

function render(dialect: Dialect, sql: SQL): string {
  const query = dialects[dialect].sqlToQuery(sql);
  const params = query.params.length ? ` -- params ${JSON.stringify(query.params)}` : '';
  return `${query.sql.replace(/\$\d+/g, '?').replace(/\s+/g, ' ').trim()}${params}`;
}

function referencedColumns(sql: SQL): string[] {
  const names = new Set<string>();
  const walk = (chunks: readonly unknown[]): void => {
    for (const chunk of chunks) {
      if (is(chunk, Column)) names.add(chunk.name);
      else if (is(chunk, SQL)) walk(chunk.queryChunks);
    }
  };
  walk(sql.queryChunks);
  return [...names].sort();
}

function renderDefault(dialect: Dialect, value: unknown): string | null {
  if (value === undefined) return null;
  return is(value, SQL) ? `sql:${render(dialect, value)}` : JSON.stringify(value);
}

function columnShape(dialect: Dialect, key: string, column: Column): ColumnShape {
  const sqlType = column.getSQLType();
  return {
    key,
    name: column.name,
    type: dialect === 'sqlite' ? sqlType : (TYPE_MAP[sqlType] ?? `unmapped pg type ${sqlType}`),
    dataType: column.dataType,
    notNull: column.notNull,
    primary: column.primary,
    autoIncrement:
      dialect === 'sqlite'
        ? (column as Column & { autoIncrement?: boolean }).autoIncrement === true
        : sqlType === 'bigserial',
    unique: column.isUnique ? (column.uniqueName ?? '(unnamed)') : null,
    default: renderDefault(dialect, column.default),
    defaultFn: column.defaultFn !== undefined,
    onUpdateFn: column.onUpdateFn !== undefined,
    generated: column.generated !== undefined,
  };
}

function indexShape(
  dialect: Dialect,
  columns: readonly unknown[],
  unique: boolean,
  where: SQL | undefined,
): IndexShape {
  return {
    columns: columns.map((c) => (is(c, SQL) ? `sql:${render(dialect, c)}` : (c as { name: string }).name)),
    unique,
    where: where ? render(dialect, where) : null,
    whereColumns: where ? referencedColumns(where) : [],
  };
}

function sqliteShapes(): Record<string, TableShape> {
  const shapes: Record<string, TableShape> = {};
  for (const [exportName, table] of Object.entries(sqliteSchema)) {
    if (!is(table, SQLiteTable)) continue;
    const config = getSqliteTableConfig(table);
    shapes[config.name] = {
      exportName,
      columns: Object.entries(getTableColumns(table)).map(([key, column]) =>
        columnShape('sqlite', key, column),
      ),
      primaryKeys: config.primaryKeys.map((pk) => ({
        name: pk.getName(),
        columns: pk.columns.map((c) => c.name),
      })),
      uniqueConstraints: config.uniqueConstraints.map((u) => ({
        name: u.getName() ?? '(unnamed)',
        columns: u.columns.map((c) => c.name),
      })),
      foreignKeys: config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          columns: ref.columns.map((c) => c.name),
          foreignTable: getSqliteTableConfig(ref.foreignTable).name,
          foreignColumns: ref.foreignColumns.map((c) => c.name),
        };
      }),
      checks: config.checks.map((c) => c.name).sort(),
      indexes: Object.fromEntries(
        config.indexes.map((i) => [
          i.config.name,
          indexShape('sqlite', i.config.columns, i.config.unique, i.config.where),
        ]),
      ),
    };
  }
  return shapes;
}

function pgShapes(): Record<string, TableShape> {
  const shapes: Record<string, TableShape> = {};
  for (const [exportName, table] of Object.entries(pgSchema)) {
    if (!is(table, PgTable)) continue;
    const config = getPgTableConfig(table);
    shapes[config.name] = {
      exportName,
      columns: Object.entries(getTableColumns(table)).map(([key, column]) => columnShape('pg', key, column)),
      primaryKeys: config.primaryKeys.map((pk) => ({
        name: pk.getName(),
        columns: pk.columns.map((c) => c.name),
      })),
      uniqueConstraints: config.uniqueConstraints.map((u) => ({
        name: u.getName() ?? '(unnamed)',
        columns: u.columns.map((c) => c.name),
      })),
      foreignKeys: config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          columns: ref.columns.map((c) => c.name),
          foreignTable: getPgTableConfig(ref.foreignTable).name,
          foreignColumns: ref.foreignColumns.map((c) => c.name),
        };
      }),
      checks: config.checks.map((c) => c.name).sort(),
      indexes: Object.fromEntries(
        config.indexes.map((i) => [
          i.config.name ?? '(unnamed)',
          indexShape('pg', i.config.columns, i.config.unique, i.config.where),
        ]),
      ),
    };
  }
  return shapes;
}

const sqlite = sqliteShapes();
const pg = pgShapes();
const tableNames = Object.keys(sqlite).sort();

describe('SQLite and PostgreSQL schemas', () => {
  it('have the same tables, under the same export names', () => {
    expect(Object.keys(pg).sort()).toEqual(tableNames);
    expect(tableNames.length).toBeGreaterThan(0);
    for (const name of tableNames) expect(pg[name]?.exportName, name).toBe(sqlite[name]?.exportName);
  });

  it.each(tableNames)(
    '%s: same columns (names, keys, nullability, defaults, unique, mapped types)',
    (name) => {
      expect(pg[name]?.columns).toEqual(sqlite[name]?.columns);
    },
  );

  it.each(tableNames)('%s: same primary keys, unique constraints, foreign keys and checks', (name) => {
    const { columns: _c, indexes: _i, exportName: _e, ...rest } = sqlite[name]!;
    const { columns: _pc, indexes: _pi, exportName: _pe, ...pgRest } = pg[name]!;
    expect(pgRest).toEqual(rest);
  });

  it.each(tableNames)('%s: same indexes (names, columns, uniqueness, partial conditions)', (name) => {
    expect(pg[name]?.indexes).toEqual(sqlite[name]?.indexes);
  });

  it('renders partial-index conditions to real SQL (the check above is not comparing empty strings)', () => {
    expect(sqlite.leads?.indexes.leads_owner_open_idx?.where).toBe(
      `"leads"."status" in ('offered', 'owned')`,
    );
    expect(pg.leads?.indexes.leads_owner_open_idx?.whereColumns).toEqual(['status']);
  });

  it('follows the PostgreSQL type rules: bigserial ids, bigint times and id references', () => {
    for (const [exportName, table] of Object.entries(pgSchema)) {
      if (!is(table, PgTable)) continue;
      for (const column of getPgTableConfig(table).columns) {
        const type = column.getSQLType();
        const where = `${exportName}.${column.name}`;
        if (column.primary && type !== 'text') expect(type, where).toBe('bigserial');
        if (type === 'bigserial') expect(column.primary, where).toBe(true);
        // Epoch milliseconds overflow `integer`; ids are bigserial, so what points at them is bigint.
        if (/(^at|_at|^id|lead_id|merged_into)$/.test(column.name) && type !== 'text') {
          expect(['bigint', 'bigserial'], where).toContain(type);
        }
        expect(['json', 'jsonb', 'boolean', 'timestamp', 'real'], where).not.toContain(type);
      }
    }
  });
});

// ---- migrations ------------------------------------------------------------------------------------------

interface Journal {
  dialect: string;
  entries: { idx: number; tag: string }[];
}

const root = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
const readJson = <T>(path: string): T => JSON.parse(readFileSync(root(path), 'utf8')) as T;
const folders = { sqlite: 'drizzle/sqlite', pg: 'drizzle/pg' } as const;

function journal(dialect: Dialect): Journal {
  return readJson<Journal>(`${folders[dialect]}/meta/_journal.json`);
}

interface SnapshotColumn {
  name: string;
  type: string;
  notNull: boolean;
  primaryKey: boolean;
}
interface SnapshotTable {
  name: string;
  columns: Record<string, SnapshotColumn>;
  indexes: Record<
    string,
    { name: string; columns: (string | { expression: string })[]; isUnique: boolean; where?: string }
  >;
  uniqueConstraints?: Record<string, { name: string; columns: string[] }>;
}

/**
 * The same facts from a drizzle-kit snapshot and from a schema, to compare the two. Unique constraints are
 * listed with the indexes as `name unique (columns)`: drizzle-kit keeps `.unique()` as a unique index on
 * SQLite and as a unique constraint on PostgreSQL.
 */
type Facts = Record<string, { columns: string[]; indexes: string[] }>;

function snapshotFacts(dialect: Dialect): Facts {
  const last = journal(dialect).entries.at(-1)!;
  const snapshot = readJson<{ tables: Record<string, SnapshotTable> }>(
    `${folders[dialect]}/meta/${String(last.idx).padStart(4, '0')}_snapshot.json`,
  );
  const facts: Facts = {};
  for (const table of Object.values(snapshot.tables)) {
    facts[table.name] = {
      columns: Object.values(table.columns)
        .map((c) => `${c.name} ${c.type}${c.notNull ? ' not null' : ''}${c.primaryKey ? ' pk' : ''}`)
        .sort(),
      indexes: Object.values(table.indexes)
        .map((i) => {
          const columns = i.columns.map((c) => (typeof c === 'string' ? c : c.expression)).join(',');
          return `${i.name}${i.isUnique ? ' unique' : ''} (${columns})${i.where ? ` where ${i.where.replace(/\s+/g, ' ').trim()}` : ''}`;
        })
        .concat(
          Object.values(table.uniqueConstraints ?? {}).map(
            (u) => `${u.name} unique (${u.columns.join(',')})`,
          ),
        )
        .sort(),
    };
  }
  return facts;
}

function schemaFacts(dialect: Dialect): Facts {
  const facts: Facts = {};
  const tables = dialect === 'sqlite' ? sqliteSchema : pgSchema;
  for (const table of Object.values(tables)) {
    const config = is(table, SQLiteTable)
      ? getSqliteTableConfig(table)
      : is(table, PgTable)
        ? getPgTableConfig(table)
        : null;
    if (!config) continue;
    const shape = (dialect === 'sqlite' ? sqlite : pg)[config.name]!;
    // An expression column as drizzle-kit writes it into the snapshot: without the table's name before a column.
    const asSnapshot = (c: string) =>
      c.startsWith('sql:') ? c.slice('sql:'.length).replaceAll(`"${config.name}".`, '') : c;
    const indexes = Object.entries(shape.indexes).map(
      ([name, i]) =>
        `${name}${i.unique ? ' unique' : ''} (${i.columns.map(asSnapshot).join(',')})${i.where ? ` where ${i.where}` : ''}`,
    );
    for (const c of shape.columns) if (c.unique) indexes.push(`${c.unique} unique (${c.name})`);
    for (const u of shape.uniqueConstraints) indexes.push(`${u.name} unique (${u.columns.join(',')})`);
    facts[config.name] = {
      columns: config.columns
        .map((c) => `${c.name} ${c.getSQLType()}${c.notNull ? ' not null' : ''}${c.primary ? ' pk' : ''}`)
        .sort(),
      indexes: indexes.sort(),
    };
  }
  return facts;
}

describe('migrations', () => {
  it('both folders list the same migrations', () => {
    expect(existsSync(root(folders.sqlite))).toBe(true);
    expect(existsSync(root(folders.pg))).toBe(true);
    expect(journal('sqlite').dialect).toBe('sqlite');
    expect(journal('pg').dialect).toBe('postgresql');
    const tags = journal('sqlite').entries.map((e) => e.tag);
    expect(journal('pg').entries.map((e) => e.tag)).toEqual(tags);
    expect(tags.slice(0, 2)).toEqual(['0000_core_engine', '0001_rep_loads']);
    for (const dialect of ['sqlite', 'pg'] as const) {
      for (const tag of tags)
        expect(existsSync(root(`${folders[dialect]}/${tag}.sql`)), `${dialect} ${tag}`).toBe(true);
    }
  });

  it.each(['sqlite', 'pg'] as const)(
    '%s: the latest snapshot matches the schema (drizzle-kit generate was run)',
    (dialect) => {
      expect(snapshotFacts(dialect)).toEqual(schemaFacts(dialect));
    },
  );

  it('both rep_loads migrations install the triggers on leads', () => {
    const sqliteSql = readFileSync(root(`${folders.sqlite}/0001_rep_loads.sql`), 'utf8');
    const pgSql = readFileSync(root(`${folders.pg}/0001_rep_loads.sql`), 'utf8');
    expect(sqliteSql).toMatch(/CREATE TRIGGER `leads_load_insert` AFTER INSERT ON `leads`/);
    expect(pgSql).toMatch(/CREATE TRIGGER "leads_load_insert" AFTER INSERT ON "leads"/);
    expect(pgSql).toMatch(
      /CREATE TRIGGER "leads_load_update" AFTER UPDATE OF "status", "owner_id" ON "leads"/,
    );
    expect(pgSql).toMatch(/INSERT INTO "rep_loads"[\s\S]*GROUP BY "owner_id"/);
  });
});
