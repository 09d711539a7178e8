// The weekly manager digest (F30–F33): once a week (deals.weeklyDigest, Monday 09:00 in the org's timezone by
// default) each team's manager gets, in their messenger, a short summary followed by the charts behind it — the
// month's funnel and dwell heat map per pipeline the team works, the reps' red areas on the process radar, last
// week's journey completeness (marked when a figure fell under target) and the target board. Directors get the
// whole organisation's. Every chart is the one its chat command draws, with the same CSV button.
//
// Sent once per week across instances and restarts; a bot that was down at the time sends it when it is back,
// up to a day late (later than that, the week's digest is skipped rather than arriving mid-week). A reader
// whose scope had nothing at all to show (no deal entered a stage, nothing closed, no targets) gets nothing.
// The use case queues the figures (analytics/notice-data.ts); the cards and charts are drawn, in the reader's
// language, when the outbox delivers them (analytics/notices.ts).
import { DateTime } from 'luxon';
import { lastWeeklyMoment } from '../../kbi/rules/kbi-schedule.ts';
import { radarMeasured } from '../rules/radar.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { notice } from '../../notice-data.ts';
import type { DigestPart } from '../notice-data.ts';
import { funnelReports, type FunnelReport, type FunnelReportResult } from './funnel-report.ts';
import {
  journeyReport,
  journeyReports,
  type JourneyReport,
  type JourneyReportResult,
} from './journey-report.ts';
import { radarReports, type RadarReport, type RadarReportResult } from './radar-report.ts';
import { teamBoard } from '../../kbi/use-cases/team-board.ts';

/** How late a digest may still go out after its moment (the bot was down): later, the week is skipped. */
export const DIGEST_CATCH_UP_MS = 24 * 3_600_000;

export interface WeeklyDigestResult {
  /** First day of the week looked at (`YYYY-MM-DD`), or null when no digest is due now. */
  week: string | null;
  /** False when none is due (disabled, or more than a day after its moment) or another run already sent it. */
  ran: boolean;
  /** People who got a digest. */
  readers: number;
  /** Cards queued, over all readers. */
  cards: number;
}

