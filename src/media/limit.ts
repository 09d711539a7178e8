// A small work queue for untrusted files (issue 22): at most `concurrency` tasks run at once, the rest wait in
// order, and at most `maxWaiting` may wait (an upload beyond that is told the server is busy rather than held in
// memory). Decoding images and parsing PDFs costs CPU and memory out of proportion to a file's size; without a
// queue, four image bombs at once stalled every photo for 35 s.

export interface Limiter {
  /** Runs `task` when a slot is free; the promise settles as the task does. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** True when `run` would have to queue beyond `maxWaiting` (check, then run, in the same turn). */
  full(): boolean;
  readonly active: number;
  readonly waiting: number;
}

export function limiter(concurrency: number, maxWaiting = Number.POSITIVE_INFINITY): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be ≥ 1');
  let active = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (active >= concurrency) return;
    const start = queue.shift();
    if (start !== undefined) {
      active += 1;
      start();
    }
  };
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          let p: Promise<T>;
          try {
            p = task();
          } catch (err) {
            p = Promise.reject(err instanceof Error ? err : new Error(String(err)));
          }
          p.then(resolve, reject).finally(() => {
            active -= 1;
            next();
          });
        });
        next();
      });
    },
    full: () => active >= concurrency && queue.length >= maxWaiting,
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** CPU-heavy reading of untrusted files (PDF page trees, image decoding): one per core of a small server. */
export const fileWork = limiter(2);

/**
 * Uploads being checked and stored at once (evidence, report photos), from every messenger: a few more may wait,
 * the rest are told the server is busy, so a burst of 20 MB uploads is not all held in memory.
 */
export const uploadWork = limiter(4, 8);
