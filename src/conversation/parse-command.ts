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

/** Full-width digits, Latin letters, hyphen and full stop (Ｆ１２, ２０２６－１１) as ASCII; nothing else changes. */
function halfWidthAlnum(word: string): string {
  return word.replace(/[\uFF0D\uFF0E\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** A word as the verb table keys it: NFKC (full-width letters and digits as ASCII), lower case. */
const key = (word: string | undefined) => (word ?? '').normalize('NFKC').toLowerCase();
const twoWords = (words: readonly string[]) =>
  words.length < 2 ? undefined : WORDS.get(`${key(words[0])} ${key(words[1])}`);

export function readCommand(text: string): ReadCommand {
  // Full-width spaces, letters and digits and a leading slash are common when typing on a phone (\s covers U+3000);
  // letters and digits are read as ASCII, but punctuation stays as typed: a note keeps its full-width ，：（）！.
  const words = text
    .trim()
    .replace(/^[/／]/, '')
    .split(/\s+/)
    .filter(Boolean)
    .map(halfWidthAlnum);
  // Slack's `/lead claim 7`; a leading `lead` is optional everywhere.
  if (key(words[0]) === 'lead' || words[0] === '线索') words.shift();
  // `/team mine` is `mine`, but `team board` / `团队 看板` is a command of its own (the target board).
  if ((key(words[0]) === 'team' || words[0] === '团队') && words.length > 1 && !twoWords(words))
    words.shift();
  // `/deal advance D1`, `/report funnel`: a word the next command accepts before it.
  const next = words[1] === undefined ? undefined : WORDS.get(key(words[1]));
  if (next?.after?.includes(key(words[0])) === true) words.shift();
  const first = words[0];
  if (first === undefined) return { command: { verb: 'help' }, spec: HELP_COMMAND };
  const two = twoWords(words);
  const spec = two ?? WORDS.get(key(first));
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
