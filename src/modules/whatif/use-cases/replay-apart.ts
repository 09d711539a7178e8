// F39 rule what-if with --verify, its two replays on two cores (issue 23, item 5): a worker thread (deps.reads, a
// read-only connection of its own) reads the arrivals, replays the rules in force and checks them against the stored
// decisions, while this thread reads them too and replays the candidate. --verify then takes about the longer of the
// two, not their sum, and nothing large crosses between the threads.
import type { Rules } from '../../rules.ts';
import type { RoutingExplanation } from '../../leads/rules/routing.ts';
import type { Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import type { RepStats } from '../../ports.ts';
import { sameDecision, type Replayed } from '../rules/whatif.ts';
import { replayBoth, type HeldArrival, type ReplayPlan } from './replay-both.ts';
import { readArrivals } from './read-arrivals.ts';

/** What the worker replays: the period's arrivals (it reads them), with today's org and the rules in force. */
export interface InForceTask {
  from: number;
  to: number;
  people: Person[];
  stats: Map<string, RepStats>;
  rules: Rules;
  print: string;
}

/** The replay of the rules in force, lead by lead in the arrivals' order. */
export interface InForceReplay {
  /** The arrivals the worker read, in order: this thread uses its answer only if it read the same. */
  leadIds: number[];
  winners: Array<string | null>;
  /** 1 where the stored decision's text is the replay's own JSON: parsed, it is the replayed decision. */
  exact: Uint8Array;
  reproduced: number;
  unreproduced: number;
}

/**
 * How many replayed decisions are the stored ones: the same text, or parsed and the same field by field. The
 * leads whose stored text is the replay's JSON go into `exact`.
 */
export async function reproducedIn(
  deps: EngineDeps,
  replayed: ReadonlyMap<number, string>,
  exact?: Set<number>,
): Promise<number> {
  const against = await deps.store.transaction((tx) => tx.leads.firstDecisionsAgainst(replayed));
  let same = 0;
  for (const [id, stored] of against) {
    const was = replayed.get(id);
    if (stored === true) exact?.add(id);
    if (stored === true || (was !== undefined && sameDecision(JSON.parse(was) as RoutingExplanation, stored)))
      same += 1;
  }
  return same;
}

/** The worker's side: replays the rules in force over the arrivals and compares with the stored decisions. */
export async function replayInForceHere(deps: EngineDeps, task: InForceTask): Promise<InForceReplay> {
  const arrivals = await readArrivals(deps, task.from, task.to, task.people.length, true);
  const exact = new Set<number>();
  const r = await replayBoth(arrivals, task, task.rules, task.rules, {
    current: true,
    baseline: 'replayed',
    candidate: false,
    verify: true,
    print: task.print,
    limit: 0,
    reproduced: (replayed) => reproducedIn(deps, replayed, exact),
  });
  const flags = new Uint8Array(arrivals.length);
  arrivals.forEach((a, i) => (flags[i] = exact.has(a.leadId) ? 1 : 0));
  return {
    leadIds: arrivals.map((a) => a.leadId),
    winners: r.old.map((x) => x.winnerId),
    exact: flags,
    reproduced: r.reproduced ?? 0,
    unreproduced: r.unreproduced ?? 0,
  };
}

/**
 * This thread's side: the candidate's replay while the worker replays the rules in force, then the two put
 * together as replayBoth gives them for `verify` (old rows with the in-force winners). Explained changes: the
 * candidate's explanation is kept where it differs from the stored winner (the in-force winner is not known yet;
 * where the replay reproduces history, which is what --verify checks, that is where it differs from the in-force
 * one), the in-force one is the stored decision the worker found to be its exact text. Where either is missing
 * (history the replay does not give back), the leads up to the last explained change are replayed here again.
 */
/** Starts the worker's side (it reads, replays and compares meanwhile); its failure is left to replayApart. */
export function replayInForceElsewhere(deps: EngineDeps, task: InForceTask): Promise<InForceReplay> {
  if (deps.reads === undefined) throw new Error('replayInForceElsewhere needs deps.reads');
  const elsewhere = deps.reads.run('whatifInForce', [task], deps) as Promise<InForceReplay>;
  // Awaited by replayApart; should this thread fail before, the worker's failure is not left unhandled.
  elsewhere.catch(() => undefined);
  return elsewhere;
}

/** Both sides replayed, how many changes were explained, and how many stored decisions the rules in force gave back. */
interface BothReplayed {
  old: Replayed[];
  next: Replayed[];
  explained: number;
  reproduced: number;
  unreproduced: number;
}

export async function replayApart(
  deps: EngineDeps,
  elsewhere: Promise<InForceReplay>,
  arrivals: readonly HeldArrival[],
  base: { people: Person[]; stats: Map<string, RepStats> },
  rulesInForce: Rules,
  newRules: Rules,
  plan: { print: string; limit: number },
): Promise<BothReplayed> {
  const mine = await replayBoth(arrivals, base, rulesInForce, newRules, candidatePlan(plan, false));
  const theirs = await elsewhere;
  // Another set of arrivals (leads or their first decisions written between the two reads): the rules in force are
  // replayed here after all, as without a worker.
  if (theirs.leadIds.length !== arrivals.length || arrivals.some((a, i) => a.leadId !== theirs.leadIds[i]))
    return sequential(deps, arrivals, base, rulesInForce, newRules, plan);
  const old = mine.old;
  const next = mine.next as Replayed[];
  const kept: number[] = [];
  let missing = false;
  for (const [i, row] of old.entries()) {
    row.winnerId = theirs.winners[i] ?? null;
    const n = next[i] as Replayed;
    if (n.winnerId !== row.winnerId && kept.length < plan.limit) {
      kept.push(i);
      if (n.explanation === null || theirs.exact[i] !== 1) missing = true;
    } else n.explanation = null;
  }
  if (missing) {
    const last = kept.at(-1) as number;
    const again = await replayBoth(
      arrivals.slice(0, last + 1),
      base,
      rulesInForce,
      newRules,
      candidatePlan(plan, true),
    );
    for (const i of kept) {
      (old[i] as Replayed).explanation = (again.old[i] as Replayed).explanation;
      (next[i] as Replayed).explanation = (again.next as Replayed[])[i]?.explanation ?? null;
    }
  } else if (kept.length > 0) {
    const ids = kept.map((i) => (old[i] as Replayed).leadId);
    const stored = new Map<number, RoutingExplanation>();
    for (let k = 0; k < ids.length; k += 500) {
      const part = await deps.store.transaction((tx) => tx.leads.firstDecisions(ids.slice(k, k + 500)));
      for (const [id, e] of part) stored.set(id, e);
    }
    for (const i of kept) {
      const row = old[i] as Replayed;
      row.explanation = stored.get(row.leadId) ?? null;
    }
  }
  return {
    old,
    next,
    explained: kept.length,
    reproduced: theirs.reproduced,
    unreproduced: theirs.unreproduced,
  };
}

async function sequential(
  deps: EngineDeps,
  arrivals: readonly HeldArrival[],
  base: { people: Person[]; stats: Map<string, RepStats> },
  rulesInForce: Rules,
  newRules: Rules,
  plan: { print: string; limit: number },
): Promise<BothReplayed> {
  const r = await replayBoth(arrivals, base, rulesInForce, newRules, {
    ...candidatePlan(plan, true),
    verify: true,
    reproduced: (replayed) => reproducedIn(deps, replayed),
  });
  return {
    old: r.old,
    next: r.next as Replayed[],
    explained: r.explained,
    reproduced: r.reproduced ?? 0,
    unreproduced: r.unreproduced ?? 0,
  };
}

/**
 * replayBoth's plan for this thread's side: the candidate replayed against the replayed rules in force (`current`:
 * replay those too, here), nothing checked against the stored decisions.
 */
function candidatePlan(plan: { print: string; limit: number }, current: boolean): ReplayPlan {
  return {
    current,
    baseline: 'replayed',
    candidate: true,
    verify: false,
    print: plan.print,
    limit: plan.limit,
    reproduced: () => Promise.resolve(0),
  };
}
