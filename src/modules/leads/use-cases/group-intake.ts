import type { EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { writeAtEnd } from './intake-writes.ts';
import { routingOrgOnce } from './routing-org.ts';
import { submitLeadInTx, type SubmitLeadInput, type SubmitLeadResult } from './submit-lead.ts';

/**
 * These leads in this order inside the caller's transaction, as one group (issue 23, item 4): one read of the org
 * for all of them, and their events, notices, decisions and the reps' turns written together at the end.
 */
export async function submitTogether(
  tx: Tx,
  deps: EngineDeps,
  inputs: readonly SubmitLeadInput[],
): Promise<SubmitLeadResult[]> {
  const group = { org: routingOrgOnce(deps), writes: writeAtEnd() };
  const out: SubmitLeadResult[] = [];
  for (const input of inputs) out.push(await submitLeadInTx(tx, deps, input, deps.clock(), group));
  await group.writes.flush(tx);
  return out;
}

export interface GroupIntake {
  /** submitLead, committed together with the other leads that arrive while the previous group commits. */
  submit(input: SubmitLeadInput): Promise<SubmitLeadResult>;
}

interface Waiting {
  input: SubmitLeadInput;
  resolve: (r: SubmitLeadResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for concurrent intake (issue 23, item 4): requests that arrive together (in the same turn of the
 * event loop, or while the previous group is committing) are submitted in arrival order in one transaction, each
 * answered with its own result — what it would have got one by one in that order, since each lead sees the ones
 * before it in the same transaction. One group at a time, so arrival order is commit order. If any lead of a group
 * throws, the group is rolled back whole and replayed one lead per transaction: only the failing request fails.
 */
export function groupIntake(deps: EngineDeps, options: { maxGroup?: number } = {}): GroupIntake {
  const maxGroup = Math.max(1, Math.floor(options.maxGroup ?? 64));
  let waiting: Waiting[] = [];
  let running = false;

  const one = (w: Waiting) =>
    deps.store.transaction((tx) => submitLeadInTx(tx, deps, w.input, deps.clock())).then(w.resolve, w.reject);

  async function commit(group: Waiting[]): Promise<void> {
    if (group.length === 1) return one(group[0] as Waiting);
    let answers: SubmitLeadResult[] | null = null;
    try {
      answers = await deps.store.transaction((tx) =>
        submitTogether(
          tx,
          deps,
          group.map((w) => w.input),
        ),
      );
    } catch {
      answers = null; // rolled back whole: each lead again on its own, so one failure fails one request
    }
    if (answers === null) {
      for (const w of group) await one(w);
      return;
    }
    group.forEach((w, i) => w.resolve(answers[i] as SubmitLeadResult));
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (waiting.length > 0) {
        const group = waiting.slice(0, maxGroup);
        waiting = waiting.slice(group.length);
        await commit(group);
      }
    } finally {
      running = false;
    }
  }

  return {
    submit(input) {
      return new Promise<SubmitLeadResult>((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        // The first of a group waits one turn of the loop so requests arriving together join it.
        if (!running && waiting.length === 1) setImmediate(() => void (running ? undefined : drain()));
      });
    },
  };
}
