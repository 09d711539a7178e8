// Customer tiers on demand (F24, issue 24 item 7): `tiers` / `客户分级`.
import { defineCommand, type ModuleCommands } from '../../conversation/command.ts';
import { tierReplies } from './chat/tier-replies.ts';

export type CustomerCommand = { verb: 'tiers' };

const tiers = defineCommand<CustomerCommand>({
  verb: 'tiers',
  aliases: { en: ['customer tiers'], zh: ['客户分级', '分级'] },
  usage: [
    {
      group: 'deals',
      en: '`tiers` (my customers A/B/C and the A deep visits)',
      zh: '`客户分级`（我的 A/B/C 类客户与 A 类深度拜访）',
    },
  ],
  parse: () => ({ verb: 'tiers' }),
  handle: (deps, actor, _c, locale) => tierReplies(deps, actor, locale),
});

export const customerCommands: ModuleCommands = { commands: [tiers] };
