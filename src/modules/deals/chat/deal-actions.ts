// Button clicks on deal cards and the deal forms (evidence typed into a form, an answer, the stall analysis).
import type { Stage } from '../rules/deal-rules.ts';
import type { Person } from '../../../kernel/types.ts';
import { fileStallAnalysis } from '../use-cases/deal-sweep.ts';
import { addEvidence } from '../use-cases/add-evidence.ts';
import { dealView } from '../use-cases/deal-view.ts';
import { ACTIONS, FORMS, type Form, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { requirementLabel } from '../cards/deal-card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { advanceReplies } from './advance-replies.ts';
import { answerReplies, cardReply, createDealReplies, doneReplies } from './deal-replies.ts';
import { parseAmount } from '../../../kernel/command-words.ts';
import { closeWordOf } from '../rules/close-date.ts';
import { evidenceReplies } from './evidence-replies.ts';

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
    case ACTIONS.dealNew:
      return [
        {
          mode: 'open_form',
          card: {
            title: t(locale, 'form.dealNew.title', { id }),
            level: 'info',
            form: dealNewForm(locale, id),
          },
        },
      ];
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
      return [await cardReply(deps, actor, id, locale)];
  }
}

/**
 * The evidence form. In a modal only typed items (notes, links) can be given; on the mobile page (`files`, issue
 * 20) every item is offered, with a file input for documents and photos and the text optional beside them.
 */
export function evidenceForm(locale: Locale, dealId: number, stage: Stage, files = false): Form {
  const typed = files ? stage.evidence : stage.evidence.filter((r) => r.kind === 'note' || r.kind === 'link');
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
      ...(files
        ? [
            {
              name: 'files',
              label: t(locale, 'form.evidence.files'),
              kind: 'files' as const,
              required: false,
              accept: EVIDENCE_ACCEPT,
              hint: t(locale, 'form.evidence.filesHint'),
            },
          ]
        : []),
      { name: 'text', label: t(locale, 'form.evidence.text'), kind: 'textarea', required: !files },
    ],
  };
}

/** What the evidence page's file input offers: PDF, images and Office documents (the bytes decide in the end). */
export const EVIDENCE_ACCEPT =
  'application/pdf,image/*,.doc,.docx,.xls,.xlsx,.ppt,.pptx,application/msword,' +
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
  'application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,' +
  'application/vnd.ms-powerpoint,application/vnd.openxmlformats-officedocument.presentationml.presentation';

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

/** 转商机 as a form (the button on a claimed lead's card): the amount, and the close date when known. */
export function dealNewForm(locale: Locale, leadId: number): Form {
  return {
    id: FORMS.dealNew,
    title: t(locale, 'form.dealNew.title', { id: leadId }),
    submitLabel: t(locale, 'form.dealNew.submit'),
    context: String(leadId),
    fields: [
      {
        name: 'amount',
        label: t(locale, 'form.dealNew.amount'),
        kind: 'text',
        required: true,
        placeholder: t(locale, 'form.dealNew.amountHint'),
      },
      {
        name: 'close',
        label: t(locale, 'form.dealNew.close'),
        kind: 'text',
        required: false,
        placeholder: t(locale, 'form.dealNew.closeHint'),
      },
    ],
  };
}

/** The 转商机 form: the same engine call as the typed command; a wrong amount or date sends the form back. */
async function submitDealNew(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  values: Record<string, string>,
  locale: Locale,
): Promise<Reply[]> {
  const amount = parseAmount((values.amount ?? '').trim());
  const closeText = (values.close ?? '').trim();
  const close = closeText === '' ? null : closeWordOf(closeText);
  const problem =
    amount === null
      ? t(locale, 'form.dealNew.badAmount')
      : closeText !== '' && close === null
        ? t(locale, 'form.dealNew.badClose')
        : null;
  if (problem !== null || amount === null)
    return [
      {
        mode: 'open_form',
        card: { title: problem ?? '', level: 'yellow', form: dealNewForm(locale, leadId) },
      },
    ];
  return createDealReplies(deps, actor, { leadId, amount, pipeline: null, expectedClose: close }, locale);
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
  if (formId === FORMS.dealNew) return submitDealNew(deps, actor, id, values, locale);
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
