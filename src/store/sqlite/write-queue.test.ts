import { describe, expect, it } from 'vitest';
import { WriteQueue } from './connection.ts';

/** A unit of work that records when it ran and holds the queue for `ms` (real time, as a transaction would). */
function unit(order: string[], name: string, ms = 0): () => Promise<string> {
  return async () => {
    order.push(name);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    return name;
  };
}

describe('WriteQueue (one unit of work at a time, requests before scheduled jobs)', () => {
  it('runs one unit at a time, first come first served within a line, each with its own result', async () => {
    const q = new WriteQueue();
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        q.run(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running -= 1;
          return name;
        }),
      ),
    );
    expect(results).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
  });

  it("puts a request's unit before a scheduled job's that was queued earlier", async () => {
    const q = new WriteQueue();
    const order: string[] = [];
    const first = q.run(unit(order, 'sweep 1', 5), 'background');
    const second = q.run(unit(order, 'sweep 2'), 'background');
    // While the first sweep transaction runs, three claims arrive: they go before the sweep's next one.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const claims = ['claim 1', 'claim 2', 'claim 3'].map((name) => q.run(unit(order, name)));
    await Promise.all([first, second, ...claims]);
    expect(order).toEqual(['sweep 1', 'claim 1', 'claim 2', 'claim 3', 'sweep 2']);
  });

  it('lets a scheduled job go next once it has waited long enough, however many requests keep coming', async () => {
    const q = new WriteQueue(20);
    const order: string[] = [];
    // A flood of requests, each holding the queue 2 ms, all queued before and after the job's unit.
    const flood = Array.from({ length: 10 }, (_, i) => q.run(unit(order, `r${i}`, 2)));
    const queuedAt = performance.now();
    let waited = 0;
    const job = q.run(async () => {
      waited = performance.now() - queuedAt;
      order.push('job');
    }, 'background');
    const more = Array.from({ length: 30 }, (_, i) => q.run(unit(order, `r${10 + i}`, 2)));
    await Promise.all([...flood, job, ...more]);
    // Not last (it would be, behind 40 requests, without the bound), and only once it had waited its 20 ms.
    expect(order.indexOf('job')).toBeLessThan(order.length - 1);
    expect(waited).toBeGreaterThanOrEqual(20);
  });

  it('passes a failure to its own caller only, and goes on with the next unit', async () => {
    const q = new WriteQueue();
    const bad = q.run(() => Promise.reject(new Error('constraint failed')));
    const thrown = q.run(() => {
      throw new Error('thrown before any await');
    });
    const good = q.run(async () => 'ok', 'background');
    await expect(bad).rejects.toThrow('constraint failed');
    await expect(thrown).rejects.toThrow('thrown before any await');
    await expect(good).resolves.toBe('ok');
  });

  it('starts each unit on a fresh turn of the event loop, so queued units never starve it', async () => {
    const q = new WriteQueue();
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 0);
    const units = Array.from({ length: 200 }, () =>
      q.run(async () => {
        const until = performance.now() + 0.2;
        while (performance.now() < until);
      }),
    );
    await Promise.all(units);
    clearInterval(ticker);
    // 200 × 0.2 ms = 40 ms of work: a 0 ms timer got turns in between (units run back to back would give it none).
    expect(ticks).toBeGreaterThan(5);
  });
});
