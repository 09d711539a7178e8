// The outbox worker's door to WeCom (src/conversation/delivery.ts). People get app messages (message/send), team
// channels are group chats (appchat/send); button cards are updated with update_template_card and the
// response_codes kept for each card (response-codes.ts): each updates a card once, within 72 h; with none left, a
// fresh card is sent that says the old one is out of date. The worker owns retries and pacing.
import {
  DeliveryError,
  type Address,
  type Deliverer,
  type DeliveryMeta,
  type DeliveryProgress,
} from '../../src/conversation/delivery.ts';
import type { Card } from '../../src/kernel/card.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import { TOKEN_ERRCODES, WecomApiError, type WecomApi } from './api.ts';
import { uploadCardMedia } from './media.ts';
import { renderMessage, renderUpdate, taskId } from './render.ts';
import { baseTask, deliveryOfTask, type ResponseCodes } from './response-codes.ts';
import { log } from '../../src/log.ts';

/** Our own pace per member, so a burst of notices spreads out; WeCom's own limits are kept by the shared send
 * budget (budget.ts), which every message/send and appchat/send call goes through. */
export const WECOM_MIN_INTERVAL_MS = 2000;
export { DUPLICATE_CHECK_SECONDS } from './api.ts';

export interface WecomDelivererOptions {
  api: WecomApi;
  agentId: number;
  /** Task ids must be unique per app forever; the prefix keeps two installs on one app apart. */
  taskPrefix?: string;
  /** Where the cards' response_codes are kept (the deliveries table). */
  codes: ResponseCodes;
  /** For the age of media ids kept for a retry (media.ts). */
  clock?: () => number;
}

/** Progress step (delivery.ts): how many of a group post's messages went out. */
const GROUP_SENT = 'wecom.groupSent';

/** Our reference to a sent message: `u|userid|task|` or `c|chatid|task|` (the last field held the send's
 * response_code before they were kept in deliveries.response_codes; it is no longer used). ('|' is WeCom's own list
 * separator, so it never occurs in an id.) */
export interface MessageRef {
  kind: 'user' | 'channel';
  id: string;
  task: string;
  responseCode: string;
}

export function formatRef(ref: MessageRef): string {
  return [ref.kind === 'user' ? 'u' : 'c', ref.id, ref.task, ref.responseCode].join('|');
}

export function parseRef(ref: string): MessageRef {
  const [kind, id, task, responseCode] = ref.split('|');
  if ((kind !== 'u' && kind !== 'c') || id === undefined || id === '' || task === undefined)
    throw new DeliveryError(`not a WeCom message reference: ${ref}`, { permanent: true });
  return { kind: kind === 'u' ? 'user' : 'channel', id, task, responseCode: responseCode ?? '' };
}

