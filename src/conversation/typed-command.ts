// What a person types to do what a button does, in their language, from the commands' declarations (`typed` in
// src/modules/<m>/commands.ts). Messengers whose group chats show no buttons (WeCom appchat, DingTalk markdown)
// print these beside the card.
import type { ActionId, CardAction } from '../kernel/card.ts';
import type { Locale } from '../modules/i18n.ts';
import type { TypedForm } from './command.ts';
import { COMMANDS, type AnyCommandSpec } from './commands.ts';

const FORMS: ReadonlyMap<ActionId, { spec: AnyCommandSpec; form: TypedForm }> = new Map(
  COMMANDS.flatMap((spec) =>
    Object.entries(spec.typed ?? {}).map(([id, form]) => [id as ActionId, { spec, form: form }] as const),
  ),
);

/** The command's word in the reader's language: its first Chinese alias, or the English verb. */
function wordIn(spec: AnyCommandSpec, locale: Locale): string {
  return locale === 'zh-CN' ? (spec.aliases.zh[0] ?? spec.verb) : spec.verb;
}

/** The typed form of a button; null for a button that has none (declared `buttonsOnly` by its module). */
export function typedCommand(action: CardAction, locale: Locale): string | null {
  const found = FORMS.get(action.id);
  return found === undefined ? null : found.form(action.value, wordIn(found.spec, locale), locale);
}
