// The one command language (DESIGN.md, "One command language"), parsed once for every messenger: Slack's
// slash-command text, WeCom/DingTalk/playground plain text, in English or Chinese.
import type { GeoPoint } from '../kernel/geo.ts';
import type { TouchKind } from '../kernel/types.ts';
import { parseChartCommand, type ChartCommand } from '../modules/analytics/chat/parse-chart-command.ts';

export type Command =
  | { verb: 'help' }
  | { verb: 'new' }
  | { verb: 'market'; tag: string | null }
  | { verb: 'claim'; leadId: number }
  | { verb: 'pass'; leadId: number }
  | { verb: 'mine' }
  | { verb: 'why'; leadId: number }
  /** `at`: HH:mm today, when the visit or call happened earlier than it is logged. */
  | { verb: 'touch'; leadId: number; kind: TouchKind; note: string; at?: string }
  | { verb: 'release'; leadId: number; note: string }
  | { verb: 'board' }
  | FeedbackCommand
  // F39: a manager tries a candidate rules file from the rules folder.
  | { verb: 'whatif'; file: string | null }
  | ReportCommand
  | DealCommand
  | ChartCommand
  | {
      verb: 'invalid';
      problem:
        | 'UNKNOWN'
        | 'MISSING_ID'
        | 'BAD_TOUCH_KIND'
        | 'MISSING_DEAL_ID'
        | 'BAD_AMOUNT'
        | 'BAD_HEALTH'
        | 'BAD_PERIOD'
        | 'BAD_TARGET';
      word: string;
    };

/**
 * The daily report (F28): `report` opens it, `report 1 2 4 SUMMARY` ticks key actions and/or sets the summary,
 * `report submit`, `report confirm`; `checkin LEAD [LAT,LNG] [wgs84]` checks in at a customer.
 */
export type ReportCommand =
  | { verb: 'report'; action: 'open' | 'submit' | 'confirm' }
  | { verb: 'report'; action: 'fill'; ticks: number[]; summary: string }
  | { verb: 'checkin'; leadId: number; place: GeoPoint | null };
/** Performance feedback (F22–F26): acknowledge a KBI warning (what its button does), my indicators and points. */
export type FeedbackCommand =
  | { verb: 'ack'; warningId: number }
  | { verb: 'kbi' }
  // F24: `team board` / `团队看板` — targets against pace (`board` alone stays the claim board).
  | { verb: 'teamBoard' }
  // F26: `team forecast` / `预测`; F25: `team plan TARGET [quarter] [pipeline]` / `规划 目标 [季度]`.
  | { verb: 'forecast' }
  | { verb: 'plan'; amount: number; period: 'month' | 'quarter'; pipeline: string | null };

/** Deal commands (F10–F15): `deal`, `deal ID`, `deal new LEAD AMOUNT`, `advance ID [STAGE] [reason]`, `evidence ID TYPE TEXT`. */
export type DealCommand =
  | { verb: 'deals' }
  | { verb: 'deal'; dealId: number }
  | { verb: 'dealNew'; leadId: number; amount: number; pipeline: string | null; expectedClose: string | null }
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

const VERBS: Record<string, Exclude<Command['verb'], 'invalid' | 'dealNew' | 'chart' | 'teamBoard'>> = {
  help: 'help',
  '?': 'help',
  帮助: 'help',
  new: 'new',
  新线索: 'new',
  market: 'market',
  集市: 'market',
  线索集市: 'market',
  claim: 'claim',
  领取: 'claim',
  pass: 'pass',
  放弃: 'pass',
  mine: 'mine',
  我的线索: 'mine',
  我的: 'mine',
  why: 'why',
  为什么: 'why',
  touch: 'touch',
  跟进: 'touch',
  release: 'release',
  释放: 'release',
  board: 'board',
  看板: 'board',
  领取榜: 'board',
  deal: 'deal',
  deals: 'deals',
  商机: 'deal',
  我的商机: 'deals',
  转商机: 'deal',
  advance: 'advance',
  推进: 'advance',
  evidence: 'evidence',
  证据: 'evidence',
  ask: 'ask',
  协作: 'ask',
  answer: 'answer',
  答复: 'answer',
  kp: 'kp',
  keyperson: 'kp',
  关键人: 'kp',
  health: 'health',
  健康度: 'health',
  done: 'done',
  完成: 'done',
  promise: 'promise',
  承诺: 'promise',
  ack: 'ack',
  acknowledge: 'ack',
  知悉: 'ack',
  已知悉: 'ack',
  kbi: 'kbi',
  forecast: 'forecast',
  预测: 'forecast',
  销售预测: 'forecast',
  plan: 'plan',
  规划: 'plan',
  我的指标: 'kbi',
  指标: 'kbi',
  whatif: 'whatif',
  report: 'report',
  日报: 'report',
  checkin: 'checkin',
  签到: 'checkin',
  打卡: 'checkin',
  规则预演: 'whatif',
  预演: 'whatif',
};

