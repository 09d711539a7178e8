import schedule from 'node-schedule';
import { sweepOrphanFiles } from './file-sweep.ts';
import type { EngineDeps } from '../modules/deps.ts';
import { refreshRepStats } from '../modules/leads/use-cases/rep-stats.ts';
import { sweepDeals } from '../modules/deals/use-cases/deal-sweep.ts';
import { sendReportDigests } from '../modules/reports/use-cases/report-digest.ts';
import { runDailyKbi } from '../modules/kbi/use-cases/evaluate-kbi.ts';
import { purgeReportPhotos } from '../modules/reports/use-cases/report-purge.ts';
import { sweep } from '../modules/leads/use-cases/sweep.ts';
import { sendWeeklyDigest } from '../modules/analytics/use-cases/weekly-digest.ts';
import { sendMorningPatrol } from '../modules/patrol/use-cases/send-patrol.ts';
import { runDailyTiers } from '../modules/customers/use-cases/recompute-tiers.ts';
import { drawingLater } from '../modules/analytics/charts/render.ts';
import type { DirectorySource } from '../../adapters/directory-source.ts';
import type { Locale } from '../modules/i18n.ts';
import { reconcileDirectories } from './directory-reconcile.ts';
import { importJournalsDaily } from './journal-import.ts';
import type { JournalSource } from '../modules/reports/use-cases/import-journals.ts';
import { log as logger } from '../log.ts';
import { recordSweepStart } from '../observe.ts';

/** A scheduler line in the log: a failure at error level, a report of work done at info. */
function schedulerLine(line: string): void {
  if (/\bfailed\b/.test(line)) logger().error({ job: 'scheduler' }, line);
  else logger().info({ job: 'scheduler' }, line);
}

/**
 * Sweeps every minute (and once at start, to catch up on what fell due while the server was down), runs the
 * daily KBI evaluation and the weekly manager digest when their time has come, and refreshes routing statistics every 15 minutes. A run that is still going skips the next tick.
 */
