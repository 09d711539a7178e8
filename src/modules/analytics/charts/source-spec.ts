// F7 channel ROI chart (issue 24 item 1): one bar per source and campaign (leads that arrived), labelled with
// the 7-day activation rate and the conversion to won deals. Pure: the report in, a vega-lite spec out.
import type { TopLevelSpec } from 'vega-lite';
import type { SourceReport, SourceRow } from '../rules/sources.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChartSpec } from './render.ts';
import { BASE, CHART_FONT, COLORS } from './theme.ts';

/** The most bars one chart shows; the table (CSV) has every row. */
export const SOURCE_BARS = 12;

export function sourceLabel(r: Pick<SourceRow, 'source' | 'campaign'>): string {
  return r.campaign === '' ? r.source : `${r.source} · ${r.campaign}`;
}

export function sourceSpec(report: SourceReport, locale: Locale): ChartSpec {
  const rows = report.rows.slice(0, SOURCE_BARS);
  const values = rows.map((r, i) => ({
    order: i,
    channel: sourceLabel(r),
    leads: r.leads,
    label: t(locale, 'sources.barLabel', {
      activation: r.activationPct === null ? '–' : `${r.activationPct}%`,
      conversion: `${r.conversionPct}%`,
    }),
  }));
  const max = Math.max(0, ...values.map((v) => v.leads));
  const spec = {
    ...BASE,
    title: {
      text:
        report.month === null
          ? t(locale, 'sources.title.all')
          : t(locale, 'sources.title.month', { month: report.month }),
      subtitle: t(locale, 'sources.subtitle', {
        days: report.activationDays,
        leads: report.total.leads,
        shown: rows.length,
        of: report.rows.length,
      }),
    },
    data: { values },
    encoding: {
      y: {
        field: 'channel',
        type: 'nominal',
        sort: { field: 'order', op: 'min' },
        title: t(locale, 'sources.channel'),
      },
    },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.bar },
        encoding: {
          x: {
            field: 'leads',
            type: 'quantitative',
            title: t(locale, 'sources.leads'),
            // Whole-number ticks, and room at the end for the label.
            scale: { domain: [0, Math.max(1, Math.ceil(max * 1.6))] },
            axis: { tickMinStep: 1, format: 'd' },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, font: CHART_FONT },
        encoding: { x: { field: 'leads', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  };
  return { kind: 'vega-lite', spec: spec as TopLevelSpec };
}
