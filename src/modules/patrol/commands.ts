// The morning patrol on demand (issue 21): `today` / `今日`. Its Nudge and Got it buttons have no typed form: the
// patrol is a direct message, where every messenger shows buttons.
import { ACTIONS } from '../../kernel/card.ts';
import { defineCommand, type ModuleCommands } from '../../conversation/command.ts';
import { patrolReplies } from './chat/patrol-replies.ts';

export type PatrolCommand = { verb: 'today' };

const today = defineCommand<PatrolCommand>({
  verb: 'today',
  aliases: { en: ['patrol'], zh: ['今日', '今日巡检', '巡检'] },
  after: ['team', '团队'],
  usage: [{ group: 'managers', en: '`today` (the morning patrol)', zh: '`今日`（今日巡检）' }],
  parse: () => ({ verb: 'today' }),
  handle: (deps, actor, _c, locale) => patrolReplies(deps, actor, locale),
});

export const patrolCommands: ModuleCommands = {
  commands: [today],
  buttonsOnly: [ACTIONS.patrolNudge, ACTIONS.patrolAck],
};
