// Performance feedback words (F21–F27), in English and Chinese.
export const kbiEn: Record<string, string> = {
  'kbi.attribution.sentence': 'Each +10 % {kbi} went with {change} points conversion ({n} reps).',
  'kbi.attribution.none': 'Too little data to relate {kbi} to conversion this month (fewer than {min} reps).',
  'kbi.warning.green': "Today's indicators: {rate} met (under {below}). Your to-do list:",
  'kbi.warning.yellow': '{name} has been under {below} for {days} working days in a row. Deviations:',
  'kbi.warning.red':
    '{name} has been under {below} for {days} working days in a row. A {minutes}-minute review is proposed; the facts are below.',
  'kbi.miss': '{kbi}: lead #{lead}, from {from}, due {due}',
  'kbi.target.red': '🔴 {scope}: {off} behind the pace of {period}',
  'kbi.target.yellow': '🟡 {scope}: {off} behind the pace of {period}',
  'kbi.target.green': '🟢 {scope}: on pace for {period}',
  'btn.acknowledge': 'Acknowledge',
};

export const kbiZh: Record<string, string> = {
  'kbi.attribution.sentence': '{kbi}每提升10%，转化率{change}个百分点（{n}名销售）。',
  'kbi.attribution.none': '本月数据不足（少于{min}名销售），暂不分析{kbi}与转化率的关系。',
  'kbi.warning.green': '今日关键行为达标率 {rate}（低于 {below}）。今日待办清单：',
  'kbi.warning.yellow': '{name} 已连续 {days} 个工作日低于 {below}。典型偏差：',
  'kbi.warning.red':
    '{name} 已连续 {days} 个工作日低于 {below}。建议召开 {minutes} 分钟极速复盘，问题线索已预填如下。',
  'kbi.miss': '{kbi}：线索 #{lead}，{from} 起，应于 {due} 前完成',
  'kbi.target.red': '🔴 {scope}：落后{period}进度 {off}',
  'kbi.target.yellow': '🟡 {scope}：落后{period}进度 {off}',
  'kbi.target.green': '🟢 {scope}：{period}进度正常',
  'btn.acknowledge': '已知悉',
};
