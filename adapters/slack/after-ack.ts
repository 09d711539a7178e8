// The work a Slack request asks for once it has been acknowledged (issue 23, item 3). Slack wants the ack within
// 3 s; the work after it (Bolt's dispatch, the listener, the claim, the answers on the response_url) can wait a
// little. Run inline, one request's work ran before the next requests were even read: 200 simultaneous Claim
// clicks were acked one after another, each behind the work of the clicks before it. Here each piece of work
// starts on a turn of the event loop of its own (setImmediate), at most `concurrency` at a time, so that
// whatever the loop has waiting (new connections, requests to read and ack) goes first. With `quietMs`, work
// also waits while requests keep being acknowledged (a burst: 200 clicks arriving over ~60 ms), until none has
// come for `quietMs` or the oldest waiting item has waited `maxDeferMs`: the acks have a 3 s deadline, the
// work (answers on a response_url, valid 30 minutes) does not, and each piece of work run between two acks
// delays every ack still to come.
//
// The work is kept in memory only, as it was when it ran inline after the ack: a crash loses the requests still
// queued. `stop()` (a graceful shutdown) waits for them; on an abrupt exit the queue says what it lost.

export interface AfterAckItem {
  /** What the work is for, named in the log if it fails or is lost (no secrets: a type, a user id, an action). */
  label: string;
  work: () => Promise<void>;
}

export interface AfterAckQueue {
  /** Queues work to start on a later turn of the event loop, in the order added. */
  add(item: AfterAckItem): void;
  /** Items added and not finished (waiting or running). */
  readonly size: number;
  /** Labels of the items not finished yet, oldest first. */
  unfinished(): string[];
  /** Resolves once every item added so far (and any they add) has finished. */
  drain(): Promise<void>;
}

export interface AfterAckOptions {
  /** Items running at once (each started on its own turn); Infinity for no cap. */
  concurrency: number;
  /** An item's work threw: it is over (not retried). */
  onError: (err: unknown, label: string) => void;
  /** The process is exiting (a crash, process.exit) with work unfinished: the labels, oldest first. */
  onExitUnfinished?: (labels: string[]) => void;
  /** Start work only once no item has been added for this many ms (0 or unset: on the next turn). */
  quietMs?: number;
  /** …or once the oldest waiting item has waited this long, so a steady stream of requests cannot starve the
   * work (default 250 ms: well inside a trigger_id's 3 s). */
  maxDeferMs?: number;
  /** The clock for the two above (ms, monotonic); performance.now by default. */
  now?: () => number;
}

export function afterAckQueue(options: AfterAckOptions): AfterAckQueue {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const waiting: Array<AfterAckItem & { addedAt: number }> = [];
  const running = new Set<AfterAckItem>();
  let scheduled = false;
  const quietMs = Math.max(0, options.quietMs ?? 0);
  const maxDeferMs = Math.max(0, options.maxDeferMs ?? 250);
  const now = options.now ?? (() => performance.now());
  let lastAddedAt = -Infinity;
  let idle: Array<() => void> = [];

  const unfinished = () => [...running, ...waiting].map((i) => i.label);
  const lost = options.onExitUnfinished;
  const onExit = lost === undefined ? undefined : () => lost(unfinished());

  const settle = () => {
    if (waiting.length > 0 || running.size > 0) return;
    // Listened to only while there is work, so that queues long gone (tests make many) are not kept alive.
    if (onExit !== undefined) process.off('exit', onExit);
    const done = idle;
    idle = [];
    for (const resolve of done) resolve();
  };
  // One start per turn: a setImmediate queued while the check phase runs waits for the next turn, after its
  // poll phase (accepts, reads, the acks they write).
  const schedule = () => {
    if (scheduled || running.size >= concurrency || waiting.length === 0) return;
    scheduled = true;
    const wait = holdFor();
    if (wait > 0) setTimeout(startOne, wait);
    else setImmediate(startOne);
  };
  /** How much longer the work should wait for a burst of requests to end (0: start it). */
  const holdFor = (): number => {
    if (quietMs === 0) return 0;
    const t = now();
    const quietIn = lastAddedAt + quietMs - t;
    const oldest = waiting[0];
    const deferIn = oldest === undefined ? 0 : oldest.addedAt + maxDeferMs - t;
    return Math.max(0, Math.ceil(Math.min(quietIn, deferIn)));
  };
  const startOne = () => {
    scheduled = false;
    if (holdFor() > 0) return schedule();
    const item = waiting.shift();
    if (item === undefined) return settle();
    running.add(item);
    const finish = () => {
      running.delete(item);
      schedule();
      settle();
    };
    // async: a work that throws before its first await rejects like the others.
    const started = (async () => item.work())();
    void started.catch((err: unknown) => options.onError(err, item.label)).finally(finish);
    schedule();
  };

  return {
    add(item) {
      if (onExit !== undefined && waiting.length === 0 && running.size === 0) process.on('exit', onExit);
      lastAddedAt = now();
      waiting.push({ ...item, addedAt: lastAddedAt });
      schedule();
    },
    get size() {
      return waiting.length + running.size;
    },
    unfinished,
    drain() {
      if (waiting.length === 0 && running.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
