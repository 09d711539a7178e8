// The declaration of a chat command (issue 18): its words in both languages, its usage for the help card, its
// parser, its handler and the buttons it is the typed form of. Each module declares its own commands in
// src/modules/<m>/commands.ts; src/conversation/commands.ts collects them and builds the verb table, the parser,
// the help text and the typed-command hints from them. This file imports no module's commands or handlers.
import type { ActionId, Reply } from '../kernel/card.ts';
import type { Person } from '../kernel/types.ts';
import type { Locale } from '../modules/i18n.ts';
import type { ChatDeps } from './context.ts';

/** What is wrong with a typed command; the help card opens with the matching `help.*` sentence. */
export type Problem =
  | 'UNKNOWN'
  | 'MISSING_ID'
  | 'BAD_TOUCH_KIND'
  | 'MISSING_DEAL_ID'
  | 'BAD_AMOUNT'
  | 'BAD_HEALTH'
  | 'BAD_PERIOD'
  | 'BAD_TARGET';

export interface Invalid {
  verb: 'invalid';
  problem: Problem;
  word: string;
}

export function invalid(problem: Problem, word: string): Invalid {
  return { verb: 'invalid', problem, word };
}

/** The lines of the help card, in the order the groups are shown (the first has no heading). */
export type HelpGroup = 'leads' | 'deals' | 'report' | 'managers';

/** One item of the help card, as the reader of each language should type it. */
export interface Usage {
  group: HelpGroup;
  en: string;
  zh: string;
}

/** How to type what a button does: `value` is the button's value, `word` this command's word in `locale`. */
export type TypedForm = (value: string, word: string, locale: Locale) => string;

export interface CommandSpec<C extends { verb: string }> {
  /** The English word, also the name the README table uses. May be two words (`team board`, `deal new`). */
  verb: string;
  /** Other words for the same command. The first Chinese one is the word the typed-command hints use. */
  aliases: { en: readonly string[]; zh: readonly string[] };
  /**
   * Words that may stand before this command's word and are then dropped, as Slack's slash commands send them:
   * `/deal advance D1` arrives as `deal advance D1`, `/report funnel` as `report funnel`.
   */
  after?: readonly string[];
  /** Its items on the help card (none: not shown there, e.g. the typed form of a button only). */
  usage: readonly Usage[];
  /** The words after the command's word (`word`, as it was typed) → the command, or what is wrong with them. */
  parse(args: readonly string[], word: string): C | Invalid;
  /** Carries the command out. None for `help`, which the conversation answers itself. */
  handle?(deps: ChatDeps, actor: Person, command: C, locale: Locale): Promise<Reply[]>;
  /** The buttons this command is the typed form of (for messengers that show no buttons in group chats). */
  typed?: Partial<Record<ActionId, TypedForm>>;
  /** Its answer is a form: a messenger whose forms must open within seconds of the click (Slack's trigger_id)
   * opens a placeholder first and fills it with the answer. */
  opensForm?: boolean;
  /**
   * Words that are not the command but show what someone meant by a word we do not know (`打电话` → touch): a slip
   * containing one is answered with this command's usage alone.
   */
  hints?: readonly string[];
}

/** The commands of one module, and the buttons of its cards that have no typed form on purpose. */
export interface ModuleCommands {
  commands: ReadonlyArray<CommandSpec<{ verb: string }>>;
  buttonsOnly?: readonly ActionId[];
}

/** Keeps each declaration's own command type for its `parse` and `handle` (a plain array would widen it). */
export function defineCommand<C extends { verb: string }>(spec: CommandSpec<C>): CommandSpec<C> {
  return spec;
}
