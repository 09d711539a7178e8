// What the use cases need from storage: the store, one transaction's repositories, and the ports shared by
// every module (the event log, the outbox and deliveries, settings, API keys, inbound de-duplication). Each
// module's own slice is in src/modules/<m>/ports.ts; they are re-exported here so a use case can name any port.
import type { LeadEvent, SystemEvent } from '../kernel/events.ts';
import type { CustomerRepo } from './customers/ports.ts';
import type { DealRepo, RiskRepo } from './deals/ports.ts';
import type { KbiRepo, TargetRepo } from './kbi/ports.ts';
import type { LeadRepo } from './leads/ports.ts';
import type { OrgRepo } from './org/ports.ts';
import type { PlatformReportRepo, ReportRepo } from './reports/ports.ts';
export type * from './customers/ports.ts';
export type * from './deals/ports.ts';
export type * from './kbi/ports.ts';
export type * from './leads/ports.ts';
export type * from './org/ports.ts';
export type * from './reports/ports.ts';

export interface Store {
  /** One unit of work: everything inside commits together or not at all. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /**
   * The same store for the scheduled jobs, where units of work take turns on one connection (SQLite): theirs wait
   * while a request's are queued, up to a bound (issue 23, item 1). Absent where units run side by side
   * (PostgreSQL's pool): the jobs use the store itself.
   */
  background?(): Store;
}

export interface Tx {
  leads: LeadRepo;
  org: OrgRepo;
  events: EventRepo;
  outbox: OutboxRepo;
  deliveries: DeliveryRepo;
  apiKeys: ApiKeyRepo;
  settings: SettingsRepo;
  inbound: InboundRepo;
  deals: DealRepo;
  reports: ReportRepo;
  platformReports: PlatformReportRepo;
  kbi: KbiRepo;
  targets: TargetRepo;
  sendBudget: SendBudgetRepo;
  customers: CustomerRepo;
  risks: RiskRepo;
}

/** Where uploaded evidence files are kept (the data directory on disk). */
export interface FileStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Uint8Array | null>;
  /** Deletes the file; false when there was none. */
  remove(sha256: string): Promise<boolean>;
  /**
   * Deletes the files last written before `before` (epoch ms) that `keep` does not want, and temporary files a
   * crashed write left behind; files written since are kept whatever `keep` says.
   */
  sweep(keep: (sha256: string) => boolean, before: number): Promise<{ removed: number; kept: number }>;
}

export interface InboundRepo {
  /** Records a platform callback; true the first time it is seen, false for a redelivery. */
  firstTime(platform: string, key: string, now: number): Promise<boolean>;
  /** True when this key was recorded (and not forgotten since). */
  seen(platform: string, key: string): Promise<boolean>;
  /** Forgets one key again (a single-use form link whose submission was invalid may be sent once more). */
  release(platform: string, key: string): Promise<void>;
  /** Forgets callbacks seen before `before` (platforms stop redelivering within hours). */
  forget(before: number): Promise<number>;
  /** Keeps a message until it is acted on (inbound_pending), to be tried at `nextAt`. */
  hold(platform: string, key: string, body: string, now: number, nextAt: number): Promise<void>;
  /** Kept messages due at `now`, oldest first. */
  due(platform: string, now: number, limit: number): Promise<PendingInbound[]>;
  /**
   * Takes a kept message for one try until `leaseUntil` (counting the attempt): false when another instance took it
   * since it was read (its next_at is no longer `seenNextAt`).
   */
  take(platform: string, key: string, seenNextAt: number, leaseUntil: number): Promise<boolean>;
  /** A try failed: tried again at `nextAt`. */
  later(platform: string, key: string, nextAt: number, error: string): Promise<void>;
  /** Acted on (or given up): no longer kept. */
  drop(platform: string, key: string): Promise<void>;
}

export interface PendingInbound {
  key: string;
  body: string;
  receivedAt: number;
  nextAt: number;
  attempts: number;
}

export interface StoredEvent {
  id: number;
  event: LeadEvent;
}

