// Cards about leads, the same for every messenger.
import { DateTime } from 'luxon';
import type { Lead } from '../../../kernel/types.ts';
import { ACTIONS, type Card, type CardAction, type CardField, type Level } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';

export interface LeadView {
  lead: Lead;
  /** The holder's display name (offered to / claimed by), if any. */
  ownerName: string | null;
  timezone: string;
  /** Who reads this copy (a person), when known: their own lead says "you" and carries their next steps. */
  viewerId?: string | null;
}

export function formatTime(ms: number, timezone: string): string {
  return DateTime.fromMillis(ms, { zone: timezone }).toFormat('MM-dd HH:mm');
}

function budget(yuan: number, locale: Locale): string {
  if (yuan <= 0) return t(locale, 'budget.unknown');
  return t(locale, 'budget.yuan', { amount: yuan.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN') });
}

export function leadFields(lead: Lead, locale: Locale): CardField[] {
  const fields: CardField[] = [
    { label: t(locale, 'field.industry'), value: lead.industry || '-' },
    { label: t(locale, 'field.budget'), value: budget(lead.budget, locale) },
    { label: t(locale, 'field.region'), value: lead.region || '-' },
    { label: t(locale, 'field.score'), value: String(lead.score) },
  ];
  if (lead.tags.length > 0) fields.push({ label: t(locale, 'field.tags'), value: lead.tags.join(', ') });
  if (lead.need !== '') fields.push({ label: t(locale, 'field.need'), value: lead.need });
  return fields;
}

function isViewersOwn(view: LeadView): boolean {
  return view.viewerId != null && view.viewerId === view.lead.ownerId;
}

/** One line saying where the lead stands now; copies of a card are updated with this as things change. */
export function leadStatusLine(view: LeadView, locale: Locale): string {
  const { lead } = view;
  const name = view.ownerName ?? lead.ownerId ?? '-';
  const mine = isViewersOwn(view);
  switch (lead.status) {
    case 'offered':
      return t(locale, mine ? 'lead.offeredToYou' : 'lead.offeredTo', {
        name,
        until: lead.offerExpiresAt === null ? '-' : formatTime(lead.offerExpiresAt, view.timezone),
      });
    case 'owned':
      return mine ? t(locale, 'lead.claimedByYou') : t(locale, 'lead.claimedBy', { name });
    case 'pool':
      return t(locale, 'lead.inPool');
    default:
      return t(locale, 'lead.closed', { status: t(locale, `status.${lead.status}`) });
  }
}

/**
 * The card for one lead. Buttons follow its current state: the rep it is offered to may claim or pass;
 * anyone may claim from the pool; a claimed lead keeps its next steps (log a follow-up, release) on its owner's
 * copy; a closed lead has none.
 */
export function leadCard(
  view: LeadView,
  locale: Locale,
  options: { title?: string; body?: string; level?: Level } = {},
): Card {
  const { lead } = view;
  const id = String(lead.id);
  const actions: CardAction[] = [];
  if (lead.status === 'offered') {
    actions.push({ id: ACTIONS.leadClaim, label: t(locale, 'btn.claim'), value: id, style: 'primary' });
    actions.push({ id: ACTIONS.leadPass, label: t(locale, 'btn.pass'), value: id });
  } else if (lead.status === 'pool') {
    actions.push({ id: ACTIONS.leadClaim, label: t(locale, 'btn.claim'), value: id, style: 'primary' });
  } else if (lead.status === 'owned' && isViewersOwn(view)) {
    actions.push({ id: ACTIONS.leadTouch, label: t(locale, 'btn.touch'), value: id, style: 'primary' });
    actions.push({ id: ACTIONS.dealNew, label: t(locale, 'btn.dealNew'), value: id });
    actions.push({ id: ACTIONS.leadRelease, label: t(locale, 'btn.release'), value: id, style: 'danger' });
  }
  const lines = [leadStatusLine(view, locale)];
  if (lead.urgentReason !== null)
    lines.unshift(t(locale, 'lead.urgent', { reason: t(locale, `urgent.${lead.urgentReason}`) }));
  if (options.body !== undefined) lines.push(options.body);
  return {
    title: options.title ?? t(locale, 'lead.title', { id, company: lead.company || '-' }),
    level:
      options.level ??
      (lead.urgent && (lead.status === 'offered' || lead.status === 'pool')
        ? 'red'
        : lead.status === 'owned'
          ? 'green'
          : 'info'),
    fields: leadFields(lead, locale),
    body: lines.join('\n'),
    actions,
    leadId: lead.id,
  };
}
