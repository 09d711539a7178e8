// F39: a manager tries a candidate rules file from the rules folder (`whatif FILE` / `规则预演 文件`).
import { defineCommand, type ModuleCommands } from '../../conversation/command.ts';
import { whatifReplies } from './chat/whatif-replies.ts';

export type WhatifCommand = { verb: 'whatif'; file: string | null };

const whatif = defineCommand<WhatifCommand>({
  verb: 'whatif',
  aliases: { en: [], zh: ['规则预演', '预演'] },
  usage: [{ group: 'managers', en: '`whatif FILE`', zh: '`规则预演 文件`' }],
  parse: (args) => ({ verb: 'whatif', file: args.length > 0 ? args.join(' ') : null }),
  handle: (deps, actor, c, locale) => whatifReplies(deps, actor, c.file, locale),
});

export const whatifCommands: ModuleCommands = { commands: [whatif] };