export interface EventRepo {
  append(event: LeadEvent | SystemEvent): Promise<number>;
  /** Appends these events in this order, as `append` one by one would (a statement per many, not per event). */
  appendMany(events: ReadonlyArray<LeadEvent | SystemEvent>): Promise<void>;
  forLead(leadId: number): Promise<LeadEvent[]>;
  /** The last event of this type of each of these leads (a lead with none is absent). */
  lastOfType(leadIds: readonly number[], type: LeadEvent['type']): Promise<Map<number, LeadEvent>>;
  /** Market claims by this person since a time (the daily cap). */
  countMarketClaims(personId: string, since: number): Promise<number>;
  /** Events of the given types in [from, to), oldest first. */
  between(from: number, to: number, types?: readonly string[]): Promise<LeadEvent[]>;
  /**
   * What `between(from, to, types)` reads, kept to one person's leads, in the same order: the events on each lead
   * on which they are the actor of an event of these types in [from, to) or of a `lead.claimed` before `to`,
   * and the lead-less ones they are the actor of.
   */
  ofPerson(personId: string, from: number, to: number, types: readonly string[]): Promise<LeadEvent[]>;
  /** Every event of these leads (only of these types, when given), oldest first. */
  forLeads(leadIds: readonly number[], types?: readonly string[]): Promise<LeadEvent[]>;
  /**
   * F30: the deals of `pipeline` that entered a stage (a deal.created or deal.advanced event) in [from, to),
   * with every event of theirs of the given types before `before` (and at or after `since`, when given), oldest
   * first (by at, then as appended), and each deal's owner. A reader that caches the log (src/store/sql/stage-log.ts)
   * may hand out the same frozen events array again for the same answer.
   */
  dealStageLog(q: {
    pipeline: string;
    from: number;
    to: number;
    before: number;
    types: readonly string[];
    since?: number;
  }): Promise<{ events: readonly LeadEvent[]; owners: Map<number, string> }>;
  count(): Promise<number>;
}

/** A person (DM), a team (its channel), or every card already sent about a lead (to update them). */
export type Recipient =
  { kind: 'person'; id: string } | { kind: 'team'; id: string } | { kind: 'lead'; id: string };

/** A notice for someone, as a template id and its data; the messages layer renders it per platform and locale. */
/** A notice as the outbox keeps it: any template and data, including those written by older versions. */
export interface StoredNotice {
  to: Recipient;
  template: string;
  data: Record<string, unknown>;
  leadId?: number;
}

declare const typedNotice: unique symbol;

/**
 * A notice to queue, made by `notice()` (notice-data.ts), which types its data by its template: a plain object
 * is not one, so an unknown template or a payload of the wrong shape is a compile error at the call.
 */
export interface Notice extends StoredNotice {
  readonly [typedNotice]: true;
}

export interface OutboxRow extends StoredNotice {
  id: number;
  createdAt: number;
  /**
   * pending → dispatched (fanned out into deliveries). Outside working hours a notice that can wait is `held`
   * until `heldUntil`, then pending again — or `folded` into a manager's morning patrol instead.
   */
  status: 'pending' | 'dispatched' | 'held' | 'folded';
  attempts: number;
}

