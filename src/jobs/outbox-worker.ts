// Delivers outbox notices to the messengers: fans each notice out into deliveries (one per platform and
// address, or one update per earlier copy of a lead's card), then sends them — in order per address, at each
// platform's pace, retrying failures with backoff, parking what keeps failing, and never sending one twice.
// Safe with several instances: rows are claimed in the database, with leases that expire if a worker dies.
import type { ChatDeps } from '../conversation/conversation.ts';
import {
  DeliveryError,
  type Address,
  type Deliverer,
  type DeliveryProgress,
} from '../conversation/delivery.ts';
import type { Person, Platform } from '../kernel/types.ts';
import type { DeliveryRow, NewDelivery, OutboxRow, Tx } from '../modules/ports.ts';
import { orgTimezone } from '../modules/deps.ts';
import type { Card } from '../kernel/card.ts';
import { cardToJson } from '../kernel/card-json.ts';
import { localeOf, type Locale } from '../modules/i18n.ts';
import { noticeCard, type NoticeContext } from '../modules/notices.ts';
import { quietHold } from '../modules/patrol/use-cases/quiet-hours.ts';
import { log } from '../log.ts';

export interface OutboxWorkerDeps extends ChatDeps {
  deliverers: readonly Deliverer[];
}

export interface DeliverOptions {
  now?: number;
  /** How many deliveries to take per round (default 50). */
  limit?: number;
  /** How long a claimed delivery is ours before another instance may take it over (default 60 s). */
  leaseMs?: number;
}

export interface DeliverResult {
  dispatched: number;
  sent: number;
  retried: number;
  parked: number;
  /** Claimed but not sent: the lease lapsed before the platform was called, and another instance has it now. */
  lost: number;
}

/** Failures before a delivery is parked for an admin (`leadline outbox`). */
export const MAX_ATTEMPTS = 8;

/** How long to wait after a rate-limit answer that names no wait of its own. */
export const RATE_LIMIT_WAIT_MS = 10_000;

/** 1 s, 2 s, 4 s … capped at 5 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

// Our own pacing per address, per process and database: the time each address may next receive a message.
// Keyed by the store too, so two organisations (or two tests) served by one deliverer do not share slots.
const nextSlot = new WeakMap<object, WeakMap<Deliverer, Map<string, number>>>();

// The times each address was last sent to, for the deliverer's windowed limits (same keying as the slots).
const sentTimes = new WeakMap<object, WeakMap<Deliverer, Map<string, number[]>>>();

function historyFor(store: object, deliverer: Deliverer): Map<string, number[]> {
  const byDeliverer = sentTimes.get(store) ?? new WeakMap<Deliverer, Map<string, number[]>>();
  sentTimes.set(store, byDeliverer);
  const history = byDeliverer.get(deliverer) ?? new Map<string, number[]>();
  byDeliverer.set(deliverer, history);
  return history;
}

/** When the address may next receive a message under the deliverer's windowed limits (≤ now: at once). */
export function windowSlot(
  times: readonly number[],
  limits: ReadonlyArray<{ count: number; perMs: number }>,
  now: number,
): number {
  let slot = now;
  for (const { count, perMs } of limits) {
    const recent = times.filter((t) => t > now - perMs);
    if (recent.length >= count) slot = Math.max(slot, (recent[recent.length - count] as number) + perMs);
  }
  return slot;
}

function slotsFor(store: object, deliverer: Deliverer): Map<string, number> {
  const byDeliverer = nextSlot.get(store) ?? new WeakMap<Deliverer, Map<string, number>>();
  nextSlot.set(store, byDeliverer);
  const slots = byDeliverer.get(deliverer) ?? new Map<string, number>();
  byDeliverer.set(deliverer, slots);
  return slots;
}

