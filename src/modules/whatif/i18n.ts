// F39 rule what-if words: warnings, the chat summary card, `rules history`.
export const whatifEn = {
  'whatif.warn.TEAM_BLOCKED':
    'team {team} would receive none of {leads, plural, one {# lead} other {# leads}} {what} (rule {rule}); in this period these were {share} % of its high-score leads',
  'whatif.warn.TEAM_STARVED':
    'team {team} would receive no leads at all (it received {received} under the rules in force)',
  'whatif.warn.SKILL_STARVED':
    'none of the {leads, plural, one {# lead} other {# leads}} tagged {skill} would reach a rep with that skill ({received} did under the rules in force)',
  'whatif.warn.COVERAGE_DROP':
    '{newPooled} of {leads, plural, one {# lead} other {# leads}} would go to no rep (only the pool), up from {oldPooled}',
  'whatif.warn.FAIRNESS_WORSE':
    'leads would be spread less evenly: Gini {oldGini} → {newGini}, the top 3 reps’ share {oldTop3} % → {newTop3} %',
  'whatif.blocking': ' [blocks `rules apply`]',
  'whatif.match.exclude': '{what}',
  'whatif.match.only': 'outside “{what}”',
  'whatif.match.tags': 'tagged {values}',
  'whatif.match.industry': 'in industry {values}',
  'whatif.match.region': 'from region {values}',
  'whatif.match.source': 'from source {values}',
  'whatif.card.title': 'Rule what-if: {file}',
  'whatif.card.period': 'Period',
  'whatif.card.leads': 'Leads replayed',
  'whatif.card.changed': 'Destination changes',
  'whatif.card.pooled': 'To no rep (pool)',
  'whatif.card.gini': 'Gini (spread)',
  'whatif.card.top3': 'Top 3 reps’ share',
  'whatif.card.noWarnings': 'No warnings: no team or skill loses its leads, coverage holds.',
  'whatif.card.warnings': 'Warnings:',
  'whatif.card.csv':
    'The attached CSV has the figures per team and rep and the changed leads with both explanations (all of them: `leadline whatif {file} --csv` on the server).',
  'whatif.card.teams':
    '{team}: {old} → {new, plural, one {# lead} other {# leads}}, high-score share {oldHigh} % → {newHigh} %',
  'whatif.card.sources':
    'Per lead source, largest change first (coverage: share of its leads that go to a rep; expected conversion of the reps who get them):',
  'whatif.card.source':
    '{source} ({leads, plural, one {# lead} other {# leads}}): coverage {oldCov} → {newCov} ({covChange} pts), expected conversion {oldConv} → {newConv} ({convChange} pts)',
  'whatif.card.moreSources': '… and {n, plural, one {# more source} other {# more sources}} in the CSV.',
  'whatif.source.none': '(no source)',
  'whatif.chat.usage': 'Name a rules file from the rules folder ({dir}), e.g. `whatif new-rules.yaml`.',
  'whatif.chat.forbidden': 'Only managers and admins can run a rule what-if.',
  'whatif.chat.notFound':
    'There is no file {file} in the rules folder ({dir}). Put it there first, then try again.',
  'whatif.chat.outside':
    '{file} is not inside the rules folder ({dir}). Name a file in that folder, e.g. `whatif new-rules.yaml`.',
  'whatif.chat.invalid':
    '{file} has problems: {problems}. Fix them (check with `leadline check-config {file}`) and try again.',
  'whatif.history.notReconstructable':
    '{n} of {leads, plural, one {# decision} other {# decisions}} were made before Leadline kept the org they read, so the org of their time cannot be reconstructed: both rules were replayed on today’s org for them, so they weigh the same on both sides and do not block `rules apply`.',
  'whatif.history.unreproduced':
    'The replay of the rules in force does not give back {n} of their stored decisions: that is history the replay could not reconstruct, not the new rules; it is not counted as changes and does not block `rules apply`.',
} satisfies Record<string, string>;

