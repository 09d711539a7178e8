// What each messenger's directory client gives the sync (adapters/<platform>/directory.ts): the whole visible
// directory, read before anything is written, and one person or department again for an event.
import type { DirectorySnapshot } from '../src/modules/org/rules/directory.ts';
import type { Platform } from '../src/kernel/types.ts';

export interface DirectorySource {
  readonly platform: Platform;
  /** Everything the app can see; throws a DirectoryError naming the call that failed. */
  snapshot(): Promise<DirectorySnapshot>;
}

/** Runs `fn` over `items` with at most `limit` calls in flight, results in the items' order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
