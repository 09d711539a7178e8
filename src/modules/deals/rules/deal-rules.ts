// The deal half of the rules file (F10–F20): pipelines per business type, the working-day calendar, stall
// limits and the risk-signal dictionary, with the brief's defaults.
import { DEFAULT_CALENDAR, type WorkCalendar } from '../../../kernel/calendar.ts';
import type { JourneyNode, JourneyTargets } from '../../analytics/rules/journey.ts';

export type EvidenceKind = 'note' | 'link' | 'photo' | 'file';

/** One piece of evidence a stage asks for before a deal may leave it (F11). */
export interface EvidenceRequirement {
  id: string;
  /** What the rep sees, in the rules file's words (Chinese), with an optional English label. */
  label: string;
  labelEn?: string;
  kind: EvidenceKind;
  /** How many items of it (e.g. 3 competitor tables). */
  count: number;
  /** For files: the name must carry the customer, a date and a version (F12). */
  namedFile?: boolean;
  /** For files: a PDF with at least this many pages. */
  minPages?: number;
}

export interface Stage {
  id: string;
  name: string;
  nameEn?: string;
  /** Working days a deal may stay before a stall alert (F15). */
  limitDays: number;
  /** Default chance of winning from this stage (F26 learns better ones from history). */
  probability: number;
  evidence: EvidenceRequirement[];
  /** The next-action checklist a stalled rep gets. */
  checklist: string[];
  /** Follow-up SOP (F19): actions that become tasks, each due this many hours after the stage is entered. */
  sop: SopAction[];
}

export interface SopAction {
  id: string;
  action: string;
  actionEn?: string;
  hours: number;
}

export interface Pipeline {
  id: string;
  name: string;
  nameEn?: string;
  stages: Stage[];
  /** F32: which stage stands for each key node of the customer's journey (a node left out is not asked). */
  journey?: Partial<Record<JourneyNode, string>>;
}

export interface RiskSignal {
  id: string;
  /** Phrases that signal it, Chinese and English; matched as substrings (Chinese has no spaces). */
  phrases: string[];
  /** What the rep might do about it. */
  response: string;
  responseEn?: string;
}

export interface DealRules {
  /** Yearly value thresholds in yuan: A above `a`, B above `b`, else C (F24). */
  tiers: { a: number; b: number };
  defaultPipeline: string;
  pipelines: Pipeline[];
  calendar: WorkCalendar;
  stall: {
    /** Hours after a stall alert before an unfiled analysis goes to the manager. */
    analysisEscalateHours: number;
  };
  /** Cross-team requests (F18): answer within `slaHours`, a reminder `remindBeforeHours` before. */
  requests: {
    slaHours: number;
    remindBeforeHours: number;
    /** What the rep may tell the customer meanwhile. */
    holdingMessage: string;
    holdingMessageEn: string;
  };
  /** Customer health (F17): yellow when no key person has been in touch for this many days. */
  health: { silentDays: number };
  /** Hand-over (F20): at signing the sheet goes to these roles, each acknowledging within `ackHours`. */
  handover: { roles: string[]; ackHours: number };
  /** Words that cancel a risk phrase when they come right before it (不需要法务). */
  negations: string[];
  riskSignals: RiskSignal[];
  /** F32: the team figures a weekly note compares against (shares 0–1). */
  journeyTargets: JourneyTargets;
  /**
   * F30–F33: the weekly manager digest (funnel, dwell heat map, radar overview, last week's journey, the target
   * board) on `weekday` (ISO: 1 = Monday) at `at` in the org's timezone.
   */
  weeklyDigest: { enabled: boolean; weekday: number; at: string };
}

const ev = (
  id: string,
  label: string,
  labelEn: string,
  kind: EvidenceKind,
  extra: Partial<EvidenceRequirement> = {},
): EvidenceRequirement => ({ id, label, labelEn, kind, count: 1, ...extra });

