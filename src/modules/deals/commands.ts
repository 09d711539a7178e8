// The deal commands (F10–F15), declared once: words, usage, parser, handler and the buttons they type for.
// `/deal advance D1` (Slack) arrives as `deal advance D1`: the commands on a deal accept `deal` before them.
import { ACTIONS } from '../../kernel/card.ts';
import { dealIdOf, leadIdOf, letteredIdOf, parseAmount } from '../../kernel/command-words.ts';
import { defineCommand, invalid, type Invalid, type ModuleCommands } from '../../conversation/command.ts';
import { advanceReplies } from './chat/advance-replies.ts';
import {
  answerReplies,
  askReplies,
  cardReply,
  createDealReplies,
  dealsReplies,
  doneReplies,
  healthReplies,
  keyPersonReplies,
  promiseReplies,
  setCloseReplies,
} from './chat/deal-replies.ts';
import { evidenceCommandReplies } from './chat/evidence-replies.ts';
import { closeWordOf, type CloseWord } from './rules/close-date.ts';

export type DealCommand =
  | { verb: 'deals' }
  | { verb: 'deal'; dealId: number }
  | {
      verb: 'dealNew';
      leadId: number;
      amount: number;
      pipeline: string | null;
      expectedClose: CloseWord | null;
    }
  | { verb: 'dealClose'; dealId: number; close: CloseWord | null; text: string }
  | { verb: 'advance'; dealId: number; target: string | null; reason: string }
  | { verb: 'evidence'; dealId: number; type: string | null; text: string }
  | { verb: 'ask'; who: string; dealId: number; text: string }
  | { verb: 'answer'; taskId: number; text: string }
  | {
      verb: 'kp';
      dealId: number;
      name: string;
      title: string | null;
      influence: number | null;
      concern: string;
      left: boolean;
    }
  | { verb: 'health'; dealId: number; health: 'green' | 'yellow' | 'red'; evidence: string }
  | { verb: 'done'; taskId: number }
  | { verb: 'promise'; dealId: number; text: string };

type Of<V extends DealCommand['verb']> = Extract<DealCommand, { verb: V }>;

const ON_A_DEAL = ['deal', '商机'];
const LIST_WORDS = new Set(['deals', '我的商机']);
const NEW_WORDS = new Set(['deal new', '转商机', '商机 新建', 'deal 新建', '商机 new']);
const HEALTH_WORDS = new Map<string, 'green' | 'yellow' | 'red'>([
  ['green', 'green'],
  ['绿', 'green'],
  ['绿色', 'green'],
  ['yellow', 'yellow'],
  ['黄', 'yellow'],
  ['黄色', 'yellow'],
  ['red', 'red'],
  ['红', 'red'],
  ['红色', 'red'],
]);
/** `deal D12 close 2027-01-15` / `商机 D12 成交日 2027-01-15`: the words that name the expected close date. */
const CLOSE_WORDS = new Set(['close', 'closes', 'close-date', '成交日', '成交日期', '预计成交', '成交']);
const LEFT_WORDS = new Set(['left', '离职', '调岗', '离开']);

/**
 * `deal new LEAD AMOUNT [pipeline] [close]` (`转商机 …`): after the amount, pipeline and expected close date in
 * any order; the date as `2026-12-31`, `12-31`, `12月31日`, `30天` or `30d`.
 */
function parseDealNew(args: readonly string[], word: string): Of<'dealNew'> | Invalid {
  const id = leadIdOf(args[0]);
  if (id === null) return invalid('MISSING_ID', word);
  const amount = parseAmount(args[1]);
  if (amount === null) return invalid('BAD_AMOUNT', word);
  const extra = args.slice(2);
  const closeAt = extra.findIndex((w) => closeWordOf(w) !== null);
  const pipeline = extra.find((_, i) => i !== closeAt) ?? null;
  return {
    verb: 'dealNew',
    leadId: id,
    amount,
    pipeline,
    expectedClose: closeAt < 0 ? null : closeWordOf(extra[closeAt]),
  };
}

