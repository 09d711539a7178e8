import type { Store } from '../engine/ports.ts';
import { openSqliteStore } from './sqlite/index.ts';

/** `file:…`, a path or `:memory:` selects the embedded SQLite store (PostgreSQL comes with F40). */
export function openStore(databaseUrl: string): Store {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(
      'PostgreSQL is not supported yet: use DATABASE_URL=file:./data/leadline.db (the embedded SQLite store) for now.',
    );
  }
  return openSqliteStore(databaseUrl);
}
