// The manager's end of the daily report (F28–F29): at the configured time on working days, reps who have not
// filed are reminded and each team's manager gets one message — filed on time / late / missing, the average
// health and the flagged reports with their reasons, each with Read and Comment. The rep sees both.
import { DateTime } from 'luxon';
import { isWorkingDay } from '../../../kernel/calendar.ts';
import { dailyReportTable } from './daily-table.ts';
import { localDate } from './report-draft.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { Person } from '../../../kernel/types.ts';
import { mayRead } from '../../org/use-cases/readers.ts';
import { recordRead } from './team-reports.ts';
import { notice } from '../../notice-data.ts';

export interface DigestRun {
  date: string | null;
  reminded: number;
  digests: number;
}

/**
 * Runs from the every-minute sweep: acts once per working day (across instances: the day's key is recorded
 * with what it queues, like a platform callback), at or after `filing.remindAt` in the org's timezone.
 */
export async function sendReportDigests(deps: EngineDeps): Promise<DigestRun> {
  const now = deps.clock();
  const zone = await deps.store.transaction((tx) => orgTimezone(tx, deps));
  const today = DateTime.fromMillis(now, { zone });
  const [h, m] = deps.rules.authenticity.filing.remindAt.split(':').map(Number);
  const due = today.set({ hour: h ?? 18, minute: m ?? 30, second: 0, millisecond: 0 });
  const date = localDate(now, zone);
  if (!isWorkingDay(today, deps.rules.deals.calendar) || today < due)
    return { date: null, reminded: 0, digests: 0 };
  if (await deps.store.transaction((tx) => tx.inbound.seen('reports.digest', date)))
    return { date: null, reminded: 0, digests: 0 };
  const table = await dailyReportTable(deps, { date });
  return deps.store.transaction(async (tx) => {
    // The day is marked in the transaction that queues its reminders and digests: a table that could not be
    // read marks nothing, and the next minute's run tries again; two instances queue it once.
    if (!(await tx.inbound.firstTime('reports.digest', date, now)))
      return { date: null, reminded: 0, digests: 0 };
    let reminded = 0;
    for (const row of table.rows.filter((r) => r.status === 'missing')) {
      await tx.outbox.enqueue(
        notice({ to: { kind: 'person', id: row.repId }, template: 'report.reminder', data: { date } }),
        now,
      );
      await tx.events.append({
        type: 'report.reminded',
        at: now,
        leadId: null,
        actorId: null,
        date,
        to: row.repId,
      });
      reminded += 1;
    }
    let digests = 0;
    for (const team of await tx.org.teams()) {
      if (team.managerId === null) continue;
      const rows = table.rows.filter((r) => r.teamId === team.id);
      if (rows.length === 0) continue;
      const scores = rows.filter((r) => r.score !== null).map((r) => r.score as number);
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: team.managerId },
          template: 'report.digest',
          data: {
            date,
            teamId: team.id,
            teamName: team.name,
            onTime: rows.filter((r) => r.status === 'on_time').map((r) => r.repId),
            late: rows.filter((r) => r.status === 'late').map((r) => r.repId),
            missing: rows.filter((r) => r.status === 'missing').map((r) => r.repId),
            averageScore:
              scores.length === 0 ? null : Math.round(scores.reduce((a, b) => a + b, 0) / scores.length),
            flagged: rows
              .filter((r) => r.needsConfirmation && r.report !== null)
              .map((r) => ({
                reportId: r.report!.id,
                repId: r.repId,
                score: r.score,
                confirmed: r.confirmed,
                flags: r.report!.result?.flags ?? [],
              })),
          },
        }),
        now,
      );
      digests += 1;
    }
    return { date, reminded, digests };
  });
}

export type ReviewResult =
  { kind: 'read'; repId: string; date: string } | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOUR_TEAM' };

/** The manager read a report (the digest's Read button): kept once, and the rep gets a read receipt. */
export async function readReport(deps: EngineDeps, reader: Person, reportId: number): Promise<ReviewResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const report = await tx.reports.get(reportId);
    if (report === null || report.status !== 'filed') return { kind: 'rejected', reason: 'NOT_FOUND' };
    // The rep reads their own report with `report view`: the Read button is the reviewers'.
    if (reader.id === report.repId || !(await mayRead(tx, reader, [report.repId])))
      return { kind: 'rejected', reason: 'NOT_YOUR_TEAM' };
    await recordRead(tx, reader.id, report, now, await orgTimezone(tx, deps));
    return { kind: 'read', repId: report.repId, date: report.date };
  });
}
