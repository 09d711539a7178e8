// F8 Distribution health report: a pure function of the event log, the reps and a report time.
//
// Definitions (month and week boundaries are in the org's timezone; weeks start on Monday):
// - Received: a rep received a lead in a window when, in that window, the lead was offered to them
//   (`lead.offered` with `to = rep`) or they claimed it from the market (`lead.claimed` via 'market').
//   Each (lead, rep) counts once per window.
// - Response minutes: each `lead.claimed` via 'offer' is paired with the latest earlier offer of that
//   lead to the same rep; the median is over the month's offers that were claimed (null: none).
// - Follow-up within limit %: of the leads the rep claimed in the month (any via; first claim in the
//   month per lead), the share whose first `lead.touched` by that rep came at most
//   `rules.pool.followUpTimeoutHours` after the claim (exactly the limit counts as within). A claim
//   with no touch yet whose limit has not passed at `now` is still open and left out (null: none).
// - Won for a rep: the lead's last `lead.closed` (up to `now`) has outcome 'won' and the last
//   `lead.claimed` at or before that close was by the rep. Outcomes after the month count.
// - Conversion %: won / received, for the month or one week (null when nothing was received).
// - Team mean: mean conversion of the team's reps with received > 0 (reps without a teamId form one
//   team). deviationPts = rep conversion − their team's mean.
// - Flag: for each of the last `rules.health.underperformWeeks` weeks, ending with the last week that
//   overlaps the month, the rep received at least one lead and their weekly conversion was under the
//   team's weekly mean × (1 − `rules.health.underperformShare`). A week whose team mean is 0 or null
//   is never "under", so it clears the flag like a good week does.
// - Gini: over `received` of every rep in the input (zeros included); 0 when all equal or all zero.
// Only reps in `input.reps` appear; events after `now` and events without a lead id are ignored.
// Percentages and minutes are rounded to one decimal, the Gini to two; comparisons use raw values.
import { DateTime } from 'luxon';
import type { LeadEvent } from '../../../kernel/events.ts';
import type { Rules } from '../../rules.ts';
import { monthWindow } from '../../../kernel/month.ts';
import { CodedError } from '../../../kernel/errors.ts';

export interface DistributionInput {
  /** 'YYYY-MM'. */
  month: string;
  /** The org's timezone, e.g. 'Asia/Shanghai': month and week boundaries are local. */
  timezone: string;
  /** Everyone who could receive leads. */
  reps: Array<{ id: string; name: string; teamId: string | null }>;
  /** All events of every lead offered or claimed from 5 weeks before month start up to `now`. */
  events: LeadEvent[];
  /** Epoch ms, the report time. */
  now: number;
}

export interface RepRow {
  repId: string;
  name: string;
  teamId: string | null;
  received: number;
  medianResponseMinutes: number | null;
  followUpWithinLimitPct: number | null;
  conversionPct: number | null;
  /** Conversion minus the rep's team mean, in percentage points. */
  deviationPts: number | null;
  flagged: boolean;
  /** Conversion per week over the last `underperformWeeks` weeks, oldest first. */
  weeklyConversionPct: Array<number | null>;
}

export type GiniLevel = 'even' | 'uneven' | 'very_uneven';

export interface DistributionReport {
  month: string;
  /** Epoch ms of local month start (inclusive) and next month start (exclusive). */
  from: number;
  to: number;
  /** Epoch ms start of each reported week (Monday 00:00 local), oldest first. */
  weekStarts: number[];
  rows: RepRow[];
  /** Mean over all reps with received > 0 (each row's deviation uses its own team's mean). */
  teamMeanConversionPct: number | null;
  gini: number;
  giniReading: string;
  giniLevel: GiniLevel;
  /** Ids of flagged reps, in input order. */
  flagged: string[];
}

export class DistributionError extends CodedError<'INVALID_MONTH'> {}

const MINUTE = 60_000;
const HOUR = 3_600_000;

type Window = { from: number; to: number };

type Received = Map<string, Set<number>>;
type Reps = DistributionInput['reps'];

