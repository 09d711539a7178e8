// The DingTalk adapter: robot messages and card clicks over the HTTP callback (POST /dingtalk/callback) or over
// Stream mode (DINGTALK_MODE=stream: the server connects out, no public URL; stream.ts), and the Deliverer the
// outbox worker uses.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import type { Deliverer } from '../../src/conversation/delivery.ts';
import { ConfigError } from '../../src/config.ts';
import type { Messenger, MessengerPlatform } from '../messenger.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import { dingtalkApi } from './api.ts';
import { dingtalkDeliverer, dingtalkSender } from './deliverer.ts';
import { CALLBACK_PATH, handleCallbackBody, mountCallback, type CallbackDeps } from './routes.ts';
import { dingtalkStream } from './stream.ts';
import { dingtalkDirectory } from './directory.ts';
import { addressBookChanges, directoryEventQueue, mountDirectoryEvents } from './directory-events.ts';

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
  /** DINGTALK_CARD_CALLBACK_ROUTE_KEY: card clicks over HTTP to /dingtalk/callback. */
  callbackRouteKey?: string;
  /** Epoch ms, for the 1 h signature window and the token's expiry. */
  clock?: () => number;
  /** DINGTALK_MODE: `http` (the default) mounts POST /dingtalk/callback; `stream` connects out instead. */
  mode?: 'http' | 'stream';
  /** Forms as signed mobile pages (needs PUBLIC_URL). */
  forms?: FormLinks;
  /** DINGTALK_EVENT_TOKEN + DINGTALK_EVENT_AES_KEY: address-book events over HTTP (POST /dingtalk/events). */
  events?: { token: string; aesKey: string };
}

export interface DingtalkAdapter extends Messenger {
  readonly deliverer: Deliverer;
  /** Stream mode: connects (mount() does too) and reconnects after every drop; a no-op over HTTP. */
  start(): Promise<void>;
  /** Stream mode: closes the connection for good; a no-op over HTTP. */
  stop(): Promise<void>;
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
      ...(env.DINGTALK_EVENT_TOKEN && env.DINGTALK_EVENT_AES_KEY
        ? { events: { token: env.DINGTALK_EVENT_TOKEN, aesKey: env.DINGTALK_EVENT_AES_KEY } }
        : {}),
      clock,
    });
  },
};

export function dingtalkAdapter(options: DingtalkAdapterOptions): DingtalkAdapter {
  const clock = options.clock ?? Date.now;
  const api = dingtalkApi({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clock,
    ...(options.apiBase === undefined ? {} : { apiBase: options.apiBase }),
  });
  const sender = dingtalkSender(api, {
    robotCode: options.robotCode,
    ...(options.cardTemplateId === undefined ? {} : { cardTemplateId: options.cardTemplateId }),
    ...(options.callbackRouteKey === undefined ? {} : { callbackRouteKey: options.callbackRouteKey }),
  });
  const deps: CallbackDeps = {
    chat: options.chat,
    sender,
    clientSecret: options.clientSecret,
    clock,
    newId: randomUUID,
    download: (downloadCode) => api.downloadMessageFile(downloadCode, options.robotCode),
    ...(options.forms === undefined ? {} : { forms: options.forms }),
  };
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
          handle: (body, frameId) => handleCallbackBody(deps, body, frameId),
          onEvent: (eventType, data) =>
            directoryEvents(addressBookChanges({ ...data, EventType: eventType })),
        })
      : undefined;
  const mountEvents = (app: express.Express, events: { token: string; aesKey: string }) =>
    mountDirectoryEvents(app, {
      crypto: { token: events.token, encodingAesKey: events.aesKey, receiveId: options.clientId },
      accept: directoryEvents,
    });
  return {
    name: 'dingtalk',
    deliverer: dingtalkDeliverer(sender),
    start: () => {
      stream?.start();
      return Promise.resolve();
    },
    stop: () => {
      stream?.stop();
      return Promise.resolve();
    },
    mount(app: express.Express) {
      // Stream mode needs no route: DingTalk is not configured to call this server.
      if (stream !== undefined) stream.start();
      else mountCallback(app, deps);
      if (options.events !== undefined) mountEvents(app, options.events);
    },
  };
}

export { CALLBACK_PATH };