/** One round: dispatch pending notices, then deliver what is due. Call again while it reports work. */
export async function deliverOutbox(
  deps: OutboxWorkerDeps,
  options: DeliverOptions = {},
): Promise<DeliverResult> {
  const now = options.now ?? deps.engine.clock();
  const store = deps.engine.store;
  const result: DeliverResult = { dispatched: 0, sent: 0, retried: 0, parked: 0, lost: 0 };
  await store.transaction((tx) => tx.deliveries.releaseExpired(now));
  result.dispatched = await store.transaction((tx) => dispatch(tx, deps, now));
  const leaseMs = options.leaseMs ?? 60_000;
  const claimed = await store.transaction((tx) =>
    tx.deliveries.claimDue(now, now + leaseMs, options.limit ?? 50),
  );
  const outcomes = await Promise.all(claimed.map((d) => deliverOne(deps, d, now, leaseMs)));
  for (const o of outcomes) result[o]++;
  return result;
}

async function dispatch(tx: Tx, deps: OutboxWorkerDeps, now: number): Promise<number> {
  await tx.outbox.releaseHeld(now);
  const notices = await tx.outbox.takePending(100);
  for (const notice of notices) {
    // Quiet hours (issue 25): what can wait is held in the outbox until the next working moment.
    const hold = await quietHold(tx, deps.engine, notice, now);
    if (hold !== null) {
      await tx.outbox.hold(notice.id, hold.until, hold.reason);
      continue;
    }
    for (const d of await fanOut(tx, deps, notice)) await tx.deliveries.add(d, now);
    await tx.outbox.markDispatched(notice.id, now);
  }
  return notices.length;
}

function platformAddress(
  platform: string,
  person: Person | null,
  teamChannels: Partial<Record<Platform, string>> | null,
  recipientId: string,
): Address | null {
  if (platform === 'playground') return { kind: person !== null ? 'user' : 'channel', id: recipientId };
  const p = platform as Platform;
  if (person !== null)
    return person.identities[p] === undefined ? null : { kind: 'user', id: person.identities[p] };
  const channel = teamChannels?.[p];
  return channel === undefined ? null : { kind: 'channel', id: channel };
}

async function fanOut(tx: Tx, deps: OutboxWorkerDeps, notice: OutboxRow): Promise<NewDelivery[]> {
  const base = { noticeId: notice.id, leadId: notice.leadId ?? null };
  if (notice.to.kind === 'lead') {
    // Every copy of this lead's card, on every platform, shows its new state.
    const posts = await tx.deliveries.sentPostsForLead(Number(notice.to.id));
    return posts.map((p) => ({
      ...base,
      platform: p.platform,
      address: p.address,
      recipient: p.recipient,
      action: 'update',
      targetId: p.id,
    }));
  }
  const person = notice.to.kind === 'person' ? await tx.org.person(notice.to.id) : null;
  const team = notice.to.kind === 'team' ? await tx.org.team(notice.to.id) : null;
  if (person === null && team === null) return [];
  const recipient = { kind: notice.to.kind, id: notice.to.id } as const;
  const out: NewDelivery[] = [];
  // A ready-made card may be meant for one messenger only (the answer to a form sent from a WeCom link).
  const only = typeof notice.data.platform === 'string' ? notice.data.platform : null;
  for (const deliverer of deps.deliverers) {
    if (only !== null && deliverer.platform !== only) continue;
    const address = platformAddress(deliverer.platform, person, team?.channels ?? null, notice.to.id);
    if (address !== null)
      out.push({ ...base, platform: deliverer.platform, address, recipient, action: 'post', targetId: null });
  }
  return out;
}

