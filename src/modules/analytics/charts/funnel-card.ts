// F30 as cards: the funnel chart with its one-line reading (and a CSV button when asked for), then the dwell heat
// map. Used by the `funnel` command and by the weekly manager digest.
import type { Rules } from '../../rules.ts';
import type { FunnelReport } from '../use-cases/funnel-report.ts';
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { signalWordsOf } from './journey-card.ts';
import { funnelReading } from './readings.ts';
import { renderChart } from './render.ts';
import { dwellSpec, funnelSpec } from './specs.ts';

/** `csvValue`: the chart command the CSV button repeats (`funnel sales-east 2026-11`), or null for no button. */
export async function funnelCards(
  rules: Rules,
  report: FunnelReport,
  locale: Locale,
  csvValue: string | null,
): Promise<Card[]> {
  const funnel = await funnelCard(rules, report, locale, csvValue);
  return report.dwell.length > 0 ? [funnel, await dwellCard(report, locale)] : [funnel];
}

/** The funnel chart with its reading. */
export async function funnelCard(
  rules: Rules,
  report: FunnelReport,
  locale: Locale,
  csvValue: string | null,
): Promise<Card> {
  const { month } = report;
  const scopeName = report.scope.kind === 'all' ? '' : ` · ${report.scope.name}`;
  const pipelineName =
    locale === 'en' ? (report.pipeline.nameEn ?? report.pipeline.name) : report.pipeline.name;
  const title = t(locale, 'chart.funnel.titleOf', { month, pipeline: pipelineName, scope: scopeName });
  const reading = funnelReading(report.stages, report.bottleneck, month, locale, (id) =>
    signalWordsOf(rules, id, locale),
  );
  const funnelPng = await renderChart(
    funnelSpec(
      {
        stages: report.stages.map((s) => ({ stage: locale === 'en' ? s.nameEn : s.name, count: s.entered })),
        subtitle: title,
      },
      locale,
    ),
  );
  return {
    title,
    level: report.bottleneck === null ? 'info' : 'yellow',
    image: { png: funnelPng.png, alt: title, reading },
    ...(csvValue === null
      ? {}
      : { actions: [{ id: ACTIONS.chartCsv, label: t(locale, 'charts.csv'), value: csvValue }] }),
  };
}

/** The median days in each stage, per team or rep, as a heat map (only when there is any dwell to show). */
export async function dwellCard(report: FunnelReport, locale: Locale): Promise<Card> {
  const pipeline = locale === 'en' ? (report.pipeline.nameEn ?? report.pipeline.name) : report.pipeline.name;
  // The report names stages in Chinese; an English reader gets each stage's English name.
  const stageName = new Map(
    report.pipeline.stages.map((s) => [s.name, locale === 'en' ? (s.nameEn ?? s.name) : s.name]),
  );
  const named = (stage: string) => stageName.get(stage) ?? stage;
  const heat = await renderChart(
    dwellSpec(
      {
        pipeline,
        stages: report.pipeline.stages.map((s) => named(s.name)),
        cells: report.dwell.map((c) => ({ ...c, stage: named(c.stage) })),
      },
      locale,
    ),
  );
  const heatTitle = t(locale, 'chart.dwell.titleOf', { pipeline });
  return { title: heatTitle, level: 'info', image: { png: heat.png, alt: heatTitle } };
}
