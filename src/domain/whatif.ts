// F39 rule what-if, the replay: past leads go through routeLead again, as they arrived, with the reps'
// loads and availability as they were, and the effect of each changed destination carried forward.
import type { LeadEvent } from './events.ts';
import type { Rules } from './rules.ts';
import { routeLead, type RoutingExplanation } from './routing.ts';
import type { Candidate, LeadFields, Person } from './types.ts';

/** One person as the router saw them: [id, open leads, last routed lead at, 30-day win rate, follow-up minutes]. */
export type RepInput = [string, number, number | null, number | null, number | null];

/**
 * What routing read besides the lead and the org, stored with each decision so it can be replayed. Compact:
 * people with nothing but defaults (no open leads, never routed, no history) are left out.
 */
export interface RoutingInputs {
  reps: RepInput[];
  /** Out of office at that moment. */
  away: string[];
  inactive: string[];
}

export function routingInputsOf(candidates: readonly Candidate[]): RoutingInputs {
  const reps: RepInput[] = [];
  const away: string[] = [];
  const inactive: string[] = [];
  for (const c of candidates) {
    if (
      c.openLeads !== 0 ||
      c.lastAssignedAt !== null ||
      c.winRate30d !== null ||
      c.avgFollowUpMinutes !== null
    )
      reps.push([c.person.id, c.openLeads, c.lastAssignedAt, c.winRate30d, c.avgFollowUpMinutes]);
    if (c.person.outOfOffice) away.push(c.person.id);
    if (!c.person.active) inactive.push(c.person.id);
  }
  return { reps, away, inactive };
}

/** A lead as it arrived, with the decision routing took then. */
export interface Arrival {
  leadId: number;
  at: number;
  fields: LeadFields;
  decision: RoutingExplanation;
  /** Null for decisions stored before inputs were kept: replayed from the simulation alone. */
  inputs: RoutingInputs | null;
  /** How long whoever got the lead first kept it (ms; Infinity while they still hold it). */
  heldFor: number;
}

export interface Replayed {
  leadId: number;
  at: number;
  fields: LeadFields;
  explanation: RoutingExplanation;
}

/** Who got it first, and for how long, from the lead's own events (oldest first). */
export function firstHolding(
  decision: RoutingExplanation,
  at: number,
  events: readonly LeadEvent[],
  rules: Rules,
): number {
  let holder = decision.winnerId;
  let since = at;
  for (const e of events) {
    if (e.at < at) continue;
    if (holder === null) {
      // A lead that went to the pool: the first market claim shows how long someone kept such a lead.
      if (e.type === 'lead.claimed' && e.via === 'market') {
        holder = e.by;
        since = e.at;
      }
      continue;
    }
    if (endsHolding(e, holder)) return e.at - since;
  }
  // Pooled and never claimed: had it been offered, the offer would have lapsed.
  if (holder === null) return rules.pool.offerTimeoutMinutes * 60_000;
  return Infinity;
}

function endsHolding(e: LeadEvent, holder: string): boolean {
  switch (e.type) {
    case 'lead.passed':
    case 'lead.released':
      return e.by === holder;
    case 'lead.offer_lapsed':
    case 'lead.reverted':
    case 'lead.rerouted':
      return e.from === holder;
    case 'lead.closed':
    case 'lead.merged':
      return true;
    default:
      return false;
  }
}

/** Min-heap of [end, person] — holdings that still count towards a person's load until `end`. */
class Holdings {
  private heap: Array<[number, string]> = [];
  readonly open = new Map<string, number>();

  add(end: number, personId: string): void {
    this.open.set(personId, (this.open.get(personId) ?? 0) + 1);
    const h = this.heap;
    h.push([end, personId]);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as [number, string])[0] <= end) break;
      [h[i], h[parent]] = [h[parent] as [number, string], h[i] as [number, string]];
      i = parent;
    }
  }

  /** Drops every holding that ended at or before `at`. */
  expire(at: number): void {
    const h = this.heap;
    while (h.length > 0 && (h[0] as [number, string])[0] <= at) {
      const [, id] = h[0] as [number, string];
      this.open.set(id, (this.open.get(id) ?? 1) - 1);
      const last = h.pop() as [number, string];
      if (h.length === 0) break;
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && (h[l] as [number, string])[0] < (h[m] as [number, string])[0]) m = l;
        if (r < h.length && (h[r] as [number, string])[0] < (h[m] as [number, string])[0]) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as [number, string], h[i] as [number, string]];
        i = m;
      }
    }
  }
}

