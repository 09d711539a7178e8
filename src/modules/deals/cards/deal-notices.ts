// Deal notices (outbox templates `deal.*`) → cards. Their data carries what the card needs (customer, stage
// names, the checklist, the suggested response), written when the notice was queued.
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { codeText, t, type Locale } from '../../i18n.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';
import { healthEvidenceText, kpDiffText } from './deal-card.ts';
import type { HealthDetail, KpChange } from '../rules/deals.ts';
import type { NoticeContext, NoticeInput } from '../../notices.ts';

const isDetail = (v: unknown): v is HealthDetail =>
  typeof v === 'object' && v !== null && 'name' in v && Array.isArray((v as HealthDetail).diff);
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);

export function dealNoticeCard(notice: NoticeInput, ctx: NoticeContext, locale: Locale): Card | null {
  const d = notice.data;
  const id = str(d.dealId);
  const customer = str(d.customer);
  const owner = ctx.nameOf(str(d.ownerId));
  const open: Card['actions'] = [{ id: ACTIONS.dealOpen, label: t(locale, 'btn.deal'), value: id }];
  const en = locale === 'en';
  switch (notice.template) {
    case 'deal.risk':
      return {
        title: t(locale, 'notice.deal.risk.title', { id, customer, phrase: str(d.phrase) }),
        body: en ? str(d.responseEn ?? d.response) : str(d.response),
        level: 'yellow',
        actions: open,
      };
    case 'deal.risk.manager':
      return {
        title: t(locale, 'notice.deal.riskManager.title', { id, customer, owner, phrase: str(d.phrase) }),
        body: t(locale, 'notice.deal.riskManager.body', {
          excerpt: str(d.excerpt),
          response: en ? str(d.responseEn ?? d.response) : str(d.response),
        }),
        level: 'yellow',
        actions: open,
      };
    case 'deal.skipped':
      return {
        title: t(locale, 'notice.deal.skipped.title', { id, customer, owner }),
        body: t(locale, 'notice.deal.skipped.body', {
          skipped: list(d.skipped).join('、'),
          to: str(d.to),
          reason: str(d.reason),
        }),
        level: 'info',
        actions: open,
      };
    case 'deal.stalled':
    case 'deal.stalled.manager': {
      const stage = en ? str(d.stageEn ?? d.stage) : str(d.stage);
      const vars = { id, customer, owner, stage, limit: str(d.limitDays) };
      const checklist = list(d.checklist)
        .map((c) => `• ${c}`)
        .join('\n');
      const toRep = notice.template === 'deal.stalled';
      return {
        title: t(locale, toRep ? 'notice.deal.stalled.title' : 'notice.deal.stalledManager.title', vars),
        body: toRep
          ? t(locale, 'notice.deal.stalled.body', {
              checklist,
              until: formatTime(Number(d.analysisDueAt), ctx.timezone),
            })
          : checklist,
        level: 'yellow',
        actions: toRep
          ? [
              {
                id: ACTIONS.dealStall,
                label: t(locale, 'btn.stall'),
                value: str(d.taskId),
                style: 'primary',
              },
              ...open,
            ]
          : open,
      };
    }
    case 'deal.stall_escalated':
      return {
        title: t(locale, 'notice.deal.stallEscalated.title', { id, customer, owner }),
        body: t(locale, 'notice.deal.stallEscalated.body', {
          owner,
          until: formatTime(Number(d.dueAt), ctx.timezone),
        }),
        level: 'red',
        actions: open,
      };
    case 'deal.stall_overdue':
      return {
        title: t(locale, 'notice.deal.stallOverdue.title', { id, customer }),
        level: 'red',
        actions: [
          { id: ACTIONS.dealStall, label: t(locale, 'btn.stall'), value: str(d.taskId), style: 'primary' },
        ],
      };
    case 'deal.stall_analysis':
      return {
        title: t(locale, 'notice.deal.stallAnalysis.title', {
          id,
          customer,
          owner,
          late: d.late === true ? t(locale, 'notice.deal.stallAnalysis.late') : '',
        }),
        body: t(locale, 'notice.deal.stallAnalysis.body', {
          news: str(d.news) || '-',
          pending: str(d.pending) || '-',
          way: str(d.way) || '-',
        }),
        level: 'info',
        actions: open,
      };
    case 'deal.request':
      return {
        title: t(locale, 'notice.deal.request.title', { id, customer, owner, task: str(d.taskId) }),
        body: t(locale, 'notice.deal.request.body', {
          text: str(d.text),
          until: formatTime(Number(d.dueAt), ctx.timezone),
          task: str(d.taskId),
        }),
        level: 'info',
        actions: [
          { id: ACTIONS.dealAnswer, label: t(locale, 'btn.answer'), value: str(d.taskId), style: 'primary' },
        ],
      };
    case 'deal.request_reminder':
      return {
        title: t(locale, 'notice.deal.requestReminder.title', {
          id,
          customer,
          task: str(d.taskId),
          until: formatTime(Number(d.dueAt), ctx.timezone),
        }),
        body: `“${str(d.text)}”`,
        level: 'yellow',
        actions: [
          { id: ACTIONS.dealAnswer, label: t(locale, 'btn.answer'), value: str(d.taskId), style: 'primary' },
        ],
      };
    case 'deal.request_answered':
      return {
        title: t(locale, 'notice.deal.requestAnswered.title', {
          id,
          customer,
          task: str(d.taskId),
          name: ctx.nameOf(str(d.by)),
          late: d.late === true ? t(locale, 'notice.deal.requestAnswered.late') : '',
        }),
        body: t(locale, 'notice.deal.requestAnswered.body', {
          question: str(d.question),
          answer: str(d.answer),
        }),
        level: 'green',
        actions: open,
      };
    case 'deal.request_escalated':
      return {
        title: t(locale, 'notice.deal.requestEscalated.title', {
          id,
          customer,
          task: str(d.taskId),
          name: ctx.nameOf(str(d.assigneeId)),
        }),
        body: t(locale, 'notice.deal.requestEscalated.body', {
          owner: ctx.nameOf(str(d.requesterId)),
          asked: formatTime(Number(d.askedAt), ctx.timezone),
          text: str(d.text),
          until: formatTime(Number(d.dueAt), ctx.timezone),
        }),
        level: 'red',
      };
    case 'deal.request_holding': {
      const template = en ? str(d.holdingEn ?? d.holding) : str(d.holding);
      const holding = template
        .replace('{team}', str(d.team))
        .replace('{until}', formatTime(Number(d.promiseBy), ctx.timezone));
      return {
        title: t(locale, 'notice.deal.requestHolding.title', { id, customer, task: str(d.taskId) }),
        body: t(locale, 'notice.deal.requestHolding.body', { holding }),
        level: 'yellow',
        actions: open,
      };
    }
    case 'deal.handover': {
      const none = en ? 'none' : '无';
      return {
        title: t(locale, 'notice.deal.handover.title', {
          id,
          customer,
          amount: Number(d.amount).toLocaleString(en ? 'en-US' : 'zh-CN'),
        }),
        body: t(locale, 'notice.deal.handover.body', {
          scope: str(d.scope) || '-',
          contacts: list(d.contacts).join(en ? ', ' : '、') || '-',
          signed: formatTime(Number(d.signedAt), ctx.timezone),
          promises: list(d.promises).join('; ') || none,
          owner,
          until: formatTime(Number(d.dueAt), ctx.timezone),
        }),
        level: 'win',
        actions: [
          { id: ACTIONS.dealDone, label: t(locale, 'btn.ack'), value: str(d.taskId), style: 'primary' },
        ],
      };
    }
    case 'deal.handover_acked':
      return {
        title: t(locale, 'notice.deal.handoverAcked.title', { id, customer, name: ctx.nameOf(str(d.by)) }),
        level: 'green',
      };
    case 'deal.task_overdue':
    case 'deal.task_overdue.manager': {
      const title = en ? str(d.actionEn ?? d.title) : str(d.title);
      const vars = { id, customer, task: str(d.taskId), title, name: ctx.nameOf(str(d.assigneeId)) };
      const toAssignee = notice.template === 'deal.task_overdue';
      return {
        title: t(
          locale,
          toAssignee ? 'notice.deal.taskOverdue.title' : 'notice.deal.taskOverdueManager.title',
          vars,
        ),
        body: t(locale, 'notice.deal.taskOverdue.body', { until: formatTime(Number(d.dueAt), ctx.timezone) }),
        level: 'red',
        actions: toAssignee
          ? [
              {
                id: ACTIONS.dealDone,
                label: t(locale, d.kind === 'handover' ? 'btn.ack' : 'btn.done'),
                value: str(d.taskId),
                style: 'primary',
              },
            ]
          : open,
      };
    }
    case 'deal.kp_changed':
      return {
        title: t(locale, 'notice.deal.kpChanged.title', { id, customer, owner, name: str(d.name) }),
        body: Array.isArray(d.diff) ? kpDiffText(d.diff as KpChange[], locale) : list(d.changes).join('\n'),
        level: 'yellow',
        actions: open,
      };
    case 'deal.health': {
      const health = str(d.to);
      const evidence = healthEvidenceText(
        {
          reason: str(d.reason),
          evidence: str(d.evidence),
          ...(isDetail(d.detail) ? { detail: d.detail } : {}),
        },
        locale,
      );
      return {
        title: t(locale, 'notice.deal.health.title', {
          id,
          customer,
          health: codeText(locale, 'deal.health', health),
        }),
        body: t(locale, 'notice.deal.health.body', { evidence }),
        level: health === 'red' ? 'red' : 'yellow',
        actions: open,
      };
    }
    case 'deal.won.announce': {
      const amount = Number(d.amount).toLocaleString(en ? 'en-US' : 'zh-CN');
      return {
        title: t(locale, 'notice.deal.won.title', { owner, customer }),
        level: 'win',
        fields: [
          { label: t(locale, 'notice.deal.won.industry'), value: str(d.industry) || '-' },
          { label: t(locale, 'notice.deal.won.need'), value: str(d.need) || '-' },
          {
            label: t(locale, 'notice.deal.won.amount'),
            value: t(locale, 'notice.deal.won.yuan', { amount }),
          },
          {
            label: t(locale, 'notice.deal.won.pipeline'),
            value: en ? str(d.pipelineEn ?? d.pipeline) : str(d.pipeline),
          },
        ],
      };
    }
    default:
      return null;
  }
}
