// Daily report notices (F28–F29) → cards: the rep's reminder, the manager's team digest, and the read receipt
// and comment the rep receives.
import { t } from '../i18n.ts';
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
  }),
  'report.commented': (d, ctx, locale) => ({
    title: t(locale, 'notice.report.commented', { date: d.date, name: ctx.nameOf(d.by) }),
    body: d.text,
    level: 'info',
  }),
  'report.digest': reportDigestCard,
});
