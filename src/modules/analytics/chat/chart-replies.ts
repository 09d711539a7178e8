// Charts in chat (issue 11, F33): a chart command → the chart as a PNG card with its one-line reading and a
// CSV button; the button (or `… csv`) → the table behind it as a UTF-8-with-BOM CSV file. Managers and
// admins only: the charts compare reps with each other.
import { DateTime } from 'luxon';
import {
  csvBytes,
  distributionTable,
  funnelTable,
  journeyTable,
  radarTable,
  type Table,
} from '../charts/csv.ts';
import { funnelCards } from '../charts/funnel-card.ts';
import { journeyCard } from '../charts/journey-card.ts';
import { radarRepCard, radarTeamCard } from '../charts/radar-card.ts';
import { distributionReading } from '../charts/readings.ts';
import { renderChart } from '../charts/render.ts';
import { attributionSpec, distributionSpec } from '../charts/specs.ts';
import { attributionReport } from '../use-cases/attribution-report.ts';
import { radarReport, radarTeamsFor } from '../use-cases/radar-report.ts';
import type { Person } from '../../../kernel/types.ts';
import { buildDistributionReport } from '../use-cases/distribution-report.ts';
import { funnelReport } from '../use-cases/funnel-report.ts';
import { journeyReport } from '../use-cases/journey-report.ts';
import { digestNow } from '../use-cases/weekly-digest.ts';
import { digestScopeName } from '../charts/digest-card.ts';
import { digestCards } from '../notices.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { ACTIONS, type Card, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { parseChartCommand, type ChartCommand } from './parse-chart-command.ts';
import { monthSpan } from '../../../kernel/month.ts';
import { timezoneOf } from '../../org/use-cases/read-org.ts';
import { sourceCommandReplies } from './source-replies.ts';
import { tableFor } from '../charts/csv-words.ts';
import { managersOnlyReplies } from './managers-only.ts';
import { OffLoopError } from '../off-loop.ts';
import { log } from '../../../log.ts';

const CHART_ROLES: ReadonlySet<Person['role']> = new Set(['manager', 'director', 'admin']);

export async function chartCommandReplies(
  deps: ChatDeps,
  actor: Person,
  command: ChartCommand,
  locale: Locale,
): Promise<Reply[]> {
  try {
    return await chartReplies(deps, actor, command, locale);
  } catch (err) {
    // A worker drawing the chart or reading its figures died (src/workers): say so; the next try gets a new one.
    if (!(err instanceof OffLoopError) || err.code !== 'WORKER_FAILED') throw err;
    log().error({ err }, `chart ${command.chart}: the worker stopped`);
    return [
      {
        mode: 'ephemeral',
        card: {
          title: t(locale, 'charts.workerFailed'),
          body: t(locale, 'charts.workerFailed.next'),
          level: 'yellow',
        },
      },
    ];
  }
}

