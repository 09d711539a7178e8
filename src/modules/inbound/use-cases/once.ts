// Once-only records of what came in (platform callbacks, used form links), shared by every instance on one
// database. Platforms redeliver what they did not see answered in time (WeCom, DingTalk), and a redelivery must act
// once; a form link works once.
import type { EngineDeps } from '../../deps.ts';

/**
 * True the first time `key` is seen in `scope`, in any instance. Recorded before the work is done, so a crash in
 * between loses that one message rather than doing it twice.
 */
export function firstTime(deps: EngineDeps, scope: string, key: string): Promise<boolean> {
  const now = deps.clock();
  return deps.store.transaction((tx) => tx.inbound.firstTime(scope, key, now));
}

/** Whether `key` was already recorded in `scope` (without recording it). */
export function alreadySeen(deps: EngineDeps, scope: string, key: string): Promise<boolean> {
  return deps.store.transaction((tx) => tx.inbound.seen(scope, key));
}

/** Forgets a record, when the work it guarded did nothing (the same link may then be used again). */
export function forget(deps: EngineDeps, scope: string, key: string): Promise<void> {
  return deps.store.transaction((tx) => tx.inbound.release(scope, key));
}

/**
 * A signed callback's signature (`pair`, e.g. DingTalk's timestamp + sign, which does not cover the body) may
 * come with one body only: true the first time the pair is seen (it is recorded with the body's hash), true again
 * for the same pair with the same body (the platform sending it again), false for the same pair with another
 * body (a captured signature replayed with a forged message). Shared by every instance on one database.
 */
export function signatureFitsBody(
  deps: EngineDeps,
  scope: string,
  pair: string,
  bodyHash: string,
): Promise<boolean> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    if (await tx.inbound.firstTime(scope, `pair:${pair}`, now)) {
      await tx.inbound.firstTime(scope, `pair:${pair}#${bodyHash}`, now);
      return true;
    }
    return tx.inbound.seen(scope, `pair:${pair}#${bodyHash}`);
  });
}
