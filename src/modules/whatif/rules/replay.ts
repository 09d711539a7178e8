// F39 rule what-if, the replay itself: a Replay routes past leads one at a time, oldest first, carrying the reps'
// loads and round-robin turns from lead to lead, so a caller can drive several replays side by side in slices.
import type { Rules } from '../../rules.ts';
import { routeLead, type RoutingExplanation } from '../../leads/rules/routing.ts';
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

type Stats = ReadonlyMap<string, { winRate30d: number | null; avgFollowUpMinutes: number | null }>;

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

const AWAY = 1;
const INACTIVE = 2;

/**
 * Replays arrivals (oldest first) through `rules`, one `step` per lead. Each lead sees the org it arrived in (the
 * stored snapshot: who existed, their role, team, capacity and skills; today's org for decisions stored before
 * snapshots), and the loads and availability recorded when it arrived, corrected for the leads this replay sent
 * elsewhere: a lead now offered to B instead of A counts on B's load (and not A's) for as long as A really kept
 * it, and moves B's round-robin turn. So replaying with the rules in force then gives back the stored decisions
 * exactly.
 */
export class Replay {
  private readonly real = new Holdings();
  private readonly sim = new Holdings();
  // Per person, by index (everyone in today's org, then whoever only a snapshot names): the state the replay
  // carries from lead to lead.
  private readonly index = new Map<string, number>();
  private readonly realRouted: Array<Set<number>> = [];
  private readonly lastOther: number[] = [];
  private readonly lastSim: number[] = [];
  private readonly recorded: Array<RepInput | undefined> = [];
  private readonly flags: number[] = [];
  // Candidates are rebuilt in place for every lead: routeLead keeps no reference to them.
  private readonly slots: Candidate[] = [];
  private readonly today: Array<[number, Person]>;
  // Each snapshot's members with their indexes, worked out once per snapshot.
  private readonly members = new Map<readonly Person[], Array<[number, Person]>>();
  // The candidates of one lead, reused from lead to lead (routeLead keeps no reference to the list either).
  private readonly candidates: Candidate[] = [];

  constructor(
    people: readonly Person[],
    private readonly rules: Rules,
    private readonly fallbackStats: Stats,
  ) {
    this.today = byId(people.map((p) => [this.indexOf(p), p]));
  }

  private indexOf(p: Person): number {
    let k = this.index.get(p.id);
    if (k === undefined) {
      k = this.slots.length;
      this.index.set(p.id, k);
      this.realRouted.push(new Set());
      this.lastOther.push(-Infinity);
      this.lastSim.push(-Infinity);
      this.recorded.push(undefined);
      this.flags.push(0);
      this.slots.push({
        person: p,
        openLeads: 0,
        lastAssignedAt: null,
        winRate30d: null,
        avgFollowUpMinutes: null,
        cooldownUntil: null,
      });
    }
    return k;
  }

  private membersOf(org: readonly Person[]): Array<[number, Person]> {
    let m = this.members.get(org);
    if (m === undefined) {
      m = byId(org.map((p) => [this.indexOf(p), p]));
      this.members.set(org, m);
    }
    return m;
  }

  private mark(id: string, flag: number): void {
    const k = this.index.get(id);
    if (k !== undefined) this.flags[k] = (this.flags[k] as number) | flag;
  }

  /** Routes the next lead (arrivals must come oldest first) and carries its effect forward. */
  step(a: Arrival): RoutingExplanation {
    const { real, sim, index, realRouted, lastOther, lastSim, recorded, flags, slots } = this;
    real.expire(a.at);
    sim.expire(a.at);
    const org = a.org ?? null;
    const group = org !== null ? this.membersOf(org) : this.today;
    const present = org !== null || a.present === null ? null : new Set(a.present);
    const reps = a.inputs?.reps;
    if (reps !== undefined)
      for (const r of reps) {
        const k = index.get(r[0]);
        if (k !== undefined) recorded[k] = r;
      }
    for (const id of a.inputs?.away ?? []) this.mark(id, AWAY);
    for (const id of a.inputs?.inactive ?? []) this.mark(id, INACTIVE);
    const candidates = this.candidates;
    candidates.length = 0;
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
        const stats = this.fallbackStats.get(p.id);
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
    if (reps !== undefined)
      for (const r of reps) {
        const k = index.get(r[0]);
        if (k !== undefined) recorded[k] = undefined;
      }
    for (const id of a.inputs?.away ?? []) this.clear(id);
    for (const id of a.inputs?.inactive ?? []) this.clear(id);
    const explanation = routeLead(a.fields, candidates, this.rules);

    const was = a.winnerId;
    const wasK = was === null ? undefined : index.get(was);
    if (was !== null) real.add(a.at + a.heldFor, was);
    if (wasK !== undefined) (realRouted[wasK] as Set<number>).add(a.at);
    const now = explanation.winnerId;
    const nowK = now === null ? undefined : index.get(now);
    if (now !== null) sim.add(a.at + a.heldFor, now);
    if (nowK !== undefined) lastSim[nowK] = a.at;
    return explanation;
  }

  private clear(id: string): void {
    const k = this.index.get(id);
    if (k !== undefined) this.flags[k] = 0;
  }
}

/** Members in person-id order, the order routeLead reads them in: it then need not sort them for every lead. */
function byId(members: Array<[number, Person]>): Array<[number, Person]> {
  return members.sort(([, a], [, b]) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Replays every arrival (oldest first) through `rules` at once; see Replay. */
export function replayArrivals(
  arrivals: readonly Arrival[],
  people: readonly Person[],
  rules: Rules,
  fallbackStats: Stats,
  keep: (index: number, explanation: RoutingExplanation) => boolean = () => true,
): Replayed[] {
  const replay = new Replay(people, rules, fallbackStats);
  const out: Replayed[] = [];
  for (const [i, a] of arrivals.entries()) {
    const explanation = replay.step(a);
    out.push({
      leadId: a.leadId,
      at: a.at,
      fields: a.fields,
      winnerId: explanation.winnerId,
      explanation: keep(i, explanation) ? explanation : null,
    });
  }
  return out;
}
