// Rows and column names as the drizzle schema (src/store/schema) describes them, so raw SQL and the bench use
// the schema's names instead of a second copy. The SQLite and PostgreSQL schemas give the same TypeScript types
// (test/schema-parity.test.ts), so the SQLite one stands for both.
import { getTableColumns, type InferSelectModel, type Table } from 'drizzle-orm';

type Columns<T extends Table> = T['_']['columns'];
type Field<T extends Table> = keyof Columns<T> & string;

/** A row as raw SQL returns it: keyed by column name (`owner_id`), typed from the schema. */
export type RowOf<T extends Table> = {
  [K in Field<T> as Columns<T>[K]['_']['name']]: InferSelectModel<T>[K];
};

/** Field → column name (`ownerId` → `owner_id`), in table order. */
export function columnNames<T extends Table>(table: T): { [K in Field<T>]: Columns<T>[K]['_']['name'] } {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([field, column]) => [field, column.name]),
  ) as { [K in Field<T>]: Columns<T>[K]['_']['name'] };
}

/**
 * The column names of these fields, in the order given (for an INSERT whose values are listed alongside, or a
 * SELECT of part of a row: `Pick<RowOf<T>, (typeof list)[number]>` is then the row it returns).
 */
export function columnsOf<T extends Table, F extends Field<T>>(
  table: T,
  fields: readonly F[],
): Array<Columns<T>[F]['_']['name']> {
  const names: Record<string, string> = columnNames(table);
  return fields.map((f) => names[f]!);
}