const sop = (id: string, action: string, actionEn: string, hours: number): SopAction => ({
  id,
  action,
  actionEn,
  hours,
});
const FIRST_CONTACT = sop(
  'firstContact',
  '电话回访 + 需求问卷发送',
  'Call back and send the needs questionnaire',
  2,
);
const NEEDS_CONFIRMED = sop(
  'needsConfirmed',
  '预约演示 + 方案初稿提交',
  'Book a demo and send a first proposal',
  24,
);
const PROPOSAL_FEEDBACK = sop(
  'proposalFeedback',
  '修改反馈收集 + 报价单生成',
  'Collect feedback on the proposal and prepare the quote',
  48,
);
const CONTRACT_PUSH = sop(
  'contractPush',
  '合同准备 + 法务审核协调',
  'Prepare the contract and line up legal review',
  72,
);

const B2B: Pipeline = {
  id: 'b2b',
  name: 'B2B设备销售',
  nameEn: 'B2B equipment',
  journey: { needs: 'diagnose', demo: 'compare', negotiation: 'negotiate', contract: 'signed' },
  stages: [
    {
      id: 'diagnose',
      name: '需求诊断',
      nameEn: 'Needs diagnosis',
      limitDays: 7,
      probability: 0.1,
      evidence: [
        ev('painPoints', '客户痛点清单', 'List of customer pain points', 'note'),
        ev('sitePhoto', '现场照片', 'Site photo', 'photo'),
      ],
      checklist: ['确认预算、决策人、使用场景三项信息', '约定下一次见面或演示时间'],
      sop: [FIRST_CONTACT, NEEDS_CONFIRMED],
    },
    {
      id: 'compare',
      name: '方案比对',
      nameEn: 'Solution comparison',
      limitDays: 5,
      probability: 0.25,
      evidence: [
        ev('competitorTables', '竞品参数表（3家）', 'Competitor parameter tables (3)', 'file', { count: 3 }),
        ev('advantages', '我方优势标注', 'Our advantages, marked', 'note'),
      ],
      checklist: ['确认客户是否已提交内部立项', '补齐竞品参数对比并标注我方优势', '约技术负责人做一次答疑'],
      sop: [PROPOSAL_FEEDBACK],
    },
    {
      id: 'decisionChain',
      name: '决策链穿透',
      nameEn: 'Decision chain mapped',
      limitDays: 7,
      probability: 0.4,
      evidence: [ev('meetingNotes', '关键人会议纪要', 'Notes of a meeting with a key person', 'note')],
      checklist: ['补全关键人姓名/职级/关注点/影响权重', '确认采购流程与审批节点'],
      sop: [],
    },
    {
      id: 'quote',
      name: '报价',
      nameEn: 'Quote',
      limitDays: 7,
      probability: 0.6,
      evidence: [
        ev(
          'quote',
          '报价单（文件名含客户+日期+版本）',
          'Quote (file name with customer, date, version)',
          'file',
          {
            namedFile: true,
          },
        ),
      ],
      checklist: ['确认报价已被关键人阅读', '准备价格异议的应对方案'],
      sop: [],
    },
    {
      id: 'negotiate',
      name: '合同谈判',
      nameEn: 'Contract negotiation',
      limitDays: 7,
      probability: 0.8,
      evidence: [
        ev('contractDraft', '合同草案（≥2页）', 'Contract draft (≥ 2 pages)', 'file', {
          namedFile: true,
          minPages: 2,
        }),
      ],
      checklist: ['协调法务审核', '确认付款方式与交付日期'],
      sop: [CONTRACT_PUSH],
    },
    {
      id: 'signed',
      name: '签约',
      nameEn: 'Signed',
      limitDays: 7,
      probability: 1,
      evidence: [ev('signedConfirmation', '客户签字确认函', 'Signed confirmation from the customer', 'file')],
      checklist: ['生成交付交接单', '通知交付与财务'],
      sop: [],
    },
  ],
};

