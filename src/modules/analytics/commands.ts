// The chart commands (issue 11, F8, F27, F30–F32, the weekly digest on demand), declared once. Slack's
// `/report distribution 2026-11` arrives as `report distribution 2026-11`: a chart's word may follow `report`.
import { ACTIONS } from '../../kernel/card.ts';
import {
  defineCommand,
  invalid,
  type CommandSpec,
  type ModuleCommands,
  type TypedForm,
} from '../../conversation/command.ts';
import { chartCommandReplies } from './chat/chart-replies.ts';
import { heatReplies } from './chat/heat-replies.ts';
import { sourceCommandReplies } from './chat/source-replies.ts';
import { parseChartArgs, type ChartCommand, type ChartKind } from './chat/parse-chart-command.ts';

const AFTER_REPORT = ['report', '报告', '报表'];

function chart(
  kind: ChartKind,
  zh: readonly string[],
  usage: { en: string; zh: string },
  typed?: Partial<Record<typeof ACTIONS.chartCsv, TypedForm>>,
): CommandSpec<ChartCommand> {
  return defineCommand<ChartCommand>({
    verb: kind,
    aliases: { en: [], zh },
    after: AFTER_REPORT,
    usage: [{ group: 'managers', ...usage }],
    parse: (args, word) => {
      const c = parseChartArgs(kind, args, word);
      return 'problem' in c ? { verb: 'invalid', ...c } : c;
    },
    handle: (deps, actor, c, locale) => chartCommandReplies(deps, actor, c, locale),
    ...(typed === undefined ? {} : { typed }),
  });
}

const HOUR_WORDS = new Set(['hour', 'hours', '小时', '时段']);
const DAY_WORDS = new Set(['day', 'days', '天', '按天']);

/** F5: the claim heat map, for everyone (not a manager's chart: the brief shows it to all). */
const heatmap = defineCommand<{ verb: 'heatmap'; by: 'day' | 'hour' }>({
  verb: 'heatmap',
  aliases: { en: ['heat'], zh: ['热力图', '领取热力图'] },
  usage: [
    {
      group: 'leads',
      en: '`heatmap [hours]` who claimed leads and when (everyone sees it)',
      zh: '`热力图 [小时]` 谁在什么时候领取了线索（所有人可见）',
    },
  ],
  parse: (args, word) => {
    const by = (args[0] ?? '').toLowerCase();
    if (args.length === 0 || (args.length === 1 && DAY_WORDS.has(by))) return { verb: 'heatmap', by: 'day' };
    if (args.length === 1 && HOUR_WORDS.has(by)) return { verb: 'heatmap', by: 'hour' };
    // A slip (`热力图 本周`) answers with this command's one usage.
    return invalid('UNKNOWN', word);
  },
  handle: (deps, _actor, c, locale) => heatReplies(deps, c.by, locale),
});

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** F7: channel ROI per source and campaign; managers, directors and admins (it compares channels' money). */
const sources = defineCommand<{ verb: 'sources'; month: string | null; csv: boolean }>({
  verb: 'sources',
  aliases: { en: ['roi'], zh: ['来源', '渠道', '渠道ROI'] },
  after: AFTER_REPORT,
  usage: [
    {
      group: 'managers',
      en: '`sources [YYYY-MM]` leads, activation, won and ROI per source and campaign',
      zh: '`来源 [月份]` 各来源与活动的线索、激活、成交和 ROI',
    },
  ],
  parse: (args, word) => {
    const csv = args.some((a) => a.toLowerCase() === 'csv');
    const rest = args.filter((a) => a.toLowerCase() !== 'csv');
    if (rest.length === 0) return { verb: 'sources', month: null, csv };
    if (rest.length === 1 && MONTH.test(rest[0] ?? ''))
      return { verb: 'sources', month: rest[0] ?? null, csv };
    return invalid('BAD_PERIOD', word);
  },
  handle: (deps, actor, c, locale) => sourceCommandReplies(deps, actor, c.month, c.csv, locale),
  // Its CSV button is the charts' (`chart.csv`, value `sources [YYYY-MM]`): its typed form is declared there.
});

/** In the order of the help card. */
export const chartCommands: ModuleCommands = {
  commands: [
    chart(
      'distribution',
      ['分配', '分配报告', '线索分配'],
      { en: '`distribution [YYYY-MM]`', zh: '`分配 [月份]`' },
      // A chart's CSV button carries the chart's command (`distribution 2026-11`): the same words and `csv`.
      { [ACTIONS.chartCsv]: (value) => `${value} csv` },
    ),
    chart('funnel', ['漏斗', '销售漏斗'], {
      en: '`funnel [team|@rep] [YYYY-MM]`',
      zh: '`漏斗 [团队|@销售] [月份]`',
    }),
    chart('journey', ['旅程', '客户旅程', '旅程完整性'], {
      en: '`journey [team|@rep] [YYYY-MM]`',
      zh: '`旅程 [团队|@销售] [月份]`',
    }),
    chart('radar', ['雷达', '雷达图', '过程健康'], {
      en: '`radar [@rep] [YYYY-MM]`',
      zh: '`雷达 [@销售] [月份]`',
    }),
    chart('attribution', ['归因', '归因分析'], { en: '`attribution [YYYY-MM]`', zh: '`归因 [月份]`' }),
    // The weekly manager digest, on demand (its charts together).
    chart('digest', ['简报', '周简报', '经营简报'], {
      en: '`digest [team]` (the weekly digest now)',
      zh: '`简报 [团队]`（即时周简报）',
    }),
    sources,
    heatmap,
  ],
};
