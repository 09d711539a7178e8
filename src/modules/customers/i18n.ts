// Customer tiers' words (F24), in English and Chinese.
export const customersEn = {
  'customers.repurchase.title': 'Repurchase reminder · {customer} (B)',
  'customers.repurchase.body':
    '{customer} bought ¥{value} from us over the last 12 months (tier B: ¥{b}–¥{a}). This quarter ({quarter}), ask whether they need to reorder.',
  'customers.pack.title': 'Product pack for {customer} (C)',
  'customers.pack.body':
    '{customer} is now a tier C customer (¥{value} over the last 12 months, under ¥{b}). Send them the standard product pack — copy the text below:',
  'customers.list.title': 'My customers by tier',
  'customers.list.none':
    'No customer with a won deal in the last 12 months yet. Tiers come from what each customer bought: A above ¥{a}, B from ¥{b}, C below.',
  'customers.list.headA': 'A (above ¥{a}): {count}',
  'customers.list.headB': 'B (¥{b}–¥{a}): {count}',
  'customers.list.headC': 'C (below ¥{b}): {count}',
  'customers.list.line': '• {customer}{owner}: ¥{value}',
  'customers.list.quotaShort':
    '• {customer}{owner}: ¥{value} · deep visits in {month}: {done}/{required} ⚠ {missing} to go',
  'customers.list.quotaMet': '• {customer}{owner}: ¥{value} · deep visits in {month}: {done}/{required} ✓',
  'customers.list.foot':
    'A deep visit is a visit logged with a check-in or evidence on the customer’s deal the same day. Tiers are recomputed daily.',
  'customers.list.team': 'Team customers by tier',
  'customers.list.owner': ' ({owner})',
} as const;

export const customersZh: Record<keyof typeof customersEn, string> = {
  'customers.repurchase.title': '复购提醒 · {customer}（B 类）',
  'customers.repurchase.body':
    '{customer} 近 12 个月在我们这里采购了 ¥{value}（B 类：¥{b}–¥{a}）。本季度（{quarter}）请联系客户，确认是否需要复购。',
  'customers.pack.title': '给 {customer} 的标准产品包（C 类）',
  'customers.pack.body':
    '{customer} 现为 C 类客户（近 12 个月 ¥{value}，低于 ¥{b}）。请把标准产品包发给客户，可直接复制下面的文字：',
  'customers.list.title': '我的客户分级',
  'customers.list.none':
    '近 12 个月还没有成交的客户。客户分级按采购额计算：A 类高于 ¥{a}，B 类 ¥{b} 起，C 类低于 ¥{b}。',
  'customers.list.headA': 'A 类（高于 ¥{a}）：{count} 个',
  'customers.list.headB': 'B 类（¥{b}–¥{a}）：{count} 个',
  'customers.list.headC': 'C 类（低于 ¥{b}）：{count} 个',
  'customers.list.line': '• {customer}{owner}：¥{value}',
  'customers.list.quotaShort':
    '• {customer}{owner}：¥{value} · {month} 深度拜访 {done}/{required}，⚠ 还差 {missing} 次',
  'customers.list.quotaMet': '• {customer}{owner}：¥{value} · {month} 深度拜访 {done}/{required} ✓',
  'customers.list.foot': '深度拜访：当天有签到或在该客户商机上补充了证据的拜访。分级每天重新计算。',
  'customers.list.team': '团队客户分级',
  'customers.list.owner': '（{owner}）',
};