const RETAIL: Pipeline = {
  id: 'retail',
  name: '门店零售',
  nameEn: 'Store retail',
  journey: { needs: 'register', poc: 'tryOut', contract: 'purchase' },
  stages: [
    {
      id: 'register',
      name: '进店登记',
      nameEn: 'Walk-in registered',
      limitDays: 2,
      probability: 0.1,
      evidence: [ev('needTags', '需求标签', 'Need tags', 'note')],
      checklist: ['记录客户需求标签', '加客户企业微信'],
      sop: [FIRST_CONTACT],
    },
    {
      id: 'tryOut',
      name: '试穿/体验',
      nameEn: 'Tried in store',
      limitDays: 3,
      probability: 0.35,
      evidence: [ev('tryPhoto', '试穿/体验照片', 'Photo of the try-out', 'photo')],
      checklist: ['发送体验后的搭配/产品建议'],
      sop: [],
    },
    {
      id: 'followUp',
      name: '离店跟进',
      nameEn: 'Follow-up after the visit',
      limitDays: 3,
      probability: 0.55,
      evidence: [ev('followUpNote', '跟进记录', 'Follow-up notes', 'note')],
      checklist: ['离店48小时内回访', '推送到店优惠'],
      sop: [sop('visitFollowUp', '离店48小时内回访', 'Call back within 48 h of the visit', 48)],
    },
    {
      id: 'purchase',
      name: '成交',
      nameEn: 'Purchase',
      limitDays: 5,
      probability: 1,
      evidence: [ev('receipt', '小票/订单截图', 'Receipt or order screenshot', 'photo')],
      checklist: ['邀请评价', '登记复购提醒'],
      sop: [],
    },
  ],
};

const EDUCATION: Pipeline = {
  id: 'education',
  name: '教育服务',
  nameEn: 'Education services',
  journey: { needs: 'assessment', demo: 'caseMatch', poc: 'trialLesson', contract: 'enrolled' },
  stages: [
    {
      id: 'assessment',
      name: '学情诊断',
      nameEn: 'Learning assessment',
      limitDays: 5,
      probability: 0.15,
      evidence: [ev('assessmentReport', '学情诊断报告', 'Assessment report', 'file')],
      checklist: ['与家长确认孩子的目标与顾虑'],
      sop: [FIRST_CONTACT, NEEDS_CONFIRMED],
    },
    {
      id: 'caseMatch',
      name: '成功案例匹配',
      nameEn: 'Matching success stories',
      limitDays: 5,
      probability: 0.3,
      evidence: [ev('cases', '匹配的成功案例', 'Matched success stories', 'note')],
      checklist: ['发送2个相似学员的成功案例'],
      sop: [],
    },
    {
      id: 'teachers',
      name: '师资公示',
      nameEn: 'Teachers presented',
      limitDays: 5,
      probability: 0.45,
      evidence: [ev('teacherProfiles', '师资履历', 'Teacher profiles', 'link')],
      checklist: ['安排试听老师'],
      sop: [],
    },
    {
      id: 'trialLesson',
      name: '试听跟踪',
      nameEn: 'Trial lesson follow-up',
      limitDays: 5,
      probability: 0.65,
      evidence: [ev('trialFeedback', '试听效果反馈', 'Trial lesson feedback', 'note')],
      checklist: ['试听后24小时内回访家长'],
      sop: [
        sop('trialCall', '试听后24小时内回访家长', 'Call the parents within 24 h of the trial lesson', 24),
      ],
    },
    {
      id: 'enrolled',
      name: '报名签约',
      nameEn: 'Enrolled',
      limitDays: 5,
      probability: 1,
      evidence: [ev('enrolment', '报名确认', 'Enrolment confirmation', 'file')],
      checklist: ['生成服务交接单'],
      sop: [],
    },
  ],
};

