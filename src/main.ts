// Server entry: `npm start`.
import { ConfigError, loadConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { openRuntime } from './runtime.ts';
import { StoreError } from './store/errors.ts';

function fail(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(`Leadline cannot start: ${err.message}.`);
    for (const p of err.problems) console.error(`  - ${p}`);
    console.error('Fix the above (see config/rules.example.yaml and .env.example), then start again.');
  } else if (err instanceof StoreError) {
    console.error(`Leadline cannot start: ${err.message}`);
    console.error('Check DATABASE_URL (see .env.example): a PostgreSQL URL such as postgres://user@host:5432/db, or file:./data/leadline.db.');
  } else {
    console.error('Leadline cannot start:', err);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err);
  }
  const runtime = await openRuntime(config);
  const orgImported = await runtime.deps.store.transaction((tx) => tx.settings.get('org_imported_at'));
  const scheduler = startScheduler(runtime.deps);
  const app = createApp({ deps: runtime.deps, locale: config.locale });
  const server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    console.log(
      `Leadline is listening on http://localhost:${port} (database: ${config.databaseUrl}, rules: ${config.rulesFile ?? 'defaults'})`,
    );
    if (orgImported === null) {
      console.log(
        'No organisation imported yet: copy config/org.example.yaml, edit it, then run `npx leadline org import org.yaml`.',
      );
    }
  });
  const shutdown = () => {
    scheduler.stop();
    server.close(() => void runtime.close().then(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(fail);
