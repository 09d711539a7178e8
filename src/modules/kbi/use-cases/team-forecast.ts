// `team forecast` / `预测` (F26): stage probabilities learned from the deals closed so far (smoothed toward each
// pipeline's own probability when data are thin), the weighted pipeline by rep, team and expected-close month,
// and the forecast of this month and quarter = won so far + the weighted open deals expected to close in it.
// Each period's forecast is snapshotted (at most once a day, also by the daily job) and, once the period is
// over, its first snapshot is scored against what closed: the accuracy the manager sees.
import { DateTime } from 'luxon';
import {
  dealPaths,
  learnProbabilities,
  monthGroups,
  scoreSnapshot,
  weightedPipeline,
  type MonthGroup,
  type SnapshotScore,
  type StageProbability,
  type WeightedPipeline,
} from '../rules/forecast.ts';
import { periodOf, wonCents, type Period } from '../rules/targets.ts';
import { defaultCloseAt } from '../../deals/rules/close-date.ts';
import type { Deal } from '../../deals/rules/deals.ts';
import type { Person } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { StoredSnapshot, Tx } from '../../ports.ts';

const PATH_EVENTS = ['deal.created', 'deal.advanced', 'deal.won', 'lead.closed'] as const;
export const FORECAST_ROLES: ReadonlySet<Person['role']> = new Set(['manager', 'director', 'admin']);
/** How many finished periods' accuracy is shown. */
const SCORED_PERIODS = 3;

export interface PeriodForecast {
  period: Period;
  wonCents: number;
  /** Weighted open deals expected to close in the period. */
  weightedCents: number;
  totalCents: number;
  byRep: Record<string, number>;
  byTeam: Record<string, number>;
}

export interface ScoredSnapshot {
  period: string;
  takenAt: number;
  score: SnapshotScore;
}

export interface Forecast {
  at: number;
  probabilities: Record<string, StageProbability[]>;
  /** Per open deal when asked for (ForecastOptions.lines); its sums always. */
  pipeline: WeightedPipeline;
  /** The open deals by expected-close month, team and rep: what the card shows of them. */
  monthGroups: MonthGroup[];
  periods: PeriodForecast[];
  accuracy: ScoredSnapshot[];
}

export type ForecastResult =
  { kind: 'forecast'; forecast: Forecast } | { kind: 'rejected'; reason: 'NOT_ALLOWED' };

/** The org-wide forecast as of now (what a snapshot keeps). */
async function computeForecast(
  tx: Tx,
  deps: EngineDeps,
  now: number,
  zone: string,
): Promise<Omit<Forecast, 'accuracy'>> {
  const paths = dealPaths(await tx.events.between(0, now + 1, PATH_EVENTS));
  const probabilities: Record<string, StageProbability[]> = {};
  for (const p of deps.rules.deals.pipelines)
    probabilities[p.id] = learnProbabilities(p, paths, deps.rules.kbi.forecast.priorStrength);
  const people = await tx.org.people();
  const teamOf = new Map(people.map((p) => [p.id, p.teamId]));
  const open = await tx.deals.openDeals();
  // A deal from before close dates were asked gets its pipeline's cycle from its start, worked out here (F26).
  const byId = new Map(deps.rules.deals.pipelines.map((p) => [p.id, p]));
  const pipeline = weightedPipeline(open, probabilities, (id) => teamOf.get(id) ?? null, zone, {
    now,
    defaultClose: (d) =>
      defaultCloseAt(byId.get(d.pipeline) ?? null, d.createdAt ?? now, zone, deps.rules.deals.calendar).at,
  });
  const periods: PeriodForecast[] = [];
  for (const kind of ['month', 'quarter'] as const) {
    const period = periodOf(kind, now, zone);
    const won = await tx.deals.wonBetween(period.start, period.end);
    // Once per month named, not once per line: parsing the month of each of 254 000 open deals took 17 s.
    const months = new Map<string, boolean>();
    const within = (month: string): boolean => {
      let yes = months.get(month);
      if (yes === undefined) months.set(month, (yes = inPeriod(month, period, zone)));
      return yes;
    };
    const lines = pipeline.lines.filter((l) => within(l.month));
    const byRep: Record<string, number> = {};
    const byTeam: Record<string, number> = {};
    const add = (repId: string, cents: number) => {
      byRep[repId] = (byRep[repId] ?? 0) + cents;
      const team = teamOf.get(repId);
      if (team != null) byTeam[team] = (byTeam[team] ?? 0) + cents;
    };
    for (const d of won) add(d.ownerId, wonCents([d], period.start, period.end));
    for (const l of lines) add(l.repId, l.weightedCents);
    const wonTotal = wonCents(won, period.start, period.end);
    const weighted = lines.reduce((s, l) => s + l.weightedCents, 0);
    periods.push({
      period,
      wonCents: wonTotal,
      weightedCents: weighted,
      totalCents: wonTotal + weighted,
      byRep,
      byTeam,
    });
  }
  return { at: now, probabilities, pipeline, monthGroups: monthGroups(pipeline.lines), periods };
}

