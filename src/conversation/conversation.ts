// The conversation layer: a person said something (a command, a click, a form) on some messenger → one
// engine call → neutral replies. Adapters translate their platform's payloads into `Inbound` and render the
// replies; they never build a sentence or call the engine themselves.
import { chatTurns } from '../kernel/turns.ts';
import type { GeoPoint } from '../kernel/geo.ts';
import { reportOpenToday } from '../modules/reports/use-cases/report-draft.ts';
import type { Person, Platform } from '../kernel/types.ts';
import { ACTIONS, FORMS, type FormFile, type Reply } from '../kernel/card.ts';
import { localeOf, t, type Locale } from '../modules/i18n.ts';
import { controlCharIn } from '../kernel/control-chars.ts';
import { idOf } from '../kernel/command-words.ts';
import { dealActionReplies, submitDealForm } from '../modules/deals/chat/deal-actions.ts';
import {
  evidenceFileReplies,
  evidenceFormFilesReplies,
  evidenceUploadRefusal,
  pendingEvidenceFileReplies,
} from '../modules/deals/chat/evidence-replies.ts';
import { chartActionReplies } from '../modules/analytics/chat/chart-replies.ts';
import { acknowledgeReplies } from '../modules/kbi/chat/kbi-replies.ts';
import { decideReplies, kbiActionReplies } from '../modules/kbi/chat/reward-replies.ts';
import { patrolActionReplies } from '../modules/patrol/chat/patrol-replies.ts';
import { leadActionReplies } from '../modules/leads/chat/lead-replies.ts';
import { errorCard, helpCard, unlinkedCard } from './help.ts';
import { parseCommand, readCommand } from './parse-command.ts';
import { submitForm } from '../modules/leads/chat/forms.ts';
import {
  fillReportReplies,
  locationReplies,
  reportActionReplies,
  reportPhotoReplies,
  submitReportForm,
} from '../modules/reports/chat/report-replies.ts';
import { reportFormReplies, submitDailyReport } from '../modules/reports/chat/report-form.ts';
import {
  spokenFormReplies,
  spokenItemsReplies,
  submitSpokenItems,
} from '../modules/reports/chat/spoken-replies.ts';
import type { ChatDeps } from './context.ts';
import { identifyPerson, orgLocaleSetting } from '../modules/org/use-cases/read-org.ts';
import { addLogFields, log } from '../log.ts';

/** The forms whose context is the id of the lead, deal, task, report or reward they are about. */
const ID_FORMS: ReadonlySet<string> = new Set([
  FORMS.leadTouch,
  FORMS.dealNew,
  FORMS.dealEvidence,
  FORMS.dealAnswer,
  FORMS.dealStall,
  FORMS.reportComment,
  FORMS.rewardDecline,
]);

export type { ChatDeps } from './context.ts';

export type Inbound =
  | { kind: 'command'; text: string }
  | { kind: 'action'; actionId: string; value: string }
  | {
      kind: 'submit';
      formId: string;
      values: Record<string, string>;
      context?: string;
      /** Files from the form page's file inputs (issue 20): report photos, evidence documents. */
      files?: FormFile[];
    }
  /** A file sent in chat; its caption says what it is for (`evidence D12 [item]`; `report` or none: the day's photo). */
  | { kind: 'file'; text: string; file: { name: string; bytes: Uint8Array; mime?: string } }
  /** A place the person sent (a WeCom location message, a place picked in the playground): for a check-in. */
  | { kind: 'location'; place: GeoPoint }
  /** A voice message the platform did not transcribe (WeCom app voice): we ask for text. */
  | { kind: 'voice' }
  /**
   * A voice message with the platform's own transcript (DingTalk `recognition`, a Slack clip's preview): a
   * command when it is one (`领取 123`), otherwise what the rep said about the day — today's report summary.
   */
  | { kind: 'spoken'; text: string };

/** Who is speaking: by their platform id from the org file, or else by email (Slack's users.lookupByEmail). */
export async function identify(
  deps: ChatDeps,
  platform: Platform | 'playground',
  platformUserId: string,
  email?: string,
): Promise<Person | null> {
  return identifyPerson(deps.engine, platform, platformUserId, email);
}

export async function localeFor(deps: ChatDeps, person: Person | null): Promise<Locale> {
  if (person?.locale) return localeOf(person.locale, deps.defaultLocale);
  const org = await orgLocaleSetting(deps.engine);
  return localeOf(org, deps.defaultLocale);
}

/**
 * The longest chat text read, on every platform: a longer one is cut before any parsing and the person told, so
 * no hostile message makes a parser (or a regex) work for long (issue 22).
 */
/**
 * What to answer instead of downloading a file whose caption names a deal the sender may not add to (issue 22:
 * the deal and its owner are checked before a byte of the file is read). Null: go ahead and fetch it.
 */
