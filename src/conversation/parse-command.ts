// The one command language (DESIGN.md, "One command language"), parsed once for every messenger: Slack's
// slash-command text, WeCom/DingTalk/playground plain text, in English or Chinese. The words and the grammar of
// each command are declared by its module (src/modules/<m>/commands.ts); this is only the generic part: split
// the text, drop the words messengers put in front, find the command's word, let its declaration parse the rest.
import { invalid } from './command.ts';
import { HELP_COMMAND, WORDS, type AnyCommandSpec, type Command } from './commands.ts';

export type { Command } from './commands.ts';
export type { Invalid, Problem } from './command.ts';
export { parseAmount } from '../kernel/command-words.ts';

/** The command and the declaration that parsed it (null: the first word is no command's). */
export interface ReadCommand {
  command: Command;
  spec: AnyCommandSpec | null;
}

const twoWords = (words: readonly string[]) =>
  words.length < 2 ? undefined : WORDS.get(`${words[0]} ${words[1]}`.toLowerCase());

export function readCommand(text: string): ReadCommand {
  // Full-width spaces and a leading slash or mention are common when typing on a phone.
  const words = text.normalize('NFKC').trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  // Slack's `/lead claim 7`; a leading `lead` is optional everywhere.
  if (words[0]?.toLowerCase() === 'lead' || words[0] === '线索') words.shift();
  // `/team mine` is `mine`, but `team board` / `团队 看板` is a command of its own (the target board).
  if ((words[0]?.toLowerCase() === 'team' || words[0] === '团队') && words.length > 1 && !twoWords(words))
    words.shift();
  // `/deal advance D1`, `/report funnel`: a word the next command accepts before it.
  const next = words[1] === undefined ? undefined : WORDS.get(words[1].toLowerCase());
  if (next?.after?.includes(words[0]?.toLowerCase() ?? '') === true) words.shift();
  const first = words[0];
  if (first === undefined) return { command: { verb: 'help' }, spec: HELP_COMMAND };
  const two = twoWords(words);
  const spec = two ?? WORDS.get(first.toLowerCase());
  if (spec === undefined) return { command: invalid('UNKNOWN', first), spec: null };
  const used = two === undefined ? 1 : 2;
  // The declarations' own command types together make up `Command` (src/conversation/commands.ts).
  const command = spec.parse(words.slice(used), words.slice(0, used).join(' ')) as Command;
  return { command, spec };
}

/** Whether the typed command answers with a form (see CommandSpec.opensForm). */
export function opensForm(text: string): boolean {
  const { command, spec } = readCommand(text);
  return command.verb !== 'invalid' && spec?.opensForm === true;
}

export function parseCommand(text: string): Command {
  return readCommand(text).command;
}
