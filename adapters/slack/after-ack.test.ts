import { describe, expect, it } from 'vitest';
import { afterAckQueue } from './after-ack.ts';

/** One turn of the event loop: a setImmediate queued after the queue's own runs after it. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('afterAckQueue', () => {
  it('starts nothing in the turn work is added, then one item per turn, in order', async () => {
    const started: string[] = [];
    const q = afterAckQueue({ concurrency: 10, onError: () => {} });
    for (const label of ['a', 'b', 'c'])
      q.add({
        label,
        work: () => {
          started.push(label);
          return Promise.resolve();
        },
      });
    expect(started).toEqual([]);
    await turn();
    expect(started).toEqual(['a']);
    await turn();
    expect(started).toEqual(['a', 'b']);
    await q.drain();
    expect(started).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
  });

  it('runs at most `concurrency` items at once', async () => {
    const first = gate();
    const started: string[] = [];
    const q = afterAckQueue({ concurrency: 1, onError: () => {} });
    q.add({
      label: 'slow',
      work: async () => {
        started.push('slow');
        await first.opened;
      },
    });
    q.add({
      label: 'next',
      work: () => {
        started.push('next');
        return Promise.resolve();
      },
    });
    for (let i = 0; i < 5; i++) await turn();
    expect(started).toEqual(['slow']);
    expect(q.unfinished()).toEqual(['slow', 'next']);
    first.open();
    await q.drain();
    expect(started).toEqual(['slow', 'next']);
  });

  it('reports a failed item by its label and goes on with the rest', async () => {
    const errors: Array<[string, string]> = [];
    const done: string[] = [];
    const q = afterAckQueue({
      concurrency: 2,
      onError: (err, label) => errors.push([label, (err as Error).message]),
    });
    q.add({
      label: 'throws at once',
      work: () => {
        throw new Error('boom');
      },
    });
    q.add({ label: 'rejects', work: () => Promise.reject(new Error('later')) });
    q.add({
      label: 'fine',
      work: () => {
        done.push('fine');
        return Promise.resolve();
      },
    });
    await q.drain();
    expect(errors).toEqual([
      ['throws at once', 'boom'],
      ['rejects', 'later'],
    ]);
    expect(done).toEqual(['fine']);
  });

  it('drains at once when empty, and after work added while draining', async () => {
    const q = afterAckQueue({ concurrency: 4, onError: () => {} });
    await q.drain();
    const done: string[] = [];
    q.add({
      label: 'outer',
      work: () => {
        q.add({
          label: 'inner',
          work: () => {
            done.push('inner');
            return Promise.resolve();
          },
        });
        done.push('outer');
        return Promise.resolve();
      },
    });
    await q.drain();
    expect(done).toEqual(['outer', 'inner']);
  });

  describe('with a quiet window (issue 23, item 3: acks first while a burst arrives)', () => {
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const collect = (q: ReturnType<typeof afterAckQueue>, started: string[]) => (label: string) =>
      q.add({
        label,
        work: () => {
          started.push(label);
          return Promise.resolve();
        },
      });

    it('starts nothing while items keep coming, then all in order once none came for quietMs', async () => {
      let t = 0;
      const started: string[] = [];
      const q = afterAckQueue({ concurrency: 10, onError: () => {}, quietMs: 30, now: () => t });
      const add = collect(q, started);
      add('a');
      add('b');
      for (let i = 0; i < 5; i++) await turn();
      expect(started).toEqual([]);
      t = 20;
      add('c');
      await sleep(50); // the first wait ends; 'c' came 0 ms ago on the queue's clock: it waits again
      expect(started).toEqual([]);
      t = 60;
      await q.drain();
      expect(started).toEqual(['a', 'b', 'c']);
    });

    it('starts the oldest item once it has waited maxDeferMs, even while items keep coming', async () => {
      let t = 0;
      const started: string[] = [];
      const q = afterAckQueue({
        concurrency: 10,
        onError: () => {},
        quietMs: 20,
        maxDeferMs: 50,
        now: () => t,
      });
      const add = collect(q, started);
      add('a');
      t = 30;
      add('b');
      t = 55;
      add('c');
      await sleep(60);
      // 'a' waited 55 > 50: started although 'c' came just now; 'b' (25) has not waited long enough.
      expect(started).toEqual(['a']);
      t = 100;
      await q.drain();
      expect(started).toEqual(['a', 'b', 'c']);
    });
  });
});
