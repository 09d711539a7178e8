// The manager's daily team digest of reports (F29) → a card, with Read and Comment per flagged report.
import { renderFlag } from './authenticity.ts';
import { ACTIONS, type Card, type CardAction } from '../../../kernel/card.ts';
import { formatList, t, type Locale } from '../../i18n.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import type { NoticeData } from '../../notice-data.ts';

export function reportDigestCard(d: NoticeData<'report.digest'>, ctx: NoticeContext, locale: Locale): Card {
  const names = (ids: string[]) =>
    ids.length === 0 ? '-' : formatList(locale, ids.map(ctx.nameOf), 'enumeration');
  const lines = [
    t(locale, 'notice.report.digest.onTime', { count: d.onTime.length, names: names(d.onTime) }),
    t(locale, 'notice.report.digest.late', { count: d.late.length, names: names(d.late) }),
    t(locale, 'notice.report.digest.missing', { count: d.missing.length, names: names(d.missing) }),
    t(locale, 'notice.report.digest.average', {
      score: d.averageScore === null ? '-' : String(d.averageScore),
    }),
  ];
  if (d.flagged.length === 0) lines.push(t(locale, 'notice.report.digest.noneFlagged'));
  const actions: CardAction[] = [];
  for (const f of d.flagged) {
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
    title: t(locale, 'notice.report.digest.title', { date: d.date, team: d.teamName }),
    level: d.flagged.length > 0 || d.missing.length > 0 ? 'yellow' : 'green',
    body: lines.join('\n'),
    ...(actions.length === 0 ? {} : { actions }),
  };
}
