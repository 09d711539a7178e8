import type { EngineDeps } from '../../deps.ts';
import { cardsNotice, pooledNotices } from './lead-notices.ts';
import type { DueLead, Notice, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';
import type { ClockMode } from '../../../kernel/work-clock.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import type { Team } from '../../../kernel/types.ts';

export interface SweepResult {
  /** Offers nobody claimed in time, released to the pool. */
  lapsed: number;
  /** Claimed leads with no follow-up in time, taken back to the pool. */
  reverted: number;
  /** Owners warned that a clock is about to run out. */
  warned: number;
}

/** Due rows read at a time. */
const BATCH = 500;
/**
 * Due leads acted on in one transaction (issue 23, item 7). On PostgreSQL each statement is a round trip and each
 * commit a flush: a group shares one conditional update, its reads, its event and notice inserts and its commit,
 * so a lapse costs ~0.3 statements instead of ~29. Small enough that its leads are not locked for long (a claim on
 * one waits for the group) and that a group which fails is cheap to redo a lead at a time.
 */
const PER_TRANSACTION = 50;
/**
 * Notices one transaction queues at most, roughly: a lead back in the pool is announced to every team, so at 40
 * teams 50 lapses were 2,100 notices, ~60 ms of transaction that a claim clicked meanwhile waited behind.
 */
const NOTICES_PER_TRANSACTION = 1_000;

/** Leads back in the pool per transaction with this many teams: 50, fewer when each is announced widely. */
export function poolingPerTransaction(teams: number): number {
  return Math.max(1, Math.min(PER_TRANSACTION, Math.floor(NOTICES_PER_TRANSACTION / (teams + 2))));
}
/** Notices queued per statement, with a pause for the event loop between (a lapse is a notice per team and two). */
const NOTICES_PER_SLICE = 200;

/**
 * F4: act on every clock that has run out by `at`. Reads only due rows (indexed), acts through conditional
 * updates, so running it twice — or in two processes — acts once, and a server that was down catches up on
 * everything that fell due, once. A lead that cannot be acted on keeps neither the others nor its own retry at
 * the next sweep from happening; the sweep then fails at the end, saying which.
 */
export async function sweep(deps: EngineDeps, at: number = deps.clock()): Promise<SweepResult> {
  const failed = new Map<number, string>();
  const pooling = poolingPerTransaction((await deps.store.transaction((tx) => tx.org.teams())).length);
  const result: SweepResult = {
    lapsed: await drain(
      deps,
      (tx) => tx.leads.dueOffers(at, BATCH),
      (tx, due) => lapse(tx, due, at),
      failed,
      pooling,
    ),
    reverted: await drain(
      deps,
      (tx) => tx.leads.dueFollowUps(at, BATCH),
      (tx, due) => revert(tx, deps, due, at),
      failed,
      pooling,
    ),
    warned: await drain(
      deps,
      (tx) => tx.leads.dueWarnings(at, BATCH),
      (tx, due) => warn(tx, due, at),
      failed,
      PER_TRANSACTION,
    ),
  };
  if (failed.size > 0) {
    const which = [...failed].slice(0, 5).map(([id, why]) => `lead ${id}: ${why}`);
    throw new Error(
      `sweep: ${result.lapsed} offers released, ${result.reverted} leads taken back, ${result.warned} warnings; ` +
        `${failed.size} leads failed (the next sweep tries them again): ${which.join('; ')}`,
    );
  }
  return result;
}

type Act<T> = (tx: Tx, due: readonly T[]) => Promise<number>;

/** Reads due rows a batch at a time and acts on them a group per transaction, until a batch changes nothing more. */
async function drain<T extends DueLead>(
  deps: EngineDeps,
  read: (tx: Tx) => Promise<T[]>,
  act: Act<T>,
  failed: Map<number, string>,
  perTransaction: number,
): Promise<number> {
  let acted = 0;
  for (;;) {
    const due = await deps.store.transaction(read);
    let actedNow = 0;
    for (let i = 0; i < due.length; i += perTransaction)
      actedNow += await actOn(deps, due.slice(i, i + perTransaction), act, failed);
    acted += actedNow;
    // Items left as they were (e.g. a paused clock) would come back in the next batch: stop instead of spinning.
    if (due.length < BATCH || actedNow === 0) return acted;
  }
}

/**
 * Acts on a group in one transaction. If that fails, nothing of it was kept: each of its leads is tried again in
 * a transaction of its own, so only a lead that fails alone is left (and recorded in `failed`).
 */
async function actOn<T extends DueLead>(
  deps: EngineDeps,
  group: readonly T[],
  act: Act<T>,
  failed: Map<number, string>,
): Promise<number> {
  try {
    return await deps.store.transaction((tx) => act(tx, group));
  } catch (err) {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      failed.set(only.id, (err as Error).message || String(err));
      return 0;
    }
    let acted = 0;
    for (const item of group) acted += await actOn(deps, [item], act, failed);
    return acted;
  }
}

