// Acting on due rows a group per transaction (issue 23), as the lead sweep does: one conditional update, one insert
// of the events and one of the notices per group instead of per row, and one turn of the store's queue. A group
// that fails is redone a row at a time, so only a row that fails alone is left (for the next sweep).
import type { EngineDeps } from './deps.ts';
import type { Tx } from './ports.ts';

export interface GroupSizes {
  /** Due rows read at a time. */
  batch: number;
  /** Rows acted on in one transaction. */
  perTransaction: number;
}

/** Acts on a group inside `tx`; returns the rows it acted on (those the conditional update still found due). */
export type ActOnGroup<T> = (tx: Tx, group: readonly T[]) => Promise<T[]>;

/** Why each row that failed on its own failed, by a name for it (`deal 12`); filled by drainInGroups. */
export type Failures = Map<string, string>;

/**
 * Reads due rows a batch at a time and acts on them a group per transaction, the event loop free between groups,
 * until a batch changes nothing more (rows left as they were would come back in the next read). Returns every row
 * acted on, in order.
 */
export async function drainInGroups<T>(
  deps: EngineDeps,
  sizes: GroupSizes,
  read: (tx: Tx, limit: number) => Promise<T[]>,
  act: ActOnGroup<T>,
  nameOf: (row: T) => string,
  failed: Failures,
): Promise<T[]> {
  const acted: T[] = [];
  for (;;) {
    const due = await deps.store.transaction((tx) => read(tx, sizes.batch));
    let actedNow = 0;
    for (let i = 0; i < due.length; i += sizes.perTransaction) {
      const done = await actOn(deps, due.slice(i, i + sizes.perTransaction), act, nameOf, failed);
      acted.push(...done);
      actedNow += done.length;
      await pause();
    }
    if (due.length < sizes.batch || actedNow === 0) return acted;
  }
}

async function actOn<T>(
  deps: EngineDeps,
  group: readonly T[],
  act: ActOnGroup<T>,
  nameOf: (row: T) => string,
  failed: Failures,
): Promise<T[]> {
  try {
    return await deps.store.transaction((tx) => act(tx, group));
  } catch (err) {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      failed.set(nameOf(only), (err as Error).message || String(err));
      return [];
    }
    const acted: T[] = [];
    for (const row of group) acted.push(...(await actOn(deps, [row], act, nameOf, failed)));
    return acted;
  }
}

/** A turn of the event loop: replies and timers run before the next group's transaction. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
