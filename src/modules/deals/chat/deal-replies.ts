// Deal commands (F10, F13–F15) → engine calls → neutral replies: my deals, a deal's card, a new deal, asking the
// team, answering, promises, key people, health, SOP tasks done. Advancing and evidence have files of their own.
import { DateTime } from 'luxon';
import type { Person } from '../../../kernel/types.ts';
import { createDeal, type DealClose } from '../use-cases/create-deal.ts';
import { setExpectedClose } from '../use-cases/set-close.ts';
import type { CloseWord } from '../rules/close-date.ts';
import { dealView, dealViewFor, myDealList } from '../use-cases/deal-view.ts';
import { ACTIONS, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { dealCard, kpDiffText, stageName, yuan } from '../cards/deal-card.ts';
import { answerRequest, askTeam } from '../use-cases/team-requests.ts';
import { setHealth } from '../use-cases/customer-health.ts';
import { setKeyPerson } from '../use-cases/key-persons.ts';
import { completeTask, recordPromise } from '../use-cases/deal-tasks.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';

export async function cardReply(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  locale: Locale,
  mode: Reply['mode'] = 'ephemeral',
): Promise<Reply> {
  const view = await dealViewFor(deps.engine, dealId, actor);
  if (view === null) return note(locale, 'deal.refuse.NOT_FOUND', { id: dealId }, 'yellow');
  if (view === 'forbidden') return note(locale, 'deal.refuse.NOT_READER', { id: dealId }, 'yellow');
  return { mode, card: dealCard(view, locale, deps.engine.clock()) } satisfies Reply;
}

/** Open deals listed a line each in `deal`; the rest are counted. */
const DEAL_LINES = 20;

/** `deal` / `商机`: my open deals, the first five with a button each. */
export async function dealsReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const { deals: views, total } = await myDealList(deps.engine, actor.id, DEAL_LINES);
  // A line for each of the first DEAL_LINES, then how many more: a rep can hold thousands, and a card of thousands
  // of lines is neither readable nor deliverable (Slack's and WeCom's text limits).
  const lines = views.map((v) =>
    t(locale, 'deals.line', {
      id: v.deal.id,
      customer: v.deal.customer,
      stage: stageName(v.stage, locale),
      amount: yuan(v.deal.amount, locale),
      flags:
        (v.deal.doubtful ? t(locale, 'deals.flag.doubtful') : '') +
        (v.deal.stallAlertedAt !== null ? t(locale, 'deals.flag.stalled') : ''),
    }),
  );
  return [
    {
      mode: 'ephemeral',
      card: {
        title: t(locale, 'deals.title', { count: total }),
        level: 'info',
        body:
          lines.length === 0
            ? t(locale, 'deals.empty')
            : [
                ...lines,
                ...(total > lines.length ? [t(locale, 'deals.more', { more: total - lines.length })] : []),
              ].join('\n'),
        actions: views
          .slice(0, 5)
          .map((v) => ({ id: ACTIONS.dealOpen, label: `D${v.deal.id}`, value: String(v.deal.id) })),
      },
    },
  ];
}

/** What a new deal's expected close date is and why: `预计成交 2027-02-04（按管道周期 40 个工作日）`. */
export function closeLine(close: DealClose, timezone: string, locale: Locale): string {
  const date = DateTime.fromMillis(close.at, { zone: timezone }).toISODate() ?? '';
  if (close.source === 'given') return t(locale, 'deal.close.given', { date });
  return close.reason.code === 'PIPELINE_CYCLE'
    ? t(locale, 'deal.close.cycle', { date, days: close.reason.workingDays })
    : t(locale, 'deal.close.fallback', { date, days: close.reason.days });
}

/** `deal new LEAD AMOUNT [pipeline] [close]` / `转商机`: a claimed lead becomes a deal. */
export async function createDealReplies(
  deps: ChatDeps,
  actor: Person,
  command: { leadId: number; amount: number; pipeline: string | null; expectedClose: CloseWord | null },
  locale: Locale,
): Promise<Reply[]> {
  const engine = deps.engine;
  const r = await createDeal(engine, {
    personId: actor.id,
    leadId: command.leadId,
    amount: command.amount,
    ...(command.pipeline === null ? {} : { pipeline: command.pipeline }),
    close: command.expectedClose,
  });
  if (r.kind === 'rejected')
    return [
      note(
        locale,
        `deal.refuse.lead.${r.reason}`,
        {
          id: command.leadId,
          deal: r.reason === 'ALREADY_A_DEAL' ? r.dealId : '',
          pipeline: command.pipeline ?? '',
          list: engine.rules.deals.pipelines
            .map((p) => `${p.id} (${locale === 'en' ? (p.nameEn ?? p.name) : p.name})`)
            .join(', '),
        },
        'yellow',
      ),
    ];
  const view = await dealView(engine, r.deal.id);
  const { timezone } = await lookupNames(engine);
  return [
    note(
      locale,
      'deal.created',
      {
        id: r.deal.id,
        customer: r.deal.customer,
        tier: r.deal.tier,
        stage: view === null ? r.deal.stage : stageName(view.stage, locale),
        close: closeLine(r.close, timezone, locale),
      },
      'green',
    ),
    ...(view === null ? [] : [{ mode: 'ephemeral' as const, card: dealCard(view, locale, engine.clock()) }]),
  ];
}

