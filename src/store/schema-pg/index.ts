/**
 * The PostgreSQL schema (F40): a mirror of the SQLite schema in `../schema/`, file for file and table for
 * table. `test/schema-parity.test.ts` fails when the two drift apart. The rules:
 *
 * - Same table names, column names, nullability, defaults, primary keys, unique constraints and indexes
 *   (same names, same columns, same partial `where` conditions, written so they are valid SQL in both
 *   dialects: plain comparisons, `in (…)`, `is not null`, single-quoted literals, nothing dialect-specific).
 * - Times are epoch milliseconds in integer columns: SQLite `integer` ↔ PostgreSQL `bigint` (`mode: 'number'`).
 *   So are references to autoincrement ids (`lead_id`, `merged_into`, `previous_lead_id`): `bigint` too.
 * - Autoincrement integer ids: SQLite `integer primary key autoincrement` ↔ `bigserial('id', { mode: 'number' })`
 *   `.primaryKey()` (ids fit in JS numbers).
 * - Booleans are integer 0/1 in both (`integer`), and so are small counts (score, capacity, attempts, open_leads).
 * - JSON is stored as text in both (`text`, never json/jsonb); text ↔ text.
 * - `real` ↔ `double precision`.
 *
 * Migrations: `drizzle/pg` (drizzle.pg.config.ts); the `rep_loads` triggers are hand-written in
 * `drizzle/pg/0001_rep_loads.sql`, the PostgreSQL twin of `drizzle/sqlite/0001_rep_loads.sql`.
 */
export * from './leads.ts';
export * from './org.ts';
export * from './events.ts';
export * from './outbox.ts';
export * from './admin.ts';
export * from './deliveries.ts';
export * from './inbound.ts';
export * from './deals.ts';
export * from './reports.ts';
export * from './feedback.ts';
export * from './send-budget.ts';
export * from './customers.ts';
export * from './risks.ts';
export * from './journals.ts';
