// Deal task notices → cards: a stalled deal and its analysis (F12), the hand-over sheet (F20) and overdue SOP
// actions and sheets (F19).
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import type { NoticeData } from '../../notice-data.ts';
import { openDeal } from './deal-notices.ts';

const stallButton = (locale: Locale, taskId: number) => ({
  id: ACTIONS.dealStall,
  label: t(locale, 'btn.stall'),
  value: String(taskId),
  style: 'primary' as const,
});

/** To the rep (with the Analyse button) or their manager (the checklist alone). */
export function stalledCard(toRep: boolean) {
  return (d: NoticeData<'deal.stalled'>, ctx: NoticeContext, locale: Locale): Card => {
    const stage = locale === 'en' ? (d.stageEn ?? d.stage) : d.stage;
    const vars = {
      id: String(d.dealId),
      customer: d.customer,
      owner: ctx.nameOf(d.ownerId),
      stage,
      limit: d.limitDays === null ? '' : String(d.limitDays),
    };
    const checklist = d.checklist.map((c) => `• ${c}`).join('\n');
    return {
      title: t(locale, toRep ? 'notice.deal.stalled.title' : 'notice.deal.stalledManager.title', vars),
      body: toRep
        ? t(locale, 'notice.deal.stalled.body', {
            checklist,
            until: formatTime(d.analysisDueAt, ctx.timezone),
          })
        : checklist,
      level: 'yellow',
      actions: toRep
        ? [stallButton(locale, d.taskId), ...(openDeal(locale, d.dealId) ?? [])]
        : openDeal(locale, d.dealId),
    };
  };
}

export function stallEscalatedCard(
  d: NoticeData<'deal.stall_escalated'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  const owner = ctx.nameOf(d.ownerId);
  return {
    title: t(locale, 'notice.deal.stallEscalated.title', {
      id: String(d.dealId),
      customer: d.customer,
      owner,
    }),
    body: t(locale, 'notice.deal.stallEscalated.body', { owner, until: formatTime(d.dueAt, ctx.timezone) }),
    level: 'red',
    actions: openDeal(locale, d.dealId),
  };
}

export function stallOverdueCard(
  d: NoticeData<'deal.stall_overdue'>,
  _ctx: NoticeContext,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'notice.deal.stallOverdue.title', { id: String(d.dealId), customer: d.customer }),
    level: 'red',
    actions: [stallButton(locale, d.taskId)],
  };
}

export function stallAnalysisCard(
  d: NoticeData<'deal.stall_analysis'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'notice.deal.stallAnalysis.title', {
      id: String(d.dealId),
      customer: d.customer,
      owner: ctx.nameOf(d.ownerId),
      late: d.late ? t(locale, 'notice.deal.stallAnalysis.late') : '',
    }),
    body: t(locale, 'notice.deal.stallAnalysis.body', {
      news: d.news || '-',
      pending: d.pending || '-',
      way: d.way || '-',
    }),
    level: 'info',
    actions: openDeal(locale, d.dealId),
  };
}

export function handoverCard(d: NoticeData<'deal.handover'>, ctx: NoticeContext, locale: Locale): Card {
  const en = locale === 'en';
  return {
    title: t(locale, 'notice.deal.handover.title', {
      id: String(d.dealId),
      customer: d.customer,
      amount: d.amount.toLocaleString(en ? 'en-US' : 'zh-CN'),
    }),
    body: t(locale, 'notice.deal.handover.body', {
      scope: d.scope || '-',
      contacts: d.contacts.join(en ? ', ' : '、') || '-',
      signed: formatTime(d.signedAt, ctx.timezone),
      promises: d.promises.join('; ') || (en ? 'none' : '无'),
      owner: ctx.nameOf(d.ownerId),
      until: formatTime(d.dueAt, ctx.timezone),
    }),
    level: 'win',
    actions: [
      { id: ACTIONS.dealDone, label: t(locale, 'btn.ack'), value: String(d.taskId), style: 'primary' },
    ],
  };
}

export function handoverAckedCard(
  d: NoticeData<'deal.handover_acked'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'notice.deal.handoverAcked.title', {
      id: String(d.dealId),
      customer: d.customer,
      name: ctx.nameOf(d.by),
    }),
    level: 'green',
  };
}

/** To the assignee (with Done, or Acknowledge for a sheet) or, as a copy, their manager. */
export function taskOverdueCard(toAssignee: boolean) {
  return (d: NoticeData<'deal.task_overdue'>, ctx: NoticeContext, locale: Locale): Card => {
    const title = locale === 'en' ? (d.actionEn ?? d.title) : d.title;
    const vars = {
      id: String(d.dealId),
      customer: d.customer,
      task: String(d.taskId),
      title,
      name: ctx.nameOf(d.assigneeId),
    };
    return {
      title: t(
        locale,
        toAssignee ? 'notice.deal.taskOverdue.title' : 'notice.deal.taskOverdueManager.title',
        vars,
      ),
      body: t(locale, 'notice.deal.taskOverdue.body', { until: formatTime(d.dueAt, ctx.timezone) }),
      level: 'red',
      actions: toAssignee
        ? [
            {
              id: ACTIONS.dealDone,
              label: t(locale, d.kind === 'handover' ? 'btn.ack' : 'btn.done'),
              value: String(d.taskId),
              style: 'primary',
            },
          ]
        : openDeal(locale, d.dealId),
    };
  };
}
