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
import { redeemReplies, reviewReplies, type RedeemCommand } from './chat/reward-replies.ts';

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

const APPROVE_WORDS = new Set(['approve', '批准', '同意']);
const DECLINE_WORDS = new Set(['decline', '拒绝', '驳回']);

/** `redeem` (the list and balance), `redeem REWARD` (ask), `redeem approve 3` / `redeem decline 3 WHY` (managers). */
const redeem = defineCommand<RedeemCommand>({
  verb: 'redeem',
  aliases: { en: [], zh: ['兑换', '积分兑换'] },
  usage: [{ group: 'leads', en: '`redeem [REWARD]` (points for rewards)', zh: '`兑换 [奖励]`' }],
  parse: (args, word) => {
    const first = (args[0] ?? '').toLowerCase();
    if (first === '') return { verb: 'redeem', action: 'list' };
    if (APPROVE_WORDS.has(first) || DECLINE_WORDS.has(first)) {
      const id = letteredIdOf((args[1] ?? '').replace(/^[#＃]/, ''), 'R');
      if (id === null) return invalid('MISSING_ID', word);
      return {
        verb: 'redeem',
        action: APPROVE_WORDS.has(first) ? 'approve' : 'decline',
        requestId: id,
        note: args.slice(2).join(' '),
      };
    }
    return { verb: 'redeem', action: 'ask', word: args.join(' ') };
  },
  handle: (deps, actor, c, locale) => redeemReplies(deps, actor, c, locale),
  typed: {
    [ACTIONS.rewardApprove]: (value, word, locale) =>
      `${word} ${locale === 'zh-CN' ? '批准' : 'approve'} ${value}`,
    [ACTIONS.rewardDecline]: (value, word, locale) =>
      `${word} ${locale === 'zh-CN' ? '拒绝' : 'decline'} ${value} …`,
  },
});

/** `review W12 1` / `复盘 W12 1`: the typed form of a red review's Accept button (the warning names it). */
const review = defineCommand<{ verb: 'review'; warningId: number; slot: number }>({
  verb: 'review',
  aliases: { en: [], zh: ['复盘'] },
  usage: [],
  parse: (args, word) => {
    const id = letteredIdOf(args[0], 'W');
    const slot = /^[12]$/.exec((args[1] ?? '1').normalize('NFKC'));
    return id === null || slot === null
      ? invalid('MISSING_ID', word)
      : { verb: 'review', warningId: id, slot: Number(slot[0]) - 1 };
  },
  handle: (deps, actor, c, locale) => reviewReplies(deps, actor, c.warningId, c.slot, locale),
  typed: {
    [ACTIONS.kbiReview]: (value, word) => {
      const [id, slot] = value.split(':');
      return `${word} W${id ?? ''} ${Number(slot ?? 0) + 1}`;
    },
  },
});

/** In the order of the help card (`kbi` on the first line, the rest for managers). */
export const kbiCommands: ModuleCommands = {
  commands: [kbi, redeem, ack, review, teamBoard, forecast, plan],
};
