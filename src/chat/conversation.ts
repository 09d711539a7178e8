// The conversation layer: a person said something (a command, a click, a form) on some messenger → one
// engine call → neutral replies. Adapters translate their platform's payloads into `Inbound` and render the
// replies; they never build a sentence or call the engine themselves.
import type { Person, Platform } from '../domain/types.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { ACTIONS, type Reply } from '../messages/card.ts';
import { localeOf, t, type Locale } from '../messages/catalog.ts';
import {
  dealActionReplies,
  dealCommandReplies,
  evidenceFileReplies,
  submitDealForm,
} from './deal-replies.ts';
import { chartActionReplies, chartCommandReplies } from './chart-replies.ts';
import {
  acknowledgeReplies,
  forecastReplies,
  myKbiReplies,
  planReplies,
  teamBoardReplies,
} from './kbi-replies.ts';
import { leadActionReplies, leadCommandReplies } from './lead-replies.ts';
import { errorCard, helpCard, unlinkedCard } from './help.ts';
import { parseCommand, type Command, type DealCommand } from './parse-command.ts';
import { submitForm } from './forms.ts';
import { whatifReplies } from './whatif-replies.ts';

export type Inbound =
  | { kind: 'command'; text: string }
  | { kind: 'action'; actionId: string; value: string }
  | { kind: 'submit'; formId: string; values: Record<string, string>; context?: string }
  /** A file sent in chat; its caption says what it is for (`evidence D12 [item]`). */
  | { kind: 'file'; text: string; file: { name: string; bytes: Uint8Array; mime?: string } };

export interface ChatDeps {
  engine: EngineDeps;
  /** The language for people and orgs that set none. */
  defaultLocale: Locale;
  /** F39: the only folder `whatif FILE` reads from (RULES_FILE's folder; ./config when unset). */
  rulesDir?: string;
}

/** Who is speaking: by their platform id from the org file, or else by email (Slack's users.lookupByEmail). */
export async function identify(
  deps: ChatDeps,
  platform: Platform | 'playground',
  platformUserId: string,
  email?: string,
): Promise<Person | null> {
  return deps.engine.store.transaction(async (tx) => {
    if (platform === 'playground') return tx.org.person(platformUserId);
    const byId = await tx.org.personByIdentity(platform, platformUserId);
    if (byId !== null || email === undefined || email === '') return byId;
    const lower = email.toLowerCase();
    return (await tx.org.people()).find((p) => p.email?.toLowerCase() === lower) ?? null;
  });
}

export async function localeFor(deps: ChatDeps, person: Person | null): Promise<Locale> {
  if (person?.locale) return localeOf(person.locale, deps.defaultLocale);
  const org = await deps.engine.store.transaction((tx) => tx.settings.get('locale'));
  return localeOf(org, deps.defaultLocale);
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
  const locale = await localeFor(deps, actor).catch(() => deps.defaultLocale);
  try {
    return await dispatch(deps, actor, inbound, locale);
  } catch (err) {
    console.error(`chat: ${inbound.kind} from ${actor?.id ?? 'an unknown user'} failed:`, err);
    return [{ mode: 'ephemeral', card: errorCard(locale) }];
  }
}

async function dispatch(
  deps: ChatDeps,
  actor: Person | null,
  inbound: Inbound,
  locale: Locale,
): Promise<Reply[]> {
  if (actor === null) return [{ mode: 'ephemeral', card: unlinkedCard(locale) }];
  switch (inbound.kind) {
    case 'command': {
      const command = parseCommand(inbound.text);
      if (command.verb === 'help' || command.verb === 'invalid')
        return [{ mode: 'ephemeral', card: helpCard(locale, command) }];
      if (command.verb === 'whatif') return whatifReplies(deps, actor, command.file, locale);
      if (command.verb === 'chart') return chartCommandReplies(deps, actor, command, locale);
      if (command.verb === 'ack')
        return acknowledgeReplies(deps, actor, String(command.warningId), locale, false);
      if (command.verb === 'kbi') return myKbiReplies(deps, actor, locale);
      if (command.verb === 'teamBoard') return teamBoardReplies(deps, actor, locale);
      if (command.verb === 'forecast') return forecastReplies(deps, actor, locale);
      if (command.verb === 'plan') return planReplies(deps, actor, command, locale);
      if (isDealCommand(command)) return dealCommandReplies(deps, actor, command, locale);
      return leadCommandReplies(deps, actor, command, locale);
    }
    case 'action':
      if (!(Object.values(ACTIONS) as string[]).includes(inbound.actionId))
        return [{ mode: 'ephemeral', card: helpCard(locale, { verb: 'help' }) }];
      if (inbound.actionId === ACTIONS.chartCsv)
        return chartActionReplies(deps, actor, inbound.value, locale);
      if (inbound.actionId === ACTIONS.kbiAck)
        return acknowledgeReplies(deps, actor, inbound.value, locale, true);
      if (inbound.actionId.startsWith('deal.'))
        return dealActionReplies(deps, actor, inbound.actionId, inbound.value, locale);
      return leadActionReplies(deps, actor, inbound.actionId, inbound.value, locale);
    case 'file': {
      const command = parseCommand(inbound.text);
      if (command.verb !== 'evidence')
        return [{ mode: 'ephemeral', card: { title: t(locale, 'file.hint'), level: 'info' } }];
      return evidenceFileReplies(deps, actor, command.dealId, command.type, inbound.file, locale);
    }
    case 'submit':
      if (inbound.formId.startsWith('deal.'))
        return submitDealForm(deps, actor, inbound.formId, inbound.values, inbound.context, locale);
      return submitForm(deps, actor, inbound.formId, inbound.values, inbound.context, locale);
  }
}

const DEAL_VERBS: ReadonlySet<Command['verb']> = new Set([
  'deals',
  'deal',
  'dealNew',
  'advance',
  'evidence',
  'ask',
  'answer',
  'kp',
  'health',
  'done',
  'promise',
]);

function isDealCommand(command: Command): command is DealCommand {
  return DEAL_VERBS.has(command.verb);
}