function inPeriod(month: string, period: Period, zone: string): boolean {
  if (month === 'unscheduled') return false;
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone }).toMillis();
  return start >= period.start && start < period.end;
}

/** Keeps today's snapshot of this month's and quarter's forecast (a second call the same day keeps the first). */
async function snapshot(tx: Tx, f: Omit<Forecast, 'accuracy'>, zone: string): Promise<number> {
  const day = DateTime.fromMillis(f.at, { zone }).toISODate() ?? '';
  let kept = 0;
  for (const p of f.periods)
    if (
      await tx.targets.addSnapshot({
        kind: p.period.kind,
        period: p.period.key,
        day,
        takenAt: f.at,
        start: p.period.start,
        end: p.period.end,
        totalCents: p.totalCents,
        byRep: p.byRep,
        byTeam: p.byTeam,
        probabilities: f.probabilities,
      })
    )
      kept++;
  return kept;
}

/**
 * The org-wide forecast at deps.clock(): it reads every deal path and open deal, so it runs in a worker when the
 * server has them (issue 23), here otherwise.
 */
export async function forecastOffLoop(
  deps: EngineDeps,
  options: ForecastOptions = {},
): Promise<Omit<Forecast, 'accuracy'>> {
  if (deps.reads !== undefined)
    return (await deps.reads.run('forecast', [options], deps)) as Omit<Forecast, 'accuracy'>;
  return forecastHere(deps, options);
}

export interface ForecastOptions {
  /**
   * false: the pipeline's lines (one per open deal) are left out, its sums and month groups kept. Neither a
   * snapshot nor the card needs them, and a worker's answer is copied onto the server's thread: 254 000 lines
   * took it about a second (issue 23).
   */
  lines?: boolean;
}

/** The forecast computed on this thread (a worker calls this, with its read-only store). */
export async function forecastHere(
  deps: EngineDeps,
  options: ForecastOptions = {},
): Promise<Omit<Forecast, 'accuracy'>> {
  const f = await deps.store.transaction(async (tx) =>
    computeForecast(tx, deps, deps.clock(), await orgTimezone(tx, deps)),
  );
  return options.lines === false ? { ...f, pipeline: { ...f.pipeline, lines: [] } } : f;
}

/** The daily job's part: snapshot today's forecast (so every period has one to score later). */
export async function snapshotForecast(deps: EngineDeps, now: number = deps.clock()): Promise<number> {
  const f = await forecastOffLoop({ ...deps, clock: () => now }, { lines: false });
  return deps.store.transaction(async (tx) => snapshot(tx, f, await orgTimezone(tx, deps)));
}

/** The first snapshot of each finished period, scored against the deals won in it, newest first. */
async function accuracy(tx: Tx, now: number): Promise<ScoredSnapshot[]> {
  const done = await tx.targets.snapshots({ endedBy: now, limit: 10_000 });
  const first = new Map<string, StoredSnapshot>();
  for (const s of done) if (!first.has(s.period)) first.set(s.period, s);
  const out: ScoredSnapshot[] = [];
  const periods = [...first.values()].sort((a, b) => b.end - a.end || a.period.localeCompare(b.period));
  for (const s of periods.slice(0, SCORED_PERIODS * 2)) {
    const won: Deal[] = await tx.deals.wonBetween(s.start, s.end);
    out.push({ period: s.period, takenAt: s.takenAt, score: scoreSnapshot(s, won) });
  }
  return out;
}

export async function teamForecast(deps: EngineDeps, viewerId: string): Promise<ForecastResult> {
  const now = deps.clock();
  const viewer = await deps.store.transaction((tx) => tx.org.person(viewerId));
  if (viewer === null || !FORECAST_ROLES.has(viewer.role)) return { kind: 'rejected', reason: 'NOT_ALLOWED' };
  // The card shows the open deals by month, team and rep, not one by one: their lines stay in the worker.
  const f = await forecastOffLoop({ ...deps, clock: () => now }, { lines: false });
  return deps.store.transaction(async (tx): Promise<ForecastResult> => {
    await snapshot(tx, f, await orgTimezone(tx, deps));
    return { kind: 'forecast', forecast: { ...f, accuracy: await accuracy(tx, now) } };
  });
}