export async function refuseFileEarly(
  deps: ChatDeps,
  actor: Person | null,
  caption: string,
): Promise<Reply[] | null> {
  if (actor === null || !actor.active) return null;
  const command = parseCommand(caption);
  if (command.verb !== 'evidence') return null;
  return evidenceUploadRefusal(deps, actor, command.dealId, await localeFor(deps, actor));
}

export const MAX_INBOUND_TEXT = 4000;

/** The inbound with its text cut to MAX_INBOUND_TEXT (never in the middle of a surrogate pair), or null. */
function cutInbound(inbound: Inbound): Inbound | null {
  if (!('text' in inbound) || inbound.text.length <= MAX_INBOUND_TEXT) return null;
  let text = inbound.text.slice(0, MAX_INBOUND_TEXT);
  if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  return { ...inbound, text };
}

/**
 * Handles one inbound message from a person; `actor` null means we could not tell who it is. Never throws:
 * an unexpected failure is logged and answered with "nothing was changed, try again" in the person's language.
 */
export async function handleInbound(
  deps: ChatDeps,
  actor: Person | null,
  inbound: Inbound,
): Promise<Reply[]> {
  if (actor !== null) addLogFields({ person: actor.id });
  // One message a turn of the event loop: a burst of them no longer holds it for their sum (src/kernel/turns.ts).
  await chatTurns.take();
  const locale = await localeFor(deps, actor).catch(() => deps.defaultLocale);
  const cut = cutInbound(inbound);
  try {
    const control = controlCharOf(inbound);
    if (control !== null) {
      const field = control.field === 'text' ? t(locale, 'chat.field.text') : `“${control.field}”`;
      const title = t(locale, 'chat.controlChar', { field, char: control.char });
      return [{ mode: 'ephemeral', card: { title, level: 'yellow' } }];
    }
    if (cut === null) return await dispatch(deps, actor, inbound, locale);
    const title = t(locale, 'chat.tooLong', { max: String(MAX_INBOUND_TEXT) });
    const told: Reply = { mode: 'ephemeral', card: { title, level: 'yellow' } };
    return [told, ...(await dispatch(deps, actor, cut, locale))];
  } catch (err) {
    log({ person: actor?.id ?? null }).error(
      { err, inbound: inbound.kind },
      `chat: ${inbound.kind} from ${actor?.id ?? 'an unknown user'} failed`,
    );
    return [{ mode: 'ephemeral', card: errorCard(locale) }];
  }
}

/**
 * The first field of an inbound holding a control character (tabs and line breaks are text), or null: refused
 * before anything reads it (issue 22, finding 11: NUL was a 500 on PostgreSQL, whatever the messenger).
 */
function controlCharOf(inbound: Inbound): { field: string; char: string } | null {
  const fields: Array<[string, string]> = [];
  if ('text' in inbound) fields.push(['text', inbound.text]);
  if (inbound.kind === 'action') fields.push(['text', inbound.actionId], ['text', inbound.value]);
  if (inbound.kind === 'file') fields.push(['text', inbound.file.name]);
  if (inbound.kind === 'submit') {
    fields.push(['text', inbound.formId], ['text', inbound.context ?? '']);
    fields.push(...(inbound.files ?? []).map((f): [string, string] => ['text', f.name]));
    fields.push(
      ...Object.entries(inbound.values),
      ...Object.keys(inbound.values).map((k): [string, string] => ['text', k]),
    );
  }
  for (const [field, value] of fields) {
    const char = controlCharIn(value, true);
    if (char !== null) return { field, char };
  }
  return null;
}

