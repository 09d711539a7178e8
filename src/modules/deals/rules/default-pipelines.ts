// The brief's four default pipelines (F10–F11, F19): stages with their evidence, limits and SOP actions. Data.
import type { EvidenceKind, EvidenceRequirement, Pipeline, SopAction } from './pipeline.ts';

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

export const B2B: Pipeline = {
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

export const RETAIL: Pipeline = {
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

export const EDUCATION: Pipeline = {
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

export const LOCAL: Pipeline = {
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
