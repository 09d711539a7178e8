// Daily report notices (F28–F29) → cards: the rep's reminder, the manager's team digest, and the read receipt
// and comment the rep receives.
import { ACTIONS, type CardAction } from '../../kernel/card.ts';
import { t, type Locale } from '../i18n.ts';
import { defineNotices } from '../notice-kit.ts';
import { reportDigestCard } from './cards/report-notices.ts';
import { REPORT_NOTICE_DATA } from './notice-data.ts';

export const REPORT_NOTICES = defineNotices(REPORT_NOTICE_DATA, {
  'report.reminder': (d, _ctx, locale) => ({
    title: t(locale, 'notice.report.reminder', { date: d.date }),
    level: 'yellow',
  }),
  'report.read': (d, ctx, locale) => ({
    title: t(locale, 'notice.report.read', { date: d.date, name: ctx.nameOf(d.by) }),
    level: 'info',
    ...threadButtons(d.reportId, locale, false),
  }),
  'report.commented': (d, ctx, locale) => ({
    title: t(locale, 'notice.report.commented', { date: d.date, name: ctx.nameOf(d.by) }),
    body: d.text,
    level: 'info',
    ...threadButtons(d.reportId, locale, true),
  }),
  'report.replied': (d, ctx, locale) => ({
    title: t(locale, 'notice.report.replied', { date: d.date, name: ctx.nameOf(d.by) }),
    body: d.text,
    level: 'info',
    ...threadButtons(d.reportId, locale, true),
  }),
  'report.digest': reportDigestCard,
});

/** Open the report (its thread and read receipts), and answer in its thread. */
function threadButtons(
  reportId: number | undefined,
  locale: Locale,
  comment: boolean,
): { actions?: CardAction[] } {
  if (reportId === undefined) return {};
  const value = String(reportId);
  return {
    actions: [
      { id: ACTIONS.reportOpen, label: t(locale, 'notice.report.btn.open'), value },
      ...(comment
        ? [{ id: ACTIONS.reportComment, label: t(locale, 'viewreport.comment.button'), value }]
        : []),
    ],
  };
}
