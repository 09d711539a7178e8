// F39 rule what-if, the replay: past leads go through routeLead again, as they arrived, with the reps'
// loads and availability as they were, and the effect of each changed destination carried forward.
import type { LeadEvent } from '../../../kernel/events.ts';
import type { Rules } from '../../rules.ts';
import {
  routeLead,
  type Considered,
  type RoutingExplanation,
  type Skipped,
} from '../../leads/rules/routing.ts';
import type { Candidate, LeadFields, Person } from '../../../kernel/types.ts';

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
  /** Fingerprint of the routing rules that decided (routingFingerprint). */
  rules?: string;
  /** The org routing read (orgSnapshotOf): its hash, the key of the stored snapshot. Absent in older decisions. */
  org?: string;
}

const fingerprints = new WeakMap<object, string>();

/** A short hash of everything routeLead reads from the rules (FNV-1a over its JSON): same rules, same print. */
export function routingFingerprint(rules: Rules): string {
  const known = fingerprints.get(rules.routing);
  if (known !== undefined) return known;
  const text = JSON.stringify(rules.routing);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const print = (h >>> 0).toString(16).padStart(8, '0');
  fingerprints.set(rules.routing, print);
  return print;
}

export function routingInputsOf(
  candidates: readonly Candidate[],
  rules?: Rules,
  org?: string,
): RoutingInputs {
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
  return {
    reps,
    away,
    inactive,
    ...(rules === undefined ? {} : { rules: routingFingerprint(rules) }),
    ...(org === undefined ? {} : { org }),
  };
}

/** A lead as it arrived, with the decision routing took then. */
export interface Arrival {
  leadId: number;
  at: number;
  fields: LeadFields;
  /** Who routing chose then (null: the pool). */
  winnerId: string | null;
  /** Everyone who existed then, or null when that is everyone in the org now (used only without `org`). */
  present: readonly string[] | null;
  /**
   * The org as routing read it then (the stored snapshot; one shared array per snapshot), or null for decisions
   * stored before snapshots were kept: those are replayed against today's org and counted as not reconstructable.
   */
  org?: readonly Person[] | null;
  /** The whole stored decision, when it is to be compared with the replay. */
  decision?: RoutingExplanation;
  /** Null for decisions stored before inputs were kept: replayed from the simulation alone. */
  inputs: RoutingInputs | null;
  /** How long whoever got the lead first kept it (ms; Infinity while they still hold it). */
  heldFor: number;
}

export interface Replayed {
  leadId: number;
  at: number;
  fields: LeadFields;
  winnerId: string | null;
  /** Kept only where the caller asked (a long replay keeps only what it will show). */
  explanation: RoutingExplanation | null;
}

/** The events firstHolding reads. */
export const HOLDING_EVENTS = [
  'lead.claimed',
  'lead.passed',
  'lead.released',
  'lead.offer_lapsed',
  'lead.reverted',
  'lead.rerouted',
  'lead.closed',
  'lead.merged',
] as const;

