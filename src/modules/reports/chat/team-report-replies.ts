// The team's daily reports in chat (issue 21, item 2; issue 25, item 16) → neutral cards: the manager's table per
// team (a page of reps, problems first, a button per filed report), one report opened with each flag's evidence
// (the two photos side by side, the two places and times), the read receipts and the comment thread.
import { DateTime } from 'luxon';
import type { GeoPoint } from '../../../kernel/geo.ts';
import type { Person } from '../../../kernel/types.ts';
import { ACTIONS, type Card, type CardAction, type CardImage, type Reply } from '../../../kernel/card.ts';
import { photosSideBySide } from '../../../media/side-by-side.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { renderFlag } from '../cards/authenticity.ts';
import type { AuthenticityFlag } from '../rules/authenticity.ts';
import { tableState, type DailyRow, type TableState } from '../use-cases/daily-table.ts';
import {
  addReportComment,
  COMMENT_MAX,
  openTeamReport,
  teamReports,
  type OpenedReport,
  type ReportTarget,
  type TeamTable,
} from '../use-cases/team-reports.ts';

/** Reps per card: with the Next button, six buttons at most, WeCom's template-card limit (path/90236). */
export const TEAM_PAGE = 5;
const SNIPPET = 40;
const MARK: Record<TableState, string> = { flagged: '⚠️', missing: '❌', late: '🕘', on_time: '✅' };

const list = (items: string[], locale: Locale) => items.join(locale === 'zh-CN' ? '、' : ', ');

function snippet(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= SNIPPET ? chars.join('') : `${chars.slice(0, SNIPPET - 1).join('')}…`;
}

function rowLines(row: DailyRow, locale: Locale): string[] {
  const state = tableState(row);
  const lines = [
    t(locale, 'teamreport.row', {
      mark: MARK[state],
      name: row.name,
      state:
        state === 'flagged' && row.status === 'late'
          ? `${t(locale, 'teamreport.state.flagged')} · ${t(locale, 'teamreport.state.late')}`
          : t(locale, `teamreport.state.${state}`),
      time: row.filedAt === null ? '' : t(locale, 'teamreport.row.time', { time: row.filedAt }),
    }),
  ];
  if (row.report === null) return lines;
  const flags = [...new Set(row.flags)].map((k) => t(locale, `teamreport.flag.${k}`));
  lines.push(
    t(locale, 'teamreport.row.figures', {
      score: row.score ?? '-',
      visits: row.visits,
      photos: row.photos,
      flags:
        (flags.length === 0 ? '' : ` · ${list(flags, locale)}`) +
        (row.confirmed && row.needsConfirmation ? t(locale, 'teamreport.row.confirmed') : ''),
    }),
  );
  if (row.report.summary.trim() !== '')
    lines.push(t(locale, 'teamreport.row.summary', { summary: snippet(row.report.summary) }));
  return lines;
}

/** One page of one team's table. */
export function teamTableCard(tt: TeamTable, page: number, locale: Locale): Card {
  const { table, team } = tt;
  const pages = Math.max(1, Math.ceil(table.rows.length / TEAM_PAGE));
  const at = Math.min(Math.max(1, page), pages);
  const rows = table.rows.slice((at - 1) * TEAM_PAGE, at * TEAM_PAGE);
  const count = (s: TableState) => table.rows.filter((r) => tableState(r) === s).length;
  const body = [
    t(locale, 'teamreport.counts', {
      onTime: count('on_time'),
      late: count('late'),
      missing: count('missing'),
      flagged: count('flagged'),
      average: table.averageScore ?? '-',
    }),
    ...rows.flatMap((r) => ['', ...rowLines(r, locale)]),
    '',
    t(locale, 'teamreport.howOpen'),
  ];
  const actions: CardAction[] = rows.flatMap((r) =>
    r.report === null
      ? []
      : [
          {
            id: ACTIONS.reportOpen,
            label: t(locale, 'teamreport.open', { name: r.name }),
            value: String(r.report.id),
          },
        ],
  );
  if (at < pages)
    actions.push({
      id: ACTIONS.reportTeam,
      label: t(locale, 'teamreport.next'),
      value: `${table.date}|${team.id}|${at + 1}`,
    });
  const problems = count('flagged') + count('missing') > 0;
  return {
    title:
      t(locale, 'teamreport.title', { date: table.date, team: team.name }) +
      (pages > 1 ? t(locale, 'teamreport.page', { page: at, pages }) : ''),
    level: problems ? 'yellow' : 'green',
    body: body.join('\n'),
    ...(actions.length === 0 ? {} : { actions }),
  };
}

