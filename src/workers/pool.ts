// A small pool of worker threads (issue 23: heavy work off the event loop). A worker is started on the first
// task and kept; an idle one does not keep the process alive (unref), a busy one does. A worker that dies with a
// task in hand fails that task with OffLoopError WORKER_FAILED and is replaced on the next task; the server
// goes on. close() ends the workers (each closes its database first) and fails tasks still waiting.
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';
import { OffLoopError } from '../modules/analytics/off-loop.ts';

/** What a worker answers: see src/workers/serve.ts. */
export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; code: string | null; message: string } };

/** An error thrown inside the worker, as it arrived: its class name and code, for the caller to map back. */
export class RemoteError extends Error {
  constructor(
    readonly remoteName: string,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

interface Job {
  /** The message, made when the job is handed to a worker (a coalesced read adds to it until then). */
  message: () => unknown;
  transfer: Transferable[];
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  id: number;
  exited: Promise<void>;
}

export interface PoolOptions {
  /** The worker's entry module (a .ts file under tsx, a .js file once built). */
  entry: URL;
  /** Workers at most (they start as tasks arrive). */
  size: number;
  /** Given to every worker as workerData.data. */
  data?: unknown;
  /** For thread names and messages. */
  name: string;
  /** The workers' heap limits (the read workers: a larger young generation). */
  resourceLimits?: ResourceLimits;
}

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);
const CLOSE_GRACE_MS = 3_000;

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  /** Tasks nobody waits for (a scheduled job's charts): taken only when `queue` is empty. */
  private readonly laterQueue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Tasks handed to a worker so far (tests: how many reads a burst of funnels took). */
  dispatched = 0;

  constructor(private readonly options: PoolOptions) {}

  /** Runs one task in a worker; `transfer` moves buffers instead of copying them. */
  run<T>(message: unknown, transfer: Transferable[] = []): Promise<T> {
    return this.runMade<T>(() => message, transfer);
  }

  /**
   * The same, with the message made only when a worker takes the task (until then the caller may add to it).
   * `later`: after every task queued without it, even those queued after this one.
   */
  runMade<T>(message: () => unknown, transfer: Transferable[] = [], later = false): Promise<T> {
    if (this.closed)
      return Promise.reject(
        new OffLoopError('WORKERS_CLOSED', `the ${this.options.name} workers are shut down`),
      );
    return new Promise<T>((resolve, reject) => {
      (later ? this.laterQueue : this.queue).push({
        message,
        transfer,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.pump();
    });
  }

  /** Live workers (tests look at it after close()). */
  get workers(): number {
    return this.slots.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queue.splice(0), ...this.laterQueue.splice(0)])
      job.reject(new OffLoopError('WORKERS_CLOSED', `the ${this.options.name} workers are shut down`));
    await Promise.all(
      [...this.slots].map(async (slot) => {
        slot.worker.postMessage({ id: 0, message: { kind: 'close' } });
        const timer = setTimeout(() => void slot.worker.terminate(), CLOSE_GRACE_MS);
        await slot.exited;
        clearTimeout(timer);
      }),
    );
  }

  private pump(): void {
    while (this.queue.length + this.laterQueue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (slot === undefined) {
        if (this.slots.size >= this.options.size) return;
        slot = this.spawn();
      }
      const job = (this.queue.shift() ?? this.laterQueue.shift()) as Job;
      let message: unknown;
      try {
        message = job.message();
      } catch (err) {
        job.reject(err as Error);
        continue;
      }
      slot.job = job;
      slot.id = this.nextId++;
      slot.worker.ref();
      this.dispatched++;
      slot.worker.postMessage({ id: slot.id, message }, job.transfer);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, {
      workerData: { entry: this.options.entry.href, data: this.options.data },
      // The worker loads tsx itself (bootstrap.mjs); the parent's flags would register it a second time.
      execArgv: [],
      name: `leadline-${this.options.name}`,
      ...(this.options.resourceLimits === undefined ? {} : { resourceLimits: this.options.resourceLimits }),
    });
    let exited!: () => void;
    const slot: Slot = { worker, job: null, id: 0, exited: new Promise<void>((r) => (exited = r)) };
    this.slots.add(slot);
    const fail = (why: string) => {
      const job = slot.job;
      slot.job = null;
      if (job === null) return;
      if (this.closed)
        job.reject(
          new OffLoopError('WORKERS_CLOSED', `the ${this.options.name} workers were shut down mid-task`),
        );
      else job.reject(new OffLoopError('WORKER_FAILED', `the ${this.options.name} worker stopped: ${why}`));
    };
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (job === null || reply.id !== slot.id) return;
      slot.job = null;
      worker.unref();
      if (reply.ok) job.resolve(reply.value);
      else job.reject(new RemoteError(reply.error.name, reply.error.code, reply.error.message));
      this.pump();
    });
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => {
      this.slots.delete(slot);
      fail(`exit code ${code}`);
      exited();
      if (!this.closed) this.pump();
    });
    return slot;
  }
}