/** Who got it first, and for how long, from the lead's own events (oldest first). */
export function firstHolding(
  winnerId: string | null,
  at: number,
  events: readonly LeadEvent[],
  rules: Rules,
): number {
  let holder = winnerId;
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
export function namedIn(e: RoutingExplanation): string[] {
  return [
    ...e.considered.map((c) => c.personId),
    ...e.others.map((c) => c.personId),
    ...e.skipped.map((s) => s.personId),
  ];
}

/**
 * Replays arrivals (oldest first) through `rules`. Each lead sees the org it arrived in (the stored snapshot: who
 * existed, their role, team, capacity and skills; today's org for decisions stored before snapshots), and the loads
 * and availability recorded when it arrived, corrected for the leads this replay sent elsewhere: a lead now offered to B instead of A counts on
 * B's load (and not A's) for as long as A really kept it, and moves B's round-robin turn. So replaying with
 * the rules in force then gives back the stored decisions exactly.
 */
export function replayArrivals(
  arrivals: readonly Arrival[],
  people: readonly Person[],
  rules: Rules,
  fallbackStats: ReadonlyMap<string, { winRate30d: number | null; avgFollowUpMinutes: number | null }>,
  keep: (index: number, explanation: RoutingExplanation) => boolean = () => true,
): Replayed[] {
  const real = new Holdings();
  const sim = new Holdings();
  // Per person, by index (everyone in today's org, then whoever only a snapshot names): the state the replay
  // carries from lead to lead.
  const index = new Map<string, number>();
  const realRouted: Array<Set<number>> = [];
  const lastOther: number[] = [];
  const lastSim: number[] = [];
  const recorded: Array<RepInput | undefined> = [];
  const flags: number[] = [];
  const AWAY = 1;
  const INACTIVE = 2;
  // Candidates are rebuilt in place for every lead: routeLead keeps no reference to them.
  const slots: Candidate[] = [];
  const indexOf = (p: Person): number => {
    let k = index.get(p.id);
    if (k === undefined) {
      k = slots.length;
      index.set(p.id, k);
      realRouted.push(new Set());
      lastOther.push(-Infinity);
      lastSim.push(-Infinity);
      recorded.push(undefined);
      flags.push(0);
      slots.push({
        person: p,
        openLeads: 0,
        lastAssignedAt: null,
        winRate30d: null,
        avgFollowUpMinutes: null,
        cooldownUntil: null,
      });
    }
    return k;
  };
  const today: Array<[number, Person]> = people.map((p) => [indexOf(p), p]);
  // Each snapshot's members with their indexes, worked out once per snapshot.
  const members = new Map<readonly Person[], Array<[number, Person]>>();
  const membersOf = (org: readonly Person[]) => {
    let m = members.get(org);
    if (m === undefined) {
      m = org.map((p) => [indexOf(p), p]);
      members.set(org, m);
    }
    return m;
  };
  const mark = (id: string, flag: number) => {
    const k = index.get(id);
    if (k !== undefined) flags[k] = (flags[k] as number) | flag;
  };
  const out: Replayed[] = [];

  for (const [i, a] of arrivals.entries()) {
    real.expire(a.at);
    sim.expire(a.at);
    const org = a.org ?? null;
    const group = org !== null ? membersOf(org) : today;
    const present = org !== null || a.present === null ? null : new Set(a.present);
    for (const r of a.inputs?.reps ?? []) {
      const k = index.get(r[0]);
      if (k !== undefined) recorded[k] = r;
    }
    for (const id of a.inputs?.away ?? []) mark(id, AWAY);
    for (const id of a.inputs?.inactive ?? []) mark(id, INACTIVE);
    const candidates: Candidate[] = [];
    for (const [k, p] of group) {
      const rec = recorded[k];
      const flag = flags[k] as number;
      if (present !== null && !present.has(p.id)) continue;
      const lastRec = rec?.[2] ?? null;
      if (
        lastRec !== null &&
        lastRec > (lastOther[k] as number) &&
        !(realRouted[k] as Set<number>).has(lastRec)
      )
        lastOther[k] = lastRec;
      const last = Math.max(lastOther[k] as number, lastSim[k] as number);
      const c = slots[k] as Candidate;
      if (a.inputs === null) {
        const stats = fallbackStats.get(p.id);
        c.person = p;
        c.openLeads = sim.open.get(p.id) ?? 0;
        c.winRate30d = stats?.winRate30d ?? null;
        c.avgFollowUpMinutes = stats?.avgFollowUpMinutes ?? null;
      } else {
        const active = (flag & INACTIVE) === 0;
        const outOfOffice = (flag & AWAY) !== 0;
        c.person = active === p.active && outOfOffice === p.outOfOffice ? p : { ...p, active, outOfOffice };
        c.openLeads = Math.max(0, (rec?.[1] ?? 0) - (real.open.get(p.id) ?? 0) + (sim.open.get(p.id) ?? 0));
        c.winRate30d = rec?.[3] ?? null;
        c.avgFollowUpMinutes = rec?.[4] ?? null;
      }
      c.lastAssignedAt = last === -Infinity ? null : last;
      // A new lead has no history, so nobody is in cooldown for it.
      c.cooldownUntil = null;
      candidates.push(c);
    }
    // What this lead's inputs said is for this lead only.
    for (const r of a.inputs?.reps ?? []) {
      const k = index.get(r[0]);
      if (k !== undefined) recorded[k] = undefined;
    }
    for (const id of [...(a.inputs?.away ?? []), ...(a.inputs?.inactive ?? [])]) {
      const k = index.get(id);
      if (k !== undefined) flags[k] = 0;
    }
    const explanation = routeLead(a.fields, candidates, rules);
    out.push({
      leadId: a.leadId,
      at: a.at,
      fields: a.fields,
      winnerId: explanation.winnerId,
      explanation: keep(i, explanation) ? explanation : null,
    });

    const was = a.winnerId;
    const wasK = was === null ? undefined : index.get(was);
    if (was !== null) real.add(a.at + a.heldFor, was);
    if (wasK !== undefined) (realRouted[wasK] as Set<number>).add(a.at);
    const now = explanation.winnerId;
    const nowK = now === null ? undefined : index.get(now);
    if (now !== null) sim.add(a.at + a.heldFor, now);
    if (nowK !== undefined) lastSim[nowK] = a.at;
  }
  return out;
}

/** Whether two decisions are the same in everything they say (the weights aside). */
export function sameDecision(a: RoutingExplanation, b: RoutingExplanation): boolean {
  if (a.outcome !== b.outcome || a.winnerId !== b.winnerId || a.reason !== b.reason) return false;
  if (a.considered.length !== b.considered.length) return false;
  if (a.others.length !== b.others.length || a.skipped.length !== b.skipped.length) return false;
  for (const [i, x] of a.considered.entries()) {
    const y = b.considered[i] as Considered;
    if (x.personId !== y.personId || x.total !== y.total || x.openLeads !== y.openLeads) return false;
    if (x.capacity !== y.capacity || x.matchedSkills.join('\n') !== y.matchedSkills.join('\n')) return false;
    const f = x.factors;
    const g = y.factors;
    if (f.skill !== g.skill || f.roundRobin !== g.roundRobin || f.load !== g.load) return false;
    if (f.winRate !== g.winRate || f.followUp !== g.followUp) return false;
  }
  for (const [i, x] of a.others.entries()) {
    const y = b.others[i] as { personId: string; total: number };
    if (x.personId !== y.personId || x.total !== y.total) return false;
  }
  for (const [i, x] of a.skipped.entries()) {
    const y = b.skipped[i] as Skipped;
    if (x.personId !== y.personId || x.reason !== y.reason || x.rule !== y.rule || x.until !== y.until)
      return false;
  }
  return true;
}
