// Forecast (F26): stage probabilities learned from closed deals, the weighted pipeline in integer cents, and
// the accuracy of a past snapshot against what closed.
//
// A deal "passed through" stage i when it reached i or any later stage (a skipped stage was passed too); a
// won deal passed through every stage. Learned p(i) = (won + k × default) / (closed + k), where closed and won
// count closed deals that passed through i, default is the pipeline's own probability for i and k is
// rules.kbi.forecast.priorStrength: with no history p is the default, with a lot of history the data speak.
// Accuracy = max(0, 1 − |forecast − actual| ÷ actual); when nothing closed it is 1 for a forecast of 0, else 0.
import { DateTime } from 'luxon';
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import type { Deal } from '../../deals/rules/deals.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { toCents } from './targets.ts';

export interface DealPath {
  dealId: number;
  pipeline: string;
  /** Stages entered, in order. */
  reached: string[];
  outcome: 'won' | 'lost' | 'open';
}

/** Each deal's path from the log: created → advanced … → won, or lost when its lead was closed lost. */
export function dealPaths(events: readonly LeadEvent[]): DealPath[] {
  type LeadPath = DealPath & { leadId: number | null };
  const paths = new Map<number, LeadPath>();
  // Each lead's paths, so a lead closed lost finds its deals without going through every deal of the log (a
  // path replaced by a second deal.created stays in its lead's list, but is no longer one of `paths`).
  const ofLead = new Map<number | null, LeadPath[]>();
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    if (e.type === 'deal.created') {
      const path: LeadPath = {
        dealId: e.dealId,
        pipeline: e.pipeline,
        reached: [e.stage],
        outcome: 'open',
        leadId: e.leadId,
      };
      paths.set(e.dealId, path);
      const list = ofLead.get(e.leadId);
      if (list === undefined) ofLead.set(e.leadId, [path]);
      else list.push(path);
    }
    const p = 'dealId' in e ? paths.get(e.dealId) : undefined;
    if (e.type === 'deal.advanced' && p) p.reached.push(e.to);
    if (e.type === 'deal.won' && p) p.outcome = 'won';
    if (e.type === 'lead.closed' && e.outcome === 'lost')
      for (const q of ofLead.get(e.leadId) ?? []) if (q.outcome === 'open') q.outcome = 'lost';
  }
  return [...paths.values()].map(({ leadId: _, ...rest }) => rest);
}

/** Index of the furthest stage a deal passed through (a won deal passed them all); −1 when none is known. */
export function furthestStage(path: DealPath, pipeline: Pipeline): number {
  if (path.outcome === 'won') return pipeline.stages.length - 1;
  return Math.max(-1, ...path.reached.map((s) => pipeline.stages.findIndex((x) => x.id === s)));
}

export interface StageProbability {
  stage: string;
  probability: number;
  /** Why: closed deals that passed through the stage, how many of them were won, the default leaned on. */
  reason: { code: 'LEARNED'; closed: number; won: number; prior: number; priorStrength: number };
}

export function learnProbabilities(
  pipeline: Pipeline,
  paths: readonly DealPath[],
  priorStrength: number,
): StageProbability[] {
  const closed = paths.filter((p) => p.pipeline === pipeline.id && p.outcome !== 'open');
  const reach = closed.map((p) => ({ at: furthestStage(p, pipeline), won: p.outcome === 'won' }));
  return pipeline.stages.map((s, i) => {
    const through = reach.filter((r) => r.at >= i);
    const won = through.filter((r) => r.won).length;
    const denominator = through.length + priorStrength;
    return {
      stage: s.id,
      probability: denominator === 0 ? s.probability : (won + priorStrength * s.probability) / denominator,
      reason: { code: 'LEARNED', closed: through.length, won, prior: s.probability, priorStrength },
    };
  });
}

export interface WeightedLine {
  dealId: number;
  repId: string;
  teamId: string | null;
  /** `2026-12` from the expected close date, or `unscheduled`. */
  month: string;
  /**
   * Where the month came from: the date the rep `given`, the pipeline's `default` (set when the deal was opened,
   * or worked out now for a deal from before dates were asked), or `none` (unscheduled).
   */
  closeSource: 'given' | 'default' | 'none';
  /** The expected close date had passed with the deal still open: counted in the current month instead. */
  overdue: boolean;
  amountCents: number;
  probability: number;
  weightedCents: number;
}

export interface WeightedPipeline {
  lines: WeightedLine[];
  totalCents: number;
  byRep: Record<string, number>;
  byTeam: Record<string, number>;
  byMonth: Record<string, number>;
}

/**
 * The open deals of one expected-close month, team and rep, summed: what the forecast card shows of them. A
 * worker's answer is copied onto the server's thread, and 254 000 lines (one a deal) stalled it ~0.8 s (issue 23).
 */
export interface MonthGroup {
  month: string;
  teamId: string | null;
  repId: string;
  deals: number;
  weightedCents: number;
  /** Of them: dated by their pipeline's cycle (`closeSource` default), and past their expected close. */
  defaulted: number;
  overdue: number;
}

