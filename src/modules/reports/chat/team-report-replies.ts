// The team's daily reports in chat (issue 21, item 2; issue 25, item 16) → neutral cards: the manager's table per
// team (a page of reps, problems first, a button per filed report), one report opened with each flag's evidence
// (the two photos side by side, the two places and times), the read receipts and the comment thread.
import type { Person } from '../../../kernel/types.ts';
import type { CardImage, Reply } from '../../../kernel/card.ts';
import { photosSideBySide } from '../../../media/side-by-side.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { list, teamTableCard } from '../cards/team-table.ts';
import { reportViewCard } from '../cards/report-view.ts';
import {
  addReportComment,
  COMMENT_MAX,
  openTeamReport,
  teamReports,
  type OpenedReport,
  type ReportTarget,
} from '../use-cases/team-reports.ts';

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
  // A deal's evidence photo (issue 25 item 13) is shown from its own file.
  const evidenceSha =
    reused === undefined ? null : (o.evidencePhotos.get(reused.match.photoId)?.sha256 ?? null);
  const match =
    reused?.kind !== 'PHOTO_REUSED'
      ? undefined
      : evidenceSha !== null
        ? await files.get(evidenceSha)
        : await bytesOf(Number(reused.match.photoId));
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
