// The outbox worker's door to Slack (src/conversation/delivery.ts). The worker owns retries and pacing, so the client
// never retries by itself and refuses rate-limited calls at once instead of sleeping for their Retry-After.
import { ErrorCode, type WebClient } from '@slack/web-api';
import {
  DeliveryError,
  type Address,
  type Deliverer,
  type DeliveryMeta,
} from '../../src/conversation/delivery.ts';
import type { Card } from '../../src/kernel/card.ts';
import { shareCardFiles } from './files.ts';
import { SlackFileError } from './http.ts';
import { renderMessage } from './render.ts';
import { countPlatformError } from '../../src/observe.ts';

/** The metadata event type carrying our delivery id, found again by `reconcile` (conversations.history). */
export const DELIVERY_EVENT = 'leadline_delivery';
/** The progress step (delivery.ts) saying the card's chart and files are in the conversation. */
const FILES_SHARED = 'slack.files';
/** Slack posts about 1 message per second per channel (bursts tolerated). */
export const SLACK_MIN_INTERVAL_MS = 1000;
/** How many deliveries' shared files this process remembers (a retry follows its failure within minutes). */
const REMEMBERED_UPLOADS = 1000;
/** How far back reconcile looks: a crash between the send and our record of it is recent. */
const HISTORY_PAGES = 3;

/** Errors that a retry cannot fix: the message would fail the same way every time. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'user_disabled',
  'users_not_found',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'restricted_action',
  'msg_too_long',
  'invalid_blocks',
  'invalid_arguments',
  'invalid_metadata_format',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'cannot_dm_bot',
  'ekm_access_denied',
]);

export function slackDeliverer(client: WebClient): Deliverer {
  const dms = new Map<string, string>();
  // Deliveries whose chart or file is already in the conversation while their message is not (chat.postMessage
  // failed after the upload): a retry posts the message only, instead of sharing the chart a second time. Kept
  // here and in the delivery's progress (the database, when the outbox worker sends): after a restart too.
  const filesShared = new Set<number>();

  async function channelOf(address: Address): Promise<string> {
    if (address.kind === 'channel') return address.id;
    const known = dms.get(address.id);
    if (known !== undefined) return known;
    const opened = await client.conversations.open({ users: address.id });
    const id = opened.channel?.id;
    if (id === undefined)
      throw new DeliveryError(`slack conversations.open gave no channel for ${address.id}`);
    dms.set(address.id, id);
    return id;
  }

  return {
    platform: 'slack',
    minIntervalMs: SLACK_MIN_INTERVAL_MS,
    send: (address: Address, card: Card, meta: DeliveryMeta) =>
      slackCall('chat.postMessage', async () => {
        const channel = await channelOf(address);
        // The chart and any file first, then the card (its reading, its buttons) beneath them. Shared once: a
        // retry after chat.postMessage failed (here, or on another instance after a restart) posts the card only.
        const hasFiles = card.image !== undefined || card.file !== undefined;
        if (hasFiles && !filesShared.has(meta.deliveryId) && meta.progress?.done[FILES_SHARED] !== true) {
          await shareCardFiles(client, channel, card);
          filesShared.add(meta.deliveryId);
          if (filesShared.size > REMEMBERED_UPLOADS) filesShared.delete(filesShared.values().next().value!);
          await meta.progress?.save(FILES_SHARED, true);
        }
        const sent = await client.chat.postMessage({
          channel,
          ...renderMessage(card),
          unfurl_links: false,
          metadata: { event_type: DELIVERY_EVENT, event_payload: { delivery_id: meta.deliveryId } },
        });
        filesShared.delete(meta.deliveryId);
        return `${sent.channel ?? channel}:${sent.ts ?? ''}`;
      }),
    update: (ref: string, _address: Address, card: Card) =>
      slackCall('chat.update', async () => {
        const { channel, ts } = parseRef(ref);
        await client.chat.update({ channel, ts, ...renderMessage(card) });
      }),
    reconcile: (address: Address, meta: DeliveryMeta) =>
      slackCall('conversations.history', async () => {
        const channel = await channelOf(address);
        let cursor: string | undefined;
        for (let page = 0; page < HISTORY_PAGES; page++) {
          const history = await client.conversations.history({
            channel,
            limit: 100,
            include_all_metadata: true,
            ...(cursor === undefined ? {} : { cursor }),
          });
          const hit = (history.messages ?? []).find((m) => deliveryIdOf(m.metadata) === meta.deliveryId);
          if (hit?.ts !== undefined) return `${channel}:${hit.ts}`;
          cursor = history.response_metadata?.next_cursor;
          if (cursor === undefined || cursor === '') break;
        }
        return null;
      }),
  } satisfies Deliverer;
}

/** The delivery id in a message's metadata, if it is one of ours (the typings leave the payload open). */
function deliveryIdOf(metadata: { event_type?: string; event_payload?: object } | undefined): number | null {
  if (metadata?.event_type !== DELIVERY_EVENT) return null;
  const id = (metadata.event_payload as { delivery_id?: unknown } | undefined)?.delivery_id;
  return typeof id === 'number' || typeof id === 'string' ? Number(id) : null;
}

