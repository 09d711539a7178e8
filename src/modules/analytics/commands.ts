// The chart commands (issue 11, F8, F27, F30–F32, the weekly digest on demand), declared once. Slack's
// `/report distribution 2026-11` arrives as `report distribution 2026-11`: a chart's word may follow `report`.
import { ACTIONS } from '../../kernel/card.ts';
import {
  defineCommand,
  type CommandSpec,
  type ModuleCommands,
  type TypedForm,
} from '../../conversation/command.ts';
import { chartCommandReplies } from './chat/chart-replies.ts';
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
      zh: '`简报 [团队]`(即时周简报)',
    }),
  ],
};
