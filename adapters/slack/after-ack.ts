// The work a Slack request asks for once it has been acknowledged (issue 23, item 3). Slack wants the ack within
// 3 s; the work after it (Bolt's dispatch, the listener, the claim, the answers on the response_url) can wait a
// little. Run inline, one request's work ran before the next requests were even read: 200 simultaneous Claim
// clicks were acked one after another, each behind the work of the clicks before it. Here each piece of work
// starts on a turn of the event loop of its own (setImmediate), at most `concurrency` at a time, so that
// whatever the loop has waiting (new connections, requests to read and ack) goes first.
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
}

export function afterAckQueue(options: AfterAckOptions): AfterAckQueue {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const waiting: AfterAckItem[] = [];
  const running = new Set<AfterAckItem>();
  let scheduled = false;
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
    setImmediate(startOne);
  };
  const startOne = () => {
    scheduled = false;
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
      waiting.push(item);
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
