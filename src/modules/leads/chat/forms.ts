import type { Person } from '../../../kernel/types.ts';
import { submitLead, type SubmitLeadResult } from '../use-cases/submit-lead.ts';
import { explainLead } from '../use-cases/explain-lead.ts';
import { explainDecision } from '../cards/explain.ts';
import { formatTime } from '../cards/lead-card.ts';
import { lookupNames } from '../use-cases/my-leads.ts';
import { touchLead } from '../use-cases/touch-lead.ts';
import { fieldErrors, LEAD_ENTRY_FIELDS, leadInputSchema, toLeadFields } from '../intake/lead-schema.ts';
import { FORMS, type Form, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';

export function newLeadForm(locale: Locale): Form {
  return {
    id: FORMS.leadNew,
    title: t(locale, 'form.new.title'),
    submitLabel: t(locale, 'form.new.submit'),
    fields: LEAD_ENTRY_FIELDS.map((name) => ({
      name,
      label: t(locale, `field.${name}`),
      kind: name === 'need' ? 'textarea' : name === 'budget' ? 'number' : 'text',
      required: name === 'source' || name === 'campaign' || name === 'company',
      ...(name === 'source' ? { initial: 'chat' } : {}),
    })),
  };
}

export function touchForm(locale: Locale, leadId: number): Form {
  return {
    id: FORMS.leadTouch,
    title: t(locale, 'form.touch.title'),
    submitLabel: t(locale, 'form.touch.submit'),
    context: String(leadId),
    fields: [
      {
        name: 'kind',
        label: t(locale, 'form.field.kind'),
        kind: 'select',
        required: true,
        options: (['call', 'visit', 'message'] as const).map((k) => ({
          value: k,
          label: t(locale, `kind.${k}`),
        })),
        initial: 'call',
      },
      { name: 'note', label: t(locale, 'form.field.note'), kind: 'textarea', required: false },
    ],
  };
}

export async function submitForm(
  deps: ChatDeps,
  actor: Person,
  formId: string,
  values: Record<string, string>,
  context: string | undefined,
  locale: Locale,
): Promise<Reply[]> {
  if (formId === FORMS.leadTouch) {
    const leadId = Number(context);
    const kind = values.kind === 'visit' || values.kind === 'message' ? values.kind : 'call';
    const r = await touchLead(deps.engine, { personId: actor.id, leadId, kind, note: values.note ?? '' });
    if (r.kind === 'rejected')
      return [
        {
          mode: 'ephemeral',
          card: { title: t(locale, `refuse.${r.reason}`, { id: leadId }), level: 'yellow' },
        },
      ];
    return [
      {
        mode: 'ephemeral',
        card: {
          title: t(locale, r.first ? 'reply.touchedFirst' : 'reply.touched', { id: leadId }),
          level: 'green',
        },
      },
    ];
  }
  // The new-lead form: the same validation as the API and CSV import (F7: source and campaign are required).
  const input = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
  const parsed = leadInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = fieldErrors(parsed.error)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ');
    return [
      {
        mode: 'open_form',
        card: { title: t(locale, 'form.invalid', { problems }), level: 'yellow', form: newLeadForm(locale) },
      },
    ];
  }
  const r = await submitLead(deps.engine, {
    fields: toLeadFields(parsed.data),
    via: 'chat',
    actorId: actor.id,
    enteredBy: actor.id,
  });
  if (r.kind === 'merged')
    return [
      {
        mode: 'ephemeral',
        card: { title: t(locale, 'reply.merged', { id: r.lead.id }), level: 'info', leadId: r.lead.id },
      },
    ];
  if (r.kind === 'duplicate')
    return [
      { mode: 'ephemeral', card: { title: t(locale, 'reply.merged', { id: r.leadId }), level: 'info' } },
    ];
  return [
    {
      mode: 'ephemeral',
      card: {
        title: t(locale, 'reply.created', { id: r.lead.id, score: r.lead.score }),
        level: 'green',
        body: await whereItWent(deps, actor, r, locale),
        leadId: r.lead.id,
      },
    },
  ];
}

/** Where a lead the speaker entered went, and why: kept by them (with its follow-up deadline) or routing's words. */
async function whereItWent(
  deps: ChatDeps,
  actor: Person,
  r: Extract<SubmitLeadResult, { kind: 'created' | 'kept' }>,
  locale: Locale,
): Promise<string> {
  const story = await explainLead(deps.engine, r.lead.id);
  const { timezone } = await lookupNames(deps.engine);
  if (r.kind === 'kept')
    return t(locale, 'reply.kept', {
      due: r.lead.followUpDueAt === null ? '-' : formatTime(r.lead.followUpDueAt, timezone),
    });
  // A rep who entered it reads who got it and their own part, not colleagues' scores (issue 21, item 7).
  const seesAll = actor.role === 'manager' || actor.role === 'director' || actor.role === 'admin';
  return explainDecision(
    r.explanation,
    locale,
    { people: story?.people ?? new Map<string, Person>(), timezone },
    seesAll ? undefined : actor.id,
  );
}
