// Every chat command, collected from the modules' declarations (src/modules/<m>/commands.ts) in the order of the
// help card, and the word table the parser reads. Adding a command: declare it in its module's commands.ts (and
// its catalog sentences); the parser, the help card, the typed-command hints and the README check follow from it.
import { chartCommands } from '../modules/analytics/commands.ts';
import type { ChartCommand } from '../modules/analytics/chat/parse-chart-command.ts';
import { dealCommands, type DealCommand } from '../modules/deals/commands.ts';
import { kbiCommands, type FeedbackCommand } from '../modules/kbi/commands.ts';
import { leadCommands, type LeadCommand } from '../modules/leads/commands.ts';
import { reportCommands, type ReportCommand } from '../modules/reports/commands.ts';
import { whatifCommands, type WhatifCommand } from '../modules/whatif/commands.ts';
import { patrolCommands, type PatrolCommand } from '../modules/patrol/commands.ts';
import { customerCommands, type CustomerCommand } from '../modules/customers/commands.ts';
import { defineCommand, type CommandSpec, type Invalid, type ModuleCommands } from './command.ts';

export type Command =
  | { verb: 'help' }
  | LeadCommand
  | DealCommand
  | ReportCommand
  | FeedbackCommand
  | ChartCommand
  | WhatifCommand
  | PatrolCommand
  | CustomerCommand
  | Invalid;

export type AnyCommandSpec = CommandSpec<{ verb: string }>;

/** `help`, `?`, `帮助` and an empty message: answered by the conversation itself (the help card). */
const help = defineCommand<{ verb: 'help' }>({
  verb: 'help',
  aliases: { en: ['?'], zh: ['帮助'] },
  usage: [{ group: 'leads', en: '`help`', zh: '`帮助`' }],
  parse: () => ({ verb: 'help' }),
});

export const HELP_COMMAND: AnyCommandSpec = help;

/** The modules' commands, in the order their usage appears on the help card within each group. */
export const MODULE_COMMANDS: readonly ModuleCommands[] = [
  leadCommands,
  dealCommands,
  reportCommands,
  kbiCommands,
  chartCommands,
  whatifCommands,
  patrolCommands,
  customerCommands,
  { commands: [help] },
];

export const COMMANDS: readonly AnyCommandSpec[] = MODULE_COMMANDS.flatMap((m) => m.commands);

/** Every word of a command (its verb and aliases), lower-cased. */
export function wordsOf(spec: AnyCommandSpec): string[] {
  return [spec.verb, ...spec.aliases.en, ...spec.aliases.zh].map((w) => w.toLowerCase());
}

/** Word (lower-cased; one word or two, `team board`) → its command. A Map: `constructor` is no verb. */
export const WORDS: ReadonlyMap<string, AnyCommandSpec> = (() => {
  const table = new Map<string, AnyCommandSpec>();
  for (const spec of COMMANDS)
    for (const word of wordsOf(spec)) {
      const other = table.get(word);
      if (other !== undefined && other !== spec)
        throw new Error(`chat command word "${word}" is declared by both "${other.verb}" and "${spec.verb}"`);
      table.set(word, spec);
    }
  return table;
})();
