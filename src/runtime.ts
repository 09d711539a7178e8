// The one place that wires the real clock, database and rules together (for the server and the CLI).
import type { Config } from './config.ts';
import type { EngineDeps } from './modules/deps.ts';
import { diskFileStore } from './store/files.ts';
import { openStore } from './store/index.ts';

export interface Runtime {
  config: Config;
  deps: EngineDeps;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, clock: () => number = () => Date.now()): Promise<Runtime> {
  const store = await openStore(config.databaseUrl);
  return {
    config,
    deps: {
      store,
      rules: config.rules,
      clock,
      defaultTimezone: config.timezone,
      files: diskFileStore(config.filesDir),
    },
    close: () => store.close(),
  };
}
