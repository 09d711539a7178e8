import { describe, expect, it } from 'vitest';
import { limiter } from './limit.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('limiter', () => {
  it('runs at most `concurrency` tasks at once, the rest in order as slots free', async () => {
    const limit = limiter(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.waiting]).toEqual([2, 1]);
    gates[1]!.resolve();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect([limit.active, limit.waiting]).toEqual([0, 0]);
  });

  it('is full when every slot runs and the waiting line is at its bound; a failing task frees its slot', async () => {
    const limit = limiter(1, 1);
    const gate = deferred();
    const first = limit.run(() => gate.promise);
    expect(limit.full()).toBe(false);
    const second = limit.run(() => Promise.reject(new Error('boom')));
    expect(limit.full()).toBe(true);
    gate.resolve();
    await first;
    await expect(second).rejects.toThrow('boom');
    expect(limit.full()).toBe(false);
    expect(limit.active).toBe(0);
  });
});
