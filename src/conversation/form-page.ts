// A form filled in on a web page instead of in the chat (WeCom and DingTalk have no modals): the page's adapter
// checks the signed link, then asks here for the form and hands the submission over. The submission takes the
// same path as a Slack modal or a playground form; its answers go to the person's chat through the outbox.
import { spokenFormFrom } from '../modules/reports/chat/spoken-replies.ts';
import type { Person } from '../kernel/types.ts';
import { dealView } from '../modules/deals/use-cases/deal-view.ts';
import { FORMS, type Form, type FormField, type FormFile, type Reply } from '../kernel/card.ts';
import { t, type Locale } from '../modules/i18n.ts';
import { handleInbound, localeFor, type ChatDeps } from './conversation.ts';
import { answerForm, dealNewForm, evidenceForm, stallForm } from '../modules/deals/chat/deal-actions.ts';
import { newLeadForm, touchForm } from '../modules/leads/chat/forms.ts';
import { dailyReportForm } from '../modules/reports/chat/report-form.ts';
import { errorCard } from './help.ts';
import { alreadySeen, firstTime, forget } from '../modules/inbound/use-cases/once.ts';
import { findPerson } from '../modules/org/use-cases/read-org.ts';
import { sendCards } from '../modules/outbox/use-cases/send-cards.ts';

/** Where single-use form links are recorded once submitted (inbound_events, platform column). */
const USED = 'form-link';

export type PageRefusal = 'UNLINKED' | 'UNKNOWN_FORM' | 'USED';

export type FormPage =
  { kind: 'form'; form: Form; locale: Locale } | { kind: 'refused'; reason: PageRefusal; locale: Locale };

export type FormPageResult =
  | FormPage
  | { kind: 'invalid'; form: Form; problems: string[]; locale: Locale }
  | { kind: 'done'; replies: Reply[]; locale: Locale };

export interface FormRequest {
  personId: string;
  formId: string;
  context?: string;
  /** The messenger the link was sent on: the answers go there. */
  platform: string;
  /** The link's single-use id. */
  linkId: string;
}

/** The form as it is now (a deal's evidence items follow its stage), in the person's language. */
async function currentForm(
  deps: ChatDeps,
  actor: Person,
  formId: string,
  context: string | undefined,
  locale: Locale,
) {
  const id = Number(context);
  const hasId = Number.isInteger(id) && id > 0;
  switch (formId) {
    case FORMS.leadNew:
      return newLeadForm(locale);
    case FORMS.leadTouch:
      return hasId ? touchForm(locale, id) : null;
    case FORMS.dealNew:
      return hasId ? dealNewForm(locale, id) : null;
    case FORMS.dealAnswer:
      return hasId ? answerForm(locale, id) : null;
    case FORMS.dealStall:
      return hasId ? stallForm(locale, id) : null;
    case FORMS.dealEvidence: {
      const view = hasId ? await dealView(deps.engine, id) : null;
      // On the page, files too (issue 20: the way in for files on WeCom).
      return view === null ? null : evidenceForm(locale, id, view.stage, true);
    }
    case FORMS.reportDaily:
      return dailyReportForm(deps, actor, locale);
    case FORMS.reportSpoken:
      // A voice message's ticks (issue 24 item 6): the items travel in the link's context.
      return spokenFormFrom(deps, actor, context, locale);
    default:
      return null;
  }
}

async function person(deps: ChatDeps, personId: string): Promise<Person | null> {
  return findPerson(deps.engine, personId);
}

export async function openFormPage(deps: ChatDeps, request: FormRequest): Promise<FormPage> {
  const actor = await person(deps, request.personId);
  const locale = await localeFor(deps, actor);
  if (actor === null || !actor.active) return { kind: 'refused', reason: 'UNLINKED', locale };
  if (await alreadySeen(deps.engine, USED, request.linkId))
    return { kind: 'refused', reason: 'USED', locale };
  const form = await currentForm(deps, actor, request.formId, request.context, locale);
  return form === null ? { kind: 'refused', reason: 'UNKNOWN_FORM', locale } : { kind: 'form', form, locale };
}

/** Required fields and numbers, checked before the link is used up. */
function problemsOf(form: Form, values: Record<string, string>, locale: Locale): string[] {
  return form.fields.flatMap((f) => {
    const v = (values[f.name] ?? '').trim();
    if (f.required && v === '') return [t(locale, 'mform.missing', { label: f.label })];
    if (f.kind === 'number' && v !== '' && !Number.isFinite(Number(v.replace(/[,，]/g, ''))))
      return [t(locale, 'mform.notNumber', { label: f.label })];
    if (f.kind === 'select' && v !== '' && !(f.options ?? []).some((o) => o.value === v))
      return [t(locale, 'mform.missing', { label: f.label })];
    return [];
  });
}

/** A field's value as the page sent it: a position from its hidden parts (`place.lat` …), as one text. */
function valueOf(field: FormField, raw: Record<string, string>): string {
  if (field.kind !== 'place') return (raw[field.name] ?? '').trim();
  const part = (p: string) => (raw[`${field.name}.${p}`] ?? '').trim().replaceAll(',', '');
  const lat = part('lat');
  if (lat === '') return '';
  return [lat, part('lng'), part('accuracy'), part('time'), part('datum')].join(',');
}

export async function submitFormPage(
  deps: ChatDeps,
  request: FormRequest,
  raw: Record<string, string>,
  files: readonly FormFile[] = [],
): Promise<FormPageResult> {
  const page = await openFormPage(deps, request);
  if (page.kind !== 'form') return page;
  const { form, locale } = page;
  const values = Object.fromEntries(form.fields.map((f) => [f.name, valueOf(f, raw)]));
  // Only the form's own file inputs are taken.
  const taken = files.filter((file) => form.fields.some((f) => f.kind === 'files' && f.name === file.field));
  const problems = problemsOf(form, values, locale);
  // Evidence on the page: a file or a text, at least one.
  const text = form.fields.find((f) => f.name === 'text');
  if (form.id === FORMS.dealEvidence && taken.length === 0 && values.text === '' && text !== undefined)
    problems.push(t(locale, 'mform.missing', { label: text.label }));
  if (problems.length > 0) return { kind: 'invalid', form, problems, locale };
  const actor = (await person(deps, request.personId)) as Person;
  // Recorded before the work, as platform callbacks are: of two submissions racing, one acts.
  if (!(await firstTime(deps.engine, USED, request.linkId)))
    return { kind: 'refused', reason: 'USED', locale };
  const replies = await handleInbound(deps, actor, {
    kind: 'submit',
    formId: request.formId,
    values,
    ...(taken.length === 0 ? {} : { files: taken }),
    ...(request.context === undefined ? {} : { context: request.context }),
  });
  const again = replies.find((r) => r.mode === 'open_form' && r.card.form?.id === form.id);
  const failed = replies.some((r) => r.card.title === errorCard(locale).title);
  if (again !== undefined || failed) {
    // Nothing was done: the same link may be sent again.
    await forget(deps.engine, USED, request.linkId);
    if (again !== undefined)
      return {
        kind: 'invalid',
        form,
        problems: [again.card.title, again.card.body ?? ''].filter(Boolean),
        locale,
      };
    return { kind: 'done', replies, locale };
  }
  await sendCards(
    deps.engine,
    actor.id,
    replies.map((r) => r.card),
    request.platform,
  );
  return { kind: 'done', replies, locale };
}
