// Lead notices (outbox templates `lead.*`) → cards, rendered when they are delivered, so a card shows the lead
// as it is then.
import { ACTIONS, type Card } from '../../kernel/card.ts';
import { t, type Locale } from '../i18n.ts';
import { defineNotices, type NoticeContext } from '../notice-kit.ts';
import { formatTime, leadCard } from './cards/lead-card.ts';
import { LEAD_NOTICE_DATA } from './notice-data.ts';

/** The lead's card under the notice's title when the lead still exists; the bare title otherwise. */
function withLead(
  ctx: NoticeContext,
  locale: Locale,
  title: string,
  body?: string,
  level?: Card['level'],
): Card {
  return ctx.lead === null
    ? { title, level: level ?? 'info', ...(body === undefined ? {} : { body }) }
    : leadCard(ctx.lead, locale, {
        title,
        ...(body === undefined ? {} : { body }),
        ...(level === undefined ? {} : { level }),
      });
}

const vars = (d: { leadId: number; company?: string }, ctx: NoticeContext) => ({
  id: String(d.leadId),
  company: ctx.lead?.lead.company ?? d.company ?? '',
});

export const LEAD_NOTICES = defineNotices(LEAD_NOTICE_DATA, {
  // The call to action only while the offer stands; an updated copy shows just where the lead is now.
  'lead.offered': (d, ctx, locale) =>
    withLead(
      ctx,
      locale,
      t(locale, 'notice.offered.title', vars(d, ctx)),
      ctx.lead?.lead.status === 'offered'
        ? t(locale, 'notice.offered.body', { until: formatTime(d.expiresAt, ctx.timezone) })
        : undefined,
    ),
  'lead.pooled': (d, ctx, locale) => withLead(ctx, locale, t(locale, 'notice.pool.title', vars(d, ctx))),
  'lead.urgent_in_pool': (d, ctx, locale) =>
    withLead(ctx, locale, t(locale, 'notice.urgentPool.title', vars(d, ctx)), undefined, 'red'),
  'lead.offer_expiring': (d, ctx, locale) => {
    const offered = ctx.lead?.lead.status === 'offered';
    return withLead(
      ctx,
      locale,
      t(locale, 'notice.offerExpiring.title', {
        id: String(d.leadId),
        until: formatTime(d.dueAt, ctx.timezone),
      }),
      offered ? t(locale, 'notice.offerExpiring.body') : undefined,
      offered ? 'yellow' : 'info',
    );
  },
  'lead.follow_up_due': (d, ctx, locale) => {
    const due = ctx.lead?.lead.followUpDueAt != null;
    const id = String(d.leadId);
    return withLead(
      ctx,
      locale,
      t(locale, 'notice.followUpDue.title', { id, until: formatTime(d.dueAt, ctx.timezone) }),
      due ? t(locale, 'notice.followUpDue.body', { id }) : undefined,
      due ? 'yellow' : 'info',
    );
  },
  'lead.offer_lapsed': (d, ctx, locale) => ({
    title: t(locale, 'notice.offerLapsed.title', vars(d, ctx)),
    body: t(locale, 'notice.offerLapsed.body'),
    level: 'yellow',
    leadId: d.leadId,
  }),
  'lead.reverted': (d, ctx, locale) => ({
    title: t(locale, 'notice.reverted.title', vars(d, ctx)),
    body: t(locale, 'notice.reverted.body'),
    level: 'red',
    leadId: d.leadId,
  }),
  'lead.reverted.manager': (d, ctx, locale) => {
    const name = ctx.nameOf(d.ownerId);
    return {
      title: t(locale, 'notice.revertedManager.title', { id: String(d.leadId), name }),
      body: t(locale, 'notice.revertedManager.body', { name }),
      level: 'yellow',
    };
  },
  'lead.customer_again': (d, ctx, locale) =>
    withLead(
      ctx,
      locale,
      t(locale, 'notice.customerAgain.title', vars(d, ctx)),
      t(locale, 'notice.customerAgain.body', { source: d.source }),
      'yellow',
    ),
  'lead.contact_linked': (d, ctx, locale) =>
    withLead(
      ctx,
      locale,
      t(locale, 'contact.linked.title', { ...vars(d, ctx), name: d.name }),
      t(locale, 'contact.linked.body', { phone: d.phone }),
      'green',
    ),
  // Each reader is told their part: the rep who added the customer, the lead's owner, their managers.
  'lead.contact_elsewhere': (d, ctx, locale) => {
    const words = {
      ...vars(d, ctx),
      name: d.name,
      phone: d.phone,
      adder: ctx.nameOf(d.adderId),
      owner: ctx.nameOf(d.ownerId),
    };
    return {
      title: t(locale, 'contact.elsewhere.title', words),
      body: t(locale, `contact.elsewhere.${d.part}`, words),
      level: 'yellow',
      leadId: d.leadId,
    };
  },
  'lead.contact_unlinked': (d, _ctx, locale) => ({
    title: t(locale, 'contact.unlinked.title', { name: d.name }),
    body: [
      d.phones.length === 0
        ? t(locale, 'contact.unlinked.noPhone')
        : t(locale, 'contact.unlinked.noMatch', { phones: d.phones.join(', ') }),
      t(locale, d.leads.length > 0 ? 'contact.unlinked.tap' : 'contact.unlinked.none'),
    ].join('\n'),
    level: 'info',
    actions: d.leads.map((l) => ({
      id: ACTIONS.leadLink,
      label: t(locale, 'contact.btn.link', { id: String(l.id), company: l.company }),
      value: `${l.id}|${d.externalUserId}|${d.name}`,
    })),
  }),
  // Never delivered as such (the worker re-renders the notices it updates); the lead's card if it ever is.
  'lead.cards': (_d, ctx, locale) => withLead(ctx, locale, t(locale, 'notice.unknown.title')),
});
