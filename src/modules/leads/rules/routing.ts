import type { LeadMatch, Rules, RoutingRule } from '../../rules.ts';
import type { Candidate, LeadFields, Person } from '../../../kernel/types.ts';

/**
 * Whether someone sells: their role is one of `routing.roles` (by default `rep`). The one definition behind who
 * is offered leads, whose KBIs are evaluated, who files daily reports and who is drawn on the radar.
 */
export function isSeller(p: Pick<Person, 'role'>, rules: Pick<Rules, 'routing'>): boolean {
  return rules.routing.roles.includes(p.role);
}

// The codes are constants (not only unions) because decisions are stored and read back: the catalog test checks
// each one has words.
export const SKIP_REASONS = [
  'INACTIVE',
  'OUT_OF_OFFICE',
  'AT_CAPACITY',
  'EXCLUDED_BY_RULE',
  'COOLDOWN',
  'NOT_A_ROUTED_ROLE',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
/** Why the winner won. */
export const WIN_REASONS = ['HIGHEST_SCORE', 'TIE_BROKEN_BY_TURN', 'TIE_BROKEN_BY_ID'] as const;
/** Why the lead went to the pool. */
export const POOL_REASONS = ['NO_ELIGIBLE_REP', 'NO_REPS'] as const;
export type PoolReason = (typeof POOL_REASONS)[number];

export function isPoolReason(reason: string): reason is PoolReason {
  return (POOL_REASONS as readonly string[]).includes(reason);
}

export interface Skipped {
  personId: string;
  reason: SkipReason;
  /** For EXCLUDED_BY_RULE: the rule's path in the rules file, e.g. `routing.rules[2]`. */
  rule?: string;
  /** For COOLDOWN: until when. */
  until?: number;
  /** For AT_CAPACITY: the open leads and the capacity they reached (absent in older stored decisions). */
  open?: number;
  capacity?: number;
}

export interface Factors {
  skill: number;
  roundRobin: number;
  load: number;
  winRate: number;
  followUp: number;
}

export interface Considered {
  personId: string;
  total: number;
  factors: Factors;
  matchedSkills: string[];
  openLeads: number;
  capacity: number;
}

/** Machine-readable explanation of one routing decision (F9); rendered into words elsewhere. */
export interface RoutingExplanation {
  outcome: 'offered' | 'pool';
  winnerId: string | null;
  /** Why the winner won, or why the lead went to the pool. */
  reason: (typeof WIN_REASONS)[number] | PoolReason;
  /** The best candidates, best first, with every factor (at most DETAILED_CANDIDATES). */
  considered: Considered[];
  /** Everyone else who was considered, best first, with their total only (keeps each stored decision small). */
  others: Array<{ personId: string; total: number }>;
  skipped: Skipped[];
  weights: Rules['routing']['weights'];
}

/** How many candidates keep their full factor breakdown in the stored decision. */
export const DETAILED_CANDIDATES = 5;

/**
 * F2: choose the rep for a lead. Deterministic: the same candidates give the same answer. Ties on
 * the weighted total go to the rep whose last routed lead is oldest (never-assigned first), then to
 * the smaller person id.
 */
export function routeLead(
  lead: LeadFields,
  candidates: readonly Candidate[],
  rules: Rules,
): RoutingExplanation {
  const skipped: Skipped[] = [];
  const eligible: Candidate[] = [];
  for (const c of byIdOrder(candidates)) {
    const p = c.person;
    if (!isSeller(p, rules)) {
      skipped.push({ personId: p.id, reason: 'NOT_A_ROUTED_ROLE' });
    } else if (!p.active) {
      skipped.push({ personId: p.id, reason: 'INACTIVE' });
    } else if (p.outOfOffice) {
      skipped.push({ personId: p.id, reason: 'OUT_OF_OFFICE' });
    } else if (c.openLeads >= p.capacity) {
      skipped.push({ personId: p.id, reason: 'AT_CAPACITY', open: c.openLeads, capacity: p.capacity });
    } else if (c.cooldownUntil !== null) {
      skipped.push({ personId: p.id, reason: 'COOLDOWN', until: c.cooldownUntil });
    } else {
      const rule = blockingRule(lead, p.id, p.teamId, rules.routing.rules);
      if (rule !== null) skipped.push({ personId: p.id, reason: 'EXCLUDED_BY_RULE', rule });
      else eligible.push(c);
    }
  }

  const base = { considered: [] as Considered[], others: [], skipped, weights: rules.routing.weights };
  if (eligible.length === 0) {
    return {
      ...base,
      outcome: 'pool',
      winnerId: null,
      reason: candidates.length === 0 ? 'NO_REPS' : 'NO_ELIGIBLE_REP',
    };
  }

  const turns = roundRobinFactors(eligible);
  const winRates = eligible.map((c) => c.winRate30d).filter((x): x is number => x !== null);
  const neutralWin = winRates.length > 0 ? median(winRates) : 0.5;
  const leadTags = new Set([...lead.tags, lead.industry].map((t) => t.trim()).filter(Boolean));
  let fewestOpen = Infinity;
  let mostOpen = -Infinity;
  for (const c of eligible) {
    if (c.openLeads < fewestOpen) fewestOpen = c.openLeads;
    if (c.openLeads > mostOpen) mostOpen = c.openLeads;
  }
  const w = rules.routing.weights;
  const considered: Considered[] = eligible.map((c, i) => {
    const matchedSkills = c.person.skills.filter((s) => leadTags.has(s));
    const skill = matchedSkills.length > 0 ? 1 : 0;
    const roundRobin = turns[i] as number;
    const load = loadFactor(c.openLeads, c.person.capacity, fewestOpen, mostOpen);
    const winRate = c.winRate30d ?? neutralWin;
    const followUp = c.avgFollowUpMinutes === null ? 0.5 : Math.max(0, 1 - c.avgFollowUpMinutes / (24 * 60));
    // The weighted sum in the order of the weights (skill, roundRobin, load, winRate, followUp), from 0.
    const total =
      0 +
      w.skill * skill +
      w.roundRobin * roundRobin +
      w.load * load +
      w.winRate * winRate +
      w.followUp * followUp;
    return {
      personId: c.person.id,
      total: round4(total),
      factors: {
        skill: round4(skill),
        roundRobin: round4(roundRobin),
        load: round4(load),
        winRate: round4(winRate),
        followUp: round4(followUp),
      },
      matchedSkills,
      openLeads: c.openLeads,
      capacity: c.person.capacity,
    };
  });

  // Sorted by position in `eligible` (each one's turn read from there, not looked up by id): a what-if replay
  // routes every lead of a period through here, twice (issue 23, item 5).
  const order = considered.map((_, i) => i);
  order.sort((i, j) => {
    const a = considered[i] as Considered;
    const b = considered[j] as Considered;
    if (b.total !== a.total) return b.total - a.total;
    const ta = (eligible[i] as Candidate).lastAssignedAt;
    const tb = (eligible[j] as Candidate).lastAssignedAt;
    if (ta !== tb) return (ta ?? -Infinity) - (tb ?? -Infinity);
    return compareIds(a.personId, b.personId);
  });
  const ranked = order.map((i) => considered[i] as Considered);
  const [first, second] = ranked as [Considered, Considered | undefined];
  let reason: RoutingExplanation['reason'] = 'HIGHEST_SCORE';
  if (second !== undefined && second.total === first.total) {
    const ta = (eligible[order[0] as number] as Candidate).lastAssignedAt;
    const tb = (eligible[order[1] as number] as Candidate).lastAssignedAt;
    reason = ta !== tb ? 'TIE_BROKEN_BY_TURN' : 'TIE_BROKEN_BY_ID';
  }
  return {
    ...base,
    considered: ranked.slice(0, DETAILED_CANDIDATES),
    others: ranked.slice(DETAILED_CANDIDATES).map((c) => ({ personId: c.personId, total: c.total })),
    outcome: 'offered',
    winnerId: first.personId,
    reason,
  };
}

/** The path of the first rule that keeps this lead from this person, or null. */
export function blockingRule(
  lead: LeadFields,
  personId: string,
  teamId: string | null,
  rules: readonly RoutingRule[],
): string | null {
  for (const [i, rule] of rules.entries()) {
    const applies =
      (rule.team === undefined || rule.team === teamId) && (rule.rep === undefined || rule.rep === personId);
    if (!applies) continue;
    if (rule.only !== undefined && !matches(lead, rule.only)) return `routing.rules[${i}]`;
    if (rule.exclude !== undefined && matches(lead, rule.exclude)) return `routing.rules[${i}]`;
  }
  return null;
}

export function matches(lead: LeadFields, match: LeadMatch): boolean {
  for (const [field, values] of Object.entries(match) as Array<[keyof LeadMatch, string[] | undefined]>) {
    if (values === undefined) continue;
    const have = field === 'tags' ? lead.tags : [lead[field]];
    if (!have.some((v) => values.includes(v))) return false;
  }
  return true;
}

/**
 * 1 for the reps whose turn it is (longest since a routed lead; never-assigned first), falling evenly
 * to 0 for the most recently served. Reps last served at the same moment share a value.
 */
function roundRobinFactors(eligible: readonly Candidate[]): number[] {
  // By position in `eligible`, over a typed array (numeric sort, no Set or Map): this runs for every lead of a
  // what-if replay, twice (issue 23, item 5).
  const keys = new Float64Array(eligible.length);
  for (const [i, c] of eligible.entries()) keys[i] = c.lastAssignedAt ?? -Infinity;
  const distinct = keys.slice().sort();
  let n = 0;
  for (const k of distinct) if (n === 0 || k !== distinct[n - 1]) distinct[n++] = k;
  return Array.from(keys, (k) => {
    // The rank of k among the n distinct keys (binary search: they are sorted).
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((distinct[mid] as number) < k) lo = mid + 1;
      else hi = mid;
    }
    return n === 1 ? 1 : 1 - lo / (n - 1);
  });
}