const LOCAL: Pipeline = {
  id: 'local',
  name: '本地生活服务',
  nameEn: 'Local services',
  journey: { needs: 'confirmed', contract: 'booked' },
  stages: [
    {
      id: 'booked',
      name: '预约锁定',
      nameEn: 'Time slot booked',
      limitDays: 2,
      probability: 0.3,
      evidence: [ev('booking', '预约时段', 'Booked time slot', 'note')],
      checklist: ['确认服务地址与时段'],
      sop: [FIRST_CONTACT],
    },
    {
      id: 'confirmed',
      name: '服务前确认',
      nameEn: 'Confirmed before service',
      limitDays: 2,
      probability: 0.6,
      evidence: [ev('confirmation', '服务前确认记录', 'Confirmation before the service', 'note')],
      checklist: ['服务前一天再次确认'],
      sop: [],
    },
    {
      id: 'serving',
      name: '履约拍照',
      nameEn: 'Service photographed',
      limitDays: 3,
      probability: 0.9,
      evidence: [ev('servicePhoto', '履约过程照片', 'Photo of the service', 'photo')],
      checklist: ['上传服务过程照片'],
      sop: [],
    },
    {
      id: 'reviewed',
      name: '评价邀约',
      nameEn: 'Review invited',
      limitDays: 2,
      probability: 1,
      evidence: [ev('reviewInvite', '交付后48小时评价邀约', 'Review invitation within 48 h', 'note')],
      checklist: ['交付后48小时内邀请评价'],
      sop: [sop('reviewInvite', '交付后48小时评价邀约', 'Invite a review within 48 h of the service', 48)],
    },
  ],
};

const risk = (id: string, phrases: string[], response: string, responseEn: string): RiskSignal => ({
  id,
  phrases,
  response,
  responseEn,
});

