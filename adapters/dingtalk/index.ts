// The DingTalk adapter: robot messages and card clicks over the HTTP callback (POST /dingtalk/callback) or over
// Stream mode (DINGTALK_MODE=stream: the server connects out, no public URL; stream.ts), and the Deliverer the
// outbox worker uses.
import { createHmac, randomUUID } from 'node:crypto';
import type express from 'express';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import { DeliveryError, type Deliverer } from '../../src/conversation/delivery.ts';
import { ConfigError } from '../../src/config.ts';
import type { Messenger, MessengerPlatform } from '../messenger.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import { dingtalkApi } from './api.ts';
import { dingtalkPageSignIn } from './page-sign-in.ts';
import { dingtalkDeliverer, dingtalkSender } from './deliverer.ts';
import { streamInbox } from './kept.ts';
import { CALLBACK_PATH, mountCallback, type CallbackDeps } from './routes.ts';
import { dingtalkStream } from './stream.ts';
import { dingtalkDirectory } from './directory.ts';
import { addressBookChanges, directoryEventQueue, mountDirectoryEvents } from './directory-events.ts';
import { log } from '../../src/log.ts';

export interface DingtalkAdapterOptions {
  chat: ChatDeps;
  /** DINGTALK_CLIENT_ID (the app's AppKey). */
  clientId: string;
  /** DINGTALK_CLIENT_SECRET (AppSecret): signs callbacks and gets the access token. */
  clientSecret: string;
  /** DINGTALK_ROBOT_CODE (usually the same as the AppKey). */
  robotCode: string;
  /** DINGTALK_API_BASE: another API base (a local fake in tests). */
  apiBase?: string;
  /** DINGTALK_CARD_TEMPLATE_ID: an interactive card template (render.ts) for cards with buttons. */
  cardTemplateId?: string;
  /**
   * DINGTALK_CARD_CALLBACK_ROUTE_KEY: the key card clicks over HTTP are registered under (HTTP mode with a card
   * template; `leadline` when unset). Stream mode needs none: clicks come over the connection.
   */
  callbackRouteKey?: string;
  /** PUBLIC_URL: where DingTalk reaches this server; HTTP card callbacks are registered at `${publicUrl}/dingtalk/callback`. */
  publicUrl?: string;
  /** Epoch ms, for the 1 h signature window and the token's expiry. */
  clock?: () => number;
  /** DINGTALK_MODE: `http` (the default) mounts POST /dingtalk/callback; `stream` connects out instead. */
  mode?: 'http' | 'stream';
  /** Forms as signed mobile pages (needs PUBLIC_URL). */
  forms?: FormLinks;
  /** DINGTALK_EVENT_TOKEN + DINGTALK_EVENT_AES_KEY: address-book events over HTTP (POST /dingtalk/events). */
  events?: { token: string; aesKey: string };
  /**
   * DINGTALK_CORP_ID + DINGTALK_AGENT_ID: form pages sign their reader in with DingTalk's 免登 and may use the dd
   * JSAPI (location). Without them, DingTalk links stay plain signed one-time links.
   */
  pageApp?: { corpId: string; agentId: string };
}

export interface DingtalkAdapter extends Messenger {
  readonly deliverer: Deliverer;
  /** Stream mode: connects (mount() does too) and reconnects after every drop; both modes: sweeps kept messages. */
  start(): Promise<void>;
  /** Stream mode: closes the connection for good; a no-op over HTTP. */
  stop(): Promise<void>;
  /** Stream mode: tries kept messages that are due now (also every SWEEP_EVERY_MS); how many it tried. */
  sweep(): Promise<number>;
}

/** DingTalk (钉钉): on when its client id and secret are set; HTTP callbacks, or Stream mode (DINGTALK_MODE=stream). */
export const dingtalkMessenger: MessengerPlatform = {
  name: 'dingtalk',
  fromEnv({ chat, env, clock, forms }) {
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
    // Over HTTP, card clicks go to a URL we register with DingTalk: without PUBLIC_URL every button would be dead.
    if (mode === 'http' && (env.DINGTALK_CARD_TEMPLATE_ID ?? '') !== '' && (env.PUBLIC_URL ?? '') === '') {
      throw new ConfigError(
        'ENV_INVALID',
        [
          'PUBLIC_URL: required with DINGTALK_CARD_TEMPLATE_ID in HTTP mode (card clicks are sent to PUBLIC_URL/dingtalk/callback); or use DINGTALK_MODE=stream',
        ],
        'DingTalk cards would have dead buttons',
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
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
      ...(forms === null ? {} : { forms }),
      ...(env.DINGTALK_CORP_ID && env.DINGTALK_AGENT_ID
        ? { pageApp: { corpId: env.DINGTALK_CORP_ID, agentId: env.DINGTALK_AGENT_ID } }
        : {}),
      ...(env.DINGTALK_EVENT_TOKEN && env.DINGTALK_EVENT_AES_KEY
        ? { events: { token: env.DINGTALK_EVENT_TOKEN, aesKey: env.DINGTALK_EVENT_AES_KEY } }
        : {}),
      clock,
    });
  },
};

/** How often kept Stream messages are looked at for another try. */
const SWEEP_EVERY_MS = 5000;

/** The route key card clicks over HTTP are registered under when DINGTALK_CARD_CALLBACK_ROUTE_KEY is unset. */
export const DEFAULT_CALLBACK_ROUTE_KEY = 'leadline';
const REGISTER_PATH = '/v1.0/card/callbacks/register';

