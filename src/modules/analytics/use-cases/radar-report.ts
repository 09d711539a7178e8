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
import type { Person } from '../../../kernel/types.ts';
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

/** The radar computed on this thread (a worker calls this, with its read-only store). */
export async function radarReportHere(
  deps: EngineDeps,
  month: string,
  asker: Person,
  word: string | null,
): Promise<RadarReportResult> {
  const now = deps.clock();
  const loaded = await deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    const teams = await tx.org.teams();
    const people = await tx.org.people();
    return { zone, teams, people };
  });
  const { zone, teams, people } = loaded;
  let teamId = asker.teamId;
  if (word !== null) {
    const w = word.replace(/^[@＠]/, '');
    const team = teams.find((t) => t.id === w || t.name === w);
    const person = people.find((p) => p.id === w || p.name === w);
    if (team !== undefined) teamId = team.id;
    else if (person !== undefined) teamId = person.teamId;
    else return { kind: 'rejected', reason: 'NO_SUCH_SCOPE', word };
  }
  const team = teams.find((t) => t.id === teamId);
  if (team === undefined) return { kind: 'rejected', reason: 'NO_TEAM' };
  const reps = people.filter((p) => p.teamId === team.id && isSeller(p, deps.rules));
  const { from, to, firstDay, lastDay } = monthSpan(month, zone);
  const asOf = Math.min(now, to);

  const measured = await deps.store.transaction(async (tx) => {
    // Only the deals that entered a stage in the month (per pipeline, off the stage log's index), with their
    // whole log up to now: the stays that began in the month, and the evidence of the stages left in it.
    const repIds = new Set(reps.map((r) => r.id));
    const owners = new Map<number, string>();
    const pipelines = new Map<number, Pipeline>();
    const events: LeadEvent[] = [];
    for (const pipeline of deps.rules.deals.pipelines) {
      const log = await tx.events.dealStageLog({
        pipeline: pipeline.id,
        from,
        to,
        before: asOf,
        types: ['deal.created', 'deal.advanced', 'deal.won', 'deal.evidence_added'],
      });
      for (const [id, owner] of log.owners) {
        if (!repIds.has(owner)) continue;
        owners.set(id, owner);
        pipelines.set(id, pipeline);
      }
      events.push(...log.events);
    }
    const mine = events.filter((e) => 'dealId' in e && owners.has(e.dealId));
    // Stays that began in the month; evidence judged on the stages left in the month.
    const visits = stageVisits(mine, owners).filter((v) => v.enteredAt >= from && v.enteredAt < to);
    const stages = stageCompletion(visits, pipelines, asOf, zone, deps.rules.deals.calendar);
    const evidence = evidenceCompleteness(
      mine.filter((e) => e.type !== 'deal.advanced' || (e.at >= from && e.at < to)),
      pipelines,
      owners,
    );
    const warnings = (await tx.kbi.warnings({ fromDay: firstDay, toDay: lastDay, limit: 100_000 }))
      .filter((w) => repIds.has(w.repId))
      .map((w) => ({ repId: w.repId, issuedAt: w.sentAt, acknowledgedAt: w.acknowledgedAt }));
    const days = (await Promise.all(reps.map((r) => tx.kbi.days(r.id, firstDay, lastDay)))).flat();
    return { stages, evidence, warnings, days };
  });
  const distribution = await buildDistributionReport(deps, month);
  const followUps = new Map(distribution.rows.map((r) => [r.repId, r.followUpWithinLimitPct]));
  const radar = teamRadar(
    reps.map((r) => r.id),
    {
      stageCompletion: measured.stages,
      evidence: measured.evidence,
      warningResponse: warningResponse(measured.warnings, ACK_WITHIN_MS, asOf),
      kbi: kbiExecution(measured.days),
      firstFollowUp: followUps,
    },
  );
  const red = Object.fromEntries(
    radar.rows.map((row) => [row.repId, redAreas(row, radar.median, RED_GAP_PTS)]),
  );
  return {
    kind: 'report',
    report: {
      month,
      team: { id: team.id, name: team.name },
      reps: reps.map((r) => ({ id: r.id, name: r.name })),
      radar,
      red,
    },
  };
}
