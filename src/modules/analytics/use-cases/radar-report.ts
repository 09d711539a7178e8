// F31 from what happened: a team's reps on five process measures for a month, against the team median. Stage
// stays and evidence come from the event log, KBI days and warnings from what the daily evaluation stored
// (itself computed from the log), first follow-ups from the distribution report.
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import { stageVisits } from '../rules/funnel.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import {
  evidenceCompleteness,
  kbiExecution,
  redAreas,
  stageCompletion,
  teamRadar,
  warningResponse,
  type RadarAxis,
  type TeamRadar,
} from '../rules/radar.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { buildDistributionReport } from './distribution-report.ts';
import { isSeller } from '../../leads/rules/routing.ts';
import { monthSpan } from '../../../kernel/month.ts';

/** A warning counts as answered when acknowledged within a day. */
export const ACK_WITHIN_MS = 24 * 3_600_000;
/** An axis more than this many points under the team median is a red area. */
export const RED_GAP_PTS = 15;

export interface RadarReport {
  month: string;
  team: { id: string; name: string };
  reps: Array<{ id: string; name: string }>;
  radar: TeamRadar;
  /** Per rep, their red areas, largest gap first. */
  red: Record<string, RadarAxis[]>;
}

export type RadarReportResult =
  | { kind: 'report'; report: RadarReport }
  | { kind: 'rejected'; reason: 'NO_SUCH_SCOPE'; word: string }
  | { kind: 'rejected'; reason: 'NO_TEAM' };

/** The teams a director or admin in no team reads the radar of when naming none: all of them, by name. */
export async function radarTeamsFor(deps: EngineDeps, asker: Person): Promise<string[]> {
  if (asker.role !== 'director' && asker.role !== 'admin') return [];
  const teams = await deps.store.transaction((tx) => tx.org.teams());
  return teams.map((t) => t.id);
}

/** `word`: a team or a person (whose team it is then); null: the asker's own team. */
export async function radarReport(
  deps: EngineDeps,
  month: string,
  asker: Person,
  word: string | null,
): Promise<RadarReportResult> {
  // A team's month of deals and reports: not on the server's thread (issue 23).
  if (deps.reads !== undefined)
    return (await deps.reads.run('radarReport', [month, asker, word], deps)) as RadarReportResult;
  return radarReportHere(deps, month, asker, word);
}

/**
 * Several radars at once (the weekly digest's every team): the month's stage log, warnings and distribution are
 * read once for all of them; each answer is the one `radarReport` gives for its word alone (issue 23).
 */
export async function radarReports(
  deps: EngineDeps,
  month: string,
  asker: Person,
  words: ReadonlyArray<string | null>,
): Promise<RadarReportResult[]> {
  if (deps.reads !== undefined)
    return (await deps.reads.run('radarReports', [month, asker, [...words]], deps)) as RadarReportResult[];
  return radarReportsHere(deps, month, asker, words);
}

/** The radar computed on this thread (a worker calls this, with its read-only store). */
export async function radarReportHere(
  deps: EngineDeps,
  month: string,
  asker: Person,
  word: string | null,
): Promise<RadarReportResult> {
  return (await radarReportsHere(deps, month, asker, [word]))[0] as RadarReportResult;
}

