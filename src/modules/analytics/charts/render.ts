// Chart spec → PNG, with no browser and no canvas: vega-lite compiles to vega, a headless vega View
// (renderer 'none') writes SVG, and resvg rasterises it with a CJK font shipped by an npm package.
// resvg draws no text from woff/woff2 and would otherwise pick up whatever fonts the host has: we give it one
// OTF and `loadSystemFonts: false`, so every machine renders the same pixels (DESIGN.md, "Versions"). The labels
// reach resvg as outlines already (text-to-path.ts: resvg re-parses the font for every glyph, too slow for CJK).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Font } from 'opentype.js';
import { loadFont, textToPaths, textWidth } from './text-to-path.ts';
import { CodedError } from '../../../kernel/errors.ts';

/** The family name inside the OTF below; specs name it in their `config.font`. */
export const CHART_FONT_FAMILY = 'Noto Sans Hans';

/**
 * Noto Sans Hans Regular (OTF, the GB2312 set: the ~6,800 common simplified characters plus Latin), from npm
 * `@embedpdf/fonts-sc` (42 MB unpacked for 5 weights; we load one, 8.4 MB). The smallest package found that
 * ships Chinese as OTF/TTF rather than woff2 only (see README, "Charts").
 */
// The package exports only its JS entry (dist/index.cjs); the fonts sit in fonts/ beside dist/.
export const CHART_FONT_FILE = join(
  dirname(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc'))),
  'fonts',
  'NotoSansHans-Regular.otf',
);

/** A chart: a vega-lite spec, or a vega spec where vega-lite has no such mark (the radar). */
export type ChartSpec = { kind: 'vega-lite'; spec: TopLevelSpec } | { kind: 'vega'; spec: vega.Spec };

export interface RenderOptions {
  /** Pixels per spec unit (2: sharp on phones). */
  scale?: number;
  /** The font file; null draws with no font at all (tests use it to see a render without the CJK font). */
  fontFile?: string | null;
}

export interface RenderedChart {
  png: Uint8Array;
  width: number;
  height: number;
  /** RGBA, row by row: for tests that compare regions of two renders. */
  pixels: Uint8Array;
}

export class ChartError extends CodedError<'SPEC_INVALID' | 'RENDER_FAILED'> {}

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

/** Where charts are drawn when not here: a worker pool (src/workers), installed by the server at start. */
export type ChartRenderer = (chart: ChartSpec, options: RenderOptions) => Promise<RenderedChart>;
let elsewhere: ChartRenderer | null = null;

/**
 * Sends every chart to `renderer` from now on (null: draw them here again). Process-wide, like vega's text
 * metrics above: the server installs its worker pool at start and takes it back on stop.
 */
export function renderChartsWith(renderer: ChartRenderer | null): void {
  elsewhere = renderer;
}

/** The chart as a PNG: in a worker when the server installed one (issue 23: off the event loop), else here. */
export async function renderChart(chart: ChartSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  return elsewhere === null ? renderChartHere(chart, options) : elsewhere(chart, options);
}

/** The chart drawn on this thread (a worker calls this). */
export async function renderChartHere(chart: ChartSpec, options: RenderOptions = {}): Promise<RenderedChart> {
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
      pixels: new Uint8Array(image.pixels),
    };
  } catch (err) {
    throw new ChartError('RENDER_FAILED', `the chart could not be drawn: ${(err as Error).message}`);
  }
}