/** Our reference to a Slack message: `${channel}:${ts}`. */
export function parseRef(ref: string): { channel: string; ts: string } {
  const at = ref.indexOf(':');
  if (at <= 0 || at === ref.length - 1)
    throw new DeliveryError(`not a Slack message reference: ${ref}`, { permanent: true });
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    countPlatformError('slack', slackErrorCode(err));
    throw toDeliveryError(method, err);
  }
}

/** For /metrics: Slack's own error (`channel_not_found`), `ratelimited`, `http_<status>`, or `network`. */
export function slackErrorCode(err: unknown): string {
  if (err instanceof SlackFileError) return `file_http_${err.status ?? 0}`;
  const e = err as { code?: string; statusCode?: number; data?: { error?: string } };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return 'ratelimited';
    case ErrorCode.HTTPError:
      return `http_${e.statusCode ?? 0}`;
    case ErrorCode.PlatformError:
      return e.data?.error ?? 'unknown_error';
    default:
      return err instanceof DeliveryError ? 'delivery' : 'network';
  }
}

/** Slack's failures, sorted into "wait this long", "try again later" and "never again". */
export function toDeliveryError(method: string, err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  // The bytes of a chart or file posted to its upload_url (http.ts): a new upload_url is asked for on the retry.
  if (err instanceof SlackFileError)
    return new DeliveryError(
      `slack ${method}: ${err.message}`,
      err.status === 429 ? { rateLimited: true } : {},
    );
  const e = err as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  switch (e.code) {
    // HTTP 429 with Retry-After (https://docs.slack.dev/apis/web-api/rate-limits): Slack only asks us to wait, so
    // the wait uses up none of the delivery's attempts.
    case ErrorCode.RateLimitedError:
      return new DeliveryError(`slack ${method}: rate limited`, {
        retryAfterMs: (e.retryAfter ?? 1) * 1000,
        rateLimited: true,
      });
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status === 429)
        return new DeliveryError(`slack ${method}: HTTP 429`, { retryAfterMs: 1000, rateLimited: true });
      const permanent = status >= 400 && status < 500 && status !== 408;
      return new DeliveryError(`slack ${method}: HTTP ${status}`, { permanent });
    }
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      if (code === 'ratelimited')
        return new DeliveryError(`slack ${method}: ${code}`, { retryAfterMs: 1000, rateLimited: true });
      return new DeliveryError(`slack ${method}: ${code}`, { permanent: PERMANENT.has(code) });
    }
    default:
      // Network errors, timeouts and anything unexpected: worth another try later.
      return new DeliveryError(`slack ${method}: ${e.message ?? String(err)}`);
  }
}