/** Sends this week's digest if it is due and not yet sent. Safe to call every minute. */
export async function sendWeeklyDigest(deps: EngineDeps): Promise<WeeklyDigestResult> {
  const now = deps.clock();
  const settings = deps.rules.deals.weeklyDigest;
  const none: WeeklyDigestResult = { week: null, ran: false, readers: 0, cards: 0 };
  if (!settings.enabled) return none;
  const { zone, people, teams } = await deps.store.transaction(async (tx) => ({
    zone: await orgTimezone(tx, deps),
    people: await tx.org.people(),
    teams: await tx.org.teams(),
  }));
  const moment = lastWeeklyMoment(now, settings.weekday, settings.at, zone);
  if (now - moment >= DIGEST_CATCH_UP_MS) return none;
  // The seven days before the digest's day: Monday's digest looks at last Monday–Sunday.
  const end = DateTime.fromMillis(moment, { zone }).startOf('day');
  const start = end.minus({ weeks: 1 });
  const week = start.toISODate() as string;
  // The week's mark is written once every reader has theirs: a digest that failed half-way (a read that threw,
  // a crash) is taken up again on the next minute's run, and each reader's copy is marked in the transaction
  // that queues it, so no one gets it twice — however many instances run it.
  const key = `weekly-digest:${week}`;
  if (await deps.store.transaction((tx) => tx.inbound.seen('job', key)))
    return { week, ran: false, readers: 0, cards: 0 };

  const window = windowEndingAt(end);
  const scopes: Array<{ team: Team | null; readers: Person[] }> = [
    ...teams.map((team) => ({
      team,
      readers: people.filter((p) => p.active && p.role === 'manager' && p.teamId === team.id),
    })),
    { team: null, readers: people.filter((p) => p.active && p.role === 'director') },
  ];
  const readerKey = (reader: Person) => `${key}:${reader.id}`;
  let readers = 0;
  let cards = 0;
  const failed: string[] = [];
  // Every team's radar from one read of the month, on the first scope that needs one: its manager's digest and
  // the directors' (which shows every team's) share it. Every scope's journey comes from one pass over the deal log, on the first scope that needs it.
  let journeys: Promise<JourneyReportResult[]> | null = null;
  // Likewise every scope's funnel of every pipeline: each pipeline's month is read once for all of them.
  const pipelines = deps.rules.deals.pipelines;
  let funnels: Promise<FunnelReportResult[]> | null = null;
  let radars: Promise<RadarReportResult[]> | null = null;
  const memo: DigestMemo = {
    funnels: async (team) => {
      funnels ??= funnelReports(
        deps,
        window.month,
        scopes.flatMap((x) => pipelines.map((p) => [p.id, ...wordsOf(x.team)])),
      );
      const at = scopes.findIndex((x) => x.team === team) * pipelines.length;
      return (await funnels).slice(at, at + pipelines.length);
    },
    radars: async (wanted, asker) => {
      radars ??= radarReports(
        deps,
        window.month,
        asker,
        teams.map((t) => t.id),
      );
      const all = await radars;
      return wanted.map((t) => all[teams.indexOf(t)] as RadarReportResult);
    },
    journey: async (team) => {
      journeys ??= journeyReports(
        deps,
        window.from,
        window.to,
        scopes.map((x) => wordsOf(x.team)),
      );
      return (await journeys)[scopes.findIndex((x) => x.team === team)] as JourneyReportResult;
    },
  };
  for (const { team, readers: who } of scopes) {
    const waiting = await deps.store.transaction(async (tx) => {
      const out: Person[] = [];
      for (const reader of who) if (!(await tx.inbound.seen('job', readerKey(reader)))) out.push(reader);
      return out;
    });
    if (waiting.length === 0) continue;
    try {
      const facts = await gather(deps, team, teams, who[0] as Person, window, memo);
      if (!worthSending(facts)) continue;
      const digest = digestParts(facts, team, window);
      for (const reader of waiting) {
        const board = await boardFor(deps, reader);
        const all = board === null ? digest : [...digest, board];
        const queued = await deps.store.transaction(async (tx) => {
          if (!(await tx.inbound.firstTime('job', readerKey(reader), now))) return false;
          for (const part of all)
            await tx.outbox.enqueue(notice({ to: { kind: 'person', id: reader.id }, ...part }), now);
          return true;
        });
        if (!queued) continue;
        readers++;
        cards += all.length;
      }
    } catch (err) {
      // One scope's failure keeps neither the others nor the retry from happening.
      failed.push(`${team?.id ?? 'organisation'}: ${(err as Error).message}`);
    }
  }
  if (failed.length > 0)
    throw new Error(
      `weekly digest for the week of ${week}: ${readers} readers served, not yet ${failed.join('; ')}`,
    );
  const completed = await deps.store.transaction((tx) => tx.inbound.firstTime('job', key, now));
  return { week, ran: completed || readers > 0, readers, cards };
}

export type DigestNowResult =
  | { kind: 'digest'; parts: DigestPart[] }
  | { kind: 'empty'; period: string; scope: { id: string; name: string } | null }
  | { kind: 'rejected'; reason: 'NO_SUCH_SCOPE'; word: string };

/**
 * `digest [team]` / `简报`: the digest as of now, for the last seven days (ending yesterday) and yesterday's month
 * — on a Monday the same as the morning's. A manager's own team unless they name one; a director's or admin's
 * whole organisation. The figures; the command draws them (analytics/notices.ts).
 */
export async function digestNow(
  deps: EngineDeps,
  reader: Person,
  word: string | null,
): Promise<DigestNowResult> {
  const { zone, teams } = await deps.store.transaction(async (tx) => ({
    zone: await orgTimezone(tx, deps),
    teams: await tx.org.teams(),
  }));
  let team: Team | null =
    reader.role === 'manager' ? (teams.find((x) => x.id === reader.teamId) ?? null) : null;
  if (word !== null) {
    const w = word.replace(/^[@＠]/, '');
    const named = teams.find((x) => x.id === w || x.name === w);
    if (named === undefined) return { kind: 'rejected', reason: 'NO_SUCH_SCOPE', word };
    team = named;
  }
  const window = windowEndingAt(DateTime.fromMillis(deps.clock(), { zone }).startOf('day'));
  const facts = await gather(deps, team, teams, reader, window);
  const board = await boardFor(deps, reader);
  if (!worthSending(facts) && board === null)
    return { kind: 'empty', period: window.period, scope: scopeOf(team) };
  const parts = digestParts(facts, team, window);
  return { kind: 'digest', parts: board === null ? parts : [...parts, board] };
}

interface DigestWindow {
  /** The seven days looked at, [from, to). */
  from: number;
  to: number;
  /** `11-16–11-22`. */
  period: string;
  /** The month of the window's last day (`2026-11`): the funnel's and the radar's. */
  month: string;
}