/** `team reports [date] [team] [page]`: one card per team the speaker reviews. */
export async function teamReportsReplies(
  deps: ChatDeps,
  actor: Person,
  c: { day: string | null; team: string | null; page: number },
  locale: Locale,
): Promise<Reply[]> {
  const r = await teamReports(deps.engine, actor, c.day);
  if (r.kind === 'rejected') return [note(locale, `teamreport.refuse.${r.reason}`, {}, 'yellow')];
  const tables = r.tables.filter((tt) => c.team === null || tt.team.id === c.team || tt.team.name === c.team);
  if (tables.length === 0) return [note(locale, 'teamreport.none', {}, 'info')];
  return tables.map((tt) => ({ mode: 'ephemeral', card: teamTableCard(tt, c.page, locale) }));
}

/** The Next button: `DATE|TEAM|PAGE`. */
export async function teamPageReplies(
  deps: ChatDeps,
  actor: Person,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  const [day = '', team = '', page = '1'] = value.split('|');
  return teamReportsReplies(
    deps,
    actor,
    { day: day === '' ? null : day, team: team === '' ? null : team, page: Number(page) || 1 },
    locale,
  );
}

const coords = (p: GeoPoint) => `${p.lat.toFixed(4)}, ${p.lng.toFixed(4)}`;

interface ViewContext {
  o: OpenedReport;
  zone: string;
  nameOf: (id: string) => string;
  locale: Locale;
}

function time(v: ViewContext, ms: number, withDay: boolean): string {
  const at = DateTime.fromMillis(ms, { zone: v.zone });
  return at.toFormat(withDay || at.toISODate() !== v.o.report.date ? 'MM-dd HH:mm' : 'HH:mm');
}

function customerOf(v: ViewContext, id: string | null): { name: string; place: GeoPoint | null } {
  return (id === null ? undefined : v.o.customers.get(id)) ?? { name: id ?? '-', place: null };
}

function placeLine(
  v: ViewContext,
  what: 'checkIn' | 'customer' | 'camera',
  place: GeoPoint | null,
  who = '',
) {
  return t(v.locale, 'viewreport.evidence.place', {
    what: t(v.locale, `viewreport.evidence.${what}`),
    place: `${who === '' ? '' : `${who} `}${place === null ? t(v.locale, 'viewreport.place.unknown') : coords(place)}`,
  });
}

/** What one flag compared, beneath its sentence: the photos, the places, the times. */
function evidenceLines(v: ViewContext, f: AuthenticityFlag): string[] {
  const { locale, o } = v;
  const visit = o.report.visits.find((x) => x.id === f.visitId) ?? null;
  const customer = customerOf(v, f.customerId ?? visit?.customerId ?? null);
  switch (f.kind) {
    case 'PHOTO_REUSED': {
      const own = o.photos.get(Number(f.photoId));
      const match = o.photos.get(Number(f.match.photoId));
      return [
        t(locale, 'viewreport.evidence.photos', {
          who: v.nameOf(o.rep.id),
          sent: own === undefined ? '-' : time(v, own.sentAt, true),
          matchWho: v.nameOf(f.match.repId),
          matchSent: time(v, f.match.sentAt, true),
        }),
        ...(match === undefined || (match.purgedAt ?? null) !== null
          ? [t(locale, 'viewreport.evidence.photoGone')]
          : []),
      ];
    }
    case 'CHECKIN_FAR':
      return [
        placeLine(v, 'checkIn', f.checkIn, customer.name),
        placeLine(v, 'customer', f.customerPlace, customer.name),
      ];
    case 'EXIF_PLACE_FAR':
      return [
        placeLine(v, 'camera', f.exifPlace, customer.name),
        placeLine(v, 'customer', f.customerPlace, customer.name),
      ];
    case 'IMPOSSIBLE_TRAVEL': {
      const from = o.report.visits.find((x) => x.id === f.fromVisitId);
      const to = o.report.visits.find((x) => x.id === f.toVisitId);
      if (from === undefined || to === undefined) return [];
      const [a, b] = [customerOf(v, from.customerId), customerOf(v, to.customerId)];
      const placeOf = (x: typeof from, c: typeof a, kind: 'checkIn' | 'customer') =>
        kind === 'checkIn' ? x.checkIn : c.place;
      return [
        t(locale, 'viewreport.evidence.travel', {
          fromTime: time(v, from.claimedAt, false),
          from: a.name,
          toTime: time(v, to.claimedAt, false),
          to: b.name,
          km: Math.round(f.km * 10) / 10,
          minutes: Math.round(f.minutes),
        }),
        placeLine(v, f.fromPlace, placeOf(from, a, f.fromPlace), a.name),
        placeLine(v, f.toPlace, placeOf(to, b, f.toPlace), b.name),
      ];
    }
    default:
      // The sentence already carries the times and words compared (late filing, burst, trade words, no record).
      return [];
  }
}

