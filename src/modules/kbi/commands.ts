// Performance feedback commands (F22–F26), declared once: my indicators, acknowledging a KBI warning (what its
// button does), the team's targets against the pace, the forecast and the plan for a revenue target.
// Slack's `/team board` arrives as `team board`; `board` alone stays the claim board (the leads module).
import { ACTIONS } from '../../kernel/card.ts';
import { letteredIdOf, parseAmount } from '../../kernel/command-words.ts';
import { defineCommand, invalid, type ModuleCommands } from '../../conversation/command.ts';
import {
  acknowledgeReplies,
  forecastReplies,
  myKbiReplies,
  planReplies,
  teamBoardReplies,
} from './chat/kbi-replies.ts';

export type FeedbackCommand =
  | { verb: 'ack'; warningId: number }
  | { verb: 'kbi' }
  | { verb: 'teamBoard' }
  | { verb: 'forecast' }
  | { verb: 'plan'; amount: number; period: 'month' | 'quarter'; pipeline: string | null };

const QUARTER_WORDS = new Set(['quarter', 'q', '季度', '本季度']);
const MONTH_WORDS = new Set(['month', '月', '本月']);

const kbi = defineCommand<{ verb: 'kbi' }>({
  verb: 'kbi',
  aliases: { en: [], zh: ['我的指标', '指标'] },
  usage: [{ group: 'leads', en: '`kbi` (my indicators and points)', zh: '`我的指标`' }],
  parse: () => ({ verb: 'kbi' }),
  handle: (deps, actor, _c, locale) => myKbiReplies(deps, actor, locale),
});

/** The typed form of a KBI warning's Acknowledge button (not on the help card; the warning names it). */
const ack = defineCommand<{ verb: 'ack'; warningId: number }>({
  verb: 'ack',
  aliases: { en: ['acknowledge'], zh: ['知悉', '已知悉'] },
  usage: [],
  parse: (args, word) => {
    const id = letteredIdOf(args[0], 'W');
    return id === null ? invalid('MISSING_ID', word) : { verb: 'ack', warningId: id };
  },
  handle: (deps, actor, c, locale) => acknowledgeReplies(deps, actor, String(c.warningId), locale, false),
  typed: { [ACTIONS.kbiAck]: (value, word) => `${word} W${value}` },
});

const teamBoard = defineCommand<{ verb: 'teamBoard' }>({
  verb: 'team board',
  aliases: { en: [], zh: ['团队看板', '团队 看板', 'team 看板', '团队 board'] },
  usage: [{ group: 'managers', en: '`team board` (targets)', zh: '`团队看板`' }],
  parse: () => ({ verb: 'teamBoard' }),
  handle: (deps, actor, _c, locale) => teamBoardReplies(deps, actor, locale),
});

const forecast = defineCommand<{ verb: 'forecast' }>({
  verb: 'forecast',
  aliases: { en: [], zh: ['预测', '销售预测'] },
  usage: [{ group: 'managers', en: '`forecast`', zh: '`预测`' }],
  parse: () => ({ verb: 'forecast' }),
  handle: (deps, actor, _c, locale) => forecastReplies(deps, actor, locale),
});

type Plan = Extract<FeedbackCommand, { verb: 'plan' }>;
const plan = defineCommand<Plan>({
  verb: 'plan',
  aliases: { en: [], zh: ['规划'] },
  usage: [{ group: 'managers', en: '`plan TARGET [quarter]`', zh: '`规划 目标 [季度]`' }],
  parse: (args, word) => {
    const amount = parseAmount(args[0]);
    if (amount === null) return invalid('BAD_TARGET', word);
    const extra = args.slice(1);
    const quarter = extra.find((w) => QUARTER_WORDS.has(w.toLowerCase()));
    const pipeline = extra.find((w) => w !== quarter && !MONTH_WORDS.has(w.toLowerCase())) ?? null;
    return { verb: 'plan', amount, period: quarter === undefined ? 'month' : 'quarter', pipeline };
  },
  handle: (deps, actor, c, locale) => planReplies(deps, actor, c, locale),
});

/** In the order of the help card (`kbi` on the first line, the rest for managers). */
export const kbiCommands: ModuleCommands = { commands: [kbi, ack, teamBoard, forecast, plan] };
