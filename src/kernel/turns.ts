// Issue 23: work that holds the event loop takes turns. A chat command runs on the server's thread, and over
// SQLite's synchronous driver it runs from its first line to its reply without letting anything else in (its
// awaits are microtasks). When 50 reps click or type at once, all 50 requests are read in one pass of the event
// loop and all 50 commands ran in it, back to back: 100 ms and more in which no timer fired and no other socket
// was served. Here each taker goes on in a turn of the loop of its own (setImmediate, one per turn), so between
// two commands the loop runs its timers and reads and answers whatever else has come in. The order is kept: first
// come, first served. The total work is the same; only the longest stretch without a turn shrinks.

export interface Turns {
  /** Resolves on a later turn of the event loop, after every taker before it, one taker per turn. */
  take(): Promise<void>;
  /** Takers not released yet. */
  readonly waiting: number;
}

export function turns(): Turns {
  const queue: Array<() => void> = [];
  let scheduled = false;
  const release = () => {
    scheduled = false;
    const next = queue.shift();
    // Queued from the check phase, the next release waits for the loop's next turn (its timers, its poll).
    if (queue.length > 0) {
      scheduled = true;
      setImmediate(release);
    }
    next?.();
  };
  return {
    take() {
      return new Promise<void>((resolve) => {
        queue.push(resolve);
        if (!scheduled) {
          scheduled = true;
          setImmediate(release);
        }
      });
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** The chat's turns: every inbound message or click, whatever the messenger (src/conversation/conversation.ts). */
export const chatTurns: Turns = turns();