/**
 * The clock the deadline being acted on ran on, as the event that set it recorded (issue 25): the take-back
 * event stores it with its reason. Events from before clocks had modes ran on plain time.
 */
function clockOf(e: LeadEvent | undefined): ClockMode {
  return (e?.type === 'lead.offered' || e?.type === 'lead.claimed' ? e.clock : undefined) ?? 'wall';
}

/**
 * The leads are back in the pool: for each, in order, every team hears of it, its cards are refreshed, then its
 * own notices (`own`) are queued.
 */
async function pooledAgain(
  tx: Tx,
  teams: readonly Team[],
  pooled: ReadonlyArray<{ id: number; own: Notice[] }>,
  at: number,
): Promise<void> {
  const leads = await tx.leads.getMany(pooled.map((p) => p.id));
  const notices = pooled.flatMap(({ id, own }) => {
    const lead = leads.get(id);
    return [...(lead === undefined ? [] : pooledNotices(teams, lead)), cardsNotice(id), ...own];
  });
  for (let i = 0; i < notices.length; i += NOTICES_PER_SLICE) {
    await tx.outbox.enqueueMany(notices.slice(i, i + NOTICES_PER_SLICE), at);
    // SQLite writes on the event loop: a group's thousand notices at once held it for 30–60 ms. Other work runs
    // in between (none of it can write meanwhile: the store runs one transaction at a time).
    if (i + NOTICES_PER_SLICE < notices.length) await pause();
  }
}

function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The due leads that have an owner, as `updateHeld` takes them. */
function held(due: readonly DueLead[]): Array<DueLead & { ownerId: string }> {
  return due.filter((d): d is DueLead & { ownerId: string } => d.ownerId !== null);
}

async function lapse(tx: Tx, due: readonly DueLead[], at: number): Promise<number> {
  const offers = held(due);
  const done = await tx.leads.updateHeld(
    offers,
    { status: 'offered', offerExpiresBy: at },
    { status: 'pool', ownerId: null, offerExpiresAt: null, warnAt: null },
    at,
  );
  const lapsed = offers
    .filter((o) => done.has(o.id))
    .map(({ id, ownerId: from, dueAt }) => ({ id, from, dueAt }));
  if (lapsed.length === 0) return 0;
  const offered = await tx.events.lastOfType(
    lapsed.map((l) => l.id),
    'lead.offered',
  );
  await tx.events.appendMany(
    lapsed.map(({ id, from, dueAt }) => ({
      type: 'lead.offer_lapsed' as const,
      at,
      leadId: id,
      actorId: null,
      from,
      dueAt,
      clock: clockOf(offered.get(id)),
    })),
  );
  const own = ({ id: leadId, from, dueAt }: (typeof lapsed)[number]) => [
    notice({
      to: { kind: 'person', id: from },
      template: 'lead.offer_lapsed',
      data: { leadId, dueAt },
      leadId,
    }),
  ];
  await pooledAgain(
    tx,
    await tx.org.teams(),
    lapsed.map((l) => ({ id: l.id, own: own(l) })),
    at,
  );
  return lapsed.length;
}