export function distributionReport(input: DistributionInput, rules: Rules): DistributionReport {
  const month = monthWindowOf(input.month, input.timezone);
  const events = input.events
    .filter((e) => e.leadId !== null && e.at <= input.now)
    .sort((a, b) => a.at - b.at);
  const winner = winnersByLead(events);
  const weeks = weekWindows(month, input.timezone, Math.max(0, rules.health.underperformWeeks));

  const received = receivedIn(events, month);
  const conversion = conversionOf(input.reps, received, winner);
  const teamMeans = teamMeansOf(input.reps, conversion);
  const responses = responseMinutes(events, month);
  const followUps = followUpShares(events, month, input.now, rules.pool.followUpTimeoutHours * HOUR);

  const weekly = weeks.map((w) => {
    const got = receivedIn(events, w);
    const conv = conversionOf(input.reps, got, winner);
    return { got, conv, means: teamMeansOf(input.reps, conv) };
  });
  const threshold = 1 - rules.health.underperformShare;
  const isFlagged = (repId: string, team: string): boolean =>
    weekly.length > 0 &&
    weekly.every(({ got, conv, means }) => {
      const pct = conv.get(repId) ?? null;
      const mean = means.get(team) ?? null;
      return (
        (got.get(repId)?.size ?? 0) > 0 && pct !== null && mean !== null && mean > 0 && pct < mean * threshold
      );
    });

  const rows: RepRow[] = input.reps.map((rep) => {
    const pct = conversion.get(rep.id) ?? null;
    const mean = teamMeans.get(teamKey(rep.teamId)) ?? null;
    return {
      repId: rep.id,
      name: rep.name,
      teamId: rep.teamId,
      received: received.get(rep.id)?.size ?? 0,
      medianResponseMinutes: round(median(responses.get(rep.id) ?? []), 1),
      followUpWithinLimitPct: round(followUps.get(rep.id) ?? null, 1),
      conversionPct: round(pct, 1),
      deviationPts: pct !== null && mean !== null ? round(pct - mean, 1) : null,
      flagged: isFlagged(rep.id, teamKey(rep.teamId)),
      weeklyConversionPct: weekly.map(({ conv }) => round(conv.get(rep.id) ?? null, 1)),
    };
  });

  const g = round(gini(rows.map((r) => r.received)), 2) ?? 0;
  const total = rows.reduce((s, r) => s + r.received, 0);
  return {
    month: input.month,
    from: month.from,
    to: month.to,
    weekStarts: weeks.map((w) => w.from),
    rows,
    teamMeanConversionPct: round(mean([...conversion.values()].filter((v): v is number => v !== null)), 1),
    gini: g,
    ...giniReadingOf(g, total),
    flagged: rows.filter((r) => r.flagged).map((r) => r.repId),
  };
}