/** The radars computed on this thread, one read for every team named. */
export async function radarReportsHere(
  deps: EngineDeps,
  month: string,
  asker: Person,
  words: ReadonlyArray<string | null>,
): Promise<RadarReportResult[]> {
  const now = deps.clock();
  const loaded = await deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    const teams = await tx.org.teams();
    const people = await tx.org.people();
    return { zone, teams, people };
  });
  const { zone, teams, people } = loaded;
  const scopeOf = (word: string | null): Team | RadarReportResult => {
    let teamId = asker.teamId;
    if (word !== null) {
      const w = word.replace(/^[@＠]/, '');
      const team = teams.find((t) => t.id === w || t.name === w);
      const person = people.find((p) => p.id === w || p.name === w);
      if (team !== undefined) teamId = team.id;
      else if (person !== undefined) teamId = person.teamId;
      else return { kind: 'rejected', reason: 'NO_SUCH_SCOPE', word };
    }
    return teams.find((t) => t.id === teamId) ?? { kind: 'rejected', reason: 'NO_TEAM' };
  };
  const scopes = words.map(scopeOf);
  const named = new Map<string, Team>();
  for (const x of scopes) if (!('kind' in x) && !named.has(x.id)) named.set(x.id, x);
  if (named.size === 0) return scopes as RadarReportResult[];
  const repsOf = (team: Team) => people.filter((p) => p.teamId === team.id && isSeller(p, deps.rules));
  const { from, to, firstDay, lastDay } = monthSpan(month, zone);
  const asOf = Math.min(now, to);
  const allReps = [...new Map([...named.values()].flatMap(repsOf).map((r) => [r.id, r])).values()];

  const read = await deps.store.transaction(async (tx) => {
    // Only the deals that entered a stage in the month (per pipeline, off the stage log's index), with their
    // whole log up to now: the stays that began in the month, and the evidence of the stages left in it. Every
    // deal's events are kept with its owner's team, in the log's order.
    const teamOf = new Map(people.map((p) => [p.id, p.teamId]));
    const byTeam = new Map<
      string | null,
      { events: LeadEvent[]; owners: Array<[number, string, Pipeline]> }
    >();
    const bucket = (owner: string) => {
      const t = teamOf.get(owner) ?? null;
      let b = byTeam.get(t);
      if (b === undefined) byTeam.set(t, (b = { events: [], owners: [] }));
      return b;
    };
    for (const pipeline of deps.rules.deals.pipelines) {
      const log = await tx.events.dealStageLog({
        pipeline: pipeline.id,
        from,
        to,
        before: asOf,
        types: ['deal.created', 'deal.advanced', 'deal.won', 'deal.evidence_added'],
      });
      for (const [id, owner] of log.owners) bucket(owner).owners.push([id, owner, pipeline]);
      for (const e of log.events) {
        const owner = 'dealId' in e ? log.owners.get(e.dealId) : undefined;
        if (owner !== undefined) bucket(owner).events.push(e);
      }
    }
    const warnings = await tx.kbi.warnings({ fromDay: firstDay, toDay: lastDay, limit: 100_000 });
    const days = new Map(
      await Promise.all(
        allReps.map(async (r) => [r.id, await tx.kbi.days(r.id, firstDay, lastDay)] as const),
      ),
    );
    return { byTeam, warnings, days };
  });
  const distribution = await buildDistributionReport(deps, month);
  const followUps = new Map(distribution.rows.map((r) => [r.repId, r.followUpWithinLimitPct]));
  const reports = new Map<string, RadarReportResult>();
  for (const team of named.values()) {
    const reps = repsOf(team);
    const repIds = new Set(reps.map((r) => r.id));
    const owners = new Map<number, string>();
    const pipelines = new Map<number, Pipeline>();
    const b = read.byTeam.get(team.id) ?? { events: [], owners: [] };
    for (const [id, owner, pipeline] of b.owners) {
      if (!repIds.has(owner)) continue;
      owners.set(id, owner);
      pipelines.set(id, pipeline);
    }
    const mine = b.events.filter((e) => 'dealId' in e && owners.has(e.dealId));
    // Stays that began in the month; evidence judged on the stages left in the month.
    const visits = stageVisits(mine, owners).filter((v) => v.enteredAt >= from && v.enteredAt < to);
    const stages = stageCompletion(visits, pipelines, asOf, zone, deps.rules.deals.calendar);
    const evidence = evidenceCompleteness(
      mine.filter((e) => e.type !== 'deal.advanced' || (e.at >= from && e.at < to)),
      pipelines,
      owners,
    );
    const warnings = read.warnings
      .filter((w) => repIds.has(w.repId))
      .map((w) => ({ repId: w.repId, issuedAt: w.sentAt, acknowledgedAt: w.acknowledgedAt }));
    const days = reps.flatMap((r) => read.days.get(r.id) ?? []);
    const radar = teamRadar(
      reps.map((r) => r.id),
      {
        stageCompletion: stages,
        evidence,
        warningResponse: warningResponse(warnings, ACK_WITHIN_MS, asOf),
        kbi: kbiExecution(days),
        firstFollowUp: followUps,
      },
    );
    const red = Object.fromEntries(
      radar.rows.map((row) => [row.repId, redAreas(row, radar.median, RED_GAP_PTS)]),
    );
    reports.set(team.id, {
      kind: 'report',
      report: {
        month,
        team: { id: team.id, name: team.name },
        reps: reps.map((r) => ({ id: r.id, name: r.name })),
        radar,
        red,
      },
    });
  }
  return scopes.map((x) => ('kind' in x ? x : (reports.get(x.id) as RadarReportResult)));
}