function readLine(v: ViewContext): string | null {
  const reads = v.o.notes.filter((n) => n.kind === 'read');
  if (reads.length === 0) return v.o.own ? t(v.locale, 'viewreport.read.none') : null;
  return t(v.locale, 'viewreport.read.by', {
    readers: list(
      reads.map((n) =>
        t(v.locale, 'viewreport.read.one', { name: v.nameOf(n.authorId), time: time(v, n.at, false) }),
      ),
      v.locale,
    ),
  });
}

export function reportViewCard(v: ViewContext): Card {
  const { o, locale } = v;
  const r = o.report;
  const result = r.result;
  const flags = result?.flags ?? [];
  const photoCount = r.photoId === null ? 0 : 1;
  const ownPhoto = r.photoId === null ? undefined : o.photos.get(r.photoId);
  const lines = [
    t(locale, 'viewreport.filed', {
      id: r.id,
      time: r.submittedAt === null ? '-' : time(v, r.submittedAt, false),
      late: r.late ? t(locale, 'viewreport.late') : '',
    }),
    r.summary.trim() === ''
      ? t(locale, 'viewreport.summary.none')
      : t(locale, 'viewreport.summary', { summary: r.summary.trim() }),
    '',
    ...(r.visits.length === 0
      ? [t(locale, 'viewreport.visits.none')]
      : [
          t(locale, 'viewreport.visits', { count: r.visits.length }),
          ...r.visits.map((visit) =>
            t(locale, 'viewreport.visit', {
              time: time(v, visit.claimedAt, false),
              customer: customerOf(v, visit.customerId).name,
              place:
                visit.checkIn === null
                  ? t(locale, 'viewreport.visit.noCheckIn')
                  : t(locale, 'viewreport.visit.checkIn', { place: coords(visit.checkIn) }),
            }),
          ),
        ]),
    t(
      locale,
      ownPhoto !== undefined && (ownPhoto.purgedAt ?? null) !== null
        ? 'viewreport.photo.purged'
        : 'viewreport.photo.count',
      { count: photoCount },
    ),
    '',
    ...(flags.length === 0
      ? [t(locale, 'viewreport.allClear')]
      : [
          t(locale, 'viewreport.flags', { count: flags.length }),
          ...flags.flatMap((f) => [
            t(locale, 'viewreport.flag', {
              explain: renderFlag(f, locale, v.nameOf).explain,
              points: f.points,
            }),
            ...evidenceLines(v, f),
          ]),
        ]),
    ...(r.confirmedAt === null
      ? []
      : [t(locale, 'viewreport.confirmed', { time: time(v, r.confirmedAt, true) })]),
  ];
  const read = readLine(v);
  if (read !== null) lines.push('', read);
  const comments = o.notes.filter((n) => n.kind === 'comment');
  if (comments.length > 0)
    lines.push(
      '',
      t(locale, 'viewreport.comments'),
      ...comments.map((n) =>
        t(locale, 'viewreport.comment', {
          name: v.nameOf(n.authorId),
          time: time(v, n.at, true),
          text: n.text,
        }),
      ),
    );
  lines.push('', t(locale, 'viewreport.howComment', { id: r.id }));
  return {
    title: t(locale, 'viewreport.title', {
      name: o.rep.name,
      date: r.date,
      score: result?.score ?? r.score ?? '-',
    }),
    level: result?.needsConfirmation === true && r.confirmedAt === null ? 'yellow' : 'green',
    body: lines.join('\n'),
    actions: [
      { id: ACTIONS.reportComment, label: t(locale, 'viewreport.comment.button'), value: String(r.id) },
    ],
  };
}

