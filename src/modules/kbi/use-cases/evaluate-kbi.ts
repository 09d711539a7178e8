// F21–F23: each working day at rules.kbi.evaluateAt, every rep's KBI day is worked out from the event log, the
// warning tier decided, the points ledger written and the notices queued: green → the rep's to-do list,
// yellow → the rep and a copy with the deviations to the manager, red → a review proposed to both with the
// facts. Once per rep and day, however many instances run it or restart: the (rep, day) row is written
// first, in the same transaction as everything else, and only the instance that wrote it goes on.
import { kbiDays, workingDaysFrom, type KbiDay, type Opportunity } from '../rules/kbi.ts';
import {
  evaluationMoment,
  isWorkingDayIso,
  lastEvaluationDay,
  workingDaysBack,
} from '../rules/kbi-schedule.ts';
import { evaluateWarning, pointsLedger, type PointsEntry, type WarningTier } from '../rules/warnings.ts';
import { reviewSlots } from '../rules/review-slots.ts';
import { balanceOf } from './rewards.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { kbiOpportunitiesOffLoop, kbiReps, warningView } from './kbi-facts.ts';
import type { Tx } from '../../ports.ts';
import { snapshotForecast } from './team-forecast.ts';
import { notice } from '../../notice-data.ts';

/** How many working days back a run of low days is looked for (quiet days neither break nor extend one). */
export const KBI_LOOKBACK_DAYS = 20;

export interface RepEvaluation {
  repId: string;
  /** `already`: this rep's day had been evaluated before (by another instance, or an earlier run). */
  outcome: 'evaluated' | 'already';
  due: number;
  met: number;
  rate: number | null;
  tier: WarningTier | null;
  warningId: number | null;
  /** Ledger entries written by this run. */
  points: number;
}

export type KbiEvaluation =
  | { kind: 'evaluated'; day: string; at: number; reps: RepEvaluation[] }
  | { kind: 'rejected'; reason: 'NOT_A_WORKING_DAY' | 'NOT_YET'; day: string; at: number | null };