/** `deal` (my deals), `deal D12` (its card), `deal new LEAD AMOUNT` / `转商机 LEAD AMOUNT` (a new deal). */
const deal = defineCommand<Of<'deals' | 'deal' | 'dealNew' | 'dealClose'>>({
  verb: 'deal',
  aliases: {
    en: ['deals', 'deal new'],
    zh: ['商机', '我的商机', '转商机', '商机 新建', 'deal 新建', '商机 new'],
  },
  usage: [
    { group: 'deals', en: '`deal`', zh: '`商机`' },
    {
      group: 'deals',
      en: '`deal new LEAD AMOUNT [CLOSE DATE]`',
      zh: '`转商机 线索编号 金额 [预计成交日]`',
    },
    { group: 'deals', en: '`deal D12`', zh: '`商机 D12`' },
    { group: 'deals', en: '`deal D12 close 2027-01-15`', zh: '`商机 D12 成交日 2027-01-15`' },
  ],
  parse: (args, word) => {
    const w = word.toLowerCase();
    if (LIST_WORDS.has(w)) return { verb: 'deals' };
    if (NEW_WORDS.has(w)) return parseDealNew(args, word);
    if (args.length === 0) return { verb: 'deals' };
    const id = dealIdOf(args[0]);
    if (id === null) return invalid('MISSING_DEAL_ID', word);
    if (CLOSE_WORDS.has((args[1] ?? '').toLowerCase()))
      return { verb: 'dealClose', dealId: id, close: closeWordOf(args[2]), text: args[2] ?? '' };
    return { verb: 'deal', dealId: id };
  },
  handle: async (deps, actor, c, locale) => {
    if (c.verb === 'deals') return dealsReplies(deps, actor, locale);
    if (c.verb === 'dealNew') return createDealReplies(deps, actor, c, locale);
    if (c.verb === 'dealClose') return setCloseReplies(deps, actor, c, locale);
    return [await cardReply(deps, actor, c.dealId, locale)];
  },
  typed: { [ACTIONS.dealOpen]: (value, word) => `${word} D${value}` },
});

const advance = defineCommand<Of<'advance'>>({
  verb: 'advance',
  aliases: { en: [], zh: ['推进'] },
  after: ON_A_DEAL,
  usage: [{ group: 'deals', en: '`advance D12 [STAGE] [reason]`', zh: '`推进 D12 [阶段] [理由]`' }],
  parse: (args, word) => {
    const id = dealIdOf(args[0]);
    if (id === null) return invalid('MISSING_DEAL_ID', word);
    return { verb: 'advance', dealId: id, target: args[1] ?? null, reason: args.slice(2).join(' ') };
  },
  handle: (deps, actor, c, locale) =>
    advanceReplies(deps, actor, c.dealId, c.target, c.reason, locale, false),
  typed: { [ACTIONS.dealAdvance]: (value, word) => `${word} D${value}` },
});

const evidence = defineCommand<Of<'evidence'>>({
  verb: 'evidence',
  aliases: { en: [], zh: ['证据'] },
  after: ON_A_DEAL,
  usage: [
    {
      group: 'deals',
      en: '`evidence D12 note TEXT` (files: send with `evidence D12`)',
      zh: '`证据 D12 备注 内容`（文件：发送时附 `证据 D12`）',
    },
  ],
  parse: (args, word) => {
    const id = dealIdOf(args[0]);
    if (id === null) return invalid('MISSING_DEAL_ID', word);
    return { verb: 'evidence', dealId: id, type: args[1] ?? null, text: args.slice(2).join(' ') };
  },
  handle: (deps, actor, c, locale) => evidenceCommandReplies(deps, actor, c, locale),
  // The button opens a form; typed, a note is the item that needs no file.
  typed: {
    [ACTIONS.dealEvidence]: (value, word, locale) =>
      `${word} D${value} ${locale === 'zh-CN' ? '备注' : 'note'} …`,
  },
});

const kp = defineCommand<Of<'kp'>>({
  verb: 'kp',
  aliases: { en: ['keyperson'], zh: ['关键人'] },
  after: ON_A_DEAL,
  usage: [{ group: 'deals', en: '`kp D12 NAME TITLE WEIGHT`', zh: '`关键人 D12 姓名 职位 权重`' }],
  parse: (args, word) => {
    const id = dealIdOf(args[0]);
    const name = args[1];
    if (id === null || name === undefined) return invalid('MISSING_DEAL_ID', word);
    if (LEFT_WORDS.has((args[2] ?? '').toLowerCase()))
      return { verb: 'kp', dealId: id, name, title: null, influence: null, concern: '', left: true };
    const weight = /^(\d{1,3})%?$/.exec(args[3] ?? '');
    return {
      verb: 'kp',
      dealId: id,
      name,
      title: args[2] ?? null,
      influence: weight === null ? null : Number(weight[1]),
      concern: args.slice(weight === null ? 3 : 4).join(' '),
      left: false,
    };
  },
  handle: (deps, actor, c, locale) => keyPersonReplies(deps, actor, c, locale),
});

