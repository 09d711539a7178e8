// User-facing words, in Chinese and English. Nothing user-facing is built elsewhere.
import { authenticityEn, authenticityZh } from './reports/i18n-authenticity.ts';
import { chatEn, chatZh } from './leads/i18n.ts';
import { dealsEn, dealsZh } from './deals/i18n.ts';
import { chartsEn, chartsZh } from './analytics/i18n.ts';
import { whatifEn, whatifZh } from './whatif/i18n.ts';
import { kbiEn, kbiZh } from './kbi/i18n.ts';
import { reportsEn, reportsZh } from './reports/i18n.ts';
import { mformsEn, mformsZh } from './forms/i18n.ts';
export type Locale = 'zh-CN' | 'en';

type Dict = Record<string, string>;

const en: Dict = {
  'skip.INACTIVE': 'inactive',
  'skip.OUT_OF_OFFICE': 'out of office',
  'skip.AT_CAPACITY': 'at capacity',
  'skip.EXCLUDED_BY_RULE': 'kept away by rule {rule}',
  'skip.COOLDOWN': 'gave this lead up recently (cooldown until {until})',
  'skip.NOT_A_ROUTED_ROLE': 'role {role} does not receive leads',
  'why.offered': 'Routed to {name}: {reasons}.',
  'why.pool': 'Sent to the pool: {reason}.',
  'why.pool.NO_ELIGIBLE_REP': 'no rep could take it',
  'why.pool.NO_REPS': 'no reps are set up yet (import an org file)',
  'why.reason.skill': 'skill {skills} matched',
  'why.reason.noskill': 'no skill matched (tags are a preference, not a filter)',
  'why.reason.load': 'load {open}/{capacity}',
  'why.reason.turn': 'round-robin turn',
  'why.reason.winRate': '30-day win rate {rate}',
  'why.reason.tie.TIE_BROKEN_BY_TURN': 'tied on score, longest since their last lead',
  'why.reason.tie.TIE_BROKEN_BY_ID': 'tied on score and turn, first by id',
  'why.reason.total': 'score {total}',
  'why.runnerUp': '{name} scored {total}',
  'why.skipped': '{name} skipped: {reason}',
  'why.header': 'Lead #{id} {company} — score {score} ({parts}), status {status}{owner}',
  'why.urgent': 'URGENT: {reason}',
  'urgent.TRIAL_ENDING': 'trial ends within 48 h',
  'urgent.COMPETITOR_COMPARISON': 'comparing us with a competitor',
  'status.offered': 'offered',
  'status.owned': 'claimed',
  'status.pool': 'in the pool',
  'status.won': 'won',
  'status.lost': 'lost',
  'status.merged': 'merged',
  'score.industry': 'industry {points}',
  'score.budget': 'budget {detail} {points}',
  'score.contactFrequency': 'contact frequency {points}',
  'score.completeness': 'completeness {points}',
  'history.header': 'History:',
};

const zh: Dict = {
  'skip.INACTIVE': '已停用',
  'skip.OUT_OF_OFFICE': '外出/休假中',
  'skip.AT_CAPACITY': '名下线索已满',
  'skip.EXCLUDED_BY_RULE': '被规则 {rule} 排除',
  'skip.COOLDOWN': '近期放弃过该线索(冷却至 {until})',
  'skip.NOT_A_ROUTED_ROLE': '角色 {role} 不参与分配',
  'why.offered': '已分配给 {name}:{reasons}。',
  'why.pool': '已进入线索池:{reason}。',
  'why.pool.NO_ELIGIBLE_REP': '没有可接单的销售',
  'why.pool.NO_REPS': '尚未配置销售(请先导入组织文件)',
  'why.reason.skill': '技能标签 {skills} 匹配',
  'why.reason.noskill': '无技能标签匹配(标签只是偏好,不是过滤条件)',
  'why.reason.load': '负载 {open}/{capacity}',
  'why.reason.turn': '轮到其接单',
  'why.reason.winRate': '近30天赢单率 {rate}',
  'why.reason.tie.TIE_BROKEN_BY_TURN': '得分相同,距上次分配最久者优先',
  'why.reason.tie.TIE_BROKEN_BY_ID': '得分与轮次均相同,按编号先后',
  'why.reason.total': '综合得分 {total}',
  'why.runnerUp': '{name} 得分 {total}',
  'why.skipped': '{name} 被跳过:{reason}',
  'why.header': '线索 #{id} {company} — 评分 {score}({parts}),状态:{status}{owner}',
  'why.urgent': '紧急:{reason}',
  'urgent.TRIAL_ENDING': '试用期 48 小时内到期',
  'urgent.COMPETITOR_COMPARISON': '客户正在与竞品对比',
  'status.offered': '待领取',
  'status.owned': '已领取',
  'status.pool': '在线索池中',
  'status.won': '已成交',
  'status.lost': '已丢单',
  'status.merged': '已合并',
  'score.industry': '行业 {points}',
  'score.budget': '预算 {detail} {points}',
  'score.contactFrequency': '联系频次 {points}',
  'score.completeness': '完整度 {points}',
  'history.header': '历史记录:',
};

const catalogs: Record<Locale, Dict> = {
  en: {
    ...en,
    ...chatEn,
    ...dealsEn,
    ...authenticityEn,
    ...chartsEn,
    ...whatifEn,
    ...kbiEn,
    ...reportsEn,
    ...mformsEn,
  },
  'zh-CN': {
    ...zh,
    ...chatZh,
    ...dealsZh,
    ...authenticityZh,
    ...chartsZh,
    ...whatifZh,
    ...kbiZh,
    ...reportsZh,
    ...mformsZh,
  },
};

export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function localeOf(value: string | null | undefined, fallback: Locale): Locale {
  return value === 'en' || value === 'zh-CN' ? value : fallback;
}
