// Chart spec → SVG → PNG on this thread: vega-lite compiles to vega, a headless vega View writes SVG, the labels
// become outlines (text-to-path.ts) and resvg rasterises it. Loaded only where charts are drawn (renderChartHere in render.ts): the
// chart worker, the CLI, tests.
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Font } from 'opentype.js';
import { loadFont, textToPaths, textWidth } from './text-to-path.ts';
import {
  CHART_FONT_FAMILY,
  CHART_FONT_FILE,
  ChartError,
  type ChartSpec,
  type RenderedChart,
  type RenderOptions,
} from './chart-spec.ts';

/**
 * Vega lays labels out with the widths we will draw them at: with no canvas it would guess 0.8 em a character,
 * too little for Chinese (1 em), so axis titles ran into tick labels and labels past the canvas edge. A label
 * with a `limit` measures at most the limit: vega asks this both for a label's width (already cut to its limit)
 * and, while cutting, for each candidate prefix, which must then compare as "too long". Process-wide (vega keeps
 * one textMetrics): every chart is drawn with the one font; with no font (a test) vega's estimate is back.
 */
type TextItem = { fontSize?: number; limit?: number };
interface TextMetrics {
  width: (item: TextItem, text: unknown) => number;
  estimateWidth: (item: TextItem, text: unknown) => number;
}
// vega exports vega-scenegraph's textMetrics; its typings leave it out.
const textMetrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;

function useFontMetrics(font: Font | null): void {
  if (font === null) {
    textMetrics.width = textMetrics.estimateWidth;
    return;
  }
  textMetrics.width = (item, text) => {
    const size = item.fontSize === undefined || item.fontSize === null ? 11 : +item.fontSize || 0;
    // One line at a time: a string, or a number vega has not formatted.
    const line = typeof text === 'string' ? text : typeof text === 'number' ? String(text) : '';
    const raw = size <= 0 ? 0 : textWidth(font, line.trim(), size);
    return item.limit !== undefined && item.limit > 0 ? Math.min(raw, item.limit) : raw;
  };
}

/** The spec as SVG text (vega's own scenegraph → SVG), laid out with `font`'s widths. */
export async function chartSvg(chart: ChartSpec, font: Font | null = null): Promise<string> {
  useFontMetrics(font);
  let vg: vega.Spec;
  try {
    vg = chart.kind === 'vega' ? chart.spec : compile(chart.spec).spec;
  } catch (err) {
    throw new ChartError('SPEC_INVALID', `the chart spec does not compile: ${(err as Error).message}`);
  }
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart drawn on this thread, as renderChartHere (render.ts) does. */
export async function drawChart(chart: ChartSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  const fontFile = options.fontFile === undefined ? CHART_FONT_FILE : options.fontFile;
  const font = fontFile === null ? null : await loadFont(fontFile);
  let svg = await chartSvg(chart, font);
  if (font !== null) svg = textToPaths(svg, font);
  try {
    const resvg = new Resvg(svg, {
      font: {
        // Only for text text-to-path.ts left alone (none in our specs): loading it costs a read of 8 MB.
        fontFiles: fontFile === null || !svg.includes('<text') ? [] : [fontFile],
        loadSystemFonts: false,
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
      },
      fitTo: { mode: 'zoom', value: options.scale ?? 2 },
      background: '#ffffff',
    });
    const image = resvg.render();
    return {
      png: new Uint8Array(image.asPng()),
      width: image.width,
      height: image.height,
      ...(options.pixels === true ? { pixels: new Uint8Array(image.pixels) } : {}),
    };
  } catch (err) {
    throw new ChartError('RENDER_FAILED', `the chart could not be drawn: ${(err as Error).message}`);
  }
}