async function chartReplies(
  deps: ChatDeps,
  actor: Person,
  command: ChartCommand,
  locale: Locale,
): Promise<Reply[]> {
  // A rep may look at their own radar; the rest compares reps with each other.
  if (command.chart === 'radar' && !CHART_ROLES.has(actor.role))
    return radarReplies(
      deps,
      actor,
      { ...command, scope: [actor.id] },
      command.period ?? (await currentMonth(deps)),
      locale,
    );
  if (!CHART_ROLES.has(actor.role)) return managersOnlyReplies(locale);
  const month = command.period ?? (await currentMonth(deps));
  if (command.chart === 'funnel') return funnelReplies(deps, command, month, locale);
  if (command.chart === 'journey') return journeyReplies(deps, command, month, locale);
  if (command.chart === 'radar') return radarReplies(deps, actor, command, month, locale);
  if (command.chart === 'attribution') return attributionReplies(deps, command, month, locale);
  if (command.chart === 'digest') return digestReplies(deps, actor, command, locale);
  const report = await buildDistributionReport(deps.engine, month);
  if (command.csv) {
    const name = `distribution-${month}.csv`;
    return [csvReply(locale, name, distributionTable(report))];
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

/** F30: the funnel chart with its reading, then the dwell heat map; or the table as CSV. */
async function funnelReplies(
  deps: ChatDeps,
  command: ChartCommand,
  month: string,
  locale: Locale,
): Promise<Reply[]> {
  const r = await funnelReport(deps.engine, month, command.scope);
  if (r.kind === 'rejected')
    return [
      {
        mode: 'ephemeral',
        card: { title: t(locale, 'charts.noSuchScope', { word: r.word }), level: 'yellow' },
      },
    ];
  const { report } = r;
  const commandText = ['funnel', ...command.scope, month].join(' ');
  if (command.csv) {
    const name = `funnel-${report.pipeline.id}-${month}.csv`;
    return [csvReply(locale, name, funnelTable(report.stages))];
  }
  const cards = await funnelCards(deps.engine.rules, report, locale, commandText);
  return cards.map((card): Reply => ({ mode: 'ephemeral', card }));
}

/**
 * F31: one rep's radar against the team median, with the red areas named and what to do about them; without a
 * rep, the team's reps and their red areas as text (a chart per rep would flood the chat).
 */
async function radarReplies(
  deps: ChatDeps,
  actor: Person,
  command: ChartCommand,
  month: string,
  locale: Locale,
): Promise<Reply[]> {
  const word = command.scope[0] ?? null;
  const r = await radarReport(deps.engine, month, actor, word);
  // A director (or admin) in no team, naming none: every team's radar (issue 21, item 11).
  if (r.kind === 'rejected' && r.reason === 'NO_TEAM' && word === null) {
    const teams = await radarTeamsFor(deps.engine, actor);
    if (teams.length > 0) {
      const each = await Promise.all(
        teams.map((id) => radarReplies(deps, actor, { ...command, scope: [id] }, month, locale)),
      );
      return each.flat();
    }
  }
  if (r.kind === 'rejected')
    return [
      {
        mode: 'ephemeral',
        card: {
          title:
            r.reason === 'NO_TEAM'
              ? t(locale, 'charts.noTeam')
              : t(locale, 'charts.noSuchScope', { word: r.word }),
          level: 'yellow',
        },
      },
    ];
  const { report } = r;
  const scopeWords = word === null ? [] : [word];
  const csvValue = ['radar', ...scopeWords, month].join(' ');
  if (command.csv) {
    const name = `radar-${report.team.id}-${month}.csv`;
    return [csvReply(locale, name, radarTable(report))];
  }
  const rep =
    word === null
      ? undefined
      : report.reps.find((p) => p.id === word.replace(/^[@＠]/, '') || p.name === word.replace(/^[@＠]/, ''));
  const card =
    rep === undefined
      ? radarTeamCard(report, locale, csvValue)
      : await radarRepCard(report, rep, locale, csvValue);
  return [{ mode: 'ephemeral', card }];
}

/** The weekly manager digest on demand: the last seven days, as Monday's would be, drawn here at once. */
async function digestReplies(
  deps: ChatDeps,
  actor: Person,
  command: ChartCommand,
  locale: Locale,
): Promise<Reply[]> {
  const r = await digestNow(deps.engine, actor, command.scope[0] ?? null);
  if (r.kind === 'rejected')
    return [
      {
        mode: 'ephemeral',
        card: { title: t(locale, 'charts.noSuchScope', { word: r.word }), level: 'yellow' },
      },
    ];
  if (r.kind === 'empty')
    return [
      {
        mode: 'ephemeral',
        card: {
          title: t(locale, 'digest.title', { period: r.period, scope: digestScopeName(r.scope, locale) }),
          level: 'info',
          body: t(locale, 'digest.nothing'),
        },
      },
    ];
  const { names, timezone } = await lookupNames(deps.engine);
  const ctx = { lead: null, nameOf: (id: string) => names.get(id) ?? id, timezone, rules: deps.engine.rules };
  const cards = await digestCards(r.parts, ctx, locale);
  return cards.map((card): Reply => ({ mode: 'ephemeral', card }));
}

/** F27: KBI execution against conversion per rep, with the slope's sentence — or why there is none. */
async function attributionReplies(
  deps: ChatDeps,
  command: ChartCommand,
  month: string,
  locale: Locale,
): Promise<Reply[]> {
  const report = await attributionReport(deps.engine, month);
  if (command.csv) {
    const name = `attribution-${month}.csv`;
    return [
      csvReply(locale, name, {
        header: ['rep', 'name', 'kbi_on_time_pct', 'conversion_pct'],
        rows: report.points.map((p) => [p.repId, p.name, Math.round(p.execution * 10) / 10, p.conversion]),
      }),
    ];
  }
  const title = t(locale, 'chart.attribution.title', { month });
  if (report.fit === null)
    return [
      {
        mode: 'ephemeral',
        card: {
          title,
          level: 'info',
          body: t(locale, 'chart.attribution.tooLittle', { n: report.points.length, min: report.minSample }),
        },
      },
    ];
  const input = {
    month,
    points: report.points.map((p) => ({
      name: p.name,
      kbiPct: Math.round(p.execution * 10) / 10,
      conversionPct: p.conversion,
    })),
  };
  const chart = await renderChart(attributionSpec(input, locale));
  const delta = Math.round(report.fit.per10 * 10) / 10;
  const reading = t(locale, 'reading.attribution', {
    delta: `${delta >= 0 ? '+' : ''}${delta}`,
    n: report.fit.n,
  });
  return [
    {
      mode: 'ephemeral',
      card: {
        title,
        level: 'info',
        image: { png: chart.png, alt: title, reading },
        actions: [{ id: ACTIONS.chartCsv, label: t(locale, 'charts.csv'), value: `attribution ${month}` }],
      },
    },
  ];
}

/** F32: journey completeness for the month as a chart with its reading, or its table as CSV. */
async function journeyReplies(
  deps: ChatDeps,
  command: ChartCommand,
  month: string,
  locale: Locale,
): Promise<Reply[]> {
  const zone = await timezoneOf(deps.engine);
  const { from, to } = monthSpan(month, zone);
  const r = await journeyReport(deps.engine, from, to, command.scope);
  if (r.kind === 'rejected')
    return [
      {
        mode: 'ephemeral',
        card: { title: t(locale, 'charts.noSuchScope', { word: r.word }), level: 'yellow' },
      },
    ];
  const { report } = r;
  const targets = deps.engine.rules.deals.journeyTargets;
  if (command.csv) {
    const name = `journey-${month}.csv`;
    return [csvReply(locale, name, journeyTable(report, targets, zone))];
  }
  const scopeWords = report.scope.kind === 'all' ? [] : [report.scope.id];
  const csvValue = ['journey', ...scopeWords, month].join(' ');
  return [{ mode: 'ephemeral', card: await journeyCard(deps.engine.rules, report, month, locale, csvValue) }];
}

/** The CSV button: its value is the chart's own command (`distribution 2026-11`). */
export async function chartActionReplies(
  deps: ChatDeps,
  actor: Person,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  const words = value.trim().split(/\s+/);
  // The channel ROI table (`sources [YYYY-MM]`) shares the charts' CSV button.
  if (words[0] === 'sources') {
    const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(words[1] ?? '') ? (words[1] ?? null) : null;
    return sourceCommandReplies(deps, actor, month, true, locale);
  }
  const command = parseChartCommand(words);
  if (command === null || 'problem' in command)
    return [{ mode: 'ephemeral', card: { title: t(locale, 'charts.badPeriod'), level: 'yellow' } }];
  return chartCommandReplies(deps, actor, { ...command, csv: true }, locale);
}

async function currentMonth(deps: ChatDeps): Promise<string> {
  const zone = await timezoneOf(deps.engine);
  return DateTime.fromMillis(deps.engine.clock(), { zone }).toFormat('yyyy-MM');
}

/** The table behind a chart as a CSV file in the chat (UTF-8 with a byte-order mark, for Excel in China), with
 * its rows, so each platform hands over an Excel workbook of them too (export-files.ts). */
function csvReply(locale: Locale, name: string, codes: Table): Reply {
  const table = tableFor(codes, locale);
  const card: Card = {
    title: t(locale, 'charts.csvTitle'),
    level: 'info',
    body: t(locale, 'charts.csvReady', { name: name.replace(/\.csv$/i, '') }),
    file: { name, mime: 'text/csv; charset=utf-8', bytes: csvBytes(table), table },
  };
  return { mode: 'ephemeral', card };
}