async function renderFor(
  deps: OutboxWorkerDeps,
  d: DeliveryRow,
): Promise<{ card: Card; locale: Locale; target: DeliveryRow | null }> {
  const { notice, ctx, locale, target } = await deps.engine.store.transaction(async (tx) => {
    const target = d.targetId === null ? null : await tx.deliveries.get(d.targetId);
    // An update re-renders the original notice with the lead as it is now: same title, new state and buttons.
    const notice = await tx.outbox.get(target?.noticeId ?? d.noticeId);
    const person = d.recipient.kind === 'person' ? await tx.org.person(d.recipient.id) : null;
    // Inside this transaction: never open another one here (SQLite runs one unit of work at a time).
    const locale = localeOf(person?.locale ?? (await tx.settings.get('locale')), deps.defaultLocale);
    const timezone = await orgTimezone(tx, deps.engine);
    const leadId = d.leadId ?? notice?.leadId ?? null;
    const lead = leadId === null ? null : await tx.leads.get(leadId);
    const people = await tx.org.people();
    const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
    const view =
      lead === null
        ? null
        : {
            lead,
            ownerName: lead.ownerId === null ? null : nameOf(lead.ownerId),
            timezone,
            viewerId: person?.id ?? null,
          };
    const ctx: NoticeContext = { lead: view, nameOf, timezone, rules: deps.engine.rules };
    return { notice, ctx, locale, target };
  });
  // Drawn after the transaction: a chart takes tens of milliseconds, and the database should not wait for it.
  const card = await noticeCard(
    { template: notice?.template ?? 'unknown', data: notice?.data ?? {} },
    ctx,
    locale,
  );
  return { card, locale, target };
}

type Outcome = 'sent' | 'retried' | 'parked' | 'lost';

/**
 * Holds the delivery's lease while the platform is called: renews it now (false: it lapsed and another instance
 * may have it, so do not send) and every third of the lease until `stop()`. A round takes many deliveries at
 * once, and a busy machine may reach the last of them after the lease it claimed them with: without this, a
 * second instance takes one over (finding nothing sent yet) while the first is still sending, and the message
 * goes out twice.
 */
