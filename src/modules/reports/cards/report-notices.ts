// Daily report notices (F28–F29) → cards: the rep's reminder, the manager's team digest with Read and Comment
// per flagged report, and the read receipt and comment the rep receives.
import type { AuthenticityFlag } from '../rules/authenticity.ts';
import { renderFlag } from './authenticity.ts';
import { ACTIONS, type Card, type CardAction } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { NoticeContext, NoticeInput } from '../../notices.ts';

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

function ids(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

interface FlaggedReport {
  reportId: number;
  repId: string;
  score: number | null;
  confirmed: boolean;
  flags: AuthenticityFlag[];
}

export function reportNoticeCard(notice: NoticeInput, ctx: NoticeContext, locale: Locale): Card | null {
  const d = notice.data;
  const date = str(d.date);
  switch (notice.template) {
    case 'report.reminder':
      return { title: t(locale, 'notice.report.reminder', { date }), level: 'yellow' };
    case 'report.read':
      return { title: t(locale, 'notice.report.read', { date, name: ctx.nameOf(str(d.by)) }), level: 'info' };
    case 'report.commented':
      return {
        title: t(locale, 'notice.report.commented', { date, name: ctx.nameOf(str(d.by)) }),
        body: str(d.text),
        level: 'info',
      };
    case 'report.digest': {
      const names = (v: unknown) => {
        const list = ids(v).map(ctx.nameOf);
        return list.length === 0 ? '-' : list.join(', ');
      };
      const flagged = (Array.isArray(d.flagged) ? d.flagged : []) as FlaggedReport[];
      const lines = [
        t(locale, 'notice.report.digest.onTime', { count: ids(d.onTime).length, names: names(d.onTime) }),
        t(locale, 'notice.report.digest.late', { count: ids(d.late).length, names: names(d.late) }),
        t(locale, 'notice.report.digest.missing', { count: ids(d.missing).length, names: names(d.missing) }),
        t(locale, 'notice.report.digest.average', {
          score: d.averageScore === null || d.averageScore === undefined ? '-' : str(d.averageScore),
        }),
      ];
      if (flagged.length === 0) lines.push(t(locale, 'notice.report.digest.noneFlagged'));
      const actions: CardAction[] = [];
      for (const f of flagged) {
        lines.push(
          '',
          t(locale, f.confirmed ? 'notice.report.digest.flaggedConfirmed' : 'notice.report.digest.flagged', {
            name: ctx.nameOf(f.repId),
            score: f.score ?? '-',
          }),
          ...f.flags.map((flag) => `• ${renderFlag(flag, locale, ctx.nameOf).explain}`),
        );
        const who = ctx.nameOf(f.repId);
        actions.push(
          {
            id: ACTIONS.reportRead,
            label: t(locale, 'notice.report.btn.read', { name: who }),
            value: String(f.reportId),
          },
          {
            id: ACTIONS.reportComment,
            label: t(locale, 'notice.report.btn.comment', { name: who }),
            value: String(f.reportId),
          },
        );
      }
      return {
        title: t(locale, 'notice.report.digest.title', { date, team: str(d.teamName) }),
        level: flagged.length > 0 || ids(d.missing).length > 0 ? 'yellow' : 'green',
        body: lines.join('\n'),
        ...(actions.length === 0 ? {} : { actions }),
      };
    }
    default:
      return null;
  }
}