export function startScheduler(
  deps: EngineDeps,
  log: (line: string) => void = schedulerLine,
  /** DIRECTORY_SYNC: the messengers whose directory is reconciled nightly (02:23 in the org's timezone). */
  directories: { sources: readonly DirectorySource[]; locale: Locale } = { sources: [], locale: 'en' },
  /** Issue 24 item 9: the platforms' report apps imported daily at 06:41 (WeCom's statistics of yesterday are done). */
  journals: readonly JournalSource[] = [],
): { stop(): void } {
  let sweeping = false;
  /** `due`: the minute tick this run is for (node-schedule's fire date); none for the catch-up run at start. */
  // The minute's jobs draw their charts after those a manager waits for in chat (the weekly digest at 09:00).
  const runSweep = (due?: Date) => drawingLater(() => runSweepNow(due));
  const runSweepNow = async (due?: Date) => {
    if (sweeping) return;
    sweeping = true;
    // Real time, not deps.clock: how late the process got to its tick (a blocked event loop, a stuck sweep).
    if (due !== undefined) recordSweepStart(due.getTime(), Date.now());
    try {
      const r = await sweep(deps);
      if (r.lapsed + r.reverted + r.warned > 0)
        log(
          `sweep: ${r.lapsed} offers released to the pool, ${r.reverted} leads taken back, ${r.warned} warnings`,
        );
      const reports = await sendReportDigests(deps);
      if (reports.date !== null)
        log(
          `daily reports ${reports.date}: ${reports.reminded} reps reminded, ${reports.digests} team summaries`,
        );
      const d = await sweepDeals(deps);
      if (d.stalled + d.escalated > 0)
        log(`sweep: ${d.stalled} stalled deals alerted, ${d.escalated} unfiled stall analyses escalated`);
    } catch (err) {
      log(`sweep failed (will retry next minute): ${(err as Error).message}`);
    }
    try {
      // F22: each working day at rules.kbi.evaluateAt (or at start, if that time passed while we were down).
      const k = await runDailyKbi(deps);
      if (k?.kind === 'evaluated') {
        const warned = k.reps.filter((r) => r.warningId !== null).length;
        log(`kbi: ${k.day} evaluated for ${k.reps.length} reps, ${warned} warnings`);
      }
    } catch (err) {
      log(`kbi evaluation failed (will retry next minute): ${(err as Error).message}`);
    }
    try {
      // F30–F33: the weekly manager digest at deals.weeklyDigest in the org's timezone (or when back, up to a day late).
      const w = await sendWeeklyDigest(deps);
      if (w.ran) log(`weekly digest for the week of ${w.week}: ${w.cards} cards to ${w.readers} managers`);
    } catch (err) {
      log(`weekly digest failed (will retry next minute): ${(err as Error).message}`);
    }
    try {
      // F24: customer tiers daily from customers.recomputeAt (and the quarter's B repurchase reminders).
      const c = await runDailyTiers(deps);
      if (c !== null)
        log(
          `customer tiers ${c.day}: ${c.saved} customers, ${c.changed} changed, ${c.productPacks} product packs, ${c.reminders} repurchase reminders`,
        );
    } catch (err) {
      log(`customer tiers failed (will retry next minute): ${(err as Error).message}`);
    }
    try {
      // Issue 21: the morning patrol at patrol.at on working days (or when back, until the working day ends).
      const p = await sendMorningPatrol(deps);
      if (p.readers > 0) log(`morning patrol ${p.day}: ${p.cards} cards to ${p.readers} managers`);
    } catch (err) {
      log(`morning patrol failed (will retry next minute): ${(err as Error).message}`);
    } finally {
      sweeping = false;
    }
  };
  const runStats = () =>
    refreshRepStats(deps).catch((err: Error) => log(`rep stats refresh failed: ${err.message}`));
  // Platforms stop redelivering a callback within hours: forget the ones seen more than two days ago.
  const forgetInbound = () =>
    deps.store
      .transaction((tx) => tx.inbound.forget(deps.clock() - 2 * 86_400_000))
      .catch((err: Error) => log(`forgetting old callbacks failed: ${err.message}`));
  // F29: report photo files past `filing.photoKeepDays`, daily at 03:17 in the org's timezone.
  const runPhotoPurge = () =>
    purgeReportPhotos(deps)
      .then((r) => {
        if (r.photos > 0)
          log(
            `report photos: ${r.photos} past ${r.keepDays} days purged, ${r.filesDeleted} files deleted, ${r.keptForEvidence + r.keptForNewerPhoto} kept (still used)`,
          );
      })
      .catch((err: Error) => log(`report photo purge failed: ${err.message}`));
  // Issue 22: files nothing refers to (a refused or failed upload), at start and daily at 03:47.
  const runFileSweep = () =>
    sweepOrphanFiles(deps)
      .then((r) => {
        if (r.removed > 0) log(`files: ${r.removed} stored files nothing refers to removed, ${r.kept} kept`);
      })
      .catch((err: Error) => log(`file sweep failed: ${err.message}`));
  void runSweep();
  void runStats();
  void runFileSweep();
  const jobs = [
    schedule.scheduleJob({ rule: '47 3 * * *', tz: deps.defaultTimezone }, () => void runFileSweep()),
    schedule.scheduleJob('* * * * *', (fireDate) => void runSweep(fireDate)),
    schedule.scheduleJob('*/15 * * * *', () => void runStats()),
    schedule.scheduleJob('7 * * * *', () => void forgetInbound()),
    schedule.scheduleJob({ rule: '17 3 * * *', tz: deps.defaultTimezone }, () => void runPhotoPurge()),
  ];
  if (directories.sources.length > 0)
    jobs.push(
      schedule.scheduleJob(
        { rule: '23 2 * * *', tz: deps.defaultTimezone },
        () => void reconcileDirectories(deps, directories.sources, log, directories.locale),
      ),
    );
  if (journals.length > 0)
    jobs.push(
      schedule.scheduleJob(
        { rule: '41 6 * * *', tz: deps.defaultTimezone },
        () => void importJournalsDaily(deps, journals, log),
      ),
    );
  return { stop: () => jobs.forEach((j) => j.cancel()) };
}