/**
 * The `k` of the card callback URL: derived from the app secret, so every instance registers and accepts the same
 * URL, and nobody without the secret can send a click. (How DingTalk signs HTTP card callbacks with the
 * registered apiSecret is not documented where we could read it; the key in the URL does not depend on it.)
 */
export function cardCallbackKey(clientSecret: string): string {
  return createHmac('sha256', clientSecret)
    .update('leadline dingtalk card callback')
    .digest('base64url')
    .slice(0, 32);
}

export function dingtalkAdapter(options: DingtalkAdapterOptions): DingtalkAdapter {
  const clock = options.clock ?? Date.now;
  const api = dingtalkApi({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clock,
    ...(options.apiBase === undefined ? {} : { apiBase: options.apiBase }),
  });
  const interactive = (options.cardTemplateId ?? '') !== '';
  // Over HTTP, clicks on cards go to the URL registered under this key; in Stream mode over the connection.
  const routeKey =
    options.mode !== 'stream' && interactive
      ? options.callbackRouteKey || DEFAULT_CALLBACK_ROUTE_KEY
      : undefined;
  const key = cardCallbackKey(options.clientSecret);
  let registered: Promise<void> | undefined;
  /**
   * Registers `${publicUrl}/dingtalk/callback?k=…` for routeKey (forceUpdate: the URL or key may have changed since
   * the last start): once, and again after a failure, when the next card is about to be sent.
   */
  const callbackReady = (): Promise<void> => {
    if (routeKey === undefined) return Promise.resolve();
    if (options.publicUrl === undefined || options.publicUrl === '')
      return Promise.reject(
        new DeliveryError('dingtalk card callbacks need PUBLIC_URL in HTTP mode', { retryAfterMs: 60_000 }),
      );
    const callbackUrl = `${options.publicUrl.replace(/\/+$/, '')}${CALLBACK_PATH}?k=${key}`;
    registered ??= api
      .call('POST', REGISTER_PATH, {
        callbackRouteKey: routeKey,
        callbackUrl,
        apiSecret: key,
        forceUpdate: true,
      })
      .then(() => undefined)
      .catch((err: unknown) => {
        registered = undefined;
        throw err;
      });
    return registered;
  };
  const sender = dingtalkSender(api, {
    robotCode: options.robotCode,
    ...(options.cardTemplateId === undefined ? {} : { cardTemplateId: options.cardTemplateId }),
    ...(routeKey === undefined ? {} : { callbackRouteKey: routeKey, callbackReady }),
  });
  const deps: CallbackDeps = {
    chat: options.chat,
    sender,
    clientSecret: options.clientSecret,
    clock,
    newId: randomUUID,
    download: (downloadCode) => api.downloadMessageFile(downloadCode, options.robotCode),
    ...(options.forms === undefined ? {} : { forms: options.forms }),
    ...(routeKey === undefined ? {} : { cardCallbackKey: key }),
  };
  const inbox = streamInbox(deps);
  // Directory sync: each address-book event (HTTP subscription or Stream EVENT frame) updates what it names.
  const directoryEvents = directoryEventQueue(
    options.chat.engine,
    dingtalkDirectory({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      ...(options.apiBase === undefined ? {} : { apiBase: options.apiBase }),
    }),
  );
  const stream =
    options.mode === 'stream'
      ? dingtalkStream({
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          apiBase: api.base,
          handle: (body, frameId) => inbox.receive(body, frameId),
          onEvent: (eventType, data) =>
            directoryEvents(addressBookChanges({ ...data, EventType: eventType })),
        })
      : undefined;
  const mountEvents = (app: express.Express, events: { token: string; aesKey: string }) =>
    mountDirectoryEvents(app, {
      crypto: { token: events.token, encodingAesKey: events.aesKey, receiveId: options.clientId },
      accept: directoryEvents,
    });
  let sweeper: ReturnType<typeof setInterval> | undefined;
  const startInbound = () => {
    stream?.start();
    // Kept messages (kept.ts) are tried again by every instance, each taking its own.
    sweeper ??= setInterval(() => {
      inbox.sweep().catch((err: unknown) => {
        log({ platform: 'dingtalk' }).error({ err }, 'dingtalk: trying kept messages again failed');
      });
    }, SWEEP_EVERY_MS);
    sweeper.unref();
  };
  return {
    name: 'dingtalk',
    deliverer: dingtalkDeliverer(sender),
    ...(options.pageApp === undefined
      ? {}
      : { pageSignIn: dingtalkPageSignIn({ http: api.http, ...options.pageApp, clock }) }),
    sweep: () => inbox.sweep(),
    start: () => {
      startInbound();
      return Promise.resolve();
    },
    stop: () => {
      clearInterval(sweeper);
      sweeper = undefined;
      stream?.stop();
      return Promise.resolve();
    },
    mount(app: express.Express) {
      // Stream mode needs no route: DingTalk is not configured to call this server.
      if (options.events !== undefined) mountEvents(app, options.events);
      if (stream !== undefined) {
        startInbound();
        return;
      }
      mountCallback(app, deps, (body, clickKey) => inbox.receive(body, clickKey));
      startInbound(); // no stream over HTTP: the sweep of kept messages
      // Registered at start-up, so clicks on cards sent before a restart keep reaching us.
      callbackReady().catch((err: unknown) => {
        log({ platform: 'dingtalk' }).error(
          { err },
          'dingtalk: registering the card callback failed (tried again before the next card)',
        );
      });
    },
  };
}

export { CALLBACK_PATH };