/** The candidates by person id: as given when they already are (a what-if replay passes them so), else sorted. */
function byIdOrder(candidates: readonly Candidate[]): readonly Candidate[] {
  for (let i = 1; i < candidates.length; i += 1)
    if (compareIds((candidates[i - 1] as Candidate).person.id, (candidates[i] as Candidate).person.id) > 0)
      return [...candidates].sort((a, b) => compareIds(a.person.id, b.person.id));
  return candidates;
}

/**
 * Room for one more lead, against the rep's own capacity and against the team (the brief: "a rep holding far more
 * open leads than their teammates does not win on the round-robin turn alone"): the lower of the two. Against the
 * team, the rep with the fewest open leads scores 1 and one holding TEAM_SPREAD or more above them scores 0, so
 * holding 8 against colleagues' 1 costs the whole load weight, not the 5 % that 8 of 150 would.
 */
export function loadFactor(open: number, capacity: number, fewestOpen: number, mostOpen: number): number {
  const room = capacity > 0 ? 1 - open / capacity : 0;
  const spread = Math.max(TEAM_SPREAD, mostOpen - fewestOpen);
  const againstTeam = 1 - Math.min(1, (open - fewestOpen) / spread);
  return Math.max(0, Math.min(room, againstTeam));
}

/** Open leads above the least-loaded teammate at which the load factor reaches 0 (unless the spread is wider). */
const TEAM_SPREAD = 5;

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
