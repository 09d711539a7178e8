// The default risk-signal dictionary (F16): phrases heard from customers and the suggested response. Data.
import type { RiskSignal } from './pipeline.ts';

const risk = (id: string, phrases: string[], response: string, responseEn: string): RiskSignal => ({
  id,
  phrases,
  response,
  responseEn,
});

/** 21+ signal types from the brief's lost-deal review (001: "21类高频风险信号"). */
export const RISK_SIGNALS: RiskSignal[] = [
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