export const whatifZh: Record<keyof typeof whatifEn, string> = {
  'whatif.warn.TEAM_BLOCKED':
    '{team} 将收不到 {leads} 条{what}的线索（规则 {rule}）；在此期间这些线索占其高分线索的 {share}%',
  'whatif.warn.TEAM_STARVED': '{team} 将收不到任何线索（现行规则下收到 {received} 条）',
  'whatif.warn.SKILL_STARVED':
    '{leads} 条标签为 {skill} 的线索将没有一条分给具备该技能的销售（现行规则下有 {received} 条）',
  'whatif.warn.COVERAGE_DROP':
    '{leads} 条线索中将有 {newPooled} 条无人接收（只进入线索池），现行规则下为 {oldPooled} 条',
  'whatif.warn.FAIRNESS_WORSE':
    '线索分配将更不均衡：基尼系数 {oldGini} → {newGini}，前 3 名销售占比 {oldTop3}% → {newTop3}%',
  'whatif.blocking': '【将阻止 rules apply】',
  'whatif.match.exclude': '{what}',
  'whatif.match.only': '不属于“{what}”',
  'whatif.match.tags': '标签为 {values} ',
  'whatif.match.industry': '行业为 {values} ',
  'whatif.match.region': '地区为 {values} ',
  'whatif.match.source': '来源为 {values} ',
  'whatif.card.title': '规则预演：{file}',
  'whatif.card.period': '时间范围',
  'whatif.card.leads': '回放线索',
  'whatif.card.changed': '去向改变',
  'whatif.card.pooled': '无人接收（线索池）',
  'whatif.card.gini': '基尼系数（分配均衡度）',
  'whatif.card.top3': '前 3 名销售占比',
  'whatif.card.noWarnings': '没有警告：没有团队或技能失去线索，覆盖率不变。',
  'whatif.card.warnings': '警告：',
  'whatif.card.csv':
    '附件 CSV 含每个团队和销售的数据，以及去向改变的线索及新旧两种解释（全部请在服务器上运行 `leadline whatif {file} --csv`）。',
  'whatif.card.teams': '{team}：{old} → {new} 条线索，高分线索占比 {oldHigh}% → {newHigh}%',
  'whatif.card.sources':
    '各线索来源（变化最大的在前；覆盖率：该来源线索中分给销售的占比；预期转化：接到这些线索的销售的历史转化）：',
  'whatif.card.source':
    '{source}（{leads} 条线索）：覆盖率 {oldCov} → {newCov}（{covChange} 个百分点），预期转化 {oldConv} → {newConv}（{convChange} 个百分点）',
  'whatif.card.moreSources': '……另有 {n} 个来源见 CSV。',
  'whatif.source.none': '（无来源）',
  'whatif.chat.usage': '请指定规则文件夹（{dir}）中的规则文件，例如 `规则预演 new-rules.yaml`。',
  'whatif.chat.forbidden': '只有经理和管理员可以进行规则预演。',
  'whatif.chat.notFound': '规则文件夹（{dir}）中没有文件 {file}。请先把文件放进去，再试一次。',
  'whatif.chat.outside':
    '{file} 不在规则文件夹（{dir}）中。请指定该文件夹中的文件，例如 `规则预演 new-rules.yaml`。',
  'whatif.chat.invalid':
    '{file} 有问题：{problems}。请修正（可用 `leadline check-config {file}` 检查）后再试。',
  'whatif.history.notReconstructable':
    '{leads} 条决定中有 {n} 条做出时 Leadline 尚未记录当时的组织，无法还原：这些线索两套规则都按今天的组织回放，两边同等计算，不会阻止 `rules apply`。',
  'whatif.history.unreproduced':
    '现行规则的回放有 {n} 条未能复现当时存储的决定：这是回放无法还原的历史，并非新规则所致；不计入去向改变，也不会阻止 `rules apply`。',
};
