// The manager's end of the daily report (F28–F29): at the configured time on working days, reps who have not
// filed are reminded and each team's manager gets one message — filed on time / late / missing, the average
// health and the flagged reports with their reasons, each with Read and Comment. The rep sees both.
import { DateTime } from 'luxon';
import { isWorkingDay } from '../../../kernel/calendar.ts';
import { dailyReportTable } from './daily-table.ts';
import { localDate } from './report-draft.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

export interface DigestRun {
  date: string | null;
  reminded: number;
  digests: number;
}

/**
 * Runs from the every-minute sweep: acts once per working day (across instances: the day's key is recorded
 * first, like a platform callback), at or after `filing.remindAt` in the org's timezone.
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
  const first = await deps.store.transaction((tx) => tx.inbound.firstTime('reports.digest', date, now));
  if (!first) return { date: null, reminded: 0, digests: 0 };
  const table = await dailyReportTable(deps, { date });
  return deps.store.transaction(async (tx) => {
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
  | { kind: 'read' | 'commented'; repId: string; date: string }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOUR_TEAM' | 'EMPTY_COMMENT' };

async function reviewable(tx: Tx, managerId: string, reportId: number) {
  const report = await tx.reports.get(reportId);
  if (report === null || report.status !== 'filed')
    return { kind: 'rejected' as const, reason: 'NOT_FOUND' as const };
  const [manager, rep] = [await tx.org.person(managerId), await tx.org.person(report.repId)];
  const team = rep?.teamId === null || rep === null ? null : await tx.org.team(rep.teamId);
  const allowed = manager !== null && (manager.role === 'director' || team?.managerId === managerId);
  if (!allowed) return { kind: 'rejected' as const, reason: 'NOT_YOUR_TEAM' as const };
  return { kind: 'ok' as const, report };
}

/** The manager read a report: kept once, and the rep gets a read receipt. */
export async function readReport(
  deps: EngineDeps,
  managerId: string,
  reportId: number,
): Promise<ReviewResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const r = await reviewable(tx, managerId, reportId);
    if (r.kind === 'rejected') return r;
    const already = (await tx.reports.notes(reportId)).some(
      (n) => n.kind === 'read' && n.authorId === managerId,
    );
    if (!already) {
      await tx.reports.addNote({ reportId, authorId: managerId, kind: 'read', text: '', at: now });
      await tx.events.append({
        type: 'report.read',
        at: now,
        leadId: null,
        actorId: managerId,
        reportId,
        repId: r.report.repId,
      });
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: r.report.repId },
          template: 'report.read',
          data: { date: r.report.date, by: managerId },
        }),
        now,
      );
    }
    return { kind: 'read', repId: r.report.repId, date: r.report.date };
  });
}

/** The manager's comment on a report, sent to the rep (and counting as read). */
export async function commentReport(
  deps: EngineDeps,
  managerId: string,
  reportId: number,
  text: string,
): Promise<ReviewResult> {
  const now = deps.clock();
  const body = text.trim();
  if (body === '') return { kind: 'rejected', reason: 'EMPTY_COMMENT' };
  return deps.store.transaction(async (tx) => {
    const r = await reviewable(tx, managerId, reportId);
    if (r.kind === 'rejected') return r;
    await tx.reports.addNote({ reportId, authorId: managerId, kind: 'comment', text: body, at: now });
    await tx.events.append({
      type: 'report.commented',
      at: now,
      leadId: null,
      actorId: managerId,
      reportId,
      repId: r.report.repId,
      text: body,
    });
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: r.report.repId },
        template: 'report.commented',
        data: { date: r.report.date, by: managerId, text: body },
      }),
      now,
    );
    return { kind: 'commented', repId: r.report.repId, date: r.report.date };
  });
}
