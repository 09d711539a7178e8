// The renderer, as issue 11 asks it to be proven: the PNG has the size the spec says, the text areas are not
// blank, and Chinese characters come out as glyphs (not the empty boxes of a missing font).
import { describe, expect, it } from 'vitest';
import { SAMPLE_DISTRIBUTION, SAMPLE_FUNNEL, SAMPLE_RADAR } from './fixtures.ts';
import { ChartError, renderChart, type ChartSpec, type RenderedChart } from './render.ts';
import { distributionSpec, funnelSpec, radarSpec } from './specs.ts';

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The render's pixels (asked for with `{ pixels: true }`). */
function px(r: RenderedChart): Uint8Array {
  if (r.pixels === undefined) throw new Error('render without { pixels: true }');
  return r.pixels;
}

/** Pixels in `box` that are not (near) white. */
function ink(r: RenderedChart, box: Box): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++)
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * r.width + x) * 4;
      if ((px(r)[i] ?? 255) < 200 || (px(r)[i + 1] ?? 255) < 200 || (px(r)[i + 2] ?? 255) < 200) n++;
    }
  return n;
}

/** Pixels in `box` that differ between two renders of the same size. */
function difference(a: RenderedChart, b: RenderedChart, box: Box): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++)
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * a.width + x) * 4;
      if (px(a)[i] !== px(b)[i] || px(a)[i + 1] !== px(b)[i + 1] || px(a)[i + 2] !== px(b)[i + 2]) n++;
    }
  return n;
}

// At scale 2: the title sits in the top 70 px, the rep names of the y axis in the left 200 px below it.
const TITLE: Box = { x0: 0, y0: 0, x1: 640, y1: 70 };
const Y_LABELS: Box = { x0: 0, y0: 180, x1: 200, y1: 600 };

/** The same chart with the title, axis labels and axis titles painted white: same layout, no text to see. */
function withoutLabels(chart: ChartSpec): ChartSpec {
  const spec = structuredClone(chart.spec) as Record<string, unknown> & { config: Record<string, object> };
  spec.config = {
    ...spec.config,
    title: { ...spec.config.title, color: 'white', subtitleColor: 'white' },
    axis: { ...spec.config.axis, labelColor: 'white', titleColor: 'white' },
  };
  return { kind: 'vega-lite', spec: spec as never };
}

function withTitle(chart: ChartSpec, title: string): ChartSpec {
  return { kind: 'vega-lite', spec: { ...(chart.spec as object), title } as never };
}

const PIXELS = { pixels: true };

describe('renderChart', () => {
  it('draws a PNG of the size the spec gives (640 × 360 at scale 2; the radar 640 × 400)', async () => {
    const funnel = await renderChart(funnelSpec(SAMPLE_FUNNEL, 'zh-CN'));
    expect([...funnel.png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngSize(funnel.png)).toEqual({ width: 1280, height: 720 });
    const radar = await renderChart(radarSpec(SAMPLE_RADAR, 'zh-CN'), { scale: 1 });
    expect(pngSize(radar.png)).toEqual({ width: 640, height: 400 });
  });

  it('puts ink where the title and axis labels are, and none there when they are taken away', async () => {
    const chart = distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN');
    const labelled = await renderChart(chart, PIXELS);
    const bare = await renderChart(withoutLabels(chart), PIXELS);
    expect(ink(labelled, TITLE)).toBeGreaterThan(800);
    expect(ink(bare, TITLE)).toBe(0);
    expect(difference(labelled, bare, Y_LABELS)).toBeGreaterThan(300);
    // Only the text changed: the bars (right of the labels) are the same pixels.
    expect(difference(labelled, bare, { x0: 240, y0: 220, x1: 900, y1: 240 })).toBe(0);
  });

  it('draws Chinese as glyphs: different characters differ, and without the font there is no text at all', async () => {
    const chart = distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN');
    const a = await renderChart(withTitle(chart, '线索分配'), PIXELS);
    const b = await renderChart(withTitle(chart, '销售漏斗'), PIXELS);
    // A missing glyph is drawn as the same empty box for every character: these two titles would look alike.
    expect(difference(a, b, TITLE)).toBeGreaterThan(400);
    const noFont = await renderChart(withTitle(chart, '线索分配'), { fontFile: null, pixels: true });
    expect(ink(a, TITLE)).toBeGreaterThan(400);
    expect(ink(noFont, TITLE)).toBeLessThan(20);
  });

  it('refuses a spec that does not compile, with a code', async () => {
    const bad: ChartSpec = { kind: 'vega-lite', spec: { mark: 'nonsense' } as never };
    await expect(renderChart(bad)).rejects.toBeInstanceOf(ChartError);
    await expect(renderChart(bad)).rejects.toMatchObject({ code: 'SPEC_INVALID' });
  });
});
