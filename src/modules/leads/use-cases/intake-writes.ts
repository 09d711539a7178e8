import type { LeadEvent } from '../../../kernel/events.ts';
import type { Notice, StoredDecision, Tx } from '../../ports.ts';

/**
 * What intake appends for a lead besides the lead and its inquiry: events, notices, the routing decision and the
 * rep's turn. Nothing later in the same transaction reads them back (routing reads the turns from its
 * RoutingOrgReader), so a group can write them at its end.
 */
export interface IntakeWrites {
  event(e: LeadEvent): Promise<void>;
  notices(list: readonly Notice[], now: number): Promise<void>;
  decision(d: StoredDecision): Promise<void>;
  /** When this rep was last offered a lead (their round-robin turn). */
  lastAssigned(personId: string, at: number): Promise<void>;
}

/** Each write at once: a lead on its own, or a lead routed again. */
export function writeNow(tx: Tx): IntakeWrites {
  return {
    event: async (e) => void (await tx.events.append(e)),
    notices: (list, now) =>
      list.length === 1
        ? tx.outbox.enqueue(list[0] as Notice, now).then(() => undefined)
        : tx.outbox.enqueueMany(list, now),
    decision: (d) => tx.leads.addRoutingDecisions([d]),
    lastAssigned: (personId, at) => tx.org.setLastAssigned(personId, at),
  };
}

export interface HeldWrites extends IntakeWrites {
  /** Writes what was held, in the order it came, then holds nothing. Call it before the transaction commits. */
  flush(tx: Tx): Promise<void>;
}

/**
 * The writes of a group or batch transaction held for its end (issue 23, item 4): each table's rows in one
 * multi-row insert per 200, in the order they came, so they take the ids and hold the values one by one would have
 * given them; a rep's turn is written once, its last value. A notice the outbox refuses then fails the whole group,
 * which its caller replays one lead per transaction, as it does for any other failure.
 */
export function writeAtEnd(): HeldWrites {
  let events: LeadEvent[] = [];
  let notices: Array<{ notice: Notice; at: number }> = [];
  let decisions: StoredDecision[] = [];
  let turns = new Map<string, number>();
  const held = Promise.resolve();
  return {
    event(e) {
      events.push(e);
      return held;
    },
    notices(list, now) {
      for (const notice of list) notices.push({ notice, at: now });
      return held;
    },
    decision(d) {
      decisions.push(d);
      return held;
    },
    lastAssigned(personId, at) {
      turns.set(personId, at);
      return held;
    },
    async flush(tx) {
      const all = { events, notices, decisions, turns };
      events = [];
      notices = [];
      decisions = [];
      turns = new Map();
      if (all.events.length > 0) await tx.events.appendMany(all.events);
      if (all.notices.length > 0) await tx.outbox.enqueueAt(all.notices);
      if (all.decisions.length > 0) await tx.leads.addRoutingDecisions(all.decisions);
      for (const [personId, at] of all.turns) await tx.org.setLastAssigned(personId, at);
    },
  };
}
