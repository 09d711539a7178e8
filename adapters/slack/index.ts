// The Slack adapter: Bolt on our own express app (POST /slack/events), or Socket Mode when an app token is set,
// and the Deliverer the outbox worker uses to post and update cards.
import { App, LogLevel, type Authorize } from '@slack/bolt';
import { ErrorCode, WebClient, type WebClientOptions } from '@slack/web-api';
import type express from 'express';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import type { Deliverer } from '../../src/conversation/delivery.ts';
import type { Messenger, MessengerPlatform } from '../messenger.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import { slackDeliverer } from './deliverer.ts';
import { afterAckQueue } from './after-ack.ts';
import { registerListeners } from './listeners/index.ts';
import { EventsReceiver } from './receiver.ts';
import { EVENTS_PATH, eventsRoute, mountEvents } from './routes.ts';
import { log } from '../../src/log.ts';

export interface SlackAdapterOptions {
  chat: ChatDeps;
  signingSecret: string;
  /** xoxb-… */
  botToken: string;
  /** SLACK_API_URL: another Web API base (a local fake in tests), e.g. http://127.0.0.1:4000/api/ */
  apiUrl?: string;
  /** SLACK_APP_TOKEN (xapp-…): Socket Mode, for installs Slack cannot reach over HTTP. */
  appToken?: string;
  /** Epoch ms, for the signature's 5-minute window. */
  clock?: () => number;
  logLevel?: LogLevel;
  /** Each Web API call of the outbox gives up after this long (default OUTBOX_CALL_TIMEOUT_MS). */
  outboxCallTimeoutMs?: number;
  /** The form pages (PUBLIC_URL set): the daily report answers with a link to its page instead of a modal. */
  forms?: FormLinks;
}

/**
 * The outbox leases a claimed delivery for 60 s (src/jobs/outbox-worker.ts); a call that hangs longer would let
 * another instance send it again. One call gives up well before: the delivery is then retried by the worker.
 */
export const OUTBOX_CALL_TIMEOUT_MS = 10_000;

