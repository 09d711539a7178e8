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
});