/** Gini coefficient of non-negative values: 0 when all equal (or all zero), towards 1 when one holds all. */
export function gini(values: number[]): number {
  const n = values.length;
  const sum = values.reduce((s, v) => s + v, 0);
  if (n === 0 || sum <= 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const weighted = sorted.reduce((s, v, i) => s + (i + 1) * v, 0);
  return Math.max(0, (2 * weighted) / (n * sum) - (n + 1) / n);
}

const GINI_WORDS: Record<GiniLevel, string> = {
  even: 'fairly even (%): no rep gets far more than others',
  uneven: 'uneven (%): some reps get noticeably more leads than others',
  very_uneven: 'very uneven (%): a few reps get most of the leads',
};

/** Level and one plain sentence for a (rounded) Gini of received leads. */
export function giniReadingOf(
  g: number,
  totalReceived: number,
): { giniReading: string; giniLevel: GiniLevel } {
  const shown = `Gini ${g.toFixed(2)}`;
  const giniLevel: GiniLevel = g < 0.2 ? 'even' : g < 0.4 ? 'uneven' : 'very_uneven';
  if (totalReceived === 0) return { giniLevel, giniReading: `no leads were received this month (${shown})` };
  return { giniLevel, giniReading: GINI_WORDS[giniLevel].replace('%', shown) };
}

function monthWindowOf(month: string, timezone: string): Window {
  const w = monthWindow(month, timezone);
  if (w === null)
    throw new DistributionError('INVALID_MONTH', `cannot read month '${month}' in timezone '${timezone}'`);
  return { from: w.from, to: w.to };
}

/** The last `count` Monday-start local weeks, ending with the week holding the month's last instant. */
function weekWindows(month: Window, timezone: string, count: number): Window[] {
  const last = DateTime.fromMillis(month.to - 1, { zone: timezone }).startOf('week');
  return Array.from({ length: count }, (_, i) => {
    const start = last.minus({ weeks: count - 1 - i });
    return { from: start.toMillis(), to: start.plus({ weeks: 1 }).toMillis() };
  });
}

function inWindow(at: number, w: Window): boolean {
  return at >= w.from && at < w.to;
}

function receivedIn(events: readonly LeadEvent[], w: Window): Received {
  const out: Received = new Map();
  for (const e of events) {
    if (!inWindow(e.at, w) || e.leadId === null) continue;
    const repId =
      e.type === 'lead.offered' ? e.to : e.type === 'lead.claimed' && e.via === 'market' ? e.by : null;
    if (repId !== null) addTo(out, repId, e.leadId);
  }
  return out;
}

/** Lead id → the rep who holds the win (last claimant before the lead's last close, if it was won). */
function winnersByLead(events: readonly LeadEvent[]): Map<number, string> {
  const lastClaimant = new Map<number, string>();
  const winner = new Map<number, string>();
  for (const e of events) {
    if (e.leadId === null) continue;
    if (e.type === 'lead.claimed') lastClaimant.set(e.leadId, e.by);
    if (e.type !== 'lead.closed') continue;
    const by = e.outcome === 'won' ? lastClaimant.get(e.leadId) : undefined;
    if (by === undefined) winner.delete(e.leadId);
    else winner.set(e.leadId, by);
  }
  return winner;
}

/** Rep id → conversion % of the leads they received (null when none). */
function conversionOf(
  reps: Reps,
  received: Received,
  winner: Map<number, string>,
): Map<string, number | null> {
  return new Map(
    reps.map((rep) => {
      const leads = [...(received.get(rep.id) ?? [])];
      const won = leads.filter((leadId) => winner.get(leadId) === rep.id).length;
      return [rep.id, leads.length === 0 ? null : (won / leads.length) * 100];
    }),
  );
}

function teamKey(teamId: string | null): string {
  return teamId === null ? 'none' : `team:${teamId}`;
}

/** Team key → mean conversion of its reps who received leads (conversion is null exactly when none). */
function teamMeansOf(reps: Reps, conversion: Map<string, number | null>): Map<string, number | null> {
  const byTeam = new Map<string, number[]>();
  for (const rep of reps) {
    const list = byTeam.get(teamKey(rep.teamId)) ?? [];
    const pct = conversion.get(rep.id) ?? null;
    if (pct !== null) list.push(pct);
    byTeam.set(teamKey(rep.teamId), list);
  }
  return new Map([...byTeam].map(([key, list]) => [key, mean(list)]));
}

/** Rep id → response minutes of the window's offers that the rep claimed. */
function responseMinutes(events: readonly LeadEvent[], month: Window): Map<string, number[]> {
  const lastOffer = new Map<string, number>(); // `${leadId}|${repId}` → offer time
  const out = new Map<string, number[]>();
  for (const e of events) {
    if (e.type === 'lead.offered') lastOffer.set(`${e.leadId}|${e.to}`, e.at);
    if (e.type !== 'lead.claimed' || e.via !== 'offer') continue;
    const key = `${e.leadId}|${e.by}`;
    const offeredAt = lastOffer.get(key);
    if (offeredAt === undefined) continue;
    lastOffer.delete(key);
    if (inWindow(offeredAt, month)) out.set(e.by, [...(out.get(e.by) ?? []), (e.at - offeredAt) / MINUTE]);
  }
  return out;
}

/** Rep id → % of the month's claims whose first touch by the claimant came within the limit. */
function followUpShares(
  events: readonly LeadEvent[],
  month: Window,
  now: number,
  limitMs: number,
): Map<string, number | null> {
  const claims = new Map<string, { repId: string; at: number }>();
  for (const e of events) {
    if (e.type !== 'lead.claimed' || !inWindow(e.at, month)) continue;
    const key = `${e.leadId}|${e.by}`;
    if (!claims.has(key)) claims.set(key, { repId: e.by, at: e.at });
  }
  const tally = new Map<string, { within: number; total: number }>();
  for (const [key, claim] of claims) {
    const touch = events.find(
      (e) => e.type === 'lead.touched' && `${e.leadId}|${e.by}` === key && e.at >= claim.at,
    );
    const within = touch !== undefined && touch.at - claim.at <= limitMs;
    if (touch === undefined && now - claim.at <= limitMs) continue; // still inside its limit: not yet judged
    const t = tally.get(claim.repId) ?? { within: 0, total: 0 };
    tally.set(claim.repId, { within: t.within + (within ? 1 : 0), total: t.total + 1 });
  }
  return new Map([...tally].map(([repId, t]) => [repId, (t.within / t.total) * 100]));
}

function addTo(map: Received, repId: string, leadId: number): void {
  const set = map.get(repId) ?? new Set<number>();
  set.add(leadId);
  map.set(repId, set);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