/** 21+ signal types from the brief's lost-deal review (001: "21类高频风险信号"). */
const RISK_SIGNALS: RiskSignal[] = [
  risk(
    'reconsider',
    ['再考虑', '考虑一下', 'think about it', 'reconsider'],
    '问清顾虑的具体点：价格、效果还是时机？约定下一次沟通时间。',
    'Ask what exactly they are weighing (price, results, timing) and agree on the next call.',
  ),
  risk(
    'reportUp',
    ['要汇报', '向领导汇报', '请示领导', 'report to my boss', 'check with my manager'],
    '主动提供一页汇报材料，争取与其上级直接沟通。',
    'Offer a one-page summary for their boss and ask to meet the boss.',
  ),
  risk(
    'priceCompare',
    ['比比价格', '比价', '货比三家', '别家便宜', 'compare prices', 'cheaper elsewhere'],
    '强调总体拥有成本与差异化价值，避免直接降价。',
    'Show total cost of ownership and what sets us apart; avoid a straight discount.',
  ),
  risk(
    'legal',
    ['法务', '律师审核', 'legal review', 'our lawyers'],
    '提前准备标准合同与常见条款说明，询问法务审核周期。',
    'Send the standard contract and clause notes early; ask how long legal review takes.',
  ),
  risk(
    'audit',
    ['审计', 'audit'],
    '准备合规材料与历史案例，确认审计节点。',
    'Prepare compliance papers and references; find out when the audit happens.',
  ),
  risk(
    'budgetFrozen',
    ['预算冻结', '预算暂停', '没有预算', 'budget freeze', 'budget frozen', 'no budget'],
    '确认冻结期限，探讨分期或先小范围试点。',
    'Find out how long the freeze lasts; propose instalments or a small pilot.',
  ),
  risk(
    'tender',
    ['招标', '公开采购', 'tender', 'rfp'],
    '尽早获取招标文件，参与需求编写，确认评分标准。',
    'Get the tender papers early, help shape the requirements, learn the scoring.',
  ),
  risk(
    'competitorIn',
    ['竞品', '其他供应商', '已经在用', 'competitor', 'another vendor'],
    '了解竞品方案细节，准备针对性对比表。',
    'Learn what the competitor offered and prepare a point-by-point comparison.',
  ),
  risk(
    'contactLeft',
    ['离职', '调岗', '换人负责', 'left the company', 'changed jobs'],
    '尽快建立与新对接人的关系，重新确认决策链。',
    'Meet the new contact soon and map the decision chain again.',
  ),
  risk(
    'delay',
    ['推迟', '延期', '往后放', 'postpone', 'push back'],
    '问清推迟原因与新时间点，保持节奏性联系。',
    'Ask why and until when; keep in touch on a steady rhythm.',
  ),
  risk(
    'notUrgent',
    ['不着急', '不急', 'no rush', 'not urgent'],
    '帮助客户量化拖延成本，建立紧迫感。',
    'Help them put a number on the cost of waiting.',
  ),
  risk(
    'discountPush',
    ['再便宜', '降价', '打折', 'discount', 'lower the price'],
    '以增值服务替代降价，确认价格之外的决策因素。',
    'Trade value-added services instead of price; find what else decides.',
  ),
  risk(
    'newReviewer',
    ['新评审', '评审委员会', '引入评审', 'new reviewer', 'committee'],
    '识别新评审方的关注点，补充相应材料。',
    'Find out what the new reviewers care about and send material for it.',
  ),
  risk(
    'techDoubt',
    ['技术疑虑', '能不能对接', '兼容', 'integration concern', 'compatible'],
    '安排售前做技术答疑或小范围验证。',
    'Bring presales in for a technical Q&A or a small proof.',
  ),
  risk(
    'noReply',
    ['不回复', '没回复', '失联', 'no reply', 'not responding'],
    '换一种联系方式或通过其他关键人触达。',
    'Try another channel or reach them through another key person.',
  ),
  risk(
    'procurement',
    ['采购流程', '走流程', '立项', 'procurement process', 'purchase order'],
    '确认采购流程各节点与时间，提前准备资质材料。',
    'Map each procurement step and date; prepare our credentials early.',
  ),
  risk(
    'paymentTerms',
    ['账期', '付款方式', '先货后款', 'payment terms', 'net 90'],
    '与财务确认可接受的账期方案。',
    'Agree acceptable payment terms with finance first.',
  ),
  risk(
    'scopeCreep',
    ['再加一个', '额外需求', '定制开发', 'custom development', 'additional requirement'],
    '评估变更影响，必要时请交付/售前确认。',
    'Weigh the change with delivery or presales before promising.',
  ),
  risk(
    'pilotFirst',
    ['先试用', '先试点', 'trial first', 'pilot first'],
    '设计有明确成功标准的试点，约定试点后的决策时间。',
    'Design a pilot with clear success criteria and a decision date.',
  ),
  risk(
    'reorganisation',
    ['组织调整', '重组', '架构调整', 'reorganisation', 'restructuring'],
    '确认新组织下的决策人与预算归属。',
    'Find the decision maker and budget owner after the change.',
  ),
  risk(
    'bossAbsent',
    ['领导出差', '老板不在', 'boss is away', 'out of office'],
    '约定领导回来后的具体沟通时间。',
    'Book a time for when the boss is back.',
  ),
  risk(
    'cancel',
    ['取消', '不做了', '不需要了', 'cancel', 'not needed anymore'],
    '立即通知主管，了解真实原因并争取挽回。',
    'Tell your manager now; find the real reason and try to win it back.',
  ),
];

export const DEFAULT_DEAL_RULES: DealRules = {
  tiers: { a: 500_000, b: 100_000 },
  defaultPipeline: 'b2b',
  pipelines: [B2B, RETAIL, EDUCATION, LOCAL],
  calendar: DEFAULT_CALENDAR,
  stall: { analysisEscalateHours: 24 },
  requests: {
    slaHours: 48,
    remindBeforeHours: 8,
    holdingMessage: '您好，您关心的问题我们已请{team}同事专门核实，会在{until}前给您明确答复，请放心。',
    holdingMessageEn:
      'Thank you for your patience: our {team} colleagues are checking this for you, and we will come back with a clear answer by {until}.',
  },
  health: { silentDays: 14 },
  handover: { roles: ['delivery', 'finance'], ackHours: 24 },
  negations: ['不需要', '不用', '无需', '没有', '不涉及', 'no need for', 'without', 'not'],
  riskSignals: RISK_SIGNALS,
  journeyTargets: { nodes: 0.8, sla: 0.92, riskFlags: 0.75 },
  weeklyDigest: { enabled: true, weekday: 1, at: '09:00' },
};
