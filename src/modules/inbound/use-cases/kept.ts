// Messages kept until acted on (inbound_pending), for platforms that send a message once and never again (DingTalk
// Stream mode's robot messages): stored before the platform is told "received", then acted on, and tried again
// by any instance until it worked or failed too often.
import type { EngineDeps } from '../../deps.ts';
import type { PendingInbound } from '../../ports.ts';

/** How long the instance that stored a message has to act on it before another may try (a crash in between). */
export const KEPT_LEASE_MS = 60_000;
/** Waits before each further try (after the 1st, 2nd, … failed); after the last one the message is given up. */
export const KEPT_BACKOFF_MS = [
  10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000,
] as const;

/**
 * Records `key` as seen (inbound_events) and keeps its body, in one transaction: true the first time, false for a
 * message seen before (kept or already acted on), which must not act again.
 */
export function keepOnce(deps: EngineDeps, scope: string, key: string, body: string): Promise<boolean> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.inbound.firstTime(scope, key, now))) return false;
    await tx.inbound.hold(scope, key, body, now, now + KEPT_LEASE_MS);
    return true;
  });
}

/** Kept messages due now, each taken by this instance for one try (another instance gets none of them). */
export async function takeDue(deps: EngineDeps, scope: string, limit: number): Promise<PendingInbound[]> {
  const now = deps.clock();
  const due = await deps.store.transaction((tx) => tx.inbound.due(scope, now, limit));
  const taken: PendingInbound[] = [];
  for (const row of due) {
    const mine = await deps.store.transaction((tx) =>
      tx.inbound.take(scope, row.key, row.nextAt, now + KEPT_LEASE_MS),
    );
    if (mine) taken.push({ ...row, attempts: row.attempts + 1 });
  }
  return taken;
}

/** Acted on: no longer kept. */
export function keptDone(deps: EngineDeps, scope: string, key: string): Promise<void> {
  return deps.store.transaction((tx) => tx.inbound.drop(scope, key));
}

/**
 * A try failed after `attempts` tries: kept for the next one, or given up (dropped) after the last; says which.
 */
export function keptFailed(
  deps: EngineDeps,
  scope: string,
  key: string,
  attempts: number,
  error: string,
): Promise<'later' | 'given-up'> {
  const wait = KEPT_BACKOFF_MS[attempts - 1];
  return deps.store.transaction(async (tx) => {
    if (wait === undefined) {
      await tx.inbound.drop(scope, key);
      return 'given-up' as const;
    }
    await tx.inbound.later(scope, key, deps.clock() + wait, error);
    return 'later' as const;
  });
}