/** The report's photo, next to the earlier photo a PHOTO_REUSED flag matched (when the files are still kept). */
async function photoImage(deps: ChatDeps, o: OpenedReport, locale: Locale): Promise<CardImage | undefined> {
  const files = deps.engine.files;
  if (files === undefined || o.report.photoId === null) return undefined;
  const bytesOf = async (id: number) => {
    const p = o.photos.get(id);
    return p === undefined || (p.purgedAt ?? null) !== null ? null : files.get(p.sha256);
  };
  const own = await bytesOf(o.report.photoId);
  const reused = o.report.result?.flags.find((f) => f.kind === 'PHOTO_REUSED');
  const match = reused?.kind === 'PHOTO_REUSED' ? await bytesOf(Number(reused.match.photoId)) : undefined;
  const png = await photosSideBySide(match === undefined ? [own] : [own, match]);
  if (png === null) return undefined;
  return {
    png,
    alt: t(locale, 'viewreport.image.alt'),
    reading: t(locale, match === undefined ? 'viewreport.image.one' : 'viewreport.image.reading'),
  };
}

async function openReplies(
  deps: ChatDeps,
  actor: Person,
  target: ReportTarget,
  locale: Locale,
): Promise<Reply[]> {
  const o = await openTeamReport(deps.engine, actor, target);
  if (o.kind === 'rejected') return [note(locale, `viewreport.refuse.${o.reason}`, {}, 'yellow')];
  if (o.kind === 'missing')
    return [note(locale, 'viewreport.missing', { name: o.rep.name, date: o.date }, 'yellow')];
  const { names, timezone } = await lookupNames(deps.engine);
  const card = reportViewCard({ o, zone: timezone, nameOf: (id) => names.get(id) ?? id, locale });
  const image = await photoImage(deps, o, locale);
  return [{ mode: 'ephemeral', card: image === undefined ? card : { ...card, image } }];
}

/** `report view [REP|ID] [date]`; without a rep, the speaker's own report. */
export function openReportCommandReplies(
  deps: ChatDeps,
  actor: Person,
  c: { reportId: number | null; rep: string | null; day: string | null },
  locale: Locale,
): Promise<Reply[]> {
  const target: ReportTarget =
    c.reportId !== null ? { reportId: c.reportId } : { rep: c.rep ?? actor.id, day: c.day };
  return openReplies(deps, actor, target, locale);
}

export function openReportButtonReplies(
  deps: ChatDeps,
  actor: Person,
  reportId: number,
  locale: Locale,
): Promise<Reply[]> {
  if (!Number.isInteger(reportId) || reportId <= 0)
    return Promise.resolve([note(locale, 'viewreport.refuse.NOT_FOUND', {}, 'yellow')]);
  return openReplies(deps, actor, { reportId }, locale);
}

/** `comment REPORT TEXT`, or the Comment form: a reviewer's comment or the rep's answer. */
export async function commentReplies(
  deps: ChatDeps,
  actor: Person,
  reportId: number,
  text: string,
  locale: Locale,
): Promise<Reply[]> {
  if (!Number.isInteger(reportId) || reportId <= 0)
    return [note(locale, 'comment.refuse.NOT_FOUND', {}, 'yellow')];
  const r = await addReportComment(deps.engine, actor, reportId, text);
  if (r.kind === 'rejected')
    return [note(locale, `comment.refuse.${r.reason}`, { max: COMMENT_MAX }, 'yellow')];
  const { names } = await lookupNames(deps.engine);
  return [
    note(
      locale,
      'report.review.commented',
      {
        name:
          list(
            r.to.map((id) => names.get(id) ?? id),
            locale,
          ) || '-',
      },
      'green',
    ),
  ];
}
