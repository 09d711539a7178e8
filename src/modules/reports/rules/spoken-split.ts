// F28 / issue 24 item 6: a spoken visit summary split into the three kinds seed 002 names — 客户明确异议
// (customer objections), 承诺时间节点 (promised dates), 新增决策人 (new decision makers) — to be offered as
// ticks. Pure: phrase lists and date reading with the clock passed in; the text is bounded before it is read.
import { DateTime } from 'luxon';
import type { DealRules } from '../../deals/rules/deal-rules.ts';
import { scanRisks } from '../../deals/rules/risk-scan.ts';

export type SpokenKind = 'objection' | 'date' | 'decider';

export interface SpokenItem {
  kind: SpokenKind;
  /** The sentence as said (cut to MAX_ITEM_TEXT). */
  text: string;
  /** For a promised date: the day it falls on (`YYYY-MM-DD`, the org's zone). */
  due?: string;
}

/** The most read of a transcript, the most items offered, and the longest sentence kept. */
export const MAX_SPOKEN_TEXT = 4000;
export const MAX_ITEMS = 12;
export const MAX_ITEM_TEXT = 120;

const OBJECTION = [
  '太贵',
  '价格高',
  '价格太高',
  '贵了',
  '担心',
  '顾虑',
  '不满意',
  '不认可',
  '不同意',
  '异议',
  '质疑',
  '犹豫',
  '觉得不',
  'too expensive',
  'worried',
  'concern',
  'objection',
  'not convinced',
  'pushed back',
];
const PROMISE = [
  '答应',
  '承诺',
  '保证',
  '约定',
  '说好',
  '会在',
  '之前',
  '以前',
  '前给',
  '前回复',
  '前确认',
  'promised',
  'agreed to',
  'will send',
  'will reply',
  'will decide',
  'by ',
];
const NEW_PERSON = [
  '新来的',
  '新上任',
  '新任',
  '新增',
  '新加入',
  '换成',
  '接手',
  '引入',
  '加入评审',
  '也要参与',
  '参与决策',
  'new ',
  'joined',
  'taking over',
  'brought in',
  'now involved',
];
const ROLE = [
  '总',
  '经理',
  '主任',
  '总监',
  '院长',
  '校长',
  '处长',
  '科长',
  '采购',
  '负责人',
  '决策人',
  '老板',
  '主管',
  '局长',
  'director',
  'manager',
  'head of',
  'cfo',
  'ceo',
  'cto',
  'vp',
  'procurement',
  'decision maker',
  'boss',
];

const WEEKDAYS_ZH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const WEEKDAYS_EN = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const has = (lower: string, words: readonly string[]) => words.some((w) => lower.includes(w));

/** The day a sentence names, relative to `now` in `zone`: 明天/后天, (下)周X, X月X日/号, 2026-12-15, tomorrow, (next) Friday. */
export function dateIn(sentence: string, now: number, zone: string): string | null {
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  const s = sentence.normalize('NFKC').toLowerCase();
  const iso = /(20\d\d)-(\d{1,2})-(\d{1,2})/.exec(s);
  if (iso !== null)
    return day(DateTime.fromObject({ year: +iso[1]!, month: +iso[2]!, day: +iso[3]! }, { zone }));
  const md = /(\d{1,2})月(\d{1,2})[日号]/.exec(s);
  if (md !== null) {
    let d = DateTime.fromObject({ year: today.year, month: +md[1]!, day: +md[2]! }, { zone });
    if (d.isValid && d < today) d = d.plus({ years: 1 });
    return day(d);
  }
  if (s.includes('后天')) return day(today.plus({ days: 2 }));
  if (s.includes('明天') || /\btomorrow\b/.test(s)) return day(today.plus({ days: 1 }));
  const zh = /(下下|下)?(?:周|星期|礼拜)([一二三四五六日天])/.exec(s);
  if (zh !== null)
    return day(weekday(today, WEEKDAYS_ZH[zh[2]!]!, zh[1] === '下下' ? 2 : zh[1] === '下' ? 1 : 0));
  if (s.includes('月底')) return day(today.endOf('month').startOf('day'));
  const en = new RegExp(`\\b(next )?(${WEEKDAYS_EN.join('|')})\\b`).exec(s);
  if (en !== null) return day(weekday(today, WEEKDAYS_EN.indexOf(en[2]!) + 1, en[1] === undefined ? 0 : 1));
  if (/\bnext week\b/.test(s) || s.includes('下周')) return day(weekday(today, 1, 1));
  return null;
}

/** Weekday `wd` (1 Monday … 7 Sunday) of this week (`weeks` 0; the next one if it is past) or of a later week. */
function weekday(today: DateTime, wd: number, weeks: number): DateTime {
  const d = today.plus({ weeks }).set({ weekday: wd as 1 });
  return weeks === 0 && d < today ? d.plus({ weeks: 1 }) : d;
}

const day = (d: DateTime): string | null => (d.isValid ? d.toFormat('yyyy-MM-dd') : null);

/**
 * The items of a spoken summary, in the order said. A sentence may be of more than one kind (a new director who
 * doubts the price). An objection is a sentence with an objection word or a risk phrase (F16's dictionary); a
 * promised date, a promise word and a day; a new decision maker, a "new" word and a role.
 */
export function splitSpoken(
  text: string,
  now: number,
  zone: string,
  rules: Pick<DealRules, 'riskSignals' | 'negations'>,
): SpokenItem[] {
  const bounded = text.slice(0, MAX_SPOKEN_TEXT);
  const out: SpokenItem[] = [];
  for (const raw of bounded.split(/(?<=[。！？!?；;，,\n])|(?<=[.]\s)/u)) {
    const sentence = raw.trim().replace(/[。！？!?；;，,.]+$/u, '');
    if (sentence === '') continue;
    const lower = sentence.normalize('NFKC').toLowerCase();
    const said = sentence.slice(0, MAX_ITEM_TEXT);
    if (has(lower, OBJECTION) || scanRisks(sentence, rules).length > 0)
      out.push({ kind: 'objection', text: said });
    const due = has(lower, PROMISE) ? dateIn(sentence, now, zone) : null;
    if (due !== null) out.push({ kind: 'date', text: said, due });
    if (has(lower, NEW_PERSON) && has(lower, ROLE)) out.push({ kind: 'decider', text: said });
    if (out.length >= MAX_ITEMS) break;
  }
  return out.slice(0, MAX_ITEMS);
}
