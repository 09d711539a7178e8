// Deal commands, buttons, forms and uploads (F10–F16) → engine calls → neutral replies.
import { DateTime } from 'luxon';
import type { EvidenceProblem } from '../rules/deals.ts';
import type { EvidenceKind, Stage } from '../rules/deal-rules.ts';
import type { Person } from '../../../kernel/types.ts';
import { fileStallAnalysis } from '../use-cases/deal-sweep.ts';
import {
  addEvidence,
  advanceDeal,
  createDeal,
  dealView,
  myDeals,
  type EvidenceResult,
} from '../use-cases/deals.ts';
import { ACTIONS, FORMS, type Form, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { dealCard, kpDiffText, requirementLabel, stageList, stageName, yuan } from '../cards/deal-card.ts';
import { answerRequest, askTeam, setHealth, setKeyPerson } from '../use-cases/deal-team.ts';
import { completeTask, recordPromise } from '../use-cases/deal-tasks.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';
import type { ChatDeps } from '../../../conversation/conversation.ts';
import { note } from '../../../conversation/note.ts';
import type { DealCommand } from '../../../conversation/parse-command.ts';
import { PENDING_EVIDENCE_MS, rememberPendingEvidence, takePendingEvidence } from './pending-evidence.ts';

async function cardReply(deps: ChatDeps, dealId: number, locale: Locale, mode: Reply['mode'] = 'ephemeral') {
  const view = await dealView(deps.engine, dealId);
  if (view === null) return note(locale, 'deal.refuse.NOT_FOUND', { id: dealId }, 'yellow');
  return { mode, card: dealCard(view, locale, deps.engine.clock()) } satisfies Reply;
}

const NOTE_WORDS: Record<string, EvidenceKind> = {
  note: 'note',
  备注: 'note',
  笔记: 'note',
  纪要: 'note',
  link: 'link',
  链接: 'link',
};

export async function dealCommandReplies(
  deps: ChatDeps,
  actor: Person,
  command: DealCommand,
  locale: Locale,
): Promise<Reply[]> {
  const engine = deps.engine;
  switch (command.verb) {
    case 'deals': {
      const views = await myDeals(engine, actor.id);
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
            title: t(locale, 'deals.title', { count: views.length }),
            level: 'info',
            body: lines.length > 0 ? lines.join('\n') : t(locale, 'deals.empty'),
            actions: views
              .slice(0, 5)
              .map((v) => ({ id: ACTIONS.dealOpen, label: `D${v.deal.id}`, value: String(v.deal.id) })),
          },
        },
      ];
    }
    case 'deal':
      return [await cardReply(deps, command.dealId, locale)];
    case 'dealNew': {
      const r = await createDeal(engine, {
        personId: actor.id,
        leadId: command.leadId,
        amount: command.amount,
        ...(command.pipeline === null ? {} : { pipeline: command.pipeline }),
        ...(command.expectedClose === null
          ? {}
          : { expectedCloseAt: await endOfLocalDay(deps, command.expectedClose) }),
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
      return [
        note(
          locale,
          'deal.created',
          {
            id: r.deal.id,
            customer: r.deal.customer,
            tier: r.deal.tier,
            stage: view === null ? r.deal.stage : stageName(view.stage, locale),
          },
          'green',
        ),
        ...(view === null
          ? []
          : [{ mode: 'ephemeral' as const, card: dealCard(view, locale, engine.clock()) }]),
      ];
    }
    case 'advance':
      return advanceReplies(deps, actor, command.dealId, command.target, command.reason, locale, false);
    case 'evidence': {
      const word = command.type;
      const kind = word === null ? undefined : NOTE_WORDS[word.toLowerCase()];
      const text = kind === undefined && word !== null && command.text === '' ? word : command.text;
      const requirement = kind === undefined ? word : null;
      const asKind: EvidenceKind = kind ?? (/^https?:\/\//i.test(text) ? 'link' : 'note');
      // `evidence D1 some words` with no item named: the words are the note, for the first missing note.
      const view = await dealView(engine, command.dealId);
      // Nothing attached and no words: the photo or file comes as the next message (WeCom, DingTalk).
      const fileItem =
        word === null ||
        (kind === undefined &&
          view?.stage.evidence.some(
            (r) => (r.kind === 'photo' || r.kind === 'file') && matchesRequirement(r, word),
          ) === true);
      if (
        command.text === '' &&
        fileItem &&
        view !== null &&
        view.deal.ownerId === actor.id &&
        view.deal.status === 'open'
      )
        return awaitEvidenceFile(deps, actor, command.dealId, word, view.stage, locale);
      const named =
        requirement !== null &&
        view !== null &&
        view.stage.evidence.some((r) => matchesRequirement(r, requirement));
      const r = await addEvidence(engine, {
        personId: actor.id,
        dealId: command.dealId,
        requirement: named ? requirement : null,
        kind: asKind,
        text: named || kind !== undefined ? text : [word ?? '', command.text].filter(Boolean).join(' '),
      });
      return evidenceReplies(deps, r, command.dealId, locale, requirement ?? '');
    }
    case 'ask': {
      const r = await askTeam(engine, {
        personId: actor.id,
        dealId: command.dealId,
        who: command.who,
        text: command.text,
      });
      if (r.kind === 'rejected')
        return [note(locale, `ask.refuse.${r.reason}`, { id: command.dealId, who: command.who }, 'yellow')];
      const { timezone } = await lookupNames(engine);
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
    case 'answer':
      return answerReplies(deps, actor, command.taskId, command.text, locale);
    case 'done':
      return doneReplies(deps, actor, command.taskId, locale);
    case 'promise': {
      const r = await recordPromise(engine, {
        personId: actor.id,
        dealId: command.dealId,
        text: command.text,
      });
      if (r.kind === 'rejected')
        return [note(locale, `promise.refuse.${r.reason}`, { id: command.dealId }, 'yellow')];
      return [note(locale, 'promise.kept', { id: command.dealId }, 'green')];
    }
    case 'kp': {
      const r = await setKeyPerson(engine, {
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
        await cardReply(deps, command.dealId, locale),
      ];
    }
    case 'health': {
      const r = await setHealth(engine, {
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
  }
}

async function doneReplies(deps: ChatDeps, actor: Person, taskId: number, locale: Locale): Promise<Reply[]> {
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

async function answerReplies(
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

/** `2026-12-31` → the end of that day in the org's timezone. */
async function endOfLocalDay(deps: ChatDeps, isoDay: string): Promise<number> {
  const { timezone } = await lookupNames(deps.engine);
  return DateTime.fromISO(isoDay, { zone: timezone }).endOf('day').toMillis();
}

function matchesRequirement(r: { id: string; label: string; labelEn?: string }, word: string): boolean {
  const w = word.toLowerCase();
  return r.id.toLowerCase() === w || r.label === word || r.labelEn?.toLowerCase() === w || /^\d+$/.test(word);
}

async function advanceReplies(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  target: string | null,
  reason: string,
  locale: Locale,
  clicked: boolean,
): Promise<Reply[]> {
  const r = await advanceDeal(deps.engine, { personId: actor.id, dealId, target, reason });
  const now = deps.engine.clock();
  if (r.kind === 'rejected') {
    if (r.reason === 'NO_SUCH_STAGE')
      return [
        note(
          locale,
          'deal.refuse.NO_SUCH_STAGE',
          { word: r.word, list: stageList(r.pipeline, locale) },
          'yellow',
        ),
      ];
    return [note(locale, `deal.refuse.${r.reason}`, { id: dealId }, 'yellow')];
  }
  const card = dealCard(r.view, locale, now);
  const cardReplyOf: Reply = { mode: clicked ? 'in_place' : 'ephemeral', card };
  if (r.kind === 'advanced') {
    const stage = stageName(r.view.stage, locale);
    const head = r.won
      ? note(locale, 'advance.won', { id: dealId, customer: r.view.deal.customer }, 'win')
      : r.skipped.length > 0
        ? note(
            locale,
            'advance.doneSkipped',
            { id: dealId, stage, skipped: names(r.skipped, locale), reason },
            'green',
          )
        : note(locale, 'advance.done', { id: dealId, stage }, 'green');
    return [cardReplyOf, head];
  }
  const stage = stageName(r.view.stage, locale);
  switch (r.reason) {
    case 'MISSING_EVIDENCE': {
      const list = r.missing
        .map((m) =>
          t(locale, 'deal.evidence.missing', {
            label: requirementLabel(m.requirement, locale),
            have: m.have,
            count: m.requirement.count,
          }),
        )
        .join('\n');
      return [
        cardReplyOf,
        {
          mode: 'ephemeral',
          card: {
            title: t(locale, 'advance.missing.title', { id: dealId, stage }),
            body: t(locale, 'advance.missing.body', { list }),
            level: 'yellow',
          },
        },
      ];
    }
    case 'SKIP_NEEDS_REASON':
      return [
        {
          mode: 'ephemeral',
          card: {
            title: t(locale, 'advance.skip.title', {
              to: stageName(r.to, locale),
              skipped: names(r.skipped, locale),
            }),
            body: t(locale, 'advance.skip.body', { id: dealId, toId: r.to.id }),
            level: 'yellow',
          },
        },
      ];
    default:
      return [note(locale, `advance.${r.reason}`, { id: dealId, stage }, 'yellow')];
  }
}

function names(stages: readonly Stage[], locale: Locale): string {
  return stages.map((s) => stageName(s, locale)).join('、');
}

function problemText(p: EvidenceProblem, locale: Locale, dealId: number, req: string): string {
  const vars: Record<string, string | number> = { id: dealId, req };
  if ('mime' in p) vars.mime = p.mime;
  if ('customer' in p) vars.customer = p.customer;
  if ('minPages' in p) vars.minPages = p.minPages;
  if ('pages' in p) vars.pages = p.pages;
  return t(locale, `evidence.problem.${p.code}`, vars);
}

function evidenceReplies(
  deps: ChatDeps,
  r: EvidenceResult,
  dealId: number,
  locale: Locale,
  word: string,
): Reply[] {
  if (r.kind === 'rejected') {
    if (r.reason === 'NO_REQUIREMENT')
      return [
        note(
          locale,
          'deal.refuse.NO_REQUIREMENT',
          {
            stage: stageName(r.stage, locale),
            word,
            list: r.stage.evidence
              .map((e, i) => `${i + 1}. ${requirementLabel(e, locale)} (${e.id})`)
              .join(', '),
          },
          'yellow',
        ),
      ];
    return [note(locale, `deal.refuse.${r.reason}`, { id: dealId }, 'yellow')];
  }
  if (r.kind === 'refused') {
    const label = requirementLabel(r.requirement, locale);
    return [
      {
        mode: 'ephemeral',
        card: {
          title: t(locale, 'evidence.refused.title', { label }),
          body: [
            ...r.problems.map((p) => `• ${problemText(p, locale, dealId, r.requirement.id)}`),
            t(locale, 'evidence.refused.hint'),
          ].join('\n'),
          level: 'yellow',
        },
      },
    ];
  }
  const stage = stageName(r.view.stage, locale);
  const lines = [t(locale, 'evidence.added', { id: dealId, label: requirementLabel(r.requirement, locale) })];
  if (r.doubtCleared) lines.push(t(locale, 'evidence.doubtCleared'));
  if (r.complete) lines.push(t(locale, 'evidence.complete', { id: dealId, stage }));
  const replies: Reply[] = [{ mode: 'ephemeral', card: { title: lines.join(' '), level: 'green' } }];
  for (const risk of r.risks)
    replies.push(
      note(
        locale,
        'risk.reply',
        { phrase: risk.phrase, response: locale === 'en' ? risk.responseEn : risk.response },
        'yellow',
      ),
    );
  return replies;
}

/** Button clicks on deal cards. */
export async function dealActionReplies(
  deps: ChatDeps,
  actor: Person,
  actionId: string,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0)
    return [note(locale, 'deal.refuse.NOT_FOUND', { id: value }, 'yellow')];
  switch (actionId) {
    case ACTIONS.dealAdvance:
      return advanceReplies(deps, actor, id, null, '', locale, true);
    case ACTIONS.dealEvidence: {
      const view = await dealView(deps.engine, id);
      if (view === null) return [note(locale, 'deal.refuse.NOT_FOUND', { id }, 'yellow')];
      return [
        {
          mode: 'open_form',
          card: {
            title: t(locale, 'form.evidence.title', { id }),
            level: 'info',
            form: evidenceForm(locale, id, view.stage),
          },
        },
      ];
    }
    case ACTIONS.dealDone:
      return doneReplies(deps, actor, id, locale);
    case ACTIONS.dealAnswer:
      return [
        {
          mode: 'open_form',
          card: {
            title: t(locale, 'form.answer.title', { id }),
            level: 'info',
            form: answerForm(locale, id),
          },
        },
      ];
    case ACTIONS.dealStall:
      return [
        {
          mode: 'open_form',
          card: {
            title: t(locale, 'form.stall.title', { id: '' }),
            level: 'info',
            form: stallForm(locale, id),
          },
        },
      ];
    default:
      return [await cardReply(deps, id, locale)];
  }
}

export function evidenceForm(locale: Locale, dealId: number, stage: Stage): Form {
  const typed = stage.evidence.filter((r) => r.kind === 'note' || r.kind === 'link');
  return {
    id: FORMS.dealEvidence,
    title: t(locale, 'form.evidence.title', { id: dealId }),
    submitLabel: t(locale, 'form.evidence.submit'),
    context: String(dealId),
    fields: [
      {
        name: 'requirement',
        label: t(locale, 'form.evidence.requirement'),
        kind: 'select',
        required: true,
        options: typed.map((r) => ({ value: r.id, label: requirementLabel(r, locale) })),
        ...(typed[0] === undefined ? {} : { initial: typed[0].id }),
      },
      { name: 'text', label: t(locale, 'form.evidence.text'), kind: 'textarea', required: true },
    ],
  };
}

export function answerForm(locale: Locale, taskId: number): Form {
  return {
    id: FORMS.dealAnswer,
    title: t(locale, 'form.answer.title', { id: taskId }),
    submitLabel: t(locale, 'form.answer.submit'),
    context: String(taskId),
    fields: [{ name: 'text', label: t(locale, 'form.answer.text'), kind: 'textarea', required: true }],
  };
}

export function stallForm(locale: Locale, taskId: number): Form {
  return {
    id: FORMS.dealStall,
    title: t(locale, 'form.stall.title', { id: '' }).replace(/ — $/, ''),
    submitLabel: t(locale, 'form.stall.submit'),
    context: String(taskId),
    fields: (['news', 'pending', 'way'] as const).map((name) => ({
      name,
      label: t(locale, `form.stall.${name}`),
      kind: 'textarea' as const,
      required: false,
    })),
  };
}

/** Deal forms: evidence typed into a form, and the stall analysis. */
export async function submitDealForm(
  deps: ChatDeps,
  actor: Person,
  formId: string,
  values: Record<string, string>,
  context: string | undefined,
  locale: Locale,
): Promise<Reply[]> {
  const id = Number(context);
  if (formId === FORMS.dealAnswer) return answerReplies(deps, actor, id, values.text ?? '', locale);
  if (formId === FORMS.dealStall) {
    const r = await fileStallAnalysis(deps.engine, {
      personId: actor.id,
      taskId: id,
      news: values.news ?? '',
      pending: values.pending ?? '',
      way: values.way ?? '',
    });
    if (r.kind === 'rejected') return [note(locale, `stall.refuse.${r.reason}`, {}, 'yellow')];
    return [note(locale, 'stall.filed', { id: r.deal.id }, 'green')];
  }
  const text = values.text ?? '';
  const r = await addEvidence(deps.engine, {
    personId: actor.id,
    dealId: id,
    requirement: values.requirement ?? null,
    kind: /^https?:\/\//i.test(text.trim()) ? 'link' : 'note',
    text,
  });
  return evidenceReplies(deps, r, id, locale, values.requirement ?? '');
}

/** A file sent in chat with `evidence D12 [item]` as its caption (Slack upload, playground). */
export async function evidenceFileReplies(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  requirement: string | null,
  file: { name: string; bytes: Uint8Array; mime?: string },
  locale: Locale,
): Promise<Reply[]> {
  // Photo or document is decided by the engine from the bytes.
  const r = await addEvidence(deps.engine, {
    personId: actor.id,
    dealId,
    requirement,
    kind: 'file',
    text: '',
    file: { name: file.name, bytes: file.bytes },
  });
  return evidenceReplies(deps, r, dealId, locale, requirement ?? '');
}

/** `证据 D12 [item]` with nothing attached: the next file this person sends without a caption goes to D12. */
async function awaitEvidenceFile(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  requirement: string | null,
  stage: Stage,
  locale: Locale,
): Promise<Reply[]> {
  await rememberPendingEvidence(deps, actor.id, dealId, requirement);
  const item =
    requirement === null ? undefined : stage.evidence.find((r) => matchesRequirement(r, requirement));
  const req =
    item === undefined ? '' : t(locale, 'evidence.sendNow.req', { label: requirementLabel(item, locale) });
  return [
    note(locale, 'evidence.sendNow', { id: dealId, req, minutes: PENDING_EVIDENCE_MS / 60_000 }, 'info'),
  ];
}

/** A file sent without a caption: for the deal the person announced just before, if any. */
export async function pendingEvidenceFileReplies(
  deps: ChatDeps,
  actor: Person,
  file: { name: string; bytes: Uint8Array; mime?: string },
  locale: Locale,
): Promise<Reply[] | null> {
  const pending = await takePendingEvidence(deps, actor.id);
  if (pending === null) return null;
  return evidenceFileReplies(deps, actor, pending.dealId, pending.requirement, file, locale);
}
