// Org notices → cards.
import { t } from '../i18n.ts';
import { defineNotices } from '../notice-kit.ts';
import { ORG_NOTICE_DATA } from './notice-data.ts';

export const ORG_NOTICES = defineNotices(ORG_NOTICE_DATA, {
  'person.deactivated': (d, ctx, locale) => ({
    title: t(locale, 'notice.deactivated.title', { name: ctx.nameOf(d.personId) }),
    body: t(locale, 'notice.deactivated.body', { leads: d.leadIds.map((x) => `#${x}`).join(', ') }),
    level: 'yellow',
  }),
});
