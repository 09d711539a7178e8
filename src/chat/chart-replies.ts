// Charts in chat (issue 11, F33): a chart command → the chart as a PNG card with its one-line reading and a
// CSV button; the button (or `… csv`) → the table behind it as a UTF-8-with-BOM CSV file. Managers and
// admins only: the charts compare reps with each other.
import { DateTime } from 'luxon';
import { csvBytes, distributionTable } from '../charts/csv.ts';
import { distributionReading } from '../charts/readings.ts';
import { renderChart } from '../charts/render.ts';
import { distributionSpec } from '../charts/specs.ts';
import type { Person } from '../domain/types.ts';
import { buildDistributionReport } from '../engine/distribution-report.ts';
import { orgTimezone } from '../engine/deps.ts';
import { ACTIONS, type Card, type Reply } from '../messages/card.ts';
import { t, type Locale } from '../messages/catalog.ts';
import type { ChatDeps } from './conversation.ts';
import { parseChartCommand, type ChartCommand } from './parse-chart-command.ts';

const CHART_ROLES: ReadonlySet<Person['role']> = new Set(['manager', 'director', 'admin']);

export async function chartCommandReplies(
  deps: ChatDeps,
  actor: Person,
  command: ChartCommand,
  locale: Locale,
): Promise<Reply[]> {
  if (!CHART_ROLES.has(actor.role))
    return [{ mode: 'ephemeral', card: { title: t(locale, 'charts.managersOnly'), level: 'yellow' } }];
  const month = command.period ?? (await currentMonth(deps));
  const report = await buildDistributionReport(deps.engine, month);
  if (command.csv) {
    const name = `distribution-${month}.csv`;
    const card: Card = {
      title: t(locale, 'charts.csvTitle'),
      level: 'info',
      body: t(locale, 'charts.csvReady', { name }),
      file: { name, mime: 'text/csv; charset=utf-8', bytes: csvBytes(distributionTable(report)) },
    };
    return [{ mode: 'ephemeral', card }];
  }
  const title = t(locale, 'chart.distribution.title', { month });
  const chart = await renderChart(distributionSpec(report, locale));
  const card: Card = {
    title,
    level: report.flagged.length > 0 ? 'yellow' : 'info',
    image: { png: chart.png, alt: title, reading: distributionReading(report, locale) },
    actions: [{ id: ACTIONS.chartCsv, label: t(locale, 'charts.csv'), value: `distribution ${month}` }],
  };
  return [{ mode: 'ephemeral', card }];
}

/** The CSV button: its value is the chart's own command (`distribution 2026-11`). */
export async function chartActionReplies(
  deps: ChatDeps,
  actor: Person,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  const command = parseChartCommand(value.trim().split(/\s+/));
  if (command === null || 'problem' in command)
    return [{ mode: 'ephemeral', card: { title: t(locale, 'charts.badPeriod'), level: 'yellow' } }];
  return chartCommandReplies(deps, actor, { ...command, csv: true }, locale);
}

async function currentMonth(deps: ChatDeps): Promise<string> {
  const zone = await deps.engine.store.transaction((tx) => orgTimezone(tx, deps.engine));
  return DateTime.fromMillis(deps.engine.clock(), { zone }).toFormat('yyyy-MM');
}
