// The one place that wires the real clock, database and rules together (for the server and the CLI).
import { cachedJiebaSegmenter } from './modules/leads/segmenter.ts';
import type { Config } from './config.ts';
import type { EngineDeps } from './modules/deps.ts';
import { diskFileStore } from './store/files.ts';
import { openStore } from './store/index.ts';
import { startOffLoop, WHATIF_READS_YOUNG_MB } from './workers/index.ts';

export interface Runtime {
  config: Config;
  deps: EngineDeps;
  /** For the scheduled jobs: the same, with heavy reads in a worker of their own (src/workers/index.ts). */
  jobDeps: EngineDeps;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /**
   * Charts and heavy reads in worker threads (issue 23): the server's choice, so a report never holds the loop
   * that answers clicks. A one-shot CLI command leaves it off: it has no loop to keep free, and a worker costs
   * a second or two to start. `'reads'`: only the read worker is warmed, for a command that hands it work (the
   * what-if's --verify).
   */
  offLoop?: boolean | 'reads';
}

/**
 * What the scheduled jobs run with: the store's background line (their units of work wait while a click's are
 * queued), and their heavy reads in the batch worker when there is one.
 */
export function jobDepsOf(deps: EngineDeps, batchReads: EngineDeps['reads'] | null | undefined): EngineDeps {
  return {
    ...deps,
    store: deps.store.background?.() ?? deps.store,
    ...(batchReads == null ? {} : { reads: batchReads }),
  };
}

export async function openRuntime(
  config: Config,
  clock: () => number = () => Date.now(),
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const store = await openStore(config.databaseUrl);
  const offLoop =
    options.offLoop === undefined || options.offLoop === false
      ? null
      : startOffLoop({
          databaseUrl: config.databaseUrl,
          // A one-shot heavy replay (the what-if's --verify): a larger young generation for its read worker.
          ...(options.offLoop === 'reads' ? { readsYoungMb: WHATIF_READS_YOUNG_MB } : {}),
        });
  // In the background: the server answers meanwhile (a chart asked for now waits for the worker's start).
  void offLoop?.warm(options.offLoop === 'reads' ? 'reads' : undefined);
  const deps: EngineDeps = {
    store,
    rules: config.rules,
    clock,
    defaultTimezone: config.timezone,
    files: diskFileStore(config.filesDir),
    segmenter: cachedJiebaSegmenter,
    ...(offLoop?.reads == null ? {} : { reads: offLoop.reads }),
  };
  return {
    config,
    deps,
    jobDeps: jobDepsOf(deps, offLoop?.batchReads),
    close: async () => {
      // Workers first: they read through connections of their own, which close with them.
      await offLoop?.close();
      await store.close();
    },
  };
}