/** Evaluates working day `day` (`YYYY-MM-DD`, org timezone) as it stood at its evaluation time. */
export async function evaluateKbiDay(deps: EngineDeps, day: string): Promise<KbiEvaluation> {
  const { kbi } = deps.rules;
  const calendar = deps.rules.deals.calendar;
  const zone = await deps.store.transaction((tx) => orgTimezone(tx, deps));
  if (!isWorkingDayIso(day, zone, calendar))
    return { kind: 'rejected', reason: 'NOT_A_WORKING_DAY', day, at: null };
  const at = evaluationMoment(day, kbi.evaluateAt, zone);
  // A day is final at its evaluation time: evaluating it earlier would lock in a partial day.
  if (at > deps.clock()) return { kind: 'rejected', reason: 'NOT_YET', day, at };
  const fromDay = workingDaysBack(day, KBI_LOOKBACK_DAYS, zone, calendar);
  const reps = await deps.store.transaction(async (tx) => (await kbiReps(tx, deps.rules)).map((p) => p.id));
  const all = await kbiOpportunitiesOffLoop(deps, { repIds: reps, fromDay, toDay: day, until: at, zone });
  const opportunitiesOf = groupBy(all, (o) => o.repId);
  const days = workingDaysFrom(fromDay, day, zone, calendar);
  const out: RepEvaluation[] = [];
  for (const repId of reps) {
    const opportunities = opportunitiesOf.get(repId) ?? [];
    const rows = kbiDays(kbi, opportunities, [repId], days);
    out.push(
      await deps.store.transaction((tx) => evaluateRep(tx, deps, { repId, day, at, rows, opportunities })),
    );
    // One rep's transaction at a time, then the event loop's turn: clicks and commands are answered in between
    // (500 reps in one go held it for seconds, issue 23).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { kind: 'evaluated', day, at, reps: out };
}

async function evaluateRep(
  tx: Tx,
  deps: EngineDeps,
  input: { repId: string; day: string; at: number; rows: KbiDay[]; opportunities: Opportunity[] },
): Promise<RepEvaluation> {
  const { repId, day, at, rows, opportunities } = input;
  const kbi = deps.rules.kbi;
  const now = deps.clock();
  const today: KbiDay = rows.find((r) => r.day === day) ?? {
    repId,
    day,
    byKbi: {},
    due: 0,
    met: 0,
    rate: null,
    misses: [],
  };
  const base = { repId, due: today.due, met: today.met, rate: today.rate };
  if (!(await tx.kbi.recordDay(today, now)))
    return { ...base, outcome: 'already', tier: null, warningId: null, points: 0 };
  let points = 0;
  const earned: PointsEntry[] = [];
  for (const entry of pointsLedger(kbi, opportunities))
    if (entry.at <= at && (await tx.kbi.addPoints(entry, now))) {
      points++;
      earned.push(entry);
    }
  // F23: the points written today, told to the rep in one notice (the day is evaluated once: one a day at most).
  if (earned.length > 0) await announcePoints(tx, deps, repId, day, earned, now);
  const warning = evaluateWarning({ rules: kbi, rows, opportunities, repId, day, at });
  if (warning === null) return { ...base, outcome: 'evaluated', tier: null, warningId: null, points };
  const managerId = warning.tier === 'green' ? null : await managerOf(tx, repId);
  // Red with a manager to meet: two concrete slots for the review, from the working hours and calendar.
  const zone = await orgTimezone(tx, deps);
  const reviewSlotsAt =
    warning.tier === 'red' && managerId !== null
      ? reviewSlots(now, zone, deps.rules.deals.calendar, kbi.warnings.review, warning.reviewMinutes ?? 15)
      : [];
  const warningId = await tx.kbi.addWarning({
    repId,
    day,
    tier: warning.tier,
    managerId,
    reason: warning.reason,
    deviations: warning.deviations,
    todo: warning.todo,
    reviewMinutes: warning.reviewMinutes,
    sentAt: now,
    reviewSlots: reviewSlotsAt,
  });
  await tx.events.append({
    type: 'kbi.warned',
    at: now,
    leadId: null,
    actorId: null,
    warningId,
    repId,
    day,
    tier: warning.tier,
    rate: today.rate ?? 0,
    managerId,
  });
  const stored = await tx.kbi.warning(warningId);
  if (stored === null) throw new Error(`warning ${warningId} vanished inside its own transaction`);
  const data = { ...(await warningView(tx, deps, stored)) };
  await tx.outbox.enqueue(notice({ to: { kind: 'person', id: repId }, template: 'kbi.warning', data }), now);
  if (managerId !== null)
    await tx.outbox.enqueue(
      notice({ to: { kind: 'person', id: managerId }, template: 'kbi.warning.manager', data }),
      now,
    );
  return { ...base, outcome: 'evaluated', tier: warning.tier, warningId, points };
}

async function announcePoints(
  tx: Tx,
  deps: EngineDeps,
  repId: string,
  day: string,
  earned: readonly PointsEntry[],
  now: number,
): Promise<void> {
  const labels = new Map(deps.rules.kbi.indicators.map((k) => [k.id, k.label]));
  const entries = [];
  for (const e of earned) {
    const leadId = e.reason.leadId;
    entries.push({
      kbi: labels.get(e.kbiId) ?? { 'zh-CN': e.kbiId, en: e.kbiId },
      points: e.points,
      leadId,
      company: leadId === null ? '' : ((await tx.leads.get(leadId))?.company ?? ''),
    });
  }
  await tx.outbox.enqueue(
    notice({
      to: { kind: 'person', id: repId },
      template: 'kbi.points',
      data: {
        repId,
        day,
        entries,
        total: earned.reduce((s, e) => s + e.points, 0),
        balance: await balanceOf(tx, repId),
      },
    }),
    now,
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list === undefined) out.set(key(item), [item]);
    else list.push(item);
  }
  return out;
}

/** Settings key: the last working day the daily job evaluated (a cheap "nothing to do" for every other minute). */
const LAST_DAY = 'kbi.lastEvaluatedDay';

/**
 * The daily job, called every minute by the scheduler (and at start): evaluates the latest working day whose
 * evaluation time has passed, unless that day was done, and snapshots the forecast of this month and quarter.
 * A server down at 18:00 catches up when it starts.
 * Returns null when there was nothing to do.
 */
export async function runDailyKbi(
  deps: EngineDeps,
  now: number = deps.clock(),
): Promise<KbiEvaluation | null> {
  const zone = await deps.store.transaction((tx) => orgTimezone(tx, deps));
  const day = lastEvaluationDay(now, deps.rules.kbi.evaluateAt, zone, deps.rules.deals.calendar);
  const last = await deps.store.transaction((tx) => tx.settings.get(LAST_DAY));
  if (last !== null && last >= day) return null;
  const result = await evaluateKbiDay({ ...deps, clock: () => now }, day);
  // F26: the day's forecast is kept too, so every month and quarter has a snapshot to be scored against.
  await snapshotForecast(deps, now);
  await deps.store.transaction(async (tx) => {
    const again = await tx.settings.get(LAST_DAY);
    if (again === null || again < day) await tx.settings.set(LAST_DAY, day);
  });
  return result;
}