function windowEndingAt(end: DateTime): DigestWindow {
  const start = end.minus({ weeks: 1 });
  const lastDay = end.minus({ days: 1 });
  return {
    from: start.toMillis(),
    to: end.toMillis(),
    period: `${start.toFormat('MM-dd')}–${lastDay.toFormat('MM-dd')}`,
    month: lastDay.toFormat('yyyy-MM'),
  };
}

const scopeOf = (team: Team | null) => (team === null ? null : { id: team.id, name: team.name });

interface DigestFacts {
  /** The month's funnel of each pipeline the scope had deals entering a stage in. */
  funnels: FunnelReport[];
  /** The team's radar (one for a team; each team's for the whole organisation). */
  radars: RadarReport[];
  /** Last week's journey completeness, when a deal closed or a request fell due. */
  journey: JourneyReport | null;
  /** Whether any target is set for this month or quarter (the board is drawn per reader). */
  targets: boolean;
}

/** What one run over every scope reads once. */
interface DigestMemo {
  /** The scope's funnel of each pipeline (deps.rules.deals.pipelines, in order), for the window's month. */
  funnels: (team: Team | null) => Promise<FunnelReportResult[]>;
  /** The radar of each team named (a radar named by team does not depend on who asks). */
  radars: (teams: readonly Team[], asker: Person) => Promise<RadarReportResult[]>;
  /** The scope's journey over the window. */
  journey: (team: Team | null) => Promise<JourneyReportResult>;
}

const wordsOf = (team: Team | null): string[] => (team === null ? [] : [team.id]);

async function gather(
  deps: EngineDeps,
  team: Team | null,
  teams: readonly Team[],
  asker: Person,
  window: DigestWindow,
  memo: DigestMemo = {
    funnels: (x) =>
      funnelReports(
        deps,
        window.month,
        deps.rules.deals.pipelines.map((p) => [p.id, ...wordsOf(x)]),
      ),
    radars: (xs, who) =>
      radarReports(
        deps,
        window.month,
        who,
        xs.map((x) => x.id),
      ),
    journey: (x) => journeyReport(deps, window.from, window.to, wordsOf(x)),
  },
): Promise<DigestFacts> {
  const funnels: FunnelReport[] = [];
  for (const r of await memo.funnels(team))
    if (r.kind === 'report' && r.report.stages.some((s) => s.entered > 0)) funnels.push(r.report);
  const radars: RadarReport[] = [];
  for (const r of await memo.radars(team === null ? teams : [team], asker))
    if (r.kind === 'report' && r.report.reps.length > 0) radars.push(r.report);
  const j = await memo.journey(team);
  const journey =
    j.kind === 'report' && (j.report.deals.length > 0 || j.report.requests.length > 0) ? j.report : null;
  const targets = (await teamBoard(deps, asker.id))?.rows.length ?? 0;
  return { funnels, radars, journey, targets: targets > 0 };
}

const measured = (r: RadarReport) => radarMeasured(r.radar);

function worthSending(f: DigestFacts): boolean {
  return f.funnels.length > 0 || f.journey !== null || f.targets || f.radars.some(measured);
}

/** The summary, then the funnel and heat map of each pipeline, the radar overview and the journey chart. */
function digestParts(facts: DigestFacts, team: Team | null, window: DigestWindow): DigestPart[] {
  const { month, period } = window;
  const scopeWords = wordsOf(team);
  const { funnels, radars, journey } = facts;
  const parts: DigestPart[] = [
    {
      template: 'digest.summary',
      data: { scope: scopeOf(team), period, month, funnels, radars, journey },
    },
  ];
  for (const f of funnels) {
    const csv = ['funnel', f.pipeline.id, ...scopeWords, month].join(' ');
    parts.push({ template: 'digest.funnel', data: { report: f, csv } });
    if (f.dwell.length > 0) parts.push({ template: 'digest.dwell', data: { report: f } });
  }
  for (const r of radars.filter(measured))
    parts.push({ template: 'digest.radar', data: { report: r, csv: ['radar', r.team.id, month].join(' ') } });
  if (journey !== null) parts.push({ template: 'digest.journey', data: { report: journey, period } });
  return parts;
}

/** The target board as the reader would see it with `team board`, when any target is set. */
async function boardFor(deps: EngineDeps, reader: Person): Promise<DigestPart | null> {
  const board = await teamBoard(deps, reader.id);
  if (board === null || board.rows.length === 0) return null;
  return { template: 'digest.board', data: { board } };
}
