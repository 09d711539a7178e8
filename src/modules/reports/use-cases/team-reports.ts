// The team's daily reports in chat (issue 21, item 2): the manager's per-team table (read from the one daily table
// that `leadline report daily` and GET /api/reports read), one report opened with what its flags compared
// (issue 25, item 16), read receipts and a comment thread both ways, as DingTalk 日志 and WeCom 汇报 offer.
import { DateTime } from 'luxon';
import type { GeoPoint } from '../../../kernel/geo.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { ReportNote, StoredPhoto, StoredReport, Tx } from '../../ports.ts';
import { mayRead } from '../../org/use-cases/readers.ts';
import { dailyReportTable, problemsFirst, type DailyTable } from './daily-table.ts';
import { localDate } from './report-draft.ts';
import { notice } from '../../notice-data.ts';

export interface TeamTable {
  team: Team;
  table: DailyTable;
}

export type TeamReports =
  | { kind: 'tables'; date: string; tables: TeamTable[] }
  | { kind: 'rejected'; reason: 'NOT_A_MANAGER' | 'BAD_DATE' };

const ISO_DAY = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const MONTH_DAY = /^(\d{1,2})[-/.](\d{1,2})$|^(\d{1,2})月(\d{1,2})[日号]?$/;

/** `2026-12-04`, `12-04`, `12月4日`, `today`/`今天`, `yesterday`/`昨天`, `前天` → yyyy-MM-dd; null when not a day. */
export function dayOf(word: string | null, now: number, zone: string): string | null {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const w = (word ?? '').trim().toLowerCase();
  if (w === '' || w === 'today' || w === '今天') return today.toISODate();
  if (w === 'yesterday' || w === '昨天') return today.minus({ days: 1 }).toISODate();
  if (w === '前天') return today.minus({ days: 2 }).toISODate();
  const iso = ISO_DAY.exec(w);
  const md = MONTH_DAY.exec(w);
  const [y, m, d] =
    iso !== null
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : md !== null
        ? [today.year, Number(md[1] ?? md[3]), Number(md[2] ?? md[4])]
        : [0, 0, 0];
  const day = DateTime.fromObject({ year: y, month: m, day: d }, { zone });
  return day.isValid ? day.toISODate() : null;
}

/** The teams whose reports this person reviews: a director every team, a manager the teams they manage. */
async function reviewedTeams(tx: Tx, viewer: Person): Promise<Team[]> {
  const teams = await tx.org.teams();
  if (!viewer.active) return [];
  if (viewer.role === 'director') return teams;
  return teams.filter((t) => t.managerId === viewer.id);
}

/** `team reports [date]`: one table per reviewed team, each row problems first. */
export async function teamReports(
  deps: EngineDeps,
  viewer: Person,
  word: string | null,
): Promise<TeamReports> {
  const zone = await deps.store.transaction((tx) => orgTimezone(tx, deps));
  const date = dayOf(word, deps.clock(), zone);
  if (date === null) return { kind: 'rejected', reason: 'BAD_DATE' };
  const teams = await deps.store.transaction((tx) => reviewedTeams(tx, viewer));
  if (teams.length === 0) return { kind: 'rejected', reason: 'NOT_A_MANAGER' };
  const tables: TeamTable[] = [];
  for (const team of teams) {
    const table = await dailyReportTable(deps, { date, teamId: team.id });
    if (table.rows.length > 0) tables.push({ team, table: { ...table, rows: problemsFirst(table.rows) } });
  }
  return { kind: 'tables', date, tables };
}

/** One report as its reader sees it: the rep, the reviewers' read receipts and the comment thread. */
export interface OpenedReport {
  kind: 'report';
  report: StoredReport;
  rep: Person;
  notes: ReportNote[];
  /** This report's photo and every photo a flag compared it with, by id (a purged one keeps its row). */
  photos: Map<number, StoredPhoto>;
  /** Deal evidence photos a PHOTO_REUSED flag matched (issue 25 item 13), by the flag's `e<id>` photo id. */
  evidencePhotos: Map<string, { sha256: string | null; at: number; dealId: number }>;
  /** The visited customers' names and places on file, by lead id (as the visits name them). */
  customers: Map<string, { name: string; place: GeoPoint | null }>;
  /** Whether the reader is the rep (they see who read it) or a reviewer (their read was just recorded). */
  own: boolean;
}

export type OpenResult =
  | OpenedReport
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOUR_TEAM' | 'BAD_DATE' }
  | { kind: 'missing'; rep: Person; date: string };

export type ReportTarget = { reportId: number } | { rep: string; day: string | null };

async function findRep(tx: Tx, who: string): Promise<Person | null> {
  const w = who.replace(/^@/, '').toLowerCase();
  const people = await tx.org.people();
  return (
    people.find((p) => p.id.toLowerCase() === w) ?? people.find((p) => p.name.toLowerCase() === w) ?? null
  );
}

/**
 * Opens one filed report for its rep, the rep's manager or a director; anyone else (another team's rep or manager)
 * is refused without learning whether it exists. A reviewer's first reading is recorded (see recordRead).
 */