export interface OutboxRepo {
  enqueue(notice: Notice, now: number): Promise<number>;
  /** Queues these notices in this order, as `enqueue` one by one would (a statement per many, not per notice). */
  enqueueMany(notices: readonly Notice[], now: number): Promise<void>;
  /** The same, each notice queued at its own moment (a group of leads taken in together). */
  enqueueAt(notices: ReadonlyArray<{ notice: Notice; at: number }>): Promise<void>;
  list(filter: { status?: OutboxRow['status']; limit: number }): Promise<OutboxRow[]>;
  get(id: number): Promise<OutboxRow | null>;
  /** Pending notices, oldest first, held for this transaction (another instance skips them). */
  takePending(limit: number): Promise<OutboxRow[]>;
  /** Marks a notice fanned out into deliveries; false if another instance did it first. */
  markDispatched(id: number, now: number): Promise<boolean>;
  /** How many notices wait to be fanned out (for /metrics). */
  countPending(): Promise<number>;
  /** Quiet hours (issue 25): a pending notice waits until `until`; `reason` says why it was held. */
  hold(id: number, until: number, reason: string): Promise<boolean>;
  /** Held notices whose time has come are pending again; how many. */
  releaseHeld(now: number): Promise<number>;
  /** The notices held for a person, oldest first. */
  heldFor(personId: string, limit: number): Promise<OutboxRow[]>;
  /** A held notice shown in a patrol instead of being sent; false when it was released or folded meanwhile. */
  fold(id: number, now: number): Promise<boolean>;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'parked';

export interface NewDelivery {
  noticeId: number;
  platform: string;
  address: { kind: 'user' | 'channel'; id: string };
  recipient: { kind: 'person' | 'team'; id: string };
  leadId: number | null;
  action: 'post' | 'update';
  /** For an update: the delivery whose message it replaces. */
  targetId: number | null;
}

export interface DeliveryRow extends NewDelivery {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  reconcile: boolean;
  /** While `sending`: until when the instance sending it holds it (then another may take it over). */
  leaseUntil: number | null;
  platformRef: string | null;
  /** The card as last sent, JSON. */
  card: string | null;
  /** What a failed try got done on the platform (JSON; src/conversation/delivery.ts DeliveryProgress). */
  progress: string | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface DeliveryRepo {
  add(d: NewDelivery, now: number): Promise<number>;
  get(id: number): Promise<DeliveryRow | null>;
  /** Posts about a lead that reached their platform, so their messages can be updated. */
  sentPostsForLead(leadId: number): Promise<DeliveryRow[]>;
  /**
   * Takes due deliveries that are first in line for their address (one per address, so each address gets
   * its messages in order), marks them `sending` with a lease until `leaseUntil`, and returns them.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<DeliveryRow[]>;
  /** Deliveries whose worker died mid-send (lease expired): pending again, to be reconciled before resending. */
  releaseExpired(now: number): Promise<number>;
  /**
   * Extends our claim on a delivery to `leaseUntil`, if it is still ours: `sending` under the claim that counted
   * `attempts` (each claim counts one more, so another instance's claim never matches ours). False when the lease
   * lapsed and the delivery was released or taken over: the caller must not send it.
   */
  renewLease(id: number, attempts: number, leaseUntil: number): Promise<boolean>;
  markSent(id: number, ref: string, card: string, now: number): Promise<void>;
  /** Back to pending until `nextAttemptAt`; `countAttempt` false for our own rate limiting (no failure). */
  /** `reconcile`: the next try asks the platform whether the message went out before sending it again. */
  retryLater(
    id: number,
    nextAttemptAt: number,
    error: string | null,
    countAttempt: boolean,
    reconcile?: boolean,
  ): Promise<void>;
  park(id: number, error: string): Promise<void>;
  /** Records the card now shown by an updated message. */
  setCard(id: number, card: string): Promise<void>;
  /** Points a post at the message that now stands for it (WeCom: a fresh card sent when the old one could no
   * longer be updated). */
  setRef(id: number, ref: string): Promise<void>;
  /** WeCom: keeps a response_code that can update this post's card once (from message/send or a click on it). */
  addResponseCode(id: number, code: string, issuedAt: number): Promise<void>;
  /** WeCom: takes the oldest kept response_code issued after `notBefore` (older ones are dropped), or null. */
  takeResponseCode(id: number, notBefore: number): Promise<{ code: string; issuedAt: number } | null>;
  /** Records what a try got done on the platform (a chart shared, a media id), for the next try. */
  setProgress(id: number, progress: string): Promise<void>;
  /** An admin's retry of a parked delivery. */
  unpark(id: number, now: number): Promise<boolean>;
  list(filter: { status?: DeliveryStatus; limit: number }): Promise<DeliveryRow[]>;
  /** How many deliveries each platform has in each status other than sent (for /metrics). */
  countUnsent(): Promise<Array<{ platform: string; status: Exclude<DeliveryStatus, 'sent'>; count: number }>>;
  /** Sent posts on a platform to any of these recipients, newest first. */
  inbox(
    platform: string,
    recipients: ReadonlyArray<{ kind: 'person' | 'team'; id: string }>,
    limit: number,
  ): Promise<DeliveryRow[]>;
}

/** One request to a platform's send budget (WeCom: messages per member per minute and hour, per app per day). */
export interface SendBudgetRequest {
  /** The platform's budget ('wecom'): takes within one scope are one at a time across every instance. */
  scope: string;
  /** Whose limits these are (`u:userid`, `c:chatid`). */
  key: string;
  /** How many messages to take at once. */
  count: number;
  now: number;
  /** Sliding windows over this key's messages: at most `count` within any `perMs`. */
  windows: ReadonlyArray<{ count: number; perMs: number }>;
  /** Caps per calendar day, for this key (`perKey`) or for the whole scope. */
  daily: ReadonlyArray<{ count: number; perKey: boolean }>;
  /** The calendar day `now` falls in (its name, and when the next one begins). */
  day: { name: string; endsAt: number };
}

export type SendBudgetAnswer = { ok: true } | { ok: false; retryAt: number; reason: string };

export interface SendBudgetRepo {
  /** Takes `count` messages if every window and daily cap still allows them all (and records them), or says when
   * they would fit; nothing is taken then. */
  take(request: SendBudgetRequest): Promise<SendBudgetAnswer>;
}

export interface ApiKeyRepo {
  create(
    name: string,
    hash: string,
    now: number,
    scopes: readonly string[],
  ): Promise<'created' | 'name_taken'>;
  findByHash(hash: string): Promise<{ id: number; name: string; scopes: string[] } | null>;
  markUsed(id: number, now: number): Promise<void>;
  list(): Promise<
    Array<{ name: string; createdAt: number; lastUsedAt: number | null; revoked: boolean; scopes: string[] }>
  >;
  revoke(name: string, now: number): Promise<boolean>;
}

export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  /** The settings of these keys that exist (one read for many `get`s). */
  getMany(keys: readonly string[]): Promise<Map<string, string>>;
  set(key: string, value: string): Promise<void>;
  /** Removes a setting and returns what it was; of two callers at once, only one gets it. */
  take(key: string): Promise<string | null>;
}
