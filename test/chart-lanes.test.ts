// The chart worker's two lanes (issue 23): a scheduled job's charts (drawingLater: the weekly digest's 200 cards
// at 09:00 on a Monday) are drawn after the charts someone is waiting for in chat, even those asked later.
import { afterEach, describe, expect, it } from 'vitest';
import {
  chartsKept,
  drawingLater,
  renderChart,
  type ChartSpec,
} from '../src/modules/analytics/charts/render.ts';
import { distributionSpec } from '../src/modules/analytics/charts/specs.ts';
import { SAMPLE_DISTRIBUTION } from '../src/modules/analytics/charts/fixtures.ts';
import { startOffLoop, type OffLoop } from '../src/workers/index.ts';

let off: OffLoop | null = null;
afterEach(async () => {
  await off?.close();
  off = null;
});

describe('the chart worker', () => {
  it("draws a chart asked for in chat before a scheduled job's charts queued ahead of it", async () => {
    off = startOffLoop({ databaseUrl: ':memory:' });
    await off.warm();
    const spec = distributionSpec(SAMPLE_DISTRIBUTION, 'en');
    const done: string[] = [];
    // Each its own title: the same spec twice would be drawn once (see below).
    const titled = (title: string): ChartSpec => ({
      kind: 'vega-lite',
      spec: { ...(spec.spec as object), title } as never,
    });
    const draw = (name: string) =>
      renderChart(titled(name)).then((chart) => {
        done.push(name);
        return chart;
      });
    // The job's first chart takes the idle worker at once; its next three wait, then a manager asks for one.
    const job = drawingLater(() => Promise.all([draw('job 1'), draw('job 2'), draw('job 3'), draw('job 4')]));
    const chat = draw('chat');
    const [charts, mine] = await Promise.all([job, chat]);
    expect(done).toEqual(['job 1', 'chat', 'job 2', 'job 3', 'job 4']);
    expect([...charts, mine].every((c) => c.png.length > 1000)).toBe(true);
    expect(off.pools.charts.dispatched).toBe(6);
  }, 60_000);

  it('draws a chart once for everyone who asks for the same spec, and hands each a copy of its own', async () => {
    off = startOffLoop({ databaseUrl: ':memory:' });
    await off.warm();
    const spec: ChartSpec = {
      kind: 'vega-lite',
      spec: {
        ...(distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN').spec as object),
        title: `once ${Date.now()}`,
      } as never,
    };
    const before = off.pools.charts.dispatched;
    // Asked together (one drawing), then again later (kept).
    const [a, b] = await Promise.all([renderChart(spec), renderChart(spec)]);
    const c = await renderChart(spec);
    expect(off.pools.charts.dispatched - before).toBe(1);
    expect(Buffer.from(b.png).equals(Buffer.from(a.png))).toBe(true);
    expect(Buffer.from(c.png).equals(Buffer.from(a.png))).toBe(true);
    // One asker spoiling its PNG spoils nobody else's.
    const first = Buffer.from(a.png);
    a.png.fill(0);
    expect(Buffer.from((await renderChart(spec)).png).equals(first)).toBe(true);
    expect(Buffer.from(b.png).equals(first)).toBe(true);
    // Another spec, or other options, is drawn.
    await renderChart(spec, { scale: 1 });
    expect(off.pools.charts.dispatched - before).toBe(2);
    expect(chartsKept()).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