async function dispatch(
  deps: ChatDeps,
  actor: Person | null,
  inbound: Inbound,
  locale: Locale,
): Promise<Reply[]> {
  // An inactive person (left, on leave) acts as nobody, whatever the messenger or the playground said (issue 22).
  if (actor === null || !actor.active) return [{ mode: 'ephemeral', card: unlinkedCard(locale) }];
  switch (inbound.kind) {
    case 'command': {
      // Each command carries itself out through its declaration (src/modules/<m>/commands.ts).
      const { command, spec } = readCommand(inbound.text);
      if (command.verb === 'invalid' || spec?.handle === undefined)
        return [{ mode: 'ephemeral', card: helpCard(locale, command, spec) }];
      return spec.handle(deps, actor, command, locale);
    }
    case 'action':
      // A value that is a number past any id (a forged or corrupted button) names nothing: no query is made.
      if (
        !(Object.values(ACTIONS) as string[]).includes(inbound.actionId) ||
        (/^\d+$/.test(inbound.value) && idOf(inbound.value) === null)
      )
        return [{ mode: 'ephemeral', card: helpCard(locale, { verb: 'help' }) }];
      if (inbound.actionId === ACTIONS.chartCsv)
        return chartActionReplies(deps, actor, inbound.value, locale);
      if (inbound.actionId === ACTIONS.reportForm) return reportFormReplies(deps, actor, locale);
      if (inbound.actionId === ACTIONS.reportSpoken)
        return spokenFormReplies(deps, actor, inbound.value, locale);
      if (inbound.actionId.startsWith('report.'))
        return reportActionReplies(deps, actor, inbound.actionId, inbound.value, locale);
      if (inbound.actionId.startsWith('patrol.'))
        return patrolActionReplies(deps, actor, inbound.actionId, inbound.value, locale);
      if (inbound.actionId === ACTIONS.kbiAck)
        return acknowledgeReplies(deps, actor, inbound.value, locale, true);
      if (inbound.actionId.startsWith('kbi.'))
        return kbiActionReplies(deps, actor, inbound.actionId, inbound.value, locale);
      if (inbound.actionId.startsWith('deal.'))
        return dealActionReplies(deps, actor, inbound.actionId, inbound.value, locale);
      return leadActionReplies(deps, actor, inbound.actionId, inbound.value, locale);
    case 'file': {
      // No caption (WeCom/DingTalk send files on their own): the deal announced with `证据 D12` just before;
      // else, once today's report is open, the day's photo (a caption `report`/`日报` [LEAD] says so any time).
      const caption = inbound.text.trim();
      if (caption === '') {
        const pending = await pendingEvidenceFileReplies(deps, actor, inbound.file, locale);
        if (pending !== null) return pending;
        if (await reportOpenToday(deps.engine, actor.id))
          return reportPhotoReplies(deps, actor, inbound.file.bytes, undefined, locale);
        return [{ mode: 'ephemeral', card: { title: t(locale, 'file.hint'), level: 'info' } }];
      }
      const command = parseCommand(inbound.text);
      if (command.verb === 'report') {
        const named = /^\S+\s+[#＃]?(\d+)$/.exec(caption.normalize('NFKC'));
        const lead = named === null ? undefined : Number(named[1]);
        return reportPhotoReplies(deps, actor, inbound.file.bytes, lead, locale);
      }
      if (command.verb !== 'evidence')
        return [{ mode: 'ephemeral', card: { title: t(locale, 'file.hint'), level: 'info' } }];
      return evidenceFileReplies(deps, actor, command.dealId, command.type, inbound.file, locale);
    }
    case 'location':
      return locationReplies(deps, actor, inbound.place, locale);
    case 'voice':
      return [{ mode: 'ephemeral', card: { title: t(locale, 'voice.noTranscript'), level: 'info' } }];
    case 'spoken': {
      const command = parseCommand(inbound.text);
      // What was said about the day: the report's summary, and its objections, promised dates and new decision
      // makers offered as ticks (issue 24 item 6), kept only once the rep confirms.
      if (command.verb === 'invalid' && command.problem === 'UNKNOWN' && inbound.text.trim() !== '')
        return [
          ...(await fillReportReplies(deps, actor, [], inbound.text.trim(), locale)),
          ...(await spokenItemsReplies(deps, actor, inbound.text, locale)),
        ];
      return dispatch(deps, actor, { kind: 'command', text: inbound.text }, locale);
    }
    case 'submit':
      // A form about one record carries its id as its context; one posted without it, or with something that is
      // no id (a tampered or cut-off post), is answered with help — NaN is no id on any store.
      if (ID_FORMS.has(inbound.formId) && !/^\d{1,15}$/.test(inbound.context ?? ''))
        return [{ mode: 'ephemeral', card: helpCard(locale, { verb: 'help' }) }];
      if (inbound.formId === FORMS.rewardDecline)
        return decideReplies(deps, actor, Number(inbound.context), false, inbound.values.note ?? '', locale);
      if (inbound.formId === FORMS.reportSpoken)
        return submitSpokenItems(deps, actor, inbound.values, inbound.context, locale);
      if (inbound.formId === FORMS.reportDaily)
        return submitDailyReport(deps, actor, inbound.values, inbound.files ?? [], locale);
      if (inbound.formId === FORMS.dealEvidence && (inbound.files ?? []).length > 0)
        return evidenceFormFilesReplies(
          deps,
          actor,
          inbound.values,
          inbound.files ?? [],
          inbound.context,
          locale,
        );
      if (inbound.formId === FORMS.reportComment)
        return submitReportForm(deps, actor, inbound.values, inbound.context, locale);
      if (inbound.formId.startsWith('deal.'))
        return submitDealForm(deps, actor, inbound.formId, inbound.values, inbound.context, locale);
      return submitForm(deps, actor, inbound.formId, inbound.values, inbound.context, locale);
  }
}
