// F39 rule what-if, the replay: past leads go through routeLead again, as they arrived, with the reps'
// loads and availability as they were, and the effect of each changed destination carried forward.
import type { LeadEvent } from '../../../kernel/events.ts';
import type { Rules } from '../../rules.ts';
import { type Considered, type RoutingExplanation, type Skipped } from '../../leads/rules/routing.ts';
import type { Candidate } from '../../../kernel/types.ts';

export { Replay, replayArrivals } from './replay.ts';
export type { Arrival, RepInput, Replayed, RoutingInputs } from './replay.ts';
import type { RepInput, RoutingInputs } from './replay.ts';

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

/** Everyone the decision named: the people who existed when the lead arrived. */
export function namedIn(e: RoutingExplanation): string[] {
  return [
    ...e.considered.map((c) => c.personId),
    ...e.others.map((c) => c.personId),
    ...e.skipped.map((s) => s.personId),
  ];
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
