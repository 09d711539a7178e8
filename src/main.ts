// Server entry: `npm start`. The one place that wires the real clock, database, messengers and jobs together.
import { dingtalkAdapter } from '../adapters/dingtalk/index.ts';
import { slackAdapter, type SlackAdapter } from '../adapters/slack/index.ts';
import { mobileFormsAdapter, type MobileFormsAdapter } from '../adapters/mobile-forms/index.ts';
import { formSecret } from '../adapters/mobile-forms/token.ts';
import { wecomAdapter } from '../adapters/wecom/index.ts';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from './conversation/conversation.ts';
import type { Deliverer } from './conversation/delivery.ts';
import { playgroundDeliverer } from './conversation/playground-deliverer.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { resolveFirstRun } from './demo/first-run.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { createApp, type HttpAdapter } from './http/app.ts';
import { startOutboxWorker } from './jobs/outbox-worker.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { openRuntime } from './runtime.ts';
import { StoreError } from './store/errors.ts';
import { dirname, resolve } from 'node:path';

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

function slackFromEnv(chat: ChatDeps, env: NodeJS.ProcessEnv, clock: () => number): SlackAdapter | null {
  const token = env.SLACK_BOT_TOKEN ?? '';
  if (token === '' || ((env.SLACK_SIGNING_SECRET ?? '') === '' && (env.SLACK_APP_TOKEN ?? '') === ''))
    return null;
  return slackAdapter({
    chat,
    signingSecret: env.SLACK_SIGNING_SECRET ?? '',
    botToken: token,
    ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
    ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    clock,
  });
}

/**
 * Forms as signed mobile pages (WeCom and DingTalk have no modals): on when PUBLIC_URL is set and one of them is.
 * Signed with FORM_SECRET, or a key derived from the messenger's app secret (token.ts).
 */
function mobileFormsFromEnv(chat: ChatDeps, config: Config, env: NodeJS.ProcessEnv, clock: () => number) {
  const appSecret = env.WECOM_CORP_ID
    ? env.WECOM_SECRET
    : env.DINGTALK_CLIENT_ID
      ? env.DINGTALK_CLIENT_SECRET
      : '';
  if (appSecret === undefined || appSecret === '') return null;
  if (config.publicUrl === null) {
    console.warn(
      'PUBLIC_URL is not set: on WeCom and DingTalk, forms (新线索, evidence, stall analysis, answers) open as web pages under it, so until it is set people are told to ask their admin. Set PUBLIC_URL to the https address phones reach this server at (see .env.example).',
    );
    return null;
  }
  return mobileFormsAdapter({
    chat,
    publicUrl: config.publicUrl,
    secret: formSecret(config.formSecret, appSecret),
    clock,
  });
}

/** WeCom (企业微信): on when its corp id, secret and callback keys are set. */
function wecomFromEnv(
  chat: ChatDeps,
  env: NodeJS.ProcessEnv,
  clock: () => number,
  forms: MobileFormsAdapter | null,
) {
  const need = [
    'WECOM_CORP_ID',
    'WECOM_AGENT_ID',
    'WECOM_SECRET',
    'WECOM_TOKEN',
    'WECOM_ENCODING_AES_KEY',
  ] as const;
  if ((env.WECOM_CORP_ID ?? '') === '') return null;
  const missing = need.filter((k) => (env[k] ?? '') === '');
  if (missing.length > 0)
    throw new ConfigError(
      'ENV_INVALID',
      missing.map((k) => `${k}: required when WECOM_CORP_ID is set`),
      'WeCom is half configured',
    );
  const agentId = Number(env.WECOM_AGENT_ID);
  if (!Number.isInteger(agentId))
    throw new ConfigError(
      'ENV_INVALID',
      ['WECOM_AGENT_ID: expected the app’s AgentId (a number)'],
      'WeCom is misconfigured',
    );
  return wecomAdapter({
    chat,
    corpId: env.WECOM_CORP_ID as string,
    agentId,
    secret: env.WECOM_SECRET as string,
    token: env.WECOM_TOKEN as string,
    encodingAesKey: env.WECOM_ENCODING_AES_KEY as string,
    ...(env.WECOM_API_BASE ? { apiBase: env.WECOM_API_BASE } : {}),
    ...(forms === null ? {} : { forms }),
    clock,
  });
}

