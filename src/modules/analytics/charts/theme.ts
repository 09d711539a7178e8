// Shared look of every chart: one font (the CJK OTF loaded by render.ts), white background, a fixed size so
// the PNG's size is known in advance (autosize "fit" includes axes and titles in width × height).
export const CHART_FONT = 'Noto Sans Hans';
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 360;

export const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: CHART_WIDTH,
  height: CHART_HEIGHT,
  autosize: { type: 'fit', contains: 'padding' },
  padding: 12,
  background: 'white',
  config: {
    font: CHART_FONT,
    // Titles start at the canvas's left edge and end within it, shortened with an ellipsis (never cut).
    title: {
      fontSize: 18,
      anchor: 'start',
      frame: 'bounds',
      subtitleFontSize: 12,
      subtitleColor: '#555',
      limit: CHART_WIDTH - 2 * 12,
    },
    axis: { labelFontSize: 12, titleFontSize: 13, labelLimit: 160 },
    legend: { labelFontSize: 12, titleFontSize: 12 },
    view: { stroke: null },
  },
} as const;

export const COLORS = { bar: '#4c78a8', flag: '#e45756', team: '#f58518', rep: '#4c78a8' } as const;
