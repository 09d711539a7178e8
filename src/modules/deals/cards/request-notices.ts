// Collaboration request notices (F15–F16) → cards: the request to its assignee, the reminder, the answer to the
// rep, the escalation past its SLA and the holding message the rep may send the customer meanwhile.
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import type { NoticeData } from '../../notice-data.ts';
import { openDeal } from './deal-notices.ts';

const answerButton = (locale: Locale, taskId: number): NonNullable<Card['actions']> => [
  { id: ACTIONS.dealAnswer, label: t(locale, 'btn.answer'), value: String(taskId), style: 'primary' },
];

export function requestCard(d: NoticeData<'deal.request'>, ctx: NoticeContext, locale: Locale): Card {
  const task = String(d.taskId);
  return {
    title: t(locale, 'notice.deal.request.title', {
      id: String(d.dealId),
      customer: d.customer,
      owner: ctx.nameOf(d.ownerId),
      task,
    }),
    body: t(locale, 'notice.deal.request.body', {
      text: d.text,
      until: formatTime(d.dueAt, ctx.timezone),
      task,
    }),
    level: 'info',
    actions: answerButton(locale, d.taskId),
  };
}

export function requestReminderCard(
  d: NoticeData<'deal.request_reminder'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'notice.deal.requestReminder.title', {
      id: String(d.dealId),
      customer: d.customer,
      task: String(d.taskId),
      until: formatTime(d.dueAt, ctx.timezone),
    }),
    body: `“${d.text}”`,
    level: 'yellow',
    actions: answerButton(locale, d.taskId),
  };
}

export function requestAnsweredCard(
  d: NoticeData<'deal.request_answered'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'notice.deal.requestAnswered.title', {
      id: String(d.dealId),
      customer: d.customer,
      task: String(d.taskId),
      name: ctx.nameOf(d.by),
      late: d.late ? t(locale, 'notice.deal.requestAnswered.late') : '',
    }),
    body: t(locale, 'notice.deal.requestAnswered.body', { question: d.question, answer: d.answer }),
    level: 'green',
    actions: openDeal(locale, d.dealId),
  };
}

export function requestEscalatedCard(
  d: NoticeData<'deal.request_escalated'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'notice.deal.requestEscalated.title', {
      id: String(d.dealId),
      customer: d.customer,
      task: String(d.taskId),
      name: ctx.nameOf(d.assigneeId),
    }),
    body: t(locale, 'notice.deal.requestEscalated.body', {
      owner: ctx.nameOf(d.requesterId ?? ''),
      asked: formatTime(d.askedAt, ctx.timezone),
      text: d.text,
      until: formatTime(d.dueAt, ctx.timezone),
    }),
    level: 'red',
  };
}

export function requestHoldingCard(
  d: NoticeData<'deal.request_holding'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  const template = locale === 'en' ? (d.holdingEn ?? d.holding) : d.holding;
  const holding = template
    .replace('{team}', d.team)
    .replace('{until}', formatTime(d.promiseBy, ctx.timezone));
  return {
    title: t(locale, 'notice.deal.requestHolding.title', {
      id: String(d.dealId),
      customer: d.customer,
      task: String(d.taskId),
    }),
    body: t(locale, 'notice.deal.requestHolding.body', { holding }),
    level: 'yellow',
    actions: openDeal(locale, d.dealId),
  };
}