/** DingTalk (钉钉): on when its client id and secret are set; HTTP callbacks, or Stream mode (DINGTALK_MODE=stream). */
function dingtalkFromEnv(
  chat: ChatDeps,
  env: NodeJS.ProcessEnv,
  clock: () => number,
  forms: MobileFormsAdapter | null,
) {
  if ((env.DINGTALK_CLIENT_ID ?? '') === '') return null;
  if ((env.DINGTALK_CLIENT_SECRET ?? '') === '') {
    throw new ConfigError(
      'ENV_INVALID',
      ['DINGTALK_CLIENT_SECRET: required when DINGTALK_CLIENT_ID is set'],
      'DingTalk is half configured',
    );
  }
  const mode = (env.DINGTALK_MODE ?? '') === '' ? 'http' : env.DINGTALK_MODE;
  if (mode !== 'http' && mode !== 'stream') {
    throw new ConfigError(
      'ENV_INVALID',
      [`DINGTALK_MODE: expected http or stream, got ${mode}`],
      'DingTalk is misconfigured',
    );
  }
  return dingtalkAdapter({
    mode,
    chat,
    clientId: env.DINGTALK_CLIENT_ID as string,
    clientSecret: env.DINGTALK_CLIENT_SECRET as string,
    robotCode: env.DINGTALK_ROBOT_CODE || (env.DINGTALK_CLIENT_ID as string),
    ...(env.DINGTALK_API_BASE ? { apiBase: env.DINGTALK_API_BASE } : {}),
    ...(env.DINGTALK_CARD_TEMPLATE_ID ? { cardTemplateId: env.DINGTALK_CARD_TEMPLATE_ID } : {}),
    ...(env.DINGTALK_CARD_CALLBACK_ROUTE_KEY
      ? { callbackRouteKey: env.DINGTALK_CARD_CALLBACK_ROUTE_KEY }
      : {}),
    ...(forms === null ? {} : { forms }),
    clock,
  });
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    fail(err);
  }
  // Nothing configured: the playground on a demo organisation in its own file, never in the real database.
  const firstRun = await resolveFirstRun(config, process.env);
  const runtime = await openRuntime({ ...config, databaseUrl: firstRun.databaseUrl });
  if (firstRun.demo) {
    const seeded = await seedDemo(runtime.deps);
    if (seeded.kind === 'seeded') console.log(`Demo organisation created in ${firstRun.databaseUrl}.`);
  }
  const orgImported = await runtime.deps.store.transaction((tx) => tx.settings.get('org_imported_at'));
  const chat: ChatDeps = {
    engine: runtime.deps,
    defaultLocale: config.locale,
    rulesDir: config.rulesFile === null ? resolve('config') : dirname(resolve(config.rulesFile)),
  };
  const slack = slackFromEnv(chat, process.env, runtime.deps.clock);
  const forms = mobileFormsFromEnv(chat, config, process.env, runtime.deps.clock);
  const wecom = wecomFromEnv(chat, process.env, runtime.deps.clock, forms);
  const dingtalk = dingtalkFromEnv(chat, process.env, runtime.deps.clock, forms);
  const playgroundOn = (process.env.PLAYGROUND ?? '').toLowerCase() !== 'off';
  const adapters: HttpAdapter[] = [];
  const deliverers: Deliverer[] = [];
  if (slack !== null) {
    adapters.push(slack);
    deliverers.push(slack.deliverer);
  }
  for (const adapter of [wecom, dingtalk]) {
    if (adapter === null) continue;
    adapters.push(adapter);
    deliverers.push(adapter.deliverer);
  }
  if (forms !== null) adapters.push(forms);
  if (playgroundOn) {
    adapters.push(playgroundAdapter({ chat, demo: firstRun.demo }));
    deliverers.push(playgroundDeliverer);
  }
  const scheduler = startScheduler(runtime.deps);
  const outbox = startOutboxWorker({ ...chat, deliverers });
  const app = createApp({ deps: runtime.deps, locale: config.locale, adapters });
  const server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    console.log(
      `Leadline is listening on http://localhost:${port} (database: ${firstRun.databaseUrl}, rules: ${config.rulesFile ?? 'defaults'})`,
    );
    console.log(
      `Messengers: ${adapters.map((a) => a.name).join(', ') || 'none (set SLACK_* or PLAYGROUND)'}`,
    );
    if (firstRun.demo) {
      console.log(
        `DEMO: nothing is configured yet, so this is a demo organisation (${firstRun.databaseUrl}). Open http://localhost:${port}/playground — ` +
          'import your own org (`npx leadline org import org.yaml`) or configure a messenger to use the real database.',
      );
    } else if (playgroundOn) {
      console.log(
        'The playground is on (/playground) and has no login: anyone who can reach this server can act as anyone. Set PLAYGROUND=off where others can reach it.',
      );
    }
    if (!firstRun.demo && orgImported === null) {
      console.log(
        'No organisation imported yet: copy config/org.example.yaml, edit it, then run `npx leadline org import org.yaml`.',
      );
    }
  });
  const shutdown = () => {
    scheduler.stop();
    server.close(() => {
      void (async () => {
        await outbox.stop();
        await wecom?.settled();
        await slack?.stop();
        dingtalk?.stop();
        await runtime.close();
        process.exit(0);
      })();
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(fail);
