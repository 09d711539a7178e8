// How notices leave Leadline: each messenger adapter gives the outbox worker a Deliverer. The worker decides
// what to send, to whom, when and how often; a Deliverer only talks to its platform.
import type { Card } from '../kernel/card.ts';
import type { Locale } from '../modules/i18n.ts';

export type DeliveryPlatform = 'slack' | 'wecom' | 'dingtalk' | 'playground';

/** Where a message goes on a platform: a person's DM or a channel/group chat. */
export interface Address {
  kind: 'user' | 'channel';
  /** The platform's id (Slack user/channel id, WeCom userid/chatid, …; for the playground, our person/team id). */
  id: string;
}

export interface DeliveryMeta {
  /** Our id for this delivery; a Deliverer puts it into the message (Slack `metadata`, WeCom duplicate check,
   * DingTalk `outTrackId`) so that a send interrupted by a crash can be found again instead of repeated. */
  deliveryId: number;
  locale: Locale;
  /** What earlier tries of this delivery got done on the platform, kept in the database (absent without one). */
  progress?: DeliveryProgress;
}

/**
 * A send is several calls (upload the chart, post it, post the card): when a later call fails, the next try, on
 * this instance or another after a restart, must not repeat the earlier ones (a chart shared twice, issue 19
 * item 6). A deliverer records each step it finished; the worker keeps the record with the delivery.
 */
export interface DeliveryProgress {
  /** The steps recorded by earlier tries (and this one), by name. */
  readonly done: Readonly<Record<string, unknown>>;
  /** Records a step before going on; kept in the database when this resolves. */
  save(step: string, value: unknown): Promise<void>;
}

export interface Deliverer {
  readonly platform: DeliveryPlatform;
  /** Our own pace per address (Slack ≈ 1 message/s per channel); the worker waits instead of sending faster. */
  readonly minIntervalMs: number;
  /** Caps per address over longer windows, counted by this process only; the worker holds a message back until the
   * oldest send in the window has aged out. A platform whose caps must hold across instances and for every call
   * keeps them in the database instead (WeCom: adapters/wecom/budget.ts). */
  readonly limits?: ReadonlyArray<{ count: number; perMs: number }>;
  /** Posts a card; returns the platform's reference to the message, used later to update it. */
  send(address: Address, card: Card, meta: DeliveryMeta): Promise<string>;
  /** Replaces a message sent earlier (a claimed lead's card turns into "claimed by …"). Returns the reference of
   * a new message when the old one could not be changed and a new one now stands for it (WeCom, out of codes). */
  update(ref: string, address: Address, card: Card, meta: DeliveryMeta): Promise<string | undefined | void>;
  /** After a crash between the platform's answer and our record of it: the reference of delivery `deliveryId`
   * if it was in fact sent, or null if it was not (then it is sent again). */
  reconcile(address: Address, meta: DeliveryMeta): Promise<string | null>;
}

/** A failed call. `retryAfterMs` from the platform (HTTP 429 Retry-After) wins over our backoff. `rateLimited`:
 * the platform only asked us to wait (Slack 429, WeCom 45009/45033, DingTalk QPS limits), so the try does not use
 * up one of the delivery's attempts. `permanent`: trying again cannot help (the delivery is parked at once). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { retryAfterMs?: number; permanent?: boolean; rateLimited?: boolean } = {},
  ) {
    super(message);
  }
}