async function holdLease(
  deps: OutboxWorkerDeps,
  d: DeliveryRow,
  now: number,
  leaseMs: number,
): Promise<{ stop(): void } | null> {
  const store = deps.engine.store;
  const renew = () =>
    store.transaction((tx) =>
      tx.deliveries.renewLease(d.id, d.attempts, Math.max(now, deps.engine.clock()) + leaseMs),
    );
  if (!(await renew())) return null;
  const timer = setInterval(
    () =>
      void renew().then(
        (held) => {
          if (!held) log().warn({ job: 'outbox', delivery: d.id }, 'outbox: lease lost while sending');
        },
        (err: Error) =>
          log().warn({ job: 'outbox', delivery: d.id }, `outbox: lease not renewed: ${err.message}`),
      ),
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The delivery's progress record (delivery.ts), read from its row and written back at each step. */
function deliveryProgress(deps: OutboxWorkerDeps, d: DeliveryRow): DeliveryProgress {
  let done: Record<string, unknown> = {};
  try {
    const parsed = d.progress === null ? null : (JSON.parse(d.progress) as unknown);
    if (typeof parsed === 'object' && parsed !== null) done = parsed as Record<string, unknown>;
  } catch {
    // A record we cannot read is no record: the step is done again.
  }
  return {
    get done() {
      return done;
    },
    async save(step, value) {
      done = { ...done, [step]: value };
      const json = JSON.stringify(done);
      await deps.engine.store.transaction((tx) => tx.deliveries.setProgress(d.id, json));
    },
  };
}

async function deliverOne(
  deps: OutboxWorkerDeps,
  d: DeliveryRow,
  now: number,
  leaseMs: number,
): Promise<Outcome> {
  const store = deps.engine.store;
  const deliverer = deps.deliverers.find((x) => x.platform === d.platform);
  if (deliverer === undefined) {
    await store.transaction((tx) =>
      tx.deliveries.retryLater(
        d.id,
        now + 60_000,
        `no ${d.platform} adapter is configured on this instance`,
        false,
      ),
    );
    return 'retried';
  }
  const slots = slotsFor(store, deliverer);
  const key = `${d.address.kind}:${d.address.id}`;
  const history = historyFor(store, deliverer);
  const times = history.get(key) ?? [];
  const slot = Math.max(slots.get(key) ?? 0, windowSlot(times, deliverer.limits ?? [], now));
  if (slot > now) {
    await store.transaction((tx) => tx.deliveries.retryLater(d.id, slot, null, false));
    return 'retried';
  }
  slots.set(key, now + deliverer.minIntervalMs);
  if (deliverer.limits !== undefined && deliverer.limits.length > 0) {
    const longest = Math.max(...deliverer.limits.map((l) => l.perMs));
    history.set(key, [...times.filter((t) => t > now - longest), now]);
  }
  let lease: { stop(): void } | null = null;
  try {
    const { card, locale, target } = await renderFor(deps, d);
    lease = await holdLease(deps, d, now, leaseMs);
    if (lease === null) return 'lost';
    const meta = { deliveryId: d.id, locale, progress: deliveryProgress(deps, d) };
    let ref: string;
    if (d.action === 'update') {
      if (target?.platformRef == null)
        throw new DeliveryError('the message to update was never sent', { permanent: true });
      const replaced = await deliverer.update(target.platformRef, d.address, card, meta);
      ref = typeof replaced === 'string' ? replaced : target.platformRef;
    } else {
      // After a crash mid-send, ask the platform first: the message may have gone out before we recorded it.
      const found = d.reconcile ? await deliverer.reconcile(d.address, meta) : null;
      ref = found ?? (await deliverer.send(d.address, card, meta));
    }
    // Kept with the delivery (the playground's inbox shows it), a chart's PNG included (card-json.ts).
    const json = cardToJson(card);
    await store.transaction(async (tx) => {
      await tx.deliveries.markSent(d.id, ref, json, now);
      if (target !== null) await tx.deliveries.setCard(target.id, json);
      // A new message stands for the post now: the next update changes that one.
      if (target !== null && ref !== target.platformRef) await tx.deliveries.setRef(target.id, ref);
    });
    return 'sent';
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message);
    if (e.options.permanent === true) {
      await store.transaction((tx) => tx.deliveries.park(d.id, e.message));
      return 'parked';
    }
    if (e.options.rateLimited === true) {
      // The platform only asked us to wait: no attempt is used up (however many times it asks), and nothing else
      // goes to this address before the wait is over.
      const wait = e.options.retryAfterMs ?? RATE_LIMIT_WAIT_MS;
      slots.set(key, now + wait);
      await store.transaction((tx) => tx.deliveries.retryLater(d.id, now + wait, e.message, false));
      return 'retried';
    }
    if (d.attempts >= MAX_ATTEMPTS) {
      await store.transaction((tx) => tx.deliveries.park(d.id, e.message));
      return 'parked';
    }
    const wait = e.options.retryAfterMs ?? backoffMs(d.attempts);
    slots.set(key, now + wait);
    // A failed send may still have reached the platform (a timeout, a reset or a 5xx after it posted): the next try
    // asks the platform first, as after a crash, instead of posting a second copy.
    const unsure = d.action !== 'update';
    await store.transaction((tx) => tx.deliveries.retryLater(d.id, now + wait, e.message, true, unsure));
    return 'retried';
  } finally {
    lease?.stop();
  }
}

/** Runs rounds every `intervalMs` (and back to back while there is work) until stopped. */
export function startOutboxWorker(
  deps: OutboxWorkerDeps,
  options: { intervalMs?: number; log?: (line: string) => void } = {},
): { stop(): Promise<void> } {
  const say = options.log ?? ((line: string) => log().warn({ job: 'outbox' }, line));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      try {
        for (let round = 0; round < 20 && !stopped; round++) {
          const r = await deliverOutbox(deps);
          if (r.parked > 0)
            say(
              `outbox: ${r.parked} deliveries parked after repeated failures (see \`npx leadline outbox\`)`,
            );
          if (r.dispatched + r.sent + r.parked === 0) break;
        }
      } catch (err) {
        say(`outbox: delivery round failed (will retry): ${(err as Error).message}`);
      }
      if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 1000);
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
