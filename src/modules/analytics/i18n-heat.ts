// The claim heat map's words (F5, issue 24 item 2), in English and Chinese.
export const heatEn = {
  'heat.title.day': 'Lead claims per day · last 7 days',
  'heat.title.hour': 'Lead claims by hour of the day · last 7 days',
  'heat.subtitle': '{from} to {to} · claims in all: {total}',
  'heat.none': 'No one claimed a lead in the last 7 days.',
  'heat.who': 'Rep',
  'heat.day': 'Day',
  'heat.hour': 'Hour',
  'heat.claims': 'Claims',
  'heat.reading': 'Claims in 7 days: {total}. Most: {top}.',
  'heat.reading.none': 'No claims in the last 7 days: the map is empty.',
  'heat.top': '{name} {count}',
  'heat.other': 'Send `heatmap hours` for the hours of the day, `heatmap` for the days.',
} as const;

export const heatZh: Record<keyof typeof heatEn, string> = {
  'heat.title.day': '线索领取热力图 · 近 7 天（按天）',
  'heat.title.hour': '线索领取热力图 · 近 7 天（按时段）',
  'heat.subtitle': '{from} 至 {to} · 共领取 {total} 条',
  'heat.none': '近 7 天没有人领取线索。',
  'heat.who': '销售',
  'heat.day': '日期',
  'heat.hour': '时段',
  'heat.claims': '领取数',
  'heat.reading': '近 7 天共领取 {total} 条；最多：{top}。',
  'heat.reading.none': '近 7 天没有领取记录，热力图为空。',
  'heat.top': '{name} {count} 条',
  'heat.other': '发送 `热力图 小时` 看各时段，`热力图` 看每天。',
};
