// The claim heat map (F5, issue 24 item 2): reps down the side, the last seven days (or the hours of the day)
// across, claims per cell as colour from 0 (white) and as the number written in the cell. Pure: data in, spec out.
import { DateTime } from 'luxon';
import type { TopLevelSpec } from 'vega-lite';
import type { ClaimHeat } from '../../leads/rules/claim-heat.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChartSpec } from './render.ts';
import { BASE, CHART_FONT } from './theme.ts';

/** A day column as the reader knows it: "12-01 Tue" / "12-01 周二". */
export function heatColumnLabel(heat: Pick<ClaimHeat, 'by'>, column: string, locale: Locale): string {
  if (heat.by === 'hour') return `${column}:00`;
  const day = DateTime.fromISO(column, { zone: 'utc' }).setLocale(locale === 'en' ? 'en' : 'zh-CN');
  return `${day.toFormat('MM-dd')} ${day.toFormat('ccc')}`;
}

export function claimHeatSpec(heat: ClaimHeat, locale: Locale): ChartSpec {
  const values = heat.cells.map((c) => ({
    who: c.name,
    column: heatColumnLabel(heat, c.column, locale),
    claims: c.claims,
    label: c.claims === 0 ? '' : String(c.claims),
  }));
  const columns = heat.columns.map((c) => heatColumnLabel(heat, c, locale));
  const total = heat.rows.reduce((sum, r) => sum + r.total, 0);
  const rect =
    heat.max === 0
      ? { mark: { type: 'rect', color: '#eeeeee', stroke: 'white' } }
      : {
          mark: { type: 'rect', stroke: 'white' },
          encoding: {
            color: {
              field: 'claims',
              type: 'quantitative',
              // From near-white at 0 (an empty cell reads empty) to a dark blue at the busiest cell.
              scale: { domain: [0, heat.max], range: ['#f4f6f9', '#08519c'] },
              title: t(locale, 'heat.claims'),
              legend: { format: 'd', tickMinStep: 1 },
            },
          },
        };
  const spec = {
    ...BASE,
    title: {
      text: t(locale, heat.by === 'day' ? 'heat.title.day' : 'heat.title.hour'),
      subtitle:
        total === 0
          ? t(locale, 'heat.none')
          : t(locale, 'heat.subtitle', { from: heat.from, to: heat.to, total }),
    },
    data: { values },
    encoding: {
      x: {
        field: 'column',
        type: 'ordinal',
        sort: columns,
        title: t(locale, heat.by === 'day' ? 'heat.day' : 'heat.hour'),
        axis: { labelAngle: 0, labelOverlap: true },
      },
      y: {
        field: 'who',
        type: 'nominal',
        sort: heat.rows.map((r) => r.name),
        title: t(locale, 'heat.who'),
      },
    },
    layer: [
      rect,
      {
        mark: { type: 'text', font: CHART_FONT },
        encoding: {
          text: { field: 'label' },
          // White on the darker half of the scale, where black would not read.
          color: { condition: { test: `datum.claims > ${heat.max * 0.6}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
  return { kind: 'vega-lite', spec: spec as TopLevelSpec };
}
