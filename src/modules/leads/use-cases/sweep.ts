import type { EngineDeps } from '../../deps.ts';
import { announcePooled, refreshLeadCards } from './lead-notices.ts';
import type { Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';
import type { ClockMode } from '../../../kernel/work-clock.ts';

export interface SweepResult {
  /** Offers nobody claimed in time, released to the pool. */
  lapsed: number;
  /** Claimed leads with no follow-up in time, taken back to the pool. */
  reverted: number;
  /** Owners warned that a clock is about to run out. */
  warned: number;
}

const BATCH = 500;

/**
 * F4: act on every clock that has run out by `at`. Reads only due rows (indexed), acts through
 * conditional updates, one transaction per lead, so running it twice — or in two processes — acts once,
 * and a server that was down catches up on everything that fell due, once.
 */
export async function sweep(deps: EngineDeps, at: number = deps.clock()): Promise<SweepResult> {
  const result: SweepResult = { lapsed: 0, reverted: 0, warned: 0 };

  result.lapsed = await drain(
    deps,
    (tx) => tx.leads.dueOffers(at, BATCH),
    (tx, d) => lapseOffer(tx, d.id, d.ownerId, d.dueAt, at),
  );
  result.reverted = await drain(
    deps,
    (tx) => tx.leads.dueFollowUps(at, BATCH),
    (tx, d) => revert(tx, deps, d.id, d.ownerId, d.dueAt, at),
  );
  result.warned = await drain(
    deps,
    (tx) => tx.leads.dueWarnings(at, BATCH),
    (tx, d) => warn(tx, d.id, d.ownerId, d.status, d.dueAt, at),
  );
  return result;
}

/** Reads due rows a batch at a time and acts on each in its own transaction, until a batch changes nothing more. */
async function drain<T>(
  deps: EngineDeps,
  read: (tx: Tx) => Promise<T[]>,
  act: (tx: Tx, item: T) => Promise<boolean>,
): Promise<number> {
  let acted = 0;
  for (;;) {
    const due = await deps.store.transaction(read);
    let actedNow = 0;
    for (const item of due) if (await deps.store.transaction((tx) => act(tx, item))) actedNow++;
    acted += actedNow;
    // Items left as they were (e.g. a paused clock) would come back in the next batch: stop instead of spinning.
    if (due.length < BATCH || actedNow === 0) return acted;
  }
}

/**
 * The clock the deadline being acted on ran on, as the event that set it recorded (issue 25): the take-back
 * event stores it with its reason. Events from before clocks had modes ran on plain time.
 */
async function clockOfLast(
  tx: Tx,
  leadId: number,
  type: 'lead.offered' | 'lead.claimed',
): Promise<ClockMode> {
  const events = await tx.events.forLead(leadId);
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === type) return e.clock ?? 'wall';
  }
  return 'wall';
}

async function pooledAgain(tx: Tx, leadId: number, at: number): Promise<void> {
  const lead = await tx.leads.get(leadId);
  if (lead !== null) await announcePooled(tx, lead, at);
  await refreshLeadCards(tx, leadId, at);
}

async function lapseOffer(
  tx: Tx,
  leadId: number,
  from: string | null,
  dueAt: number,
  at: number,
): Promise<boolean> {
  if (from === null) return false;
  const ok = await tx.leads.update(
    leadId,
    { status: 'offered', ownerId: from, offerExpiresBy: at },
    { status: 'pool', ownerId: null, offerExpiresAt: null, warnAt: null },
    at,
  );
  if (!ok) return false;
  const clock = await clockOfLast(tx, leadId, 'lead.offered');
  await tx.events.append({ type: 'lead.offer_lapsed', at, leadId, actorId: null, from, dueAt, clock });
  await pooledAgain(tx, leadId, at);
  await tx.outbox.enqueue(
    notice({
      to: { kind: 'person', id: from },
      template: 'lead.offer_lapsed',
      data: { leadId, dueAt },
      leadId,
    }),
    at,
  );
  return true;
}

async function revert(
  tx: Tx,
  deps: EngineDeps,
  leadId: number,
  from: string | null,
  dueAt: number,
  at: number,
): Promise<boolean> {
  if (from === null) return false;
  const owner = await tx.org.person(from);
  if (owner?.outOfOffice === true && deps.rules.pool.pauseFollowUpWhenOutOfOffice) return false;
  // A lead under an open deal is the deal owner's: its clock is stopped, never a reason to take it back (a clock
  // left running by an older version is cleared here).
  const deal = await tx.deals.byLead(leadId);
  if (deal?.status === 'open') {
    await tx.leads.update(
      leadId,
      { status: 'owned', ownerId: from },
      { followUpDueAt: null, warnAt: null },
      at,
    );
    return false;
  }
  const ok = await tx.leads.update(
    leadId,
    { status: 'owned', ownerId: from, followUpDueBy: at },
    { status: 'pool', ownerId: null, followUpDueAt: null, warnAt: null },
    at,
  );
  if (!ok) return false;
  await tx.events.append({
    type: 'lead.reverted',
    at,
    leadId,
    actorId: null,
    from,
    dueAt,
    reason: 'NO_FOLLOW_UP',
    clock: await clockOfLast(tx, leadId, 'lead.claimed'),
  });
  await pooledAgain(tx, leadId, at);
  await tx.outbox.enqueue(
    notice({ to: { kind: 'person', id: from }, template: 'lead.reverted', data: { leadId, dueAt }, leadId }),
    at,
  );
  const managerId = owner?.teamId ? (await tx.org.team(owner.teamId))?.managerId : null;
  if (managerId) {
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: managerId },
        template: 'lead.reverted.manager',
        data: { leadId, dueAt, ownerId: from },
        leadId,
      }),
      at,
    );
  }
  return true;
}

async function warn(
  tx: Tx,
  leadId: number,
  to: string | null,
  status: string,
  dueAt: number,
  at: number,
): Promise<boolean> {
  const about = status === 'offered' ? 'offer' : 'follow_up';
  // A warning whose deadline has already passed is pointless; the deadline sweep above has acted instead.
  const ok = await tx.leads.update(
    leadId,
    { status: ['offered', 'owned', 'pool', 'won', 'lost', 'merged'], warnBy: at },
    { warnAt: null },
    at,
  );
  if (!ok || to === null || dueAt <= at) return false;
  await tx.events.append({ type: 'lead.warned', at, leadId, actorId: null, to, about, dueAt });
  await tx.outbox.enqueue(
    notice({
      to: { kind: 'person', id: to },
      template: about === 'offer' ? 'lead.offer_expiring' : 'lead.follow_up_due',
      data: { leadId, dueAt },
      leadId,
    }),
    at,
  );
  return true;
}