/** `ask @someone D12 TEXT`: a request to presales, finance or delivery, due within its SLA. */
export async function askReplies(
  deps: ChatDeps,
  actor: Person,
  command: { who: string; dealId: number; text: string },
  locale: Locale,
): Promise<Reply[]> {
  const r = await askTeam(deps.engine, {
    personId: actor.id,
    dealId: command.dealId,
    who: command.who,
    text: command.text,
  });
  if (r.kind === 'rejected')
    return [note(locale, `ask.refuse.${r.reason}`, { id: command.dealId, who: command.who }, 'yellow')];
  const { timezone } = await lookupNames(deps.engine);
  return [
    note(
      locale,
      'ask.sent',
      {
        id: r.task.id,
        name: r.assignee.name,
        until: formatTime(r.task.dueAt, timezone),
        deal: command.dealId,
      },
      'green',
    ),
  ];
}

export async function promiseReplies(
  deps: ChatDeps,
  actor: Person,
  command: { dealId: number; text: string },
  locale: Locale,
): Promise<Reply[]> {
  const r = await recordPromise(deps.engine, {
    personId: actor.id,
    dealId: command.dealId,
    text: command.text,
  });
  if (r.kind === 'rejected')
    return [note(locale, `promise.refuse.${r.reason}`, { id: command.dealId }, 'yellow')];
  return [note(locale, 'promise.kept', { id: command.dealId }, 'green')];
}

export async function keyPersonReplies(
  deps: ChatDeps,
  actor: Person,
  command: {
    dealId: number;
    name: string;
    title: string | null;
    influence: number | null;
    concern: string;
    left: boolean;
  },
  locale: Locale,
): Promise<Reply[]> {
  const r = await setKeyPerson(deps.engine, {
    personId: actor.id,
    dealId: command.dealId,
    name: command.name,
    ...(command.title === null ? {} : { title: command.title }),
    ...(command.influence === null ? {} : { influence: command.influence }),
    concern: command.concern,
    left: command.left,
  });
  if (r.kind === 'rejected')
    return [note(locale, `kp.refuse.${r.reason}`, { id: command.dealId, name: command.name }, 'yellow')];
  const vars = {
    id: command.dealId,
    name: r.person.name,
    changes: 'diff' in r ? kpDiffText(r.diff, locale) : '',
  };
  return [
    note(locale, `kp.${r.kind}`, vars, r.kind === 'changed' ? 'yellow' : 'green'),
    await cardReply(deps, actor, command.dealId, locale),
  ];
}

export async function healthReplies(
  deps: ChatDeps,
  actor: Person,
  command: { dealId: number; health: 'green' | 'yellow' | 'red'; evidence: string },
  locale: Locale,
): Promise<Reply[]> {
  const r = await setHealth(deps.engine, {
    personId: actor.id,
    dealId: command.dealId,
    health: command.health,
    evidence: command.evidence,
  });
  if (r.kind === 'rejected')
    return [note(locale, `health.refuse.${r.reason}`, { id: command.dealId }, 'yellow')];
  return [
    note(
      locale,
      r.kind === 'changed' ? 'health.changed' : 'health.unchanged',
      { id: command.dealId, health: t(locale, `deal.health.${command.health}`) },
      command.health === 'green' ? 'green' : command.health,
    ),
  ];
}

export async function doneReplies(
  deps: ChatDeps,
  actor: Person,
  taskId: number,
  locale: Locale,
): Promise<Reply[]> {
  const r = await completeTask(deps.engine, { personId: actor.id, taskId });
  if (r.kind === 'rejected') return [note(locale, `done.refuse.${r.reason}`, { id: taskId }, 'yellow')];
  const key = r.task.kind === 'handover' ? 'done.acked' : r.late ? 'done.late' : 'done.ok';
  return [
    note(
      locale,
      key,
      { id: taskId, deal: r.deal.id, customer: r.deal.customer, title: r.task.title },
      'green',
    ),
  ];
}

export async function answerReplies(
  deps: ChatDeps,
  actor: Person,
  taskId: number,
  text: string,
  locale: Locale,
): Promise<Reply[]> {
  const r = await answerRequest(deps.engine, { personId: actor.id, taskId, text });
  if (r.kind === 'rejected') return [note(locale, `answer.refuse.${r.reason}`, { id: taskId }, 'yellow')];
  return [note(locale, 'answer.sent', { id: taskId, deal: r.deal.id }, 'green')];
}

/** `deal D12 close 2027-01-15` / `商机 D12 成交日 2027-01-15`. */
export async function setCloseReplies(
  deps: ChatDeps,
  actor: Person,
  command: { dealId: number; close: CloseWord | null; text: string },
  locale: Locale,
): Promise<Reply[]> {
  if (command.close === null)
    return [note(locale, 'deal.close.BAD_CLOSE_DATE', { id: command.dealId, word: command.text }, 'yellow')];
  const r = await setExpectedClose(deps.engine, {
    personId: actor.id,
    dealId: command.dealId,
    close: command.close,
  });
  if (r.kind === 'rejected')
    return [
      note(
        locale,
        r.reason === 'BAD_CLOSE_DATE' ? 'deal.close.BAD_CLOSE_DATE' : `deal.refuse.${r.reason}`,
        { id: command.dealId, word: command.text },
        'yellow',
      ),
    ];
  const { timezone } = await lookupNames(deps.engine);
  const date = (ms: number | null) =>
    ms === null ? '—' : (DateTime.fromMillis(ms, { zone: timezone }).toISODate() ?? '');
  return [
    note(
      locale,
      'deal.close.set',
      { id: command.dealId, date: date(r.deal.expectedCloseAt), from: date(r.from) },
      'green',
    ),
  ];
}