/** The lines grouped by month, team and rep, in the order each group first appears. */
export function monthGroups(lines: readonly WeightedLine[]): MonthGroup[] {
  const groups = new Map<string, MonthGroup>();
  for (const l of lines) {
    const key = `${l.month}\u0000${l.teamId === null ? '\u0001' : l.teamId}\u0000${l.repId}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        month: l.month,
        teamId: l.teamId,
        repId: l.repId,
        deals: 0,
        weightedCents: 0,
        defaulted: 0,
        overdue: 0,
      };
      groups.set(key, g);
    }
    g.deals++;
    g.weightedCents += l.weightedCents;
    if (l.closeSource === 'default') g.defaulted++;
    if (l.overdue) g.overdue++;
  }
  return [...groups.values()];
}

export type PipelineDeal = Pick<
  Deal,
  'id' | 'ownerId' | 'amount' | 'pipeline' | 'stage' | 'status' | 'expectedCloseAt'
> & { expectedCloseSource?: Deal['expectedCloseSource']; createdAt?: number };

/**
 * The weighted open deals. With `dates`, a deal without a close date takes `dates.defaultClose(deal)` (the
 * pipeline's cycle from its start), and one whose date passed while it stayed open is counted in `dates.now`'s
 * month (flagged overdue) rather than in a month already over.
 */
export function weightedPipeline(
  deals: readonly PipelineDeal[],
  probabilities: Record<string, readonly StageProbability[]>,
  teamOf: (repId: string) => string | null,
  zone: string,
  dates?: { now: number; defaultClose: (deal: PipelineDeal) => number },
): WeightedPipeline {
  const lines: WeightedLine[] = [];
  const thisMonth = dates === undefined ? null : DateTime.fromMillis(dates.now, { zone }).toFormat('yyyy-MM');
  const monthOf = monthKeys(zone);
  for (const d of deals) {
    if (d.status !== 'open') continue;
    const p = probabilities[d.pipeline]?.find((s) => s.stage === d.stage)?.probability ?? 0;
    const amountCents = toCents(d.amount);
    const closeAt = d.expectedCloseAt ?? dates?.defaultClose(d) ?? null;
    const closeSource =
      closeAt === null ? 'none' : d.expectedCloseAt === null ? 'default' : (d.expectedCloseSource ?? 'given');
    const closeMonth = closeAt === null ? 'unscheduled' : monthOf(closeAt);
    const overdue = thisMonth !== null && closeMonth !== 'unscheduled' && closeMonth < thisMonth;
    lines.push({
      dealId: d.id,
      repId: d.ownerId,
      teamId: teamOf(d.ownerId),
      month: overdue && thisMonth !== null ? thisMonth : closeMonth,
      closeSource,
      overdue,
      amountCents,
      probability: p,
      weightedCents: Math.round(amountCents * p),
    });
  }
  const sumBy = (key: (l: WeightedLine) => string | null) => {
    const out: Record<string, number> = {};
    for (const l of lines) {
      const k = key(l);
      if (k !== null) out[k] = (out[k] ?? 0) + l.weightedCents;
    }
    return out;
  };
  return {
    lines,
    totalCents: lines.reduce((s, l) => s + l.weightedCents, 0),
    byRep: sumBy((l) => l.repId),
    byTeam: sumBy((l) => l.teamId),
    byMonth: sumBy((l) => l.month),
  };
}

/**
 * `yyyy-MM` of a moment in `zone`, as luxon gives it, remembering each month's bounds: one luxon call a month
 * met rather than one a deal (254 000 open deals took 5 s).
 */
export function monthKeys(zone: string): (at: number) => string {
  const known: Array<{ start: number; end: number; key: string }> = [];
  return (at) => {
    for (const m of known) if (at >= m.start && at < m.end) return m.key;
    const t = DateTime.fromMillis(at, { zone });
    const start = t.startOf('month');
    const key = t.toFormat('yyyy-MM');
    if (t.isValid) known.push({ start: start.toMillis(), end: start.plus({ months: 1 }).toMillis(), key });
    return key;
  };
}

export interface ForecastScore {
  forecastCents: number;
  actualCents: number;
  accuracy: number;
  reason: { code: 'SCORED' | 'NOTHING_CLOSED'; errorCents: number };
}

export function scoreForecast(forecastCents: number, actualCents: number): ForecastScore {
  const errorCents = Math.abs(forecastCents - actualCents);
  if (actualCents === 0)
    return {
      forecastCents,
      actualCents,
      accuracy: forecastCents === 0 ? 1 : 0,
      reason: { code: 'NOTHING_CLOSED', errorCents },
    };
  return {
    forecastCents,
    actualCents,
    accuracy: Math.max(0, 1 - errorCents / actualCents),
    reason: { code: 'SCORED', errorCents },
  };
}

/** What the engine stores when it snapshots a forecast for a period (month or quarter). */
export interface ForecastSnapshot {
  takenAt: number;
  /** The period's bounds, [start, end). */
  start: number;
  end: number;
  totalCents: number;
  byRep: Record<string, number>;
}

export interface SnapshotScore {
  total: ForecastScore;
  byRep: Record<string, ForecastScore>;
}

/** Score a snapshot once its period is over: what it said against the deals won in the period, per rep. */
export function scoreSnapshot(
  snapshot: ForecastSnapshot,
  deals: ReadonlyArray<Pick<Deal, 'ownerId' | 'amount' | 'status' | 'closedAt'>>,
): SnapshotScore {
  const won = deals.filter(
    (d) =>
      d.status === 'won' && d.closedAt !== null && d.closedAt >= snapshot.start && d.closedAt < snapshot.end,
  );
  const actual: Record<string, number> = {};
  for (const d of won) actual[d.ownerId] = (actual[d.ownerId] ?? 0) + toCents(d.amount);
  const reps = [...new Set([...Object.keys(snapshot.byRep), ...Object.keys(actual)])].sort();
  return {
    total: scoreForecast(
      snapshot.totalCents,
      Object.values(actual).reduce((s, c) => s + c, 0),
    ),
    byRep: Object.fromEntries(reps.map((r) => [r, scoreForecast(snapshot.byRep[r] ?? 0, actual[r] ?? 0)])),
  };
}
