// The F31 radar as a vega spec (vega-lite has no polar line chart): one rep's five measures against the team
// median. Pure, like the other specs (specs.ts).
import type { LineMark } from 'vega';
import { t, type Locale } from '../../i18n.ts';
import type { ChartSpec } from './render.ts';
import { CHART_FONT, COLORS } from './theme.ts';

export interface RadarInput {
  repName: string;
  /** Five axes, each 0–100 for the rep and the team median; null where there was nothing to measure. */
  axes: Array<{ axis: string; rep: number | null; team: number | null }>;
}

const SIZE = 300;
const LEVELS = [20, 40, 60, 80, 100];
const ANGLE = "scale('angular', datum.key)";

/** A ring of the grid: the five axes joined at one level. */
function ring(level: number): LineMark {
  return {
    type: 'line',
    from: { data: 'keys' },
    encode: {
      enter: {
        interpolate: { value: 'linear-closed' },
        x: { signal: `scale('radial', ${level}) * cos(${ANGLE})` },
        y: { signal: `scale('radial', ${level}) * sin(${ANGLE})` },
        stroke: { value: level === 100 ? '#bbb' : '#e2e2e2' },
        strokeWidth: { value: 1 },
      },
    },
  };
}

/**
 * A vega spec (vega-lite has no polar line): the rep's polygon over the team median's, on rings at 20, 40, …,
 * 100 with their values up the middle. A measure with nothing to count is a gap in the line (no fill for that
 * polygon) and "no data" under its axis name — never a point at 0.
 */
export function radarSpec(input: RadarInput, locale: Locale): ChartSpec {
  const team = t(locale, 'chart.radar.team');
  const lines = [
    { category: input.repName, value: (a: RadarInput['axes'][number]) => a.rep },
    { category: team, value: (a: RadarInput['axes'][number]) => a.team },
  ];
  const values = lines.flatMap(({ category, value }) => {
    const complete = input.axes.every((a) => value(a) !== null);
    // The first axis again at the end closes the polygon without 'linear-closed', which cannot leave gaps.
    return [...input.axes, ...input.axes.slice(0, 1)].map((a, order) => ({
      key: a.axis,
      value: value(a),
      category,
      complete,
      order,
    }));
  });
  const keys = input.axes.map((a) => ({ key: a.axis, noData: a.rep === null }));
  const noData = t(locale, 'chart.radar.noData');
  return {
    kind: 'vega',
    spec: {
      $schema: 'https://vega.github.io/schema/vega/v6.json',
      width: SIZE,
      height: SIZE,
      // 300 + 170 + 170 = 640 wide, 300 + 60 + 40 = 400 high: room for the axis names and the legend.
      padding: { left: 170, right: 170, top: 60, bottom: 40 },
      autosize: { type: 'none', contains: 'content' },
      background: 'white',
      config: {
        text: { font: CHART_FONT },
        title: { font: CHART_FONT, fontSize: 18 },
        legend: { labelFont: CHART_FONT },
      },
      // From the canvas's left edge (12 px in), shortened with an ellipsis to the canvas's width.
      title: {
        text: t(locale, 'chart.radar.title', { name: input.repName }),
        anchor: 'start',
        frame: 'group',
        offset: 20,
        dx: -158,
        limit: 616,
      },
      signals: [{ name: 'radius', update: 'width / 2' }],
      data: [
        { name: 'table', values },
        { name: 'keys', values: keys },
        { name: 'levels', values: LEVELS.map((level) => ({ level })) },
      ],
      scales: [
        {
          name: 'angular',
          type: 'point',
          range: { signal: '[-PI, PI]' },
          padding: 0.5,
          domain: input.axes.map((a) => a.axis),
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
      legends: [
        {
          fill: 'color',
          orient: 'none',
          legendX: SIZE + 40,
          legendY: -10,
          labelFontSize: 12,
          labelLimit: 90,
        },
      ],
      marks: [
        {
          type: 'group',
          encode: { enter: { x: { signal: 'radius' }, y: { signal: 'radius' } } },
          marks: [
            ...LEVELS.map(ring),
            {
              type: 'rule',
              from: { data: 'keys' },
              encode: {
                enter: {
                  x: { value: 0 },
                  y: { value: 0 },
                  x2: { signal: `radius * cos(${ANGLE})` },
                  y2: { signal: `radius * sin(${ANGLE})` },
                  stroke: { value: '#ccc' },
                },
              },
            },
            {
              // The scale: each ring's value, straight up between the first two axes.
              type: 'text',
              from: { data: 'levels' },
              encode: {
                enter: {
                  x: { value: 3 },
                  y: { signal: "-scale('radial', datum.level)" },
                  text: { signal: 'datum.level' },
                  fontSize: { value: 10 },
                  baseline: { value: 'middle' },
                  fill: { value: '#888' },
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
                  sort: { field: 'datum.order' },
                  encode: {
                    enter: {
                      interpolate: { value: 'linear' },
                      defined: { signal: 'datum.value !== null' },
                      x: { signal: `scale('radial', datum.value || 0) * cos(${ANGLE})` },
                      y: { signal: `scale('radial', datum.value || 0) * sin(${ANGLE})` },
                      stroke: { scale: 'color', field: 'category' },
                      strokeWidth: { value: 2 },
                      fill: { scale: 'color', field: 'category' },
                      fillOpacity: { signal: 'datum.complete ? 0.15 : 0' },
                    },
                  },
                },
                {
                  type: 'symbol',
                  from: { data: 'facet' },
                  encode: {
                    enter: {
                      x: { signal: `scale('radial', datum.value || 0) * cos(${ANGLE})` },
                      y: { signal: `scale('radial', datum.value || 0) * sin(${ANGLE})` },
                      size: { value: 30 },
                      fill: { scale: 'color', field: 'category' },
                      opacity: { signal: 'datum.value === null ? 0 : 1' },
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
                  x: { signal: `(radius + 8) * cos(${ANGLE})` },
                  y: { signal: `(radius + 8) * sin(${ANGLE})` },
                  text: { field: 'key' },
                  fontSize: { value: 13 },
                  limit: { value: 150 },
                  align: [{ test: `abs(${ANGLE}) > PI / 2`, value: 'right' }, { value: 'left' }],
                  baseline: [
                    { test: `${ANGLE} > 0`, value: 'top' },
                    { test: `${ANGLE} == 0`, value: 'middle' },
                    { value: 'bottom' },
                  ],
                  fill: { value: '#222' },
                },
              },
            },
            {
              // "no data" under the name of an axis the rep has nothing to measure on.
              type: 'text',
              from: { data: 'keys' },
              encode: {
                enter: {
                  x: { signal: `(radius + 8) * cos(${ANGLE})` },
                  y: { signal: `(radius + 8) * sin(${ANGLE}) + 15` },
                  text: { signal: `datum.noData ? '${noData}' : ''` },
                  fontSize: { value: 11 },
                  align: [{ test: `abs(${ANGLE}) > PI / 2`, value: 'right' }, { value: 'left' }],
                  baseline: [
                    { test: `${ANGLE} > 0`, value: 'top' },
                    { test: `${ANGLE} == 0`, value: 'middle' },
                    { value: 'bottom' },
                  ],
                  fill: { value: '#888' },
                },
              },
            },
          ],
        },
      ],
    },
  };
}
