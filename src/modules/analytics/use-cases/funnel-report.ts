// F30 from the event log: the funnel and dwell of a pipeline for a month, for the whole org, a team or a rep.
import { pipelineOf } from '../../deals/rules/deals.ts';
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import {
  bottleneck,
  funnel,
  median,
  stageVisits,
  visitDays,
  type FunnelStage,
  type StageVisit,
} from '../rules/funnel.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { monthSpan } from '../../../kernel/month.ts';

const DEAL_EVENTS = [
  'deal.created',
  'deal.advanced',
  'deal.won',
  'deal.stall_analysis',
  'deal.risk',
] as const;

export interface FunnelReport {
  month: string;
  pipeline: Pipeline;
  /** Whose deals: everyone's, a team's or a rep's. */
  scope:
    { kind: 'all' } | { kind: 'team'; id: string; name: string } | { kind: 'rep'; id: string; name: string };
  stages: FunnelStage[];
  bottleneck: FunnelStage | null;
  /** Median working days per stage for each team (or each rep of the team, when the scope is a team). */
  dwell: Array<{ stage: string; who: string; medianDays: number | null }>;
}

export type FunnelReportResult =
  | { kind: 'report'; report: FunnelReport }
  | { kind: 'rejected'; reason: 'NO_SUCH_SCOPE'; word: string }
  | { kind: 'rejected'; reason: 'NO_PIPELINE'; word: string };

/**
 * Visits that began in the month (a cohort: the deals that entered a stage then), each measured until it left
 * the stage or, while it is still there, until now — a stall that began in the month shows in its month. `scope` is a team id, a person id (or `@id`), a pipeline id, or null.
 */
export async function funnelReport(
  deps: EngineDeps,
  month: string,
  words: readonly string[] = [],
): Promise<FunnelReportResult> {
  const [one] = await funnelReports(deps, month, [words]);
  return one as FunnelReportResult;
}

/**
 * The same for several scopes at once (the weekly digest's every pipeline of every team): each pipeline's month is
 * read and measured once for all of them. Over a million stage events one read holds a thread for about a second:
 * not the server's (issue 23).
 */
export async function funnelReports(
  deps: EngineDeps,
  month: string,
  scopes: ReadonlyArray<readonly string[]>,
): Promise<FunnelReportResult[]> {
  if (deps.reads !== undefined)
    return (await deps.reads.run(
      'funnelReports',
      [month, scopes.map((words) => [...words])],
      deps,
    )) as FunnelReportResult[];
  return funnelReportsHere(deps, month, scopes);
}

/** A pipeline's month: its visits that began then, with their working days. */
interface PipelineMonth {
  visits: readonly StageVisit[];
  days: number[];
}

/** The funnels computed on this thread (a worker calls this, with its read-only store). */
/**
 * The month's visits by the stage log they were built from: a report worker's cached log hands out the same
 * frozen events for the same answer (src/store/sql/stage-log.ts), and the visits depend on nothing else (the
 * window is the log's own; the working days are counted per ask, to its `asOf`). Visits are not changed after.
 */
const visitsOf = new WeakMap<readonly LeadEvent[], readonly StageVisit[]>();