const health = defineCommand<Of<'health'>>({
  verb: 'health',
  aliases: { en: [], zh: ['健康度'] },
  after: ON_A_DEAL,
  usage: [{ group: 'deals', en: '`health D12 red|yellow|green EVIDENCE`', zh: '`健康度 D12 红|黄|绿 依据`' }],
  parse: (args, word) => {
    const id = dealIdOf(args[0]);
    if (id === null) return invalid('MISSING_DEAL_ID', word);
    const level = HEALTH_WORDS.get((args[1] ?? '').toLowerCase());
    if (level === undefined) return invalid('BAD_HEALTH', word);
    return { verb: 'health', dealId: id, health: level, evidence: args.slice(2).join(' ') };
  },
  handle: (deps, actor, c, locale) => healthReplies(deps, actor, c, locale),
});

const ask = defineCommand<Of<'ask'>>({
  verb: 'ask',
  aliases: { en: [], zh: ['协作'] },
  after: ON_A_DEAL,
  usage: [{ group: 'deals', en: '`ask @someone D12 TEXT`', zh: '`协作 @某人 D12 内容`' }],
  // `ask @someone D12 what`; the deal may also come first (`ask D12 @someone what`).
  parse: (args, word) => {
    const [a, b] = args;
    const idFirst = dealIdOf(a);
    const id = idFirst ?? dealIdOf(b);
    const who = idFirst === null ? a : b;
    if (id === null || who === undefined) return invalid('MISSING_DEAL_ID', word);
    return { verb: 'ask', who, dealId: id, text: args.slice(2).join(' ') };
  },
  handle: (deps, actor, c, locale) => askReplies(deps, actor, c, locale),
});

const answer = defineCommand<Of<'answer'>>({
  verb: 'answer',
  aliases: { en: [], zh: ['答复'] },
  usage: [{ group: 'deals', en: '`answer R5 TEXT`', zh: '`答复 R5 内容`' }],
  parse: (args, word) => {
    const id = letteredIdOf(args[0], 'R');
    if (id === null) return invalid('MISSING_ID', word);
    return { verb: 'answer', taskId: id, text: args.slice(1).join(' ') };
  },
  handle: (deps, actor, c, locale) => answerReplies(deps, actor, c.taskId, c.text, locale),
  typed: { [ACTIONS.dealAnswer]: (value, word) => `${word} R${value} …` },
});

const promise = defineCommand<Of<'promise'>>({
  verb: 'promise',
  aliases: { en: [], zh: ['承诺'] },
  after: ON_A_DEAL,
  usage: [{ group: 'deals', en: '`promise D12 TEXT`', zh: '`承诺 D12 内容`' }],
  parse: (args, word) => {
    const id = dealIdOf(args[0]);
    if (id === null) return invalid('MISSING_DEAL_ID', word);
    return { verb: 'promise', dealId: id, text: args.slice(1).join(' ') };
  },
  handle: (deps, actor, c, locale) => promiseReplies(deps, actor, c, locale),
});

const done = defineCommand<Of<'done'>>({
  verb: 'done',
  aliases: { en: [], zh: ['完成'] },
  usage: [{ group: 'deals', en: '`done T7`', zh: '`完成 T7`' }],
  parse: (args, word) => {
    const id = letteredIdOf(args[0], 'T');
    return id === null ? invalid('MISSING_ID', word) : { verb: 'done', taskId: id };
  },
  handle: (deps, actor, c, locale) => doneReplies(deps, actor, c.taskId, locale),
  typed: { [ACTIONS.dealDone]: (value, word) => `${word} T${value}` },
});

/** In the order of the help card. */
export const dealCommands: ModuleCommands = {
  commands: [deal, advance, evidence, kp, health, ask, answer, promise, done],
  // The stall analysis is a form only: its value is the analysis task, which no command names.
  buttonsOnly: [ACTIONS.dealStall, ACTIONS.dealNew],
};