export function wecomDeliverer(options: WecomDelivererOptions): Deliverer {
  const { api, agentId, codes } = options;
  const prefix = options.taskPrefix ?? 'll';
  const clock = options.clock ?? Date.now;

  /** `owner`: the delivery whose card this is (its response_code is kept for it). The chart goes before the card,
   * the file after it; all of them are taken from the send budget at once, so none is sent without the others. */
  async function post(
    address: Address,
    card: Card,
    task: string,
    locale: Locale,
    owner: number,
    progress?: DeliveryProgress,
  ): Promise<string> {
    const media = await uploadCardMedia(api, card, {
      now: clock(),
      ...(progress === undefined ? {} : { progress }),
    });
    const message = renderMessage(card, { chat: address.kind === 'channel', taskId: task, locale });
    const messages = [...media.before, message, ...media.after];
    if (address.kind === 'channel') {
      // appchat/send has no duplicate check: a retry sends only the messages an earlier try did not (its progress),
      // so the group does not see the chart twice when the card after it failed.
      const before = Number(progress?.done[GROUP_SENT] ?? 0);
      await api.send(
        address,
        messages.slice(before),
        (n) => progress?.save(GROUP_SENT, before + n) ?? Promise.resolve(),
      );
      return formatRef({ kind: 'channel', id: address.id, task, responseCode: '' });
    }
    const answers = await api.send(address, messages);
    const sent = answers[media.before.length] ?? {};
    // WeCom answers errcode 0 and lists the recipients it could not reach.
    const invalid = typeof sent.invaliduser === 'string' ? sent.invaliduser.split('|') : [];
    if (invalid.includes(address.id))
      throw new DeliveryError(`wecom message/send: ${address.id} is not a member the app can reach`, {
        permanent: true,
      });
    if (typeof sent.response_code === 'string' && sent.response_code !== '')
      await codes.keep(owner, sent.response_code);
    return formatRef({ kind: 'user', id: address.id, task, responseCode: '' });
  }

  /** Changes a person's card with one of its unused response_codes; false when none is left or WeCom refused
   * the code (spent or expired: https://developer.work.weixin.qq.com/document/path/94945). */
  async function updateInPlace(sent: MessageRef, card: Card): Promise<boolean> {
    const owner = deliveryOfTask(prefix, sent.task);
    const taken = owner === null ? null : await codes.take(owner);
    if (owner === null || taken === null) return false;
    try {
      await api.post('message/update_template_card', {
        userids: [sent.id],
        agentid: agentId,
        response_code: taken.code,
        ...renderUpdate(card, sent.task),
      });
      return true;
    } catch (err) {
      // WeCom names no errcode of its own for a spent code (we see 40058, "不合法的参数"); whatever it says, a
      // refusal that a retry would not cure is answered with a fresh card, so the person still hears the change.
      if (toDeliveryError('update', err).options.permanent === true) {
        log({ platform: 'wecom' }).error(
          { err },
          `wecom: update_template_card refused for ${sent.task}, sending a fresh card`,
        );
        return false;
      }
      // Not refused (network, busy, rate limit): the code may still be good, so it goes back for the retry.
      await codes.keep(owner, taken.code, taken.issuedAt);
      throw err;
    }
  }

  return {
    platform: 'wecom',
    minIntervalMs: WECOM_MIN_INTERVAL_MS,
    send: (address: Address, card: Card, meta: DeliveryMeta) =>
      wecomCall('send', () =>
        post(
          address,
          card,
          taskId(`${prefix}-d${meta.deliveryId}`),
          meta.locale,
          meta.deliveryId,
          meta.progress,
        ),
      ),
    update: (ref: string, address: Address, card: Card, meta: DeliveryMeta) =>
      wecomCall('update', async () => {
        const sent = parseRef(ref);
        const owner = deliveryOfTask(prefix, sent.task) ?? meta.deliveryId;
        const fresh = taskId(`${baseTask(sent.task)}-u${meta.deliveryId}`);
        if (sent.kind === 'channel') {
          // Group messages cannot be edited: the group hears the new state as a new message.
          await post(address, { ...card, actions: [] }, fresh, meta.locale, owner, meta.progress);
          return undefined;
        }
        if (await updateInPlace(sent, card)) return undefined;
        // No code left for the old card: a new one, saying the one above is out of date; later updates change it.
        const body = [t(meta.locale, 'card.replaced'), card.body ?? ''].filter((s) => s !== '').join('\n');
        return post(address, { ...card, body }, fresh, meta.locale, owner, meta.progress);
      }),
    // WeCom's duplicate check drops a resend of the same message within 30 minutes: resending is safe.
    reconcile: () => Promise.resolve(null),
  } satisfies Deliverer;
}

async function wecomCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toDeliveryError(what, err);
  }
}

/** WeCom's failures, sorted into "wait this long", "try again later" and "never again". */
export function toDeliveryError(what: string, err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (!(err instanceof WecomApiError)) return new DeliveryError(`wecom ${what}: ${(err as Error).message}`);
  switch (err.code) {
    case 'NETWORK':
    case 'BAD_RESPONSE':
      return new DeliveryError(err.message);
    case 'HTTP': {
      const status = err.details.status ?? 0;
      if (status === 429) return new DeliveryError(err.message, { rateLimited: true });
      return new DeliveryError(err.message, { permanent: status >= 400 && status < 500 });
    }
    case 'BUDGET':
      return new DeliveryError(err.message, { retryAfterMs: err.retryAfterMs ?? 60_000, rateLimited: true });
    case 'ERRCODE': {
      const errcode = err.details.errcode ?? 0;
      if (err.rateLimited)
        return new DeliveryError(err.message, { retryAfterMs: err.retryAfterMs, rateLimited: true });
      // -1: system busy. A token still refused after one refresh may be a secret being rotated: retry later.
      if (errcode === -1 || TOKEN_ERRCODES.has(errcode)) return new DeliveryError(err.message);
      // Invalid user/chat (40003, 81013, 86003), untrusted IP (60020), bad card, used response_code…: a retry
      // fails the same way, so it is parked for an admin.
      return new DeliveryError(err.message, { permanent: true });
    }
  }
}