async function revert(tx: Tx, deps: EngineDeps, due: readonly DueLead[], at: number): Promise<number> {
  const people = new Map((await tx.org.people()).map((p) => [p.id, p]));
  const taking: Array<DueLead & { ownerId: string }> = [];
  for (const d of held(due)) {
    const owner = people.get(d.ownerId);
    if (owner?.outOfOffice === true && deps.rules.pool.pauseFollowUpWhenOutOfOffice) continue;
    // A lead under an open deal is the deal owner's: its clock is stopped, never a reason to take it back (a
    // clock left running by an older version is cleared here).
    const deal = await tx.deals.byLead(d.id);
    if (deal?.status === 'open') {
      await tx.leads.update(
        d.id,
        { status: 'owned', ownerId: d.ownerId },
        { followUpDueAt: null, warnAt: null },
        at,
      );
      continue;
    }
    taking.push(d);
  }
  const done = await tx.leads.updateHeld(
    taking,
    { status: 'owned', followUpDueBy: at },
    { status: 'pool', ownerId: null, followUpDueAt: null, warnAt: null },
    at,
  );
  const reverted = taking
    .filter((t) => done.has(t.id))
    .map(({ id, ownerId: from, dueAt }) => ({ id, from, dueAt, owner: people.get(from) }));
  if (reverted.length === 0) return 0;
  const claimed = await tx.events.lastOfType(
    reverted.map((r) => r.id),
    'lead.claimed',
  );
  await tx.events.appendMany(
    reverted.map(({ id, from, dueAt }) => ({
      type: 'lead.reverted' as const,
      at,
      leadId: id,
      actorId: null,
      from,
      dueAt,
      reason: 'NO_FOLLOW_UP' as const,
      clock: clockOf(claimed.get(id)),
    })),
  );
  const teams = await tx.org.teams();
  const own = ({ id: leadId, from, dueAt, owner }: (typeof reverted)[number]) => {
    const notices = [
      notice({
        to: { kind: 'person', id: from },
        template: 'lead.reverted',
        data: { leadId, dueAt },
        leadId,
      }),
    ];
    const managerId = owner?.teamId ? teams.find((t) => t.id === owner.teamId)?.managerId : null;
    if (managerId) {
      notices.push(
        notice({
          to: { kind: 'person', id: managerId },
          template: 'lead.reverted.manager',
          data: { leadId, dueAt, ownerId: from },
          leadId,
        }),
      );
    }
    return notices;
  };
  await pooledAgain(
    tx,
    teams,
    reverted.map((r) => ({ id: r.id, own: own(r) })),
    at,
  );
  return reverted.length;
}

async function warn(tx: Tx, due: ReadonlyArray<DueLead & { status: string }>, at: number): Promise<number> {
  const warned: Array<{ id: number; to: string; about: 'offer' | 'follow_up'; dueAt: number }> = [];
  for (const { id, ownerId: to, status, dueAt } of due) {
    const about = status === 'offered' ? 'offer' : 'follow_up';
    // A warning whose deadline has already passed is pointless; the deadline sweep above has acted instead.
    const ok = await tx.leads.update(
      id,
      { status: ['offered', 'owned', 'pool', 'won', 'lost', 'merged'], warnBy: at },
      { warnAt: null },
      at,
    );
    if (ok && to !== null && dueAt > at) warned.push({ id, to, about, dueAt });
  }
  await tx.events.appendMany(
    warned.map(({ id, to, about, dueAt }) => ({
      type: 'lead.warned' as const,
      at,
      leadId: id,
      actorId: null,
      to,
      about,
      dueAt,
    })),
  );
  await tx.outbox.enqueueMany(
    warned.map(({ id: leadId, to, about, dueAt }) =>
      notice({
        to: { kind: 'person', id: to },
        template: about === 'offer' ? 'lead.offer_expiring' : 'lead.follow_up_due',
        data: { leadId, dueAt },
        leadId,
      }),
    ),
    at,
  );
  return warned.length;
}
