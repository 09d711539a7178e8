// F39 rule what-if with --verify, its two replays on two cores (issue 23, item 5): the rules in force are replayed
// and checked against the stored decisions in a worker thread (deps.reads, a read-only connection of its own),
// while this thread replays the candidate. --verify then takes about the longer of the two, not their sum.
import type { Rules } from '../../rules.ts';
import type { RoutingExplanation } from '../../leads/rules/routing.ts';
import type { Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import type { RepStats } from '../../ports.ts';
import { sameDecision, type Replayed } from '../rules/whatif.ts';
import { replayBoth, type HeldArrival } from './replay-both.ts';

/** What the worker replays: the arrivals as this thread read them (oldest first), the org and the rules. */
export interface InForceTask {
  arrivals: readonly HeldArrival[];
  people: Person[];
  stats: Map<string, RepStats>;
  rules: Rules;
  print: string;
}

/** The replay of the rules in force, lead by lead in the arrivals' order. */
export interface InForceReplay {
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
  const exact = new Set<number>();
  const r = await replayBoth(task.arrivals, task, task.rules, task.rules, {
    current: true,
    baseline: 'replayed',
    candidate: false,
    verify: true,
    print: task.print,
    limit: 0,
    reproduced: (replayed) => reproducedIn(deps, replayed, exact),
  });
  const flags = new Uint8Array(task.arrivals.length);
  task.arrivals.forEach((a, i) => (flags[i] = exact.has(a.leadId) ? 1 : 0));
  return {
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
export async function replayApart(
  deps: EngineDeps,
  arrivals: readonly HeldArrival[],
  base: { people: Person[]; stats: Map<string, RepStats> },
  rulesInForce: Rules,
  newRules: Rules,
  plan: { print: string; limit: number },
): Promise<{
  old: Replayed[];
  next: Replayed[];
  explained: number;
  reproduced: number;
  unreproduced: number;
}> {
  if (deps.reads === undefined) throw new Error('replayApart needs deps.reads');
  const task: InForceTask = { arrivals, ...base, rules: rulesInForce, print: plan.print };
  const elsewhere = deps.reads.run('whatifInForce', [task], deps) as Promise<InForceReplay>;
  // Awaited below; should this thread's replay fail first, the worker's failure is not left unhandled.
  elsewhere.catch(() => undefined);
  const mine = await replayBoth(arrivals, base, rulesInForce, newRules, {
    current: false,
    baseline: 'replayed',
    candidate: true,
    verify: false,
    print: plan.print,
    limit: plan.limit,
    reproduced: () => Promise.resolve(0),
  });
  const theirs = await elsewhere;
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
    const again = await replayBoth(arrivals.slice(0, last + 1), base, rulesInForce, newRules, {
      current: true,
      baseline: 'replayed',
      candidate: true,
      verify: false,
      print: plan.print,
      limit: plan.limit,
      reproduced: () => Promise.resolve(0),
    });
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
