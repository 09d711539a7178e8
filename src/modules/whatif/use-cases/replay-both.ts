// F39 rule what-if: the two replays (rules in force, candidate) driven side by side over the arrivals, in short
// slices so a long what-if run inside the server (a chat command) never holds the event loop for long.
import type { Rules } from '../../rules.ts';
import type { RoutingExplanation } from '../../leads/rules/routing.ts';
import type { Person } from '../../../kernel/types.ts';
import type { RepStats } from '../../ports.ts';
import { Replay, type Arrival, type Replayed, type RoutingInputs } from '../rules/whatif.ts';
import type { Steps } from '../rules/whatif-figures.ts';

/** Lets the event loop run between slices of a long what-if (it also runs inside the server, on chat commands). */
export function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * An arrival as a what-if holds it until its turn: its inputs still the stored JSON text, parsed only when it is
 * replayed (a period's parsed inputs were most of the heap, and of the collector's work; issue 23, item 5).
 */
export type HeldArrival = Omit<Arrival, 'inputs'> & {
  inputs: string | null;
  /** The inputs' rules fingerprint, read without parsing them. */
  rules: string | null;
};

function arrivalOf(held: Arrival | HeldArrival): Arrival {
  return typeof held.inputs === 'string'
    ? { ...held, inputs: JSON.parse(held.inputs) as RoutingInputs }
    : (held as Arrival);
}

/** How long a slice of the replay may hold the event loop before it lets other work run. */
const SLICE_MS = 10;

/** The slice of SLICE_MS under way: `over()` once it is used up; `next()` lets the loop run and starts another. */
class Slice {
  private started = performance.now();

  over(): boolean {
    return performance.now() - this.started >= SLICE_MS;
  }

  async next(): Promise<void> {
    await pause();
    this.started = performance.now();
  }
}

/** Runs a pure rule's steps (Steps) in slices of SLICE_MS, letting the event loop run between them. */
export async function inSlices<T>(steps: Steps<T>): Promise<T> {
  const slice = new Slice();
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    if (slice.over()) await slice.next();
  }
}

export interface ReplayPlan {
  /** Replay the rules in force. */
  current: boolean;
  /** `replayed`: the old side is the replay of the rules in force; `stored`: the stored decisions. */
  baseline: 'stored' | 'replayed';
  /** Replay the candidate rules. */
  candidate: boolean;
  /** Compare each replayed decision of the rules in force with the stored one. */
  verify: boolean;
  print: string;
  limit: number;
  /**
   * How many of these replayed decisions (by lead, as their JSON text) are the stored ones (asked only for
   * `verify`).
   */
  reproduced: (replayed: ReadonlyMap<number, string>) => Promise<number>;
}

/**
 * Replays the arrivals through the rules in force and the candidate side by side, lead by lead, in slices of
 * SLICE_MS that let the event loop run between them. Keeps only what the result shows: every winner, the
 * explanations of changed leads (the candidate's, the first `limit` ones), and for `verify` the count of stored
 * decisions reproduced (read slice by slice, compared, and dropped).
 */
export async function replayBoth(
  arrivals: readonly (Arrival | HeldArrival)[],
  base: { people: Person[]; stats: Map<string, RepStats> },
  rulesInForce: Rules,
  newRules: Rules,
  plan: ReplayPlan,
): Promise<{
  old: Replayed[];
  next: Replayed[] | null;
  explained: number;
  reproduced: number | null;
  unreproduced: number | null;
}> {
  const current = plan.current ? new Replay(base.people, rulesInForce, base.stats) : null;
  const candidate = plan.candidate ? new Replay(base.people, newRules, base.stats) : null;
  const old: Replayed[] = [];
  const next: Replayed[] | null = candidate === null ? null : [];
  let explained = 0;
  let reproduced = 0;
  let unreproduced = 0;
  // For `verify`: the replayed decisions not yet compared with the stored ones, compared VERIFY_PAGE at a time.
  // Kept as their JSON text: one string each instead of ≈250 small objects, which every young-generation
  // collection copied until the page was compared (most of --verify's collector time; issue 23, item 5).
  const VERIFY_PAGE = 500;
  const unchecked = new Map<number, string>();
  const slice = new Slice();
  for (const held of arrivals) {
    const a = arrivalOf(held);
    const row: Replayed = {
      leadId: a.leadId,
      at: a.at,
      fields: a.fields,
      winnerId: a.winnerId,
      explanation: null,
    };
    let was: RoutingExplanation | null = null;
    if (current !== null) {
      was = current.step(a);
      if (plan.baseline === 'replayed') row.winnerId = was.winnerId;
      if (a.inputs?.rules === plan.print && was.winnerId !== a.winnerId) unreproduced += 1;
      if (plan.verify) unchecked.set(a.leadId, JSON.stringify(was));
    }
    old.push(row);
    if (candidate !== null && next !== null) {
      const now = candidate.step(a);
      const changed = now.winnerId !== row.winnerId;
      const keep = changed && explained < plan.limit;
      if (keep) explained += 1;
      // Both explanations go with the first `limit` changes only (the stored one, read later, for a stored
      // baseline): keeping the old side's for every change kept ~90,000 decisions alive through a 100,000-lead
      // --verify, with the collector a third of its profile (issue 23, item 5).
      if (keep && plan.baseline === 'replayed') row.explanation = was;
      next.push({
        leadId: a.leadId,
        at: a.at,
        fields: a.fields,
        winnerId: now.winnerId,
        explanation: keep ? now : null,
      });
    }
    if (unchecked.size >= VERIFY_PAGE) {
      reproduced += await plan.reproduced(unchecked);
      unchecked.clear();
    }
    if (slice.over()) await slice.next();
  }
  if (unchecked.size > 0) reproduced += await plan.reproduced(unchecked);
  return {
    old,
    next,
    explained,
    reproduced: plan.verify ? reproduced : null,
    unreproduced: current === null ? null : unreproduced,
  };
}