/** Everyone the decision named: the people who existed when the lead arrived. */
function presentIn(e: RoutingExplanation): Set<string> {
  return new Set([
    ...e.considered.map((c) => c.personId),
    ...e.others.map((c) => c.personId),
    ...e.skipped.map((s) => s.personId),
  ]);
}

/**
 * Replays arrivals (oldest first) through `rules`. Each lead sees the loads and availability recorded when it
 * arrived, corrected for the leads this replay sent elsewhere: a lead now offered to B instead of A counts on
 * B's load (and not A's) for as long as A really kept it, and moves B's round-robin turn. So replaying with
 * the rules in force then gives back the stored decisions exactly.
 */
export function replayArrivals(
  arrivals: readonly Arrival[],
  people: readonly Person[],
  rules: Rules,
  fallbackStats: ReadonlyMap<string, { winRate30d: number | null; avgFollowUpMinutes: number | null }>,
): Replayed[] {
  const real = new Holdings();
  const sim = new Holdings();
  const realRouted = new Map<string, Set<number>>();
  const lastOther = new Map<string, number>();
  const lastSim = new Map<string, number>();
  const out: Replayed[] = [];

  for (const a of arrivals) {
    real.expire(a.at);
    sim.expire(a.at);
    const present = presentIn(a.decision);
    const recorded = new Map((a.inputs?.reps ?? []).map((r) => [r[0], r]));
    const away = new Set(a.inputs?.away ?? []);
    const inactive = new Set(a.inputs?.inactive ?? []);
    const candidates: Candidate[] = [];
    for (const p of people) {
      if (!present.has(p.id)) continue;
      const rec = recorded.get(p.id);
      const lastRec = rec?.[2] ?? null;
      if (lastRec !== null && !(realRouted.get(p.id)?.has(lastRec) ?? false))
        lastOther.set(p.id, Math.max(lastOther.get(p.id) ?? -Infinity, lastRec));
      const last = Math.max(lastOther.get(p.id) ?? -Infinity, lastSim.get(p.id) ?? -Infinity);
      const stats = a.inputs === null ? fallbackStats.get(p.id) : undefined;
      const open =
        a.inputs === null
          ? (sim.open.get(p.id) ?? 0)
          : Math.max(0, (rec?.[1] ?? 0) - (real.open.get(p.id) ?? 0) + (sim.open.get(p.id) ?? 0));
      candidates.push({
        person: a.inputs === null ? p : { ...p, active: !inactive.has(p.id), outOfOffice: away.has(p.id) },
        openLeads: open,
        lastAssignedAt: last === -Infinity ? null : last,
        winRate30d: a.inputs === null ? (stats?.winRate30d ?? null) : (rec?.[3] ?? null),
        avgFollowUpMinutes: a.inputs === null ? (stats?.avgFollowUpMinutes ?? null) : (rec?.[4] ?? null),
        // A new lead has no history, so nobody is in cooldown for it.
        cooldownUntil: null,
      });
    }
    const explanation = routeLead(a.fields, candidates, rules);
    out.push({ leadId: a.leadId, at: a.at, fields: a.fields, explanation });

    const was = a.decision.winnerId;
    if (was !== null) {
      real.add(a.at + a.heldFor, was);
      const times = realRouted.get(was) ?? new Set<number>();
      times.add(a.at);
      realRouted.set(was, times);
    }
    const now = explanation.winnerId;
    if (now !== null) {
      sim.add(a.at + a.heldFor, now);
      lastSim.set(now, a.at);
    }
  }
  return out;
}

/** The stored decision without the parts that only a different org would change (for comparing replays). */
export function sameDecision(a: RoutingExplanation, b: RoutingExplanation): boolean {
  const strip = (e: RoutingExplanation) =>
    JSON.stringify({
      outcome: e.outcome,
      winnerId: e.winnerId,
      reason: e.reason,
      considered: e.considered,
      others: e.others,
      skipped: e.skipped,
    });
  return strip(a) === strip(b);
}
