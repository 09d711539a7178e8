// The F31 radar as a vega spec (vega-lite has no polar line chart): one rep's five measures against the team
// median. Pure, like the other specs (specs.ts).
import { t, type Locale } from '../../i18n.ts';
import type { ChartSpec } from './render.ts';
import { CHART_FONT, COLORS } from './theme.ts';

export interface RadarInput {
  repName: string;
  /** Five axes, each 0–100 for the rep and the team median. */
  axes: Array<{ axis: string; rep: number; team: number }>;
}

/** A vega spec (vega-lite has no polar line): the rep's polygon over the team median's. */
export function radarSpec(input: RadarInput, locale: Locale): ChartSpec {
  const team = t(locale, 'chart.radar.team');
  const values = input.axes.flatMap((a) => [
    { key: a.axis, value: a.rep, category: input.repName },
    { key: a.axis, value: a.team, category: team },
  ]);
  const size = 300;
  const angle = "scale('angular', datum.key)";
  return {
    kind: 'vega',
    spec: {
      $schema: 'https://vega.github.io/schema/vega/v6.json',
      width: size,
      height: size,
      // 300 + 170 + 170 = 640 wide, 300 + 60 + 40 = 400 high: room for the axis names and the legend.
      padding: { left: 170, right: 170, top: 60, bottom: 40 },
      autosize: { type: 'none', contains: 'content' },
      background: 'white',
      config: {
        text: { font: CHART_FONT },
        title: { font: CHART_FONT, fontSize: 18 },
        legend: { labelFont: CHART_FONT },
      },
      title: { text: t(locale, 'chart.radar.title', { name: input.repName }), anchor: 'start', offset: 20 },
      signals: [{ name: 'radius', update: 'width / 2' }],
      data: [
        { name: 'table', values },
        { name: 'keys', source: 'table', transform: [{ type: 'aggregate', groupby: ['key'] }] },
      ],
      scales: [
        {
          name: 'angular',
          type: 'point',
          range: { signal: '[-PI, PI]' },
          padding: 0.5,
          domain: { data: 'table', field: 'key' },
        },
        {
          name: 'radial',
          type: 'linear',
          range: { signal: '[0, radius]' },
          zero: true,
          nice: false,
          domain: [0, 100],
        },
        { name: 'color', type: 'ordinal', domain: [input.repName, team], range: [COLORS.rep, COLORS.team] },
      ],
      legends: [{ fill: 'color', orient: 'none', legendX: size + 40, legendY: 0, labelFontSize: 12 }],
      marks: [
        {
          type: 'group',
          encode: { enter: { x: { signal: 'radius' }, y: { signal: 'radius' } } },
          marks: [
            {
              type: 'rule',
              from: { data: 'keys' },
              encode: {
                enter: {
                  x: { value: 0 },
                  y: { value: 0 },
                  x2: { signal: `radius * cos(${angle})` },
                  y2: { signal: `radius * sin(${angle})` },
                  stroke: { value: '#ccc' },
                },
              },
            },
            {
              type: 'group',
              from: { facet: { data: 'table', name: 'facet', groupby: ['category'] } },
              marks: [
                {
                  type: 'line',
                  from: { data: 'facet' },
                  encode: {
                    enter: {
                      interpolate: { value: 'linear-closed' },
                      x: { signal: `scale('radial', datum.value) * cos(${angle})` },
                      y: { signal: `scale('radial', datum.value) * sin(${angle})` },
                      stroke: { scale: 'color', field: 'category' },
                      strokeWidth: { value: 2 },
                      fill: { scale: 'color', field: 'category' },
                      fillOpacity: { value: 0.15 },
                    },
                  },
                },
              ],
            },
            {
              type: 'text',
              from: { data: 'keys' },
              encode: {
                enter: {
                  x: { signal: `(radius + 8) * cos(${angle})` },
                  y: { signal: `(radius + 8) * sin(${angle})` },
                  text: { field: 'key' },
                  fontSize: { value: 13 },
                  align: [{ test: `abs(${angle}) > PI / 2`, value: 'right' }, { value: 'left' }],
                  baseline: [
                    { test: `${angle} > 0`, value: 'top' },
                    { test: `${angle} == 0`, value: 'middle' },
                    { value: 'bottom' },
                  ],
                  fill: { value: '#222' },
                },
              },
            },
          ],
        },
      ],
    },
  };
}
