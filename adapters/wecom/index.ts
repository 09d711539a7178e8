// The WeCom (企业微信) adapter, for a self-built app: the encrypted callback at /wecom/callback (commands typed as
// text, card button and menu clicks) and the Deliverer the outbox worker uses for app messages, group chats and
// card updates.
import type express from 'express';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import type { Deliverer } from '../../src/conversation/delivery.ts';
import { ConfigError } from '../../src/config.ts';
import type { Messenger, MessengerPlatform } from '../messenger.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import { aesKey } from './crypto.ts';
import { wecomApi, type WecomApi } from './api.ts';
import { wecomPageSignIn } from './page-sign-in.ts';
import { storedSendBudget } from './budget.ts';
import { wecomDeliverer } from './deliverer.ts';
import { applyDirectoryChange } from '../directory-events.ts';
import { wecomDirectory } from './directory.ts';
import { contactChangeOf } from './directory-events.ts';
import { applyContactAdd, contactAddOf } from './external-contacts.ts';
import { processInbound } from './inbound.ts';
import { storedResponseCodes } from './response-codes.ts';
import { CALLBACK_PATH, mountCallback } from './routes.ts';
import { log } from '../../src/log.ts';

export interface WecomAdapterOptions {
  chat: ChatDeps;
  /** WECOM_CORP_ID: also the receiveid every callback must carry. */
  corpId: string;
  /** WECOM_AGENT_ID */
  agentId: number;
  /** WECOM_SECRET: the app's secret. */
  secret: string;
  /** WECOM_TOKEN: the callback token. */
  token: string;
  /** WECOM_ENCODING_AES_KEY: 43 characters. */
  encodingAesKey: string;
  /** WECOM_API_BASE: another API host (a local fake in tests). */
  apiBase?: string;
  /** Epoch ms, for the access token's expiry and the callbacks' time window. */
  clock?: () => number;
  /** Prefix of our template card task ids (unique per app forever). */
  taskPrefix?: string;
  /** Forms as signed mobile pages (needs PUBLIC_URL); without it a form reply asks the admin to set it. */
  forms?: FormLinks;
  /** WECOM_ACCOUNT_LIMIT: the company's seats (账号上限数); the app may send seats × 200 messages a day. */
  accountLimit?: number;
  /** WECOM_CONTACT_SECRET: the contact-sync secret, for directory events (change_contact) and `org sync`. */
  contactSecret?: string;
}

export interface WecomAdapter extends Messenger {
  readonly deliverer: Deliverer;
  readonly api: WecomApi;
  /** Resolves when the callbacks accepted so far have been worked on (for tests and graceful shutdown). */
  settled(): Promise<void>;
}

const NEED = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
] as const;

/** WeCom (企业微信): on when its corp id, secret and callback keys are set. */
export const wecomMessenger: MessengerPlatform = {
  name: 'wecom',
  fromEnv({ chat, env, clock, forms }) {
    if ((env.WECOM_CORP_ID ?? '') === '') return null;
    const missing = NEED.filter((k) => (env[k] ?? '') === '');
    if (missing.length > 0)
      throw new ConfigError(
        'ENV_INVALID',
        missing.map((k) => `${k}: required when WECOM_CORP_ID is set`),
        'WeCom is half configured',
      );
    const accountLimit = Number(env.WECOM_ACCOUNT_LIMIT ?? '');
    if ((env.WECOM_ACCOUNT_LIMIT ?? '') !== '' && !(Number.isInteger(accountLimit) && accountLimit > 0))
      throw new ConfigError(
        'ENV_INVALID',
        ['WECOM_ACCOUNT_LIMIT: expected the company’s seat count (账号上限数, a whole number)'],
        'WeCom is misconfigured',
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
      ...((env.WECOM_ACCOUNT_LIMIT ?? '') === '' ? {} : { accountLimit }),
      ...(env.WECOM_CONTACT_SECRET ? { contactSecret: env.WECOM_CONTACT_SECRET } : {}),
      clock,
    });
  },
};

export function wecomAdapter(options: WecomAdapterOptions): WecomAdapter {
  aesKey(options.encodingAesKey); // a wrong key fails at start-up, not on the first callback
  // Every message to a member or chat, from the outbox or in reply, is taken from this one budget in the database.
  const budget = storedSendBudget(options.chat.engine.store, {
    clock: options.chat.engine.clock,
    ...(options.accountLimit === undefined ? {} : { accountLimit: options.accountLimit }),
  });
  const api = wecomApi({
    corpId: options.corpId,
    secret: options.secret,
    agentId: options.agentId,
    budget,
    ...(options.apiBase === undefined ? {} : { apiBase: options.apiBase }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const taskPrefix = options.taskPrefix ?? 'll';
  const codes = storedResponseCodes(options.chat.engine.store, options.chat.engine.clock);
  const deliverer = wecomDeliverer({
    api,
    agentId: options.agentId,
    taskPrefix,
    codes,
    clock: options.clock ?? options.chat.engine.clock,
  });
  const working = new Set<Promise<void>>();
  const inboundDeps = {
    chat: options.chat,
    api,
    agentId: options.agentId,
    taskPrefix,
    codes,
    ...(options.forms === undefined ? {} : { forms: options.forms }),
  };
  // Directory sync: a change_contact callback updates the one member or department it names (re-fetched).
  const directory = wecomDirectory({
    corpId: options.corpId,
    secret: options.secret,
    ...(options.contactSecret === undefined ? {} : { contactSecret: options.contactSecret }),
    ...(options.apiBase === undefined ? {} : { apiBase: options.apiBase }),
  });
  const settled = async () => {
    while (working.size > 0) await Promise.all([...working]);
  };
  return {
    name: 'wecom',
    deliverer,
    api,
    settled,
    pageSignIn: wecomPageSignIn({
      api,
      corpId: options.corpId,
      agentId: options.agentId,
      clock: options.clock ?? Date.now,
    }),
    // WeCom calls us: nothing to connect; stopping waits for the callbacks already acknowledged.
    start: () => Promise.resolve(),
    stop: settled,
    mount(app: express.Express) {
      mountCallback(
        app,
        { token: options.token, encodingAesKey: options.encodingAesKey, receiveId: options.corpId },
        (inbound) => {
          const change = inbound.raw === undefined ? null : contactChangeOf(inbound.raw);
          // A rep added a customer on WeChat (客户联系): read it with the app's secret and match it to a lead.
          const customer = inbound.raw === undefined ? null : contactAddOf(inbound.raw);
          const job = (
            customer !== null
              ? applyContactAdd(options.chat.engine, api, customer).then(() => undefined)
              : change === null
                ? processInbound(inboundDeps, inbound)
                : applyDirectoryChange(options.chat.engine, 'wecom', directory, change)
          )
            .catch((err: unknown) => {
              log({ platform: 'wecom' }).error(
                { err },
                `wecom: a callback from ${inbound.from} failed after it was acknowledged`,
              );
            })
            .finally(() => working.delete(job));
          working.add(job);
        },
        options.clock ?? Date.now,
      );
    },
  };
}

export { CALLBACK_PATH };
