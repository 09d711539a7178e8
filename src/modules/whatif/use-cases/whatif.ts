// F39 rule what-if: replay the leads of a period through the rules in force and through a candidate file,
// on a read-only view of the store, and compare. Also `rules apply` (refuses on blocking warnings) and
// `rules history`, which live in the event log.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RulesAppliedEvent } from '../../../kernel/events.ts';
import type { Rules } from '../../rules.ts';
import type { RoutingExplanation } from '../../leads/rules/routing.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import { routingFingerprint } from '../rules/whatif.ts';
import { inSlices, replayBoth } from './replay-both.ts';
import { replayApart, replayInForceElsewhere, reproducedIn } from './replay-apart.ts';
import { PAGE, read, readArrivals } from './read-arrivals.ts';
import { summarizeWhatIfSteps, type Warning, type WhatIfSummary } from '../rules/whatif-summary.ts';
import type { EngineDeps } from '../../deps.ts';
import { CodedError } from '../../../kernel/errors.ts';

const DAY = 86_400_000;
/** At most this many explained changes for the two replays to run apart (see below). */
const APART_EXPLAINED = 1_000;

export interface WhatIfOptions {
  from: number;
  to: number;
  /** Only this team's rows, changes and warnings. */
  teamId?: string;
  /**
   * Replay the rules in force even where the stored decisions were made by these very rules (the replay is
   * faithful, so by default those decisions stand for it), and count how many it reproduces.
   */
  verify?: boolean;
  /** Changed leads that carry both explanations (the first ones; default: all). */
  explainChanged?: number;
  /**
   * Compare against these rules instead of the rules in force (two files, A vs B: the old side replays these).
   * Their stored decisions stand for them only where they are the rules that made them; the warnings keep the
   * thresholds of the rules in force.
   */
  baseRules?: Rules;
}

export interface WhatIfResult extends WhatIfSummary {
  /**
   * Stored decisions the replay of the rules in force reproduces (all, when the rules did not change in the
   * period); null when every decision was made by the rules in force and `verify` was not asked for.
   */
  reproduced: number | null;
  /** `stored`: every lead was routed by the rules in force, whose stored decisions stand for their replay. */
  baseline: 'stored' | 'replayed';
  /**
   * Decisions whose org of the time cannot be reconstructed (stored before routing kept its inputs or the org it
   * read): replayed, through both rules alike, against today's org. They are not compared with the stored decisions,
   * so they never count as changes the new rules make.
   */
  notReconstructable: number;
  /**
   * Of the decisions made by the rules in force, how many their replay does not give back (the winner differs):
   * history the replay could not reconstruct, never the new rules' doing. Null when the rules in force were not
   * replayed (every decision was reconstructable and stands for itself).
   */
  unreproduced: number | null;
  people: Map<string, Person>;
  teamsById: Map<string, Team>;
  timezone: string;
}

export class WhatIfError extends CodedError<'UNKNOWN_TEAM' | 'BAD_PERIOD'> {}

export async function runWhatIf(
  deps: EngineDeps,
  newRules: Rules,
  options: WhatIfOptions,
): Promise<WhatIfResult> {
  if (!(options.from < options.to))
    throw new WhatIfError('BAD_PERIOD', 'the period is empty: --from must be before --to');
  const base = {
    ...(await read(deps, async (v) => ({
      people: await v.people(),
      teams: await v.teams(),
      stats: await v.repStats(),
      timezone: (await v.setting('timezone')) ?? deps.defaultTimezone,
    }))),
    // Its own unit of work: every closed lead of the history (≈40 ms at 100,000), on a turn of its own.
    history: await read(deps, (v) => v.closedByOwner(options.to)),
  };
  if (options.teamId !== undefined && !base.teams.some((t) => t.id === options.teamId))
    throw new WhatIfError(
      'UNKNOWN_TEAM',
      `no team ${options.teamId}; the teams are: ${base.teams.map((t) => t.id).join(', ') || '(none yet: import an org file)'}`,
    );

  const full = options.verify === true;
  const baseRules = options.baseRules ?? deps.rules;
  const print = routingFingerprint(baseRules);
  const sameRules = routingFingerprint(newRules) === print;
  const limit = options.explainChanged ?? Infinity;
  // --verify with a candidate to compare: the rules in force are replayed and checked in a worker when there is
  // one (the server's, or the CLI's for --verify), which reads the arrivals itself while this thread reads them and
  // replays the candidate (issue 23, item 5). Explaining every change (--csv, --json) keeps the sequential replay:
  // apart, the old side of each change would be read back and parsed from the store.
  const elsewhere =
    full && !sameRules && deps.reads !== undefined && limit <= APART_EXPLAINED
      ? replayInForceElsewhere(deps, {
          from: options.from,
          to: options.to,
          people: base.people,
          stats: base.stats,
          rules: baseRules,
          print,
        })
      : null;
  const arrivals = await readArrivals(deps, options.from, options.to, base.people.length, full);

  // The stored decisions stand for the rules in force only where the replay can rebuild what they read.
  const baseline = !full && arrivals.every((a) => a.org != null && a.rules === print) ? 'stored' : 'replayed';
  const replayed = elsewhere
    ? await replayApart(deps, elsewhere, arrivals, base, baseRules, newRules, { print, limit })
    : await replayBoth(arrivals, base, baseRules, newRules, {
        // The same routing rules: nothing changes, by definition. The replay only tells how faithful it is.
        current: sameRules || baseline === 'replayed',
        baseline,
        candidate: !sameRules,
        verify: full,
        print,
        limit,
        reproduced: (r) => reproducedIn(deps, r),
      });
  const { old, explained, reproduced, unreproduced } = replayed;
  const next = replayed.next ?? old;
  if (baseline === 'stored' && explained > 0) {
    // Only the changed leads' own decisions are read in full, and only as many as will be shown.
    const ids = next.filter((r) => r.explanation !== null).map((r) => r.leadId);
    const storedDecisions = new Map<number, RoutingExplanation>();
    for (let k = 0; k < ids.length; k += PAGE) {
      const part = await read(deps, (v) => v.firstDecisions(ids.slice(k, k + PAGE)));
      for (const [id, e] of part) storedDecisions.set(id, e);
    }
    for (const r of old) r.explanation = storedDecisions.get(r.leadId) ?? null;
  }
  // In slices: 100,000 leads' summary held the loop for 0.5–0.8 s in one piece (issue 23, item 2).
  const summary = await inSlices(
    summarizeWhatIfSteps({
      from: options.from,
      to: options.to,
      people: base.people,
      teams: base.teams,
      oldRules: baseRules,
      newRules,
      old,
      new: next,
      history: base.history,
      checks: deps.rules.whatif,
    }),
  );
  const result: WhatIfResult = {
    ...summary,
    baseline,
    reproduced,
    notReconstructable: arrivals.filter((a) => a.org == null).length,
    unreproduced,
    people: new Map(base.people.map((p) => [p.id, p])),
    teamsById: new Map(base.teams.map((t) => [t.id, t])),
    timezone: base.timezone,
  };
  return options.teamId === undefined ? result : forTeam(result, options.teamId);
}

