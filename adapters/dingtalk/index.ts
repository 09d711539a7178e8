// The DingTalk adapter: robot messages and card clicks over the HTTP callback (POST /dingtalk/callback) or over
// Stream mode (DINGTALK_MODE=stream: the server connects out, no public URL; stream.ts), and the Deliverer the
// outbox worker uses.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import type { Deliverer } from '../../src/conversation/delivery.ts';
import type { HttpAdapter } from '../../src/http/app.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import { dingtalkApi } from './api.ts';
import { dingtalkDeliverer, dingtalkSender } from './deliverer.ts';
import { CALLBACK_PATH, handleCallbackBody, mountCallback, type CallbackDeps } from './routes.ts';
import { dingtalkStream } from './stream.ts';

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
}

export interface DingtalkAdapter extends HttpAdapter {
  readonly deliverer: Deliverer;
  /** Stream mode: connects (mount() does too) and reconnects after every drop; a no-op over HTTP. */
  start(): void;
  /** Stream mode: closes the connection for good; a no-op over HTTP. */
  stop(): void;
}

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
  const stream =
    options.mode === 'stream'
      ? dingtalkStream({
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          apiBase: api.base,
          handle: (body, frameId) => handleCallbackBody(deps, body, frameId),
        })
      : undefined;
  return {
    name: 'dingtalk',
    deliverer: dingtalkDeliverer(sender),
    start: () => stream?.start(),
    stop: () => stream?.stop(),
    mount(app: express.Express) {
      // Stream mode needs no route: DingTalk is not configured to call this server.
      if (stream !== undefined) stream.start();
      else mountCallback(app, deps);
    },
  };
}

export { CALLBACK_PATH };
