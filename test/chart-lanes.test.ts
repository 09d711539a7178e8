// The chart worker's two lanes (issue 23): a scheduled job's charts (drawingLater: the weekly digest's 200 cards
// at 09:00 on a Monday) are drawn after the charts someone is waiting for in chat, even those asked later.
import { afterEach, describe, expect, it } from 'vitest';
import { drawingLater, renderChart } from '../src/modules/analytics/charts/render.ts';
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
    const draw = (name: string) =>
      renderChart(spec).then((chart) => {
        done.push(name);
        return chart;
      });
    // The job's first chart takes the idle worker at once; its next three wait, then a manager asks for one.
    const job = drawingLater(() => Promise.all([draw('job 1'), draw('job 2'), draw('job 3'), draw('job 4')]));
    const chat = draw('chat');
    const [charts, mine] = await Promise.all([job, chat]);
    expect(done).toEqual(['job 1', 'chat', 'job 2', 'job 3', 'job 4']);
    // Same pictures either way.
    expect(charts.every((c) => Buffer.compare(Buffer.from(c.png), Buffer.from(mine.png)) === 0)).toBe(true);
    expect(off.pools.charts.dispatched).toBe(6);
  }, 60_000);
});