const HEALTH_WORDS: Record<string, 'green' | 'yellow' | 'red'> = {
  green: 'green',
  绿: 'green',
  绿色: 'green',
  yellow: 'yellow',
  黄: 'yellow',
  黄色: 'yellow',
  red: 'red',
  红: 'red',
  红色: 'red',
};
const LEFT_WORDS = new Set(['left', '离职', '调岗', '离开']);

const TEAM_BOARD = new Set(['board', '看板']);
const QUARTER_WORDS = new Set(['quarter', 'q', '季度', '本季度']);
const MONTH_WORDS = new Set(['month', '月', '本月']);

/** Words after `deal` that are verbs of their own (`deal advance D1` = `advance D1`). */
const DEAL_SUBVERBS = new Set([
  'promise',
  '承诺',
  'advance',
  '推进',
  'evidence',
  '证据',
  'ask',
  '协作',
  'kp',
  '关键人',
  'health',
  '健康度',
]);

/** `D12`, `d12`, `#12`, `12` → 12. */
function dealId(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^(?:[dD][-#]?|[#＃])?(\d+)$/.exec(word.normalize('NFKC'));
  return m === null ? null : Number(m[1]);
}

/** `300000`, `300,000`, `¥30万`, `30w`, `1.2亿`, `300k` → yuan; null when it is not an amount. */
export function parseAmount(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^[¥￥]?(\d+(?:,\d{3})*(?:\.\d+)?)(万|w|W|亿|k|K|元)?$/.exec(word.normalize('NFKC').trim());
  if (m === null) return null;
  const n = Number((m[1] as string).replace(/,/g, ''));
  const unit = m[2] ?? '';
  const factor =
    unit === '万' || unit === 'w' || unit === 'W'
      ? 10_000
      : unit === '亿'
        ? 100_000_000
        : unit === 'k' || unit === 'K'
          ? 1000
          : 1;
  const amount = Math.round(n * factor);
  return amount > 0 ? amount : null;
}

const TOUCH_KINDS: Record<string, TouchKind> = {
  call: 'call',
  电话: 'call',
  visit: 'visit',
  拜访: 'visit',
  message: 'message',
  msg: 'message',
  消息: 'message',
};

/** `123`, `#123`, `＃123` → 123. */
function leadId(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^[#＃]?(\d+)$/.exec(word.normalize('NFKC'));
  return m === null ? null : Number(m[1]);
}

export function parseCommand(text: string): Command {
  // Full-width spaces and a leading slash or mention are common when typing on a phone.
  const words = text.normalize('NFKC').trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  if (words[0]?.toLowerCase() === 'lead' || words[0] === '线索') words.shift();
  // `team board` / `团队 看板` / `团队看板` is the target board; any other `team X` is `X` (`/team funnel`).
  if (words[0] === '团队看板') return { verb: 'teamBoard' };
  if (words[0]?.toLowerCase() === 'team' || words[0] === '团队') {
    if (TEAM_BOARD.has(words[1]?.toLowerCase() ?? '')) return { verb: 'teamBoard' };
    if (words.length > 1) words.shift();
  }
  if (
    (words[0]?.toLowerCase() === 'deal' || words[0] === '商机') &&
    DEAL_SUBVERBS.has(words[1]?.toLowerCase() ?? '')
  )
    words.shift();
  const first = words[0];
  if (first === undefined) return { verb: 'help' };
  // Charts (issue 11): their own grammar, in parse-chart-command.ts.
  const chart = parseChartCommand(words);
  if (chart !== null) return 'problem' in chart ? { verb: 'invalid', ...chart } : chart;
  const verb = VERBS[first.toLowerCase()];
  if (verb === undefined) return { verb: 'invalid', problem: 'UNKNOWN', word: first };
  const rest = words.slice(1);
  switch (verb) {
    case 'help':
    case 'new':
    case 'mine':
    case 'board':
    case 'deals':
    case 'kbi':
    case 'forecast':
      return { verb };
    case 'plan': {
      const amount = parseAmount(rest[0]);
      if (amount === null) return { verb: 'invalid', problem: 'BAD_TARGET', word: first };
      const extra = rest.slice(1);
      const quarter = extra.find((w) => QUARTER_WORDS.has(w.toLowerCase()));
      const pipeline = extra.find((w) => w !== quarter && !MONTH_WORDS.has(w.toLowerCase())) ?? null;
      return { verb, amount, period: quarter === undefined ? 'month' : 'quarter', pipeline };
    }
    case 'ack': {
      const m = /^[wW#＃]?(\d+)$/.exec((rest[0] ?? '').normalize('NFKC'));
      return m === null
        ? { verb: 'invalid', problem: 'MISSING_ID', word: first }
        : { verb, warningId: Number(m[1]) };
    }
    case 'deal':
      return parseDeal(first, rest);
    case 'advance': {
      const id = dealId(rest[0]);
      if (id === null) return { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: first };
      return { verb, dealId: id, target: rest[1] ?? null, reason: rest.slice(2).join(' ') };
    }
    case 'ask': {
      // `ask @someone D12 what`; the deal may also come first (`ask D12 @someone what`).
      const [a, b] = rest;
      const idFirst = dealId(a);
      const id = idFirst ?? dealId(b);
      const who = idFirst === null ? a : b;
      if (id === null || who === undefined)
        return { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: first };
      return { verb, who, dealId: id, text: rest.slice(2).join(' ') };
    }
    case 'answer': {
      const m = /^[rR#＃]?(\d+)$/.exec((rest[0] ?? '').normalize('NFKC'));
      if (m === null) return { verb: 'invalid', problem: 'MISSING_ID', word: first };
      return { verb, taskId: Number(m[1]), text: rest.slice(1).join(' ') };
    }
    case 'kp': {
      const id = dealId(rest[0]);
      const name = rest[1];
      if (id === null || name === undefined)
        return { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: first };
      if (LEFT_WORDS.has((rest[2] ?? '').toLowerCase()))
        return { verb, dealId: id, name, title: null, influence: null, concern: '', left: true };
      const weight = /^(\d{1,3})%?$/.exec(rest[3] ?? '');
      return {
        verb,
        dealId: id,
        name,
        title: rest[2] ?? null,
        influence: weight === null ? null : Number(weight[1]),
        concern: rest.slice(weight === null ? 3 : 4).join(' '),
        left: false,
      };
    }
    case 'done': {
      const m = /^[tT#＃]?(\d+)$/.exec((rest[0] ?? '').normalize('NFKC'));
      return m === null
        ? { verb: 'invalid', problem: 'MISSING_ID', word: first }
        : { verb, taskId: Number(m[1]) };
    }
    case 'promise': {
      const id = dealId(rest[0]);
      if (id === null) return { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: first };
      return { verb, dealId: id, text: rest.slice(1).join(' ') };
    }
    case 'health': {
      const id = dealId(rest[0]);
      if (id === null) return { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: first };
      const health = HEALTH_WORDS[(rest[1] ?? '').toLowerCase()];
      if (health === undefined) return { verb: 'invalid', problem: 'BAD_HEALTH', word: first };
      return { verb, dealId: id, health, evidence: rest.slice(2).join(' ') };
    }
    case 'evidence': {
      const id = dealId(rest[0]);
      if (id === null) return { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: first };
      return { verb, dealId: id, type: rest[1] ?? null, text: rest.slice(2).join(' ') };
    }
    case 'market':
      return { verb, tag: rest.length > 0 ? rest.join(' ') : null };
    case 'claim':
    case 'pass':
    case 'why': {
      const id = leadId(rest[0]);
      return id === null ? { verb: 'invalid', problem: 'MISSING_ID', word: first } : { verb, leadId: id };
    }
    case 'release': {
      const id = leadId(rest[0]);
      return id === null
        ? { verb: 'invalid', problem: 'MISSING_ID', word: first }
        : { verb, leadId: id, note: rest.slice(1).join(' ') };
    }
    case 'whatif':
      return { verb, file: rest.length > 0 ? rest.join(' ') : null };
    case 'report':
      return parseReport(rest);
    case 'checkin': {
      const id = leadId(rest[0]);
      if (id === null) return { verb: 'invalid', problem: 'MISSING_ID', word: first };
      return { verb, leadId: id, place: parsePlace(rest.slice(1)) };
    }
    case 'touch': {
      const id = leadId(rest[0]);
      if (id === null) return { verb: 'invalid', problem: 'MISSING_ID', word: first };
      const kind = TOUCH_KINDS[(rest[1] ?? '').toLowerCase()];
      if (kind === undefined) return { verb: 'invalid', problem: 'BAD_TOUCH_KIND', word: first };
      const time = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(rest[2] ?? '');
      if (time !== null)
        return {
          verb,
          leadId: id,
          kind,
          note: rest.slice(3).join(' '),
          at: `${time[1]!.padStart(2, '0')}:${time[2]}`,
        };
      return { verb, leadId: id, kind, note: rest.slice(2).join(' ') };
    }
  }
}

/** `deal` (my deals), `deal ID`, `deal new LEAD AMOUNT [pipeline]`, `转商机 LEAD AMOUNT [pipeline]`. */
function parseDeal(first: string, rest: string[]): Command {
  const isNew = first === '转商机' || rest[0]?.toLowerCase() === 'new' || rest[0] === '新建';
  if (!isNew) {
    if (rest.length === 0) return { verb: 'deals' };
    const id = dealId(rest[0]);
    return id === null
      ? { verb: 'invalid', problem: 'MISSING_DEAL_ID', word: first }
      : { verb: 'deal', dealId: id };
  }
  const args = first === '转商机' ? rest : rest.slice(1);
  const word = first === '转商机' ? first : `${first} ${rest[0] ?? ''}`;
  const id = leadId(args[0]);
  if (id === null) return { verb: 'invalid', problem: 'MISSING_ID', word };
  const amount = parseAmount(args[1]);
  if (amount === null) return { verb: 'invalid', problem: 'BAD_AMOUNT', word };
  // After the amount, in any order: a pipeline id and the expected close date (2026-12-31).
  const extra = args.slice(2);
  const close = extra.find((w) => /^\d{4}-\d{2}-\d{2}$/.test(w)) ?? null;
  const pipeline = extra.find((w) => w !== close) ?? null;
  return { verb: 'dealNew', leadId: id, amount, pipeline, expectedClose: close };
}

const SUBMIT_WORDS = new Set(['submit', 'send', '提交', '发送']);
const CONFIRM_WORDS = new Set(['confirm', 'ok', '确认', '无误']);

/** `report`, `report submit`, `report confirm`, `report 1 2 4 SUMMARY` (also `1,2,4` or `1、2、4`). */
function parseReport(rest: string[]): Command {
  if (rest.length === 0) return { verb: 'report', action: 'open' };
  const head = (rest[0] ?? '').toLowerCase();
  if (rest.length === 1 && SUBMIT_WORDS.has(head)) return { verb: 'report', action: 'submit' };
  if (rest.length === 1 && CONFIRM_WORDS.has(head)) return { verb: 'report', action: 'confirm' };
  const ticks: number[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const parts = (rest[i] as string).split(/[,、，]/).filter(Boolean);
    if (parts.length === 0 || !parts.every((p) => /^\d{1,2}$/.test(p))) break;
    ticks.push(...parts.map(Number));
  }
  return { verb: 'report', action: 'fill', ticks, summary: rest.slice(i).join(' ') };
}

/** `31.2304,121.4737` or `31.2304 121.4737`, then optionally `wgs84` (a GPS reading); map coordinates are GCJ-02. */
function parsePlace(words: string[]): GeoPoint | null {
  const text = words.join(' ');
  const m = /^(-?\d{1,2}(?:\.\d+)?)\s*[, ]\s*(-?\d{1,3}(?:\.\d+)?)(?:\s+(wgs84|gps|gcj02|bd09))?$/i.exec(
    text.trim(),
  );
  if (m === null) return null;
  const datumWord = (m[3] ?? 'gcj02').toLowerCase();
  const datum =
    datumWord === 'wgs84' || datumWord === 'gps' ? 'WGS84' : datumWord === 'bd09' ? 'BD09' : 'GCJ02';
  return { lat: Number(m[1]), lng: Number(m[2]), datum };
}
