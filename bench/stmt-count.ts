// Counts what a piece of code asks of SQLite: statements compiled (prepare) and statements executed
// (run/get/all/iterate, including BEGIN/COMMIT), by SQL text. Patches better-sqlite3's prototypes for
// the duration of `fn` only, so it never runs during a timed section.
import Database from 'better-sqlite3';

type Fn = (this: unknown, ...args: unknown[]) => unknown;
const EXEC_METHODS = ['run', 'get', 'all', 'iterate'] as const;

export interface StatementCounts {
  prepares: number;
  executions: number;
  /** Per SQL text (abridged: its start … its end), busiest first. */
  bySql: Array<{ sql: string; prepares: number; executions: number }>;
}

export async function countStatements(
  db: Database.Database,
  fn: () => Promise<void>,
): Promise<StatementCounts> {
  const dbProto = Database.prototype as unknown as { prepare: Fn };
  const stmtProto = Object.getPrototypeOf(db.prepare('select 1')) as Record<
    (typeof EXEC_METHODS)[number],
    Fn
  >;
  const origPrepare = dbProto.prepare;
  const origExec = Object.fromEntries(EXEC_METHODS.map((m) => [m, stmtProto[m]])) as Record<
    (typeof EXEC_METHODS)[number],
    Fn
  >;
  const bySql = new Map<string, { prepares: number; executions: number }>();
  const entry = (sql: string) => {
    const flat = sql.replace(/\s+/g, ' ');
    const key = flat.length <= 150 ? flat : `${flat.slice(0, 60)} … ${flat.slice(-85)}`;
    let e = bySql.get(key);
    if (e === undefined) bySql.set(key, (e = { prepares: 0, executions: 0 }));
    return e;
  };
  let prepares = 0;
  let executions = 0;
  dbProto.prepare = function (this: unknown, ...args: unknown[]) {
    prepares++;
    entry(String(args[0])).prepares++;
    return origPrepare.apply(this, args);
  };
  for (const m of EXEC_METHODS) {
    const orig = origExec[m];
    stmtProto[m] = function (this: unknown, ...args: unknown[]) {
      executions++;
      entry((this as { source: string }).source).executions++;
      return orig.apply(this, args);
    };
  }
  try {
    await fn();
  } finally {
    dbProto.prepare = origPrepare;
    for (const m of EXEC_METHODS) stmtProto[m] = origExec[m];
  }
  return {
    prepares,
    executions,
    bySql: [...bySql.entries()]
      .map(([sql, c]) => ({ sql, ...c }))
      .sort((a, b) => b.executions + b.prepares - (a.executions + a.prepares)),
  };
}
