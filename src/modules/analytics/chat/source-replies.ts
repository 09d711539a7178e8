// F7 channel ROI in chat (issue 24 item 1): `来源 [YYYY-MM]` / `sources [YYYY-MM]` — the chart with a line per
// source and campaign (leads, activation, won, amount, cost per lead and ROI where a cost is given) and the
// table as a file; `… csv` or the button gives the table alone.
import { ACTIONS, type Card, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import type { Person } from '../../../kernel/types.ts';
import { csvBytes, type Table } from '../charts/csv.ts';
import { renderChart } from '../charts/render.ts';
import { SOURCE_BARS, sourceLabel, sourceSpec } from '../charts/source-spec.ts';
import type { SourceReport, SourceRow } from '../rules/sources.ts';
import { buildSourceReport } from '../use-cases/source-report.ts';
import { managersOnlyReplies } from './managers-only.ts';

const money = (n: number, locale: Locale) =>
  Math.round(n).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');

export function sourceTable(report: SourceReport, locale: Locale): Table {
  const col = (k: string) => t(locale, `sources.col.${k}` as Parameters<typeof t>[1]);
  return {
    header: [
      col('source'),
      col('campaign'),
      col('leads'),
      col('judged'),
      col('activated'),
      col('activationPct'),
      col('won'),
      col('conversionPct'),
      col('amount'),
      col('cost'),
      col('perLead'),
      col('roi'),
    ],
    rows: report.rows.map((r) => [
      r.source,
      r.campaign,
      r.leads,
      r.judged,
      r.activated,
      r.activationPct ?? '',
      r.wonDeals,
      r.conversionPct,
      r.wonAmount,
      r.cost ?? '',
      r.costPerLead ?? '',
      r.roiPct ?? '',
    ]),
  };
}

export function sourceLine(r: SourceRow, locale: Locale): string {
  const moneyPart =
    r.cost === null
      ? r.costNote === null
        ? ''
        : t(locale, `sources.costNote.${r.costNote}`)
      : t(locale, 'sources.money', {
          cost: money(r.cost, locale),
          perLead: money(r.costPerLead ?? 0, locale),
          roi: r.roiPct === null ? '–' : `${r.roiPct}%`,
        });
  return t(locale, 'sources.line', {
    channel: sourceLabel(r),
    leads: r.leads,
    activation: r.activationPct === null ? '–' : `${r.activationPct}%`,
    won: r.wonDeals,
    conversion: `${r.conversionPct}%`,
    amount: money(r.wonAmount, locale),
    money: moneyPart,
  });
}

/** Managers, directors and admins: the report compares channels' money. */
export async function sourceCommandReplies(
  deps: ChatDeps,
  actor: Person,
  month: string | null,
  csv: boolean,
  locale: Locale,
): Promise<Reply[]> {
  if (actor.role !== 'manager' && actor.role !== 'director' && actor.role !== 'admin')
    return managersOnlyReplies(locale);
  return sourceReplies(deps, month, csv, locale);
}

async function sourceReplies(
  deps: ChatDeps,
  month: string | null,
  csv: boolean,
  locale: Locale,
): Promise<Reply[]> {
  const report = await buildSourceReport(deps.engine, month);
  const command = month === null ? 'sources' : `sources ${month}`;
  const name = `sources-${month ?? 'all'}.csv`;
  const table = sourceTable(report, locale);
  const file = { name, mime: 'text/csv; charset=utf-8', bytes: csvBytes(table), table };
  if (csv)
    return [
      {
        mode: 'ephemeral',
        card: {
          title: t(locale, 'charts.csvTitle'),
          level: 'info',
          body: t(locale, 'charts.csvReady', { name }),
          file,
        },
      },
    ];
  const title = month === null ? t(locale, 'sources.title.all') : t(locale, 'sources.title.month', { month });
  if (report.rows.length === 0)
    return [
      {
        mode: 'ephemeral',
        card: { title, level: 'info', body: `${t(locale, 'sources.none')}\n${t(locale, 'sources.next')}` },
      },
    ];
  const chart = await renderChart(sourceSpec(report, locale));
  const card: Card = {
    title,
    level: 'info',
    // The first rows as text (a chat message has room for a dozen); the file has them all.
    body: [
      ...report.rows.slice(0, SOURCE_BARS).map((r) => sourceLine(r, locale)),
      t(locale, 'sources.next'),
    ].join('\n'),
    image: { png: chart.png, alt: title, reading: sourceLine(report.rows[0] as SourceRow, locale) },
    actions: [{ id: ACTIONS.chartCsv, label: t(locale, 'sources.csv'), value: command }],
  };
  return [{ mode: 'ephemeral', card }];
}
