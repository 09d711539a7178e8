// Server entry: `npm start`. The one place that wires the real clock, database, messengers and jobs together.
import { MESSENGERS } from '../adapters/messengers.ts';
import { directorySourcesFromEnv } from '../adapters/directory-env.ts';
import { journalSourcesFromEnv } from '../adapters/journals-env.ts';
import { mobileFormsFromEnv, playgroundForms } from '../adapters/mobile-forms/index.ts';
import { playgroundAccess, playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from './conversation/conversation.ts';
import type { Deliverer } from './conversation/delivery.ts';
import { playgroundDeliverer } from './conversation/playground-deliverer.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { resolveFirstRun } from './demo/first-run.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { requestListener, type HttpAdapter } from './http/app.ts';
import { startOutboxWorker } from './jobs/outbox-worker.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { log, loggerFromEnv, setLogger } from './log.ts';
import { openRuntime } from './runtime.ts';
import { maskDatabaseUrl } from './store/database-url.ts';
import { StoreError } from './store/errors.ts';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';

// Before the server exists, for the person starting it: plain lines on stderr, like the CLI's (not the log).
function fail(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(`Leadline cannot start: ${err.message}.`);
    for (const p of err.problems) console.error(`  - ${p}`);
    console.error('Fix the above (see config/rules.example.yaml and .env.example), then start again.');
  } else if (err instanceof StoreError) {
    console.error(`Leadline cannot start: ${err.message}`);
    console.error(
      'Check DATABASE_URL (see .env.example): a PostgreSQL URL such as postgres://user@host:5432/db, or file:./data/leadline.db.',
    );
  } else {
    console.error('Leadline cannot start:', err);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  // The server's lines are written asynchronously, off the path of the requests it answers (src/log.ts).
  setLogger(loggerFromEnv(process.env, process.stdout.isTTY === true, true));
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err);
  }
  // Nothing configured: the playground on a demo organisation in its own file, never in the real database.
  const firstRun = await resolveFirstRun(config, process.env);
  const runtime = await openRuntime({ ...config, databaseUrl: firstRun.databaseUrl }, undefined, {
    offLoop: true,
  });
  if (firstRun.demo) {
    const seeded = await seedDemo(runtime.deps, config.localeSet ? { locale: config.locale } : {});
    if (seeded.kind === 'seeded')
      log().info({ database: firstRun.databaseUrl }, `Demo organisation created in ${firstRun.databaseUrl}.`);
  }
  const orgImported = await runtime.deps.store.transaction((tx) => tx.settings.get('org_imported_at'));
  const chat: ChatDeps = {
    engine: runtime.deps,
    defaultLocale: config.locale,
    rulesDir: config.rulesFile === null ? resolve('config') : dirname(resolve(config.rulesFile)),
  };
  const clock = runtime.deps.clock;
  const env = process.env;
  const platformForms = mobileFormsFromEnv({
    chat,
    env,
    publicUrl: config.publicUrl,
    formSecret: config.formSecret,
    clock,
  });
  const messengers = MESSENGERS.flatMap((m) => m.fromEnv({ chat, env, clock, forms: platformForms }) ?? []);
  // Links sent on WeCom and DingTalk open only for their person, signed in by the messenger (issue 20 §2).
  for (const m of messengers) if (m.pageSignIn !== undefined) platformForms?.attachSignIn(m.pageSignIn);
  // No login: on for the demo, or when PLAYGROUND=on says so; a real organisation's only from this machine.
  const playground = playgroundAccess(config, firstRun.demo);
  // The playground opens the same form pages (issue 20), signed locally when no messenger has them.
  const forms =
    platformForms ?? (playground.on ? playgroundForms({ chat, formSecret: config.formSecret, clock }) : null);
  const adapters: HttpAdapter[] = [...messengers];
  const deliverers: Deliverer[] = messengers.map((m) => m.deliverer);
  if (forms !== null) adapters.push(forms);
  if (playground.on) {
    adapters.push(
      playgroundAdapter({ chat, demo: firstRun.demo, ...(forms === null ? {} : { forms }) }, playground),
    );
    deliverers.push(playgroundDeliverer);
  }
  let directories;
  try {
    directories = directorySourcesFromEnv(env);
  } catch (err) {
    fail(err);
  }
  let journals;
  try {
    journals = journalSourcesFromEnv(config.rules.journals, env);
  } catch (err) {
    fail(err);
  }
  const scheduler = startScheduler(
    runtime.jobDeps,
    undefined,
    { sources: directories, locale: config.locale },
    journals,
  );
  const outbox = startOutboxWorker({ ...chat, deliverers });
  // Slack's events are answered ahead of express (requestListener); everything else goes through the express app.
  const listener = requestListener({
    deps: runtime.deps,
    locale: config.locale,
    adapters,
    apiRateLimit: config.apiRateLimit,
    metricsToken: env.METRICS_TOKEN?.trim() || null,
  });
  const server = createServer(listener).listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const database = maskDatabaseUrl(firstRun.databaseUrl);
    log().info(
      { port, host: config.host, database, rules: config.rulesFile ?? 'defaults' },
      `Leadline is listening on http://localhost:${port} (address ${config.host}, database: ${database}, rules: ${config.rulesFile ?? 'defaults'})`,
    );
    log().info(
      { messengers: adapters.map((a) => a.name) },
      `Messengers: ${adapters.map((a) => a.name).join(', ') || 'none (set SLACK_* or PLAYGROUND)'}`,
    );
    if (firstRun.demo) {
      log().warn(
        `DEMO: nothing is configured yet, so this is a demo organisation (${firstRun.databaseUrl}). Open http://localhost:${port}/playground — ` +
          'import your own org (`npx leadline org import org.yaml`) or configure a messenger to use the real database.',
      );
    } else if (playground.on && playground.guarded && playground.remote) {
      log().warn(
        `The playground is on (/playground, PLAYGROUND_REMOTE=on) and has no login: anyone who reaches this server as ${[...playground.hosts].join(', ')} can act as anyone and read every chat.`,
      );
    } else if (playground.on) {
      log().info(
        'The playground is on (PLAYGROUND=on) for this machine only: http://localhost:' +
          `${port}/playground answers loopback clients (no login; PLAYGROUND_REMOTE=on opens it to others).`,
      );
    }
    if (!firstRun.demo && orgImported === null) {
      log().warn(
        'No organisation imported yet: copy config/org.example.yaml, edit it, then run `npx leadline org import org.yaml`.',
      );
    }
  });
  const shutdown = () => {
    scheduler.stop();
    server.close(() => {
      void (async () => {
        await outbox.stop();
        for (const messenger of messengers) await messenger.stop();
        await runtime.close();
        process.exit(0);
      })();
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(fail);