function forTeam(r: WhatIfResult, teamId: string): WhatIfResult {
  const inTeam = (id: string | null) => id !== null && r.people.get(id)?.teamId === teamId;
  return {
    ...r,
    reps: r.reps.filter((x) => x.teamId === teamId),
    teams: r.teams.filter((x) => x.id === teamId),
    changed: r.changed.filter((c) => inTeam(c.from) || inTeam(c.to)),
    warnings: r.warnings.filter((w) => !('teamId' in w) || w.teamId === teamId),
  };
}

export function blockingWarnings(warnings: readonly Warning[]): Warning[] {
  return warnings.filter((w) => w.blocking);
}

/** The what-if `rules apply` runs: the last `whatif.days` days up to now. */
export function applyWindow(deps: EngineDeps): { from: number; to: number } {
  const to = deps.clock();
  return { from: to - deps.rules.whatif.days * DAY, to };
}

export function rulesFileHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface RulesApplied {
  by: string;
  actorId: string | null;
  text: string;
  acceptedWarnings: boolean;
  result: WhatIfResult;
  /** The warnings as the applier read them. */
  warningLines: string[];
}

/** Records a rules change (after the caller has put the file in place) in the append-only event log. */
export async function recordRulesApplied(deps: EngineDeps, change: RulesApplied): Promise<void> {
  const r = change.result;
  const event: RulesAppliedEvent = {
    type: 'rules.applied',
    at: deps.clock(),
    leadId: null,
    actorId: change.actorId,
    by: change.by,
    fileHash: rulesFileHash(change.text),
    rules: change.text,
    acceptedWarnings: change.acceptedWarnings,
    whatif: {
      from: r.from,
      to: r.to,
      leads: r.leads,
      changed: r.changed.length,
      pooled: [r.old.pooled, r.new.pooled],
      gini: [r.old.gini, r.new.gini],
      top3Share: [r.old.top3Share, r.new.top3Share],
      warnings: change.warningLines,
    },
  };
  await deps.store.transaction(async (tx) => {
    await tx.events.append(event);
  });
}

const pair = z.tuple([z.number(), z.number()]);
const appliedSchema = z.object({
  type: z.literal('rules.applied'),
  at: z.number(),
  leadId: z.null(),
  actorId: z.string().nullable(),
  by: z.string(),
  fileHash: z.string(),
  rules: z.string(),
  acceptedWarnings: z.boolean(),
  whatif: z.object({
    from: z.number(),
    to: z.number(),
    leads: z.number(),
    changed: z.number(),
    pooled: pair,
    gini: pair,
    top3Share: pair,
    warnings: z.array(z.string()),
  }),
}) satisfies z.ZodType<RulesAppliedEvent>;

/** Every rules change, oldest first. */
export async function rulesHistory(deps: EngineDeps): Promise<RulesAppliedEvent[]> {
  const rows: unknown[] = await deps.store.transaction((tx) =>
    tx.events.between(0, Number.MAX_SAFE_INTEGER, ['rules.applied']),
  );
  return rows.map((e) => appliedSchema.parse(e));
}
