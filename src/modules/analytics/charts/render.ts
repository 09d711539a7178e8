// Chart spec → PNG, with no browser and no canvas: vega-lite compiles to vega, a headless vega View
// (renderer 'none') writes SVG, and resvg rasterises it with a CJK font shipped by an npm package.
// resvg draws no text from woff/woff2 and would otherwise pick up whatever fonts the host has: we give it one
// OTF and `loadSystemFonts: false`, so every machine renders the same pixels (DESIGN.md, "Versions"). The labels
// reach resvg as outlines already (text-to-path.ts: resvg re-parses the font for every glyph, too slow for CJK).
// The drawing itself (vega, resvg, the font) is in draw.ts, loaded on the first chart drawn here (issue 23, item 6):
// the server draws in its chart worker, so its own thread never loads them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CHART_FONT_FILE, type ChartSpec, type RenderedChart, type RenderOptions } from './chart-spec.ts';

export {
  CHART_FONT_FAMILY,
  CHART_FONT_FILE,
  ChartError,
  type ChartSpec,
  type RenderedChart,
  type RenderOptions,
} from './chart-spec.ts';

/**
 * Where charts are drawn when not here: a worker pool (src/workers), installed by the server at start. `later`:
 * drawn for a scheduled job (see drawingLater), after the charts someone is waiting for.
 */
export type ChartRenderer = (
  chart: ChartSpec,
  options: RenderOptions,
  later: boolean,
) => Promise<RenderedChart>;
let elsewhere: ChartRenderer | null = null;

const scheduled = new AsyncLocalStorage<true>();

/**
 * Runs a scheduled job whose charts nobody is waiting for in chat (the weekly digest's 200 cards at 09:00 on a
 * Monday): the chart worker draws a manager's `funnel` first, then the job's next chart (issue 23).
 */
export function drawingLater<T>(job: () => Promise<T>): Promise<T> {
  return scheduled.run(true, job);
}

/**
 * Sends every chart to `renderer` from now on (null: draw them here again). Process-wide, like vega's text
 * metrics (draw.ts): the server installs its worker pool at start and takes it back on stop.
 */
export function renderChartsWith(renderer: ChartRenderer | null): void {
  elsewhere = renderer;
}

/**
 * The chart as a PNG: in a worker when the server installed one (issue 23: off the event loop), else here. A
 * chart drawn lately for the same spec and options is handed out again (a copy) instead of drawn: on a Monday
 * morning forty managers ask for the same month's funnel, two charts of 0.3–0.45 s each at a million deal
 * events, and the numbers in them (counts, whole working days) stay the same between their asks. Charts with
 * their pixels (tests) are always drawn.
 */
export async function renderChart(chart: ChartSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  if (options.pixels === true) return draw(chart, options);
  const key = JSON.stringify([chart, options]);
  const kept = drawn.get(key);
  if (kept !== undefined) {
    drawn.delete(key);
    drawn.set(key, kept);
    return copyOf(kept);
  }
  let drawing = underway.get(key);
  if (drawing === undefined) {
    // Everyone who asked gets a copy of what is kept: one of them may hand its PNG's buffer on (transfer it).
    drawing = draw(chart, options).then((made) => {
      const kept = copyOf(made);
      keep(key, kept);
      return kept;
    });
    underway.set(key, drawing);
    const done = () => underway.delete(key);
    drawing.then(done, done);
  }
  return copyOf(await drawing);
}

function draw(chart: ChartSpec, options: RenderOptions): Promise<RenderedChart> {
  if (elsewhere === null) return renderChartHere(chart, options);
  return elsewhere(chart, options, scheduled.getStore() === true);
}

/** Charts drawn lately, least recently asked first; at most DRAWN_BYTES of PNG. */
const drawn = new Map<string, RenderedChart>();
/** Charts being drawn: the same ask meanwhile waits for it. */
const underway = new Map<string, Promise<RenderedChart>>();
const DRAWN_BYTES = 16 * 1024 * 1024;
let drawnBytes = 0;

function keep(key: string, chart: RenderedChart): void {
  drawn.set(key, chart);
  drawnBytes += chart.png.byteLength + key.length;
  for (const [k, c] of drawn) {
    if (drawnBytes <= DRAWN_BYTES || drawn.size === 1) break;
    drawn.delete(k);
    drawnBytes -= c.png.byteLength + k.length;
  }
}

function copyOf(chart: RenderedChart): RenderedChart {
  return { png: chart.png.slice(), width: chart.width, height: chart.height };
}

/** Charts kept for their spec (tests). */
export function chartsKept(): number {
  return drawn.size;
}

/** The chart drawn on this thread (a worker calls this). */
export async function renderChartHere(chart: ChartSpec, options: RenderOptions = {}): Promise<RenderedChart> {
  const { drawChart } = await import('./draw.ts');
  return drawChart(chart, options);
}

/** Loads what drawing needs (vega, resvg, the font) before the first chart: the chart worker's warm-up. */
export async function warmCharts(): Promise<void> {
  await import('./draw.ts');
  const { loadFont } = await import('./text-to-path.ts');
  await loadFont(CHART_FONT_FILE);
}