export interface SlackAdapter extends Messenger {
  readonly deliverer: Deliverer;
  /** Connects Socket Mode (a no-op over HTTP); mount() starts it too, and keeps trying while the network is down. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Slack: on when SLACK_BOT_TOKEN and a signing secret (HTTP) or an app token (Socket Mode) are set. */
export const slackMessenger: MessengerPlatform = {
  name: 'slack',
  fromEnv({ chat, env, clock, forms }) {
    const token = env.SLACK_BOT_TOKEN ?? '';
    if (token === '' || ((env.SLACK_SIGNING_SECRET ?? '') === '' && (env.SLACK_APP_TOKEN ?? '') === ''))
      return null;
    return slackAdapter({
      chat,
      signingSecret: env.SLACK_SIGNING_SECRET ?? '',
      botToken: token,
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
      ...(forms === null ? {} : { forms }),
      clock,
    });
  },
};

export function slackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const logLevel = options.logLevel ?? LogLevel.WARN;
  const slackApiUrl = apiBase(options.apiUrl);
  const clientOptions: WebClientOptions = {
    logLevel,
    ...(slackApiUrl === undefined ? {} : { slackApiUrl }),
    // Listeners answer a person who is waiting: a couple of quick retries, never a 30-minute sleep.
    retryConfig: { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 1000 },
    rejectRateLimitedCalls: true,
  };
  const authorize = cachedAuthorize(options.botToken, new WebClient(options.botToken, clientOptions));
  const socketMode = options.appToken !== undefined && options.appToken !== '';
  // Each acknowledged request's work starts on a turn of its own, after that turn's reads and acks, with no cap
  // on how many run: a cap would make a form button clicked behind a storm of claims wait for free places, and
  // its trigger_id lives 3 s; the waiting on Slack (100–300 ms a response_url POST from far away) overlaps, as
  // it did when the work ran inline. The database work is one transaction at a time on SQLite anyway. With 4
  // or 32 the bench's ack p99 was no different within this machine's noise (issue 23, item 3).
  const afterAck = afterAckQueue({
    concurrency: Infinity,
    // …and waits while a burst of requests is being acked (none for 5 ms, or the oldest waited 250 ms).
    quietMs: 5,
    onError: (err, label) =>
      log({ platform: 'slack' }).error({ err }, `slack: the work after acknowledging ${label} failed`),
    // A crash loses what is still queued (as it lost the work running after an ack before): at least say what.
    onExitUnfinished: (labels) =>
      log({ platform: 'slack' }).error(
        { unfinished: labels },
        `slack: exiting with ${labels.length} acknowledged request(s) not worked on; their people got no answer`,
      ),
  });
  const receiver = socketMode ? undefined : new EventsReceiver(afterAck);
  const bolt = new App({
    authorize,
    clientOptions,
    logLevel,
    ...(receiver === undefined
      ? // The Socket Mode client opens its connection with apps.connections.open, at SLACK_API_URL too.
        { socketMode: true, appToken: options.appToken, installerOptions: { clientOptions } }
      : { receiver }),
  });
  const apiHost = slackApiUrl === undefined ? null : new URL(slackApiUrl).host;
  registerListeners(bolt, {
    chat: options.chat,
    botToken: options.botToken,
    fileHostAllowed: (url) => {
      const host = URL.canParse(url) ? new URL(url).host : '';
      return host === 'files.slack.com' || (apiHost !== null && host === apiHost);
    },
    ...(options.forms === undefined ? {} : { forms: options.forms }),
  });
  bolt.error((err) => {
    log({ platform: 'slack' }).error({ err }, 'slack: a request failed after it was acknowledged');
    return Promise.resolve();
  });
  const deliverer = slackDeliverer(
    new WebClient(options.botToken, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.outboxCallTimeoutMs ?? OUTBOX_CALL_TIMEOUT_MS,
    }),
  );
  const socket = socketMode ? socketConnection(bolt) : undefined;
  const events =
    receiver === undefined
      ? undefined
      : eventsRoute(options.signingSecret, options.clock ?? Date.now, receiver.handler);
  return {
    name: 'slack',
    deliverer,
    start: () => socket?.start() ?? Promise.resolve(),
    stop: () => socket?.stop() ?? receiver?.stop() ?? Promise.resolve(),
    ...(events === undefined ? {} : { nodeRoutes: [events] }),
    mount(app: express.Express) {
      if (events !== undefined) mountEvents(app, events);
      else socket?.keepTrying();
    },
  };
}

/** Socket Mode's connection. Slack's client gives up at once when the network is down at start-up: we retry. */
function socketConnection(bolt: App) {
  const RETRY_MS = 30_000;
  let started: Promise<void> | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const start = (): Promise<void> => {
    started ??= bolt.start().then(
      () => log({ platform: 'slack' }).info('Slack: connected in Socket Mode.'),
      (err: unknown) => {
        started = undefined;
        throw err;
      },
    );
    return started;
  };
  const keepTrying = (): void => {
    start().catch((err: unknown) => {
      // A refused token (a platform error) will not fix itself; a network failure may.
      const retry = !stopped && (err as { code?: string }).code !== ErrorCode.PlatformError;
      log({ platform: 'slack' }).error(
        { err },
        `Slack: Socket Mode could not connect${retry ? `; trying again in ${RETRY_MS / 1000} s` : ''}`,
      );
      if (retry) timer = setTimeout(keepTrying, RETRY_MS).unref();
    });
  };
  return {
    start,
    keepTrying,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (started !== undefined) await bolt.stop();
    },
  };
}

/** The Web API base with its trailing slash (the client appends method names to it). */
function apiBase(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Single-workspace authorization with auth.test run once and cached. Unlike Bolt's own (which runs auth.test in
 * the constructor and, if that fails at start-up, leaves a rejected promise behind), a failed auth.test only
 * leaves the bot's ids unknown, which Leadline does not need, and is tried again on the next request.
 */
function cachedAuthorize(botToken: string, client: WebClient): Authorize<boolean> {
  let ids: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    ids ??= client.auth.test().then(
      (r) => ({
        ...(r.bot_id === undefined ? {} : { botId: r.bot_id }),
        ...(r.user_id === undefined ? {} : { botUserId: r.user_id }),
      }),
      () => {
        ids = undefined;
        return {};
      },
    );
    return { botToken, ...(await ids) };
  };
}

export { EVENTS_PATH };
