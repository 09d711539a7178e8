// One way to talk to either database. Repositories are written once, in SQL both dialects accept, with
// `?` placeholders (the PostgreSQL executor numbers them). The few places where the dialects differ ask
// the executor for a fragment.

export type Dialect = 'sqlite' | 'pg';

export type Param = string | number | null;

export interface Executor {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  /** The first column of each row (no object per row: for large reads of one value each). */
  column<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly Param[]): Promise<T | undefined>;
  run(sql: string, params?: readonly Param[]): Promise<{ changes: number }>;
}

/** `column` (a JSON array stored as text) contains the string bound to the next `?`. */
export function jsonArrayContains(dialect: Dialect, column: string): string {
  return dialect === 'sqlite'
    ? `exists (select 1 from json_each(${column}) where json_each.value = ?)`
    : `(${column})::jsonb @> jsonb_build_array(?::text)`;
}

/** Some element of a JSON text array contains the bound text, any case (`like ?`, the caller binds `%word%`). */
export function jsonArrayElementLike(dialect: Dialect, column: string): string {
  return dialect === 'sqlite'
    ? `exists (select 1 from json_each(${column}) where lower(json_each.value) like lower(?) escape '\\')`
    : `exists (select 1 from jsonb_array_elements_text((${column})::jsonb) as e(v) where lower(e.v) like lower(?) escape '\\')`;
}

/** The text value of a top-level field of a JSON object stored as text. */
export function jsonText(dialect: Dialect, column: string, field: string): string {
  return dialect === 'sqlite'
    ? `json_extract(${column}, '$.${field}')`
    : `((${column})::jsonb ->> '${field}')`;
}

/** The text value at a path of fields (`['inputs', 'org']`) of a JSON object stored as text (null if absent). */
export function jsonPathText(dialect: Dialect, column: string, path: readonly string[]): string {
  return dialect === 'sqlite'
    ? `json_extract(${column}, '$.${path.join('.')}')`
    : `((${column})::jsonb #>> '{${path.join(',')}}')`;
}

/** A JSON object or array under a top-level field of a JSON object stored as text, as JSON text (null if absent). */
export function jsonPartText(dialect: Dialect, column: string, field: string): string {
  return dialect === 'sqlite'
    ? `json_extract(${column}, '$.${field}')`
    : `(((${column})::jsonb -> '${field}')::text)`;
}

/** The length of a JSON array under a top-level field of a JSON object stored as text (null if absent). */
export function jsonArrayLength(dialect: Dialect, column: string, field: string): string {
  return dialect === 'sqlite'
    ? `json_array_length(${column}, '$.${field}')`
    : `jsonb_array_length((${column})::jsonb -> '${field}')`;
}

/** A text expression as a JSON string literal (`null` for NULL), e.g. to build a row as JSON text in SQL. */
export function jsonQuote(dialect: Dialect, expr: string): string {
  return dialect === 'sqlite' ? `json_quote(${expr})` : `coalesce(to_json(${expr})::text, 'null')`;
}

/** Locks the selected rows until the end of the transaction (SQLite needs none: BEGIN IMMEDIATE serialises writers). */
export function forUpdate(dialect: Dialect): string {
  return dialect === 'pg' ? ' for update' : '';
}

/** Numbers the `?` placeholders for PostgreSQL ($1, $2, …). Our SQL never contains a literal `?`. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