export async function funnelReportsHere(
  deps: EngineDeps,
  month: string,
  scopes: ReadonlyArray<readonly string[]>,
): Promise<FunnelReportResult[]> {
  const asOf = deps.clock();
  return deps.store.transaction(async (tx): Promise<FunnelReportResult[]> => {
    const zone = await orgTimezone(tx, deps);
    const { from, to } = monthSpan(month, zone);
    const teams = await tx.org.teams();
    const people = await tx.org.people();
    const calendar = deps.rules.deals.calendar;
    const teamOf = new Map(people.map((p) => [p.id, p.teamId]));
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    const teamName = new Map<string, string>();
    for (const t of teams) if (!teamName.has(t.id)) teamName.set(t.id, t.name);
    const months = new Map<string, PipelineMonth>();
    const monthOf = async (pipeline: Pipeline): Promise<PipelineMonth> => {
      const known = months.get(pipeline.id);
      if (known !== undefined) return known;
      // Only the deals of the pipeline that entered a stage in the month, with their events from the month's
      // start up to now: a stay that began in the month begins with one of them (an advance rebuilds the stay it
      // opens without the deal's earlier log), and its reasons come after it.
      const { events, owners } = await tx.events.dealStageLog({
        pipeline: pipeline.id,
        from,
        to,
        before: asOf,
        types: DEAL_EVENTS,
        since: from,
      });
      let visits = visitsOf.get(events);
      if (visits === undefined) {
        visits = stageVisits(events, owners).filter(
          (v) => v.enteredAt >= from && v.enteredAt < to && owners.has(v.dealId),
        );
        visitsOf.set(events, visits);
      }
      // Each visit's working days, counted once for the funnel and the heat map of every scope.
      const read = { visits, days: visitDays(visits, asOf, zone, calendar) };
      months.set(pipeline.id, read);
      return read;
    };
    const out: FunnelReportResult[] = [];
    for (const words of scopes) {
      let pipeline = pipelineOf(deps.rules.deals, null) as Pipeline;
      let scope: FunnelReport['scope'] = { kind: 'all' };
      let rejected: string | null = null;
      for (const raw of words) {
        const w = raw.replace(/^[@＠]/, '');
        const p = deps.rules.deals.pipelines.find((x) => x.id === w || x.name === w);
        const team = teams.find((x) => x.id === w || x.name === w);
        const person = people.find((x) => x.id === w || x.name === w);
        if (p !== undefined) pipeline = p;
        else if (team !== undefined) scope = { kind: 'team', id: team.id, name: team.name };
        else if (person !== undefined) scope = { kind: 'rep', id: person.id, name: person.name };
        else {
          rejected = raw;
          break;
        }
      }
      if (rejected !== null) {
        out.push({ kind: 'rejected', reason: 'NO_SUCH_SCOPE', word: rejected });
        continue;
      }
      const all = await monthOf(pipeline);
      const visits: StageVisit[] = [];
      const days: number[] = [];
      all.visits.forEach((v, i) => {
        if (
          scope.kind === 'all' ||
          (scope.kind === 'team' && teamOf.get(v.ownerId) === scope.id) ||
          (scope.kind === 'rep' && v.ownerId === scope.id)
        ) {
          visits.push(v);
          days.push(all.days[i] as number);
        }
      });
      const stages = funnel(visits, pipeline, asOf, zone, calendar, days);
      // The heat map's rows: teams for the whole org, reps within a team or for one rep.
      const whoOf = (ownerId: string) => {
        if (scope.kind !== 'all') return nameOf.get(ownerId) ?? ownerId;
        const team = teamOf.get(ownerId);
        return (team === undefined || team === null ? undefined : teamName.get(team)) ?? '-';
      };
      // The heat map's cells in one pass: row → stage → the visits' days.
      const cells = new Map<string, Map<string, number[]>>();
      const whoOfOwner = new Map<string, string>();
      visits.forEach((v, i) => {
        let who = whoOfOwner.get(v.ownerId);
        if (who === undefined) whoOfOwner.set(v.ownerId, (who = whoOf(v.ownerId)));
        let row = cells.get(who);
        if (row === undefined) cells.set(who, (row = new Map<string, number[]>()));
        const cell = row.get(v.stage);
        if (cell === undefined) row.set(v.stage, [days[i] as number]);
        else cell.push(days[i] as number);
      });
      const rows = [...cells.keys()].sort();
      const dwell = rows.flatMap((who) =>
        pipeline.stages.map((s) => ({
          stage: s.name,
          who,
          medianDays: median((cells.get(who)?.get(s.id) ?? []).sort((a, b) => a - b)),
        })),
      );
      out.push({
        kind: 'report',
        report: { month, pipeline, scope, stages, bottleneck: bottleneck(stages), dwell },
      });
    }
    return out;
  });
}
