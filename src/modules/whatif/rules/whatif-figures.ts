// F39 rule what-if, the figures of one side of the comparison: what each rep and team received, how fair the
// spread is (Gini, top-3 share) and which leads a rule keeps from a whole team.
import { gini } from '../../analytics/rules/distribution.ts';
import type { Rules } from '../../rules.ts';
import { blockingRule } from '../../leads/rules/routing.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import type { Replayed } from './whatif.ts';

export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * A summary's work in steps (issue 23, item 2): it yields every STEP leads, so a caller inside the server lets the
 * event loop run between slices (the summary of 100,000 leads was ≈0.5–0.8 s in one piece). Still pure: when to
 * pause is the caller's (the use case's inSlices); `finish` runs the steps at once.
 */
export type Steps<T> = Generator<undefined, T, undefined>;

/** Leads between two yields. */
export const STEP = 1_024;

/** Runs the steps at once (tests, and callers with no loop to keep free). */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

export interface Figures {
  received: number;
  /** High-score leads received. */
  high: number;
  /** Share of all high-score leads of the period (0–1). */
  highShare: number;
  /** Expected won share of what was received, from each rep's conversion history (null: no history at all). */
  expectedConversion: number | null;
}

export interface Row {
  id: string;
  name: string;
  teamId: string | null;
  old: Figures;
  new: Figures;
}

export interface Blocked {
  teamId: string;
  /** The rule's path in the rules file, e.g. `routing.rules[2]`. */
  rule: string;
  leads: number;
}

export interface Side {
  leads: number;
  highLeads: number;
  offered: number;
  /** Leads that would go to no rep (the pool). */
  pooled: number;
  gini: number;
  /** Largest share of the offered leads held by any 3 reps. */
  top3Share: number;
  /** Leads a rule keeps from every rep of a team, per team and rule. */
  blocked: Blocked[];
}

export function* side(
  replayed: readonly Replayed[],
  high: readonly boolean[],
  reps: readonly Person[],
  teams: readonly Team[],
  rules: Rules,
): Steps<Side> {
  const received = new Map(reps.map((p) => [p.id, 0]));
  let pooled = 0;
  let highLeads = 0;
  for (let i = 0; i < replayed.length; i++) {
    if (i % STEP === STEP - 1) yield;
    if (high[i] === true) highLeads += 1;
    const w = (replayed[i] as Replayed).winnerId;
    if (w === null) pooled += 1;
    else received.set(w, (received.get(w) ?? 0) + 1);
  }
  const counts = [...received.values()];
  const offered = replayed.length - pooled;
  const top3 = [...counts]
    .sort((a, b) => b - a)
    .slice(0, 3)
    .reduce((s, v) => s + v, 0);
  return {
    leads: replayed.length,
    highLeads,
    offered,
    pooled,
    gini: round4(gini(counts)),
    top3Share: offered === 0 ? 0 : round4(top3 / offered),
    blocked: yield* blockedByTeam(replayed, reps, teams, rules),
  };
}

/** Per team: leads for which every routed rep of the team is kept away by a rule, named by the first such rule. */
export function* blockedByTeam(
  replayed: readonly Replayed[],
  reps: readonly Person[],
  teams: readonly Team[],
  rules: Rules,
): Steps<Blocked[]> {
  if (rules.routing.rules.length === 0) return [];
  const out = new Map<string, Blocked>();
  for (const team of teams) {
    const members = reps.filter((p) => p.teamId === team.id);
    if (members.length === 0) continue;
    for (let i = 0; i < replayed.length; i++) {
      if (i % STEP === STEP - 1) yield;
      const r = replayed[i] as Replayed;
      let first: string | null = null;
      let all = true;
      for (const p of members) {
        const rule = blockingRule(r.fields, p.id, p.teamId, rules.routing.rules);
        if (rule === null) {
          all = false;
          break;
        }
        first ??= rule;
      }
      if (!all || first === null) continue;
      const key = `${team.id} ${first}`;
      const b = out.get(key) ?? { teamId: team.id, rule: first, leads: 0 };
      b.leads += 1;
      out.set(key, b);
    }
  }
  return [...out.values()];
}

export interface Tally {
  received: number;
  high: number;
  expected: number;
  known: number;
}

/** One pass over a side: what each rep received. */
export function* tallies(
  replayed: readonly Replayed[],
  high: readonly boolean[],
  conversion: ReadonlyMap<string, number | null>,
): Steps<Map<string, Tally>> {
  const out = new Map<string, Tally>();
  for (let i = 0; i < replayed.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const w = (replayed[i] as Replayed).winnerId;
    if (w === null) continue;
    let t = out.get(w);
    if (t === undefined) out.set(w, (t = { received: 0, high: 0, expected: 0, known: 0 }));
    t.received += 1;
    if (high[i] === true) t.high += 1;
    const c = conversion.get(w) ?? null;
    if (c !== null) {
      t.expected += c;
      t.known += 1;
    }
  }
  return out;
}

export function figures(
  ids: readonly string[],
  tally: ReadonlyMap<string, Tally>,
  totalHigh: number,
): Figures {
  const sum: Tally = { received: 0, high: 0, expected: 0, known: 0 };
  for (const id of ids) {
    const t = tally.get(id);
    if (t === undefined) continue;
    sum.received += t.received;
    sum.high += t.high;
    sum.expected += t.expected;
    sum.known += t.known;
  }
  return {
    received: sum.received,
    high: sum.high,
    highShare: totalHigh === 0 ? 0 : round4(sum.high / totalHigh),
    expectedConversion: sum.known === 0 ? null : round4(sum.expected / sum.known),
  };
}

/** Each rep's won share of closed leads; reps with none get the organisation's (null when nobody has closed any). */
export function conversionRates(
  reps: readonly Person[],
  history: ReadonlyMap<string, [number, number]>,
): Map<string, number | null> {
  let won = 0;
  let closed = 0;
  for (const [w, n] of history.values()) {
    won += w;
    closed += n;
  }
  const overall = closed === 0 ? null : won / closed;
  return new Map(
    reps.map((p) => {
      const h = history.get(p.id);
      return [p.id, h !== undefined && h[1] > 0 ? h[0] / h[1] : overall];
    }),
  );
}