export async function openTeamReport(
  deps: EngineDeps,
  viewer: Person,
  target: ReportTarget,
): Promise<OpenResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    let report: StoredReport | null;
    let rep: Person | null;
    if ('reportId' in target) {
      report = await tx.reports.get(target.reportId);
      rep = report === null ? null : await tx.org.person(report.repId);
    } else {
      const date = dayOf(target.day, now, zone);
      if (date === null) return { kind: 'rejected', reason: 'BAD_DATE' };
      rep = await findRep(tx, target.rep);
      if (rep !== null && !(await mayRead(tx, viewer, [rep.id])))
        return { kind: 'rejected', reason: 'NOT_YOUR_TEAM' };
      report = rep === null ? null : await tx.reports.of(rep.id, date);
      if (rep !== null && (report === null || report.status !== 'filed'))
        return { kind: 'missing', rep, date };
    }
    if (report === null || rep === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (!(await mayRead(tx, viewer, [rep.id]))) return { kind: 'rejected', reason: 'NOT_YOUR_TEAM' };
    if (report.status !== 'filed') return { kind: 'missing', rep, date: report.date };
    const own = viewer.id === rep.id;
    if (!own) await recordRead(tx, viewer.id, report, now, zone);
    const ids = new Set<number>();
    if (report.photoId !== null) ids.add(report.photoId);
    for (const f of report.result?.flags ?? [])
      if (f.kind === 'PHOTO_REUSED' && /^\d+$/.test(f.match.photoId)) ids.add(Number(f.match.photoId));
    const photos = new Map<number, StoredPhoto>();
    for (const id of ids) {
      const p = await tx.reports.photo(id);
      if (p !== null) photos.set(id, p);
    }
    const evidencePhotos: OpenedReport['evidencePhotos'] = new Map();
    for (const f of report.result?.flags ?? [])
      if (f.kind === 'PHOTO_REUSED' && /^e\d+$/.test(f.match.photoId)) {
        const e = await tx.deals.evidencePhoto(Number(f.match.photoId.slice(1)));
        if (e !== null) evidencePhotos.set(f.match.photoId, { sha256: e.sha256, at: e.at, dealId: e.dealId });
      }
    const customers = new Map<string, { name: string; place: GeoPoint | null }>();
    for (const v of report.visits) {
      const id = Number(v.customerId);
      if (customers.has(v.customerId) || !Number.isInteger(id)) continue;
      const lead = await tx.leads.get(id);
      customers.set(v.customerId, {
        name: lead?.company ?? v.customerId,
        place: await tx.reports.customerPlace(id),
      });
    }
    return {
      kind: 'report',
      report,
      rep,
      notes: await tx.reports.notes(report.id),
      photos,
      evidencePhotos,
      customers,
      own,
    };
  });
}

/**
 * A reviewer read a report: kept once per reader. The rep is told at most once per report per day: a second
 * reader the same day is folded into the report's view ("已读：李经理 09:12, 王总 10:30") rather than another message.
 */
export async function recordRead(
  tx: Tx,
  readerId: string,
  report: StoredReport,
  now: number,
  zone: string,
): Promise<boolean> {
  const notes = await tx.reports.notes(report.id);
  const reads = notes.filter((n) => n.kind === 'read');
  if (reads.some((n) => n.authorId === readerId)) return false;
  if (
    !(await tx.reports.addNote({ reportId: report.id, authorId: readerId, kind: 'read', text: '', at: now }))
  )
    return false; // another request of the same reader got there first
  await tx.events.append({
    type: 'report.read',
    at: now,
    leadId: null,
    actorId: readerId,
    reportId: report.id,
    repId: report.repId,
  });
  const today = localDate(now, zone);
  if (!reads.some((n) => localDate(n.at, zone) === today))
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: report.repId },
        template: 'report.read',
        data: { date: report.date, by: readerId, reportId: report.id },
      }),
      now,
    );
  return true;
}

/** A comment is at most this many characters (a chat line, not a document). */
export const COMMENT_MAX = 1000;

export type CommentResult =
  | { kind: 'commented'; repId: string; date: string; reportId: number; to: string[] }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOUR_TEAM' | 'EMPTY_COMMENT' | 'TOO_LONG' };

/**
 * A comment on a report, by a reviewer (to the rep) or by the rep (an answer, to their manager and everyone else
 * who commented). A reviewer's comment counts as reading it.
 */
export async function addReportComment(
  deps: EngineDeps,
  author: Person,
  reportId: number,
  text: string,
): Promise<CommentResult> {
  const now = deps.clock();
  const body = text.trim();
  if (body === '') return { kind: 'rejected', reason: 'EMPTY_COMMENT' };
  if ([...body].length > COMMENT_MAX) return { kind: 'rejected', reason: 'TOO_LONG' };
  return deps.store.transaction(async (tx) => {
    const report = await tx.reports.get(reportId);
    if (report === null || report.status !== 'filed') return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (!(await mayRead(tx, author, [report.repId]))) return { kind: 'rejected', reason: 'NOT_YOUR_TEAM' };
    const own = author.id === report.repId;
    const zone = await orgTimezone(tx, deps);
    if (!own) await recordRead(tx, author.id, report, now, zone);
    const before = await tx.reports.notes(reportId);
    await tx.reports.addNote({ reportId, authorId: author.id, kind: 'comment', text: body, at: now });
    await tx.events.append({
      type: 'report.commented',
      at: now,
      leadId: null,
      actorId: author.id,
      reportId,
      repId: report.repId,
      text: body,
    });
    let to: string[];
    if (own) {
      const rep = await tx.org.person(report.repId);
      const team = rep?.teamId == null ? null : await tx.org.team(rep.teamId);
      to = [
        ...new Set([
          ...(team?.managerId == null ? [] : [team.managerId]),
          ...before.filter((n) => n.kind === 'comment').map((n) => n.authorId),
        ]),
      ].filter((id) => id !== author.id);
    } else to = [report.repId];
    for (const id of to)
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id },
          template: own ? 'report.replied' : 'report.commented',
          data: { date: report.date, by: author.id, text: body, reportId },
        }),
        now,
      );
    return { kind: 'commented', repId: report.repId, date: report.date, reportId, to };
  });
}
