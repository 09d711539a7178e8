// Outbox notices (a template id and its data) → cards, rendered when they are delivered, so a card shows
// the lead as it is then.
import type { Card } from '../kernel/card.ts';
import { CARD_NOTICE, cardFromJsonValue } from '../kernel/card-json.ts';
import { t, type Locale } from './i18n.ts';
import { dealNoticeCard } from './deals/cards/deal-notices.ts';
import { kbiNoticeCard } from './kbi/cards/kbi-notices.ts';
import { formatTime, leadCard, type LeadView } from './leads/cards/lead-card.ts';
import { reportNoticeCard } from './reports/cards/report-notices.ts';

export interface NoticeInput {
  template: string;
  data: Record<string, unknown>;
}

export interface NoticeContext {
  /** The lead the notice is about, as it is now (null when it has none). */
  lead: LeadView | null;
  nameOf: (personId: string) => string;
  timezone: string;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

function str(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

export function noticeCard(notice: NoticeInput, ctx: NoticeContext, locale: Locale): Card {
  const d = notice.data;
  const id = str(d.leadId ?? ctx.lead?.lead.id);
  const company = ctx.lead?.lead.company ?? str(d.company);
  const until = (ms: unknown) => formatTime(num(ms), ctx.timezone);
  const vars = { id, company };
  const withLead = (title: string, body?: string, level?: Card['level']): Card =>
    ctx.lead === null
      ? { title, level: level ?? 'info', ...(body === undefined ? {} : { body }) }
      : leadCard(ctx.lead, locale, {
          title,
          ...(body === undefined ? {} : { body }),
          ...(level === undefined ? {} : { level }),
        });

  switch (notice.template) {
    case 'lead.offered':
      // The call to action only while the offer stands; an updated copy shows just where the lead is now.
      return withLead(
        t(locale, 'notice.offered.title', vars),
        ctx.lead?.lead.status === 'offered'
          ? t(locale, 'notice.offered.body', { until: until(d.expiresAt) })
          : undefined,
      );
    case 'lead.pooled':
      return withLead(t(locale, 'notice.pool.title', vars));
    case 'lead.urgent_in_pool':
      return withLead(t(locale, 'notice.urgentPool.title', vars), undefined, 'red');
    case 'lead.offer_expiring':
      return withLead(
        t(locale, 'notice.offerExpiring.title', { id, until: until(d.dueAt) }),
        ctx.lead?.lead.status === 'offered' ? t(locale, 'notice.offerExpiring.body') : undefined,
        ctx.lead?.lead.status === 'offered' ? 'yellow' : 'info',
      );
    case 'lead.follow_up_due':
      return withLead(
        t(locale, 'notice.followUpDue.title', { id, until: until(d.dueAt) }),
        ctx.lead?.lead.followUpDueAt != null ? t(locale, 'notice.followUpDue.body', { id }) : undefined,
        ctx.lead?.lead.followUpDueAt != null ? 'yellow' : 'info',
      );
    case 'lead.offer_lapsed':
      return {
        title: t(locale, 'notice.offerLapsed.title', vars),
        body: t(locale, 'notice.offerLapsed.body'),
        level: 'yellow',
        ...(id === '' ? {} : { leadId: num(id) }),
      };
    case 'lead.reverted':
      return {
        title: t(locale, 'notice.reverted.title', vars),
        body: t(locale, 'notice.reverted.body'),
        level: 'red',
        ...(id === '' ? {} : { leadId: num(id) }),
      };
    case 'lead.reverted.manager': {
      const name = ctx.nameOf(str(d.ownerId));
      return {
        title: t(locale, 'notice.revertedManager.title', { id, name }),
        body: t(locale, 'notice.revertedManager.body', { name }),
        level: 'yellow',
      };
    }
    case 'lead.customer_again':
      return withLead(
        t(locale, 'notice.customerAgain.title', vars),
        t(locale, 'notice.customerAgain.body', { source: str(d.source) }),
        'yellow',
      );
    case 'person.deactivated': {
      const leads = Array.isArray(d.leadIds) ? d.leadIds.map((x) => `#${str(x)}`).join(', ') : '';
      return {
        title: t(locale, 'notice.deactivated.title', { name: ctx.nameOf(str(d.personId)) }),
        body: t(locale, 'notice.deactivated.body', { leads }),
        level: 'yellow',
      };
    }
    // A ready-made card (a chart), its bytes inline (card-json.ts).
    case CARD_NOTICE:
      return cardFromJsonValue(d.card);
    default:
      return (
        dealNoticeCard(notice, ctx, locale) ??
        reportNoticeCard(notice, ctx, locale) ??
        kbiNoticeCard(notice, ctx, locale) ??
        withLead(t(locale, 'notice.unknown.title'))
      );
  }
}
