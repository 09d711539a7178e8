import type { EngineDeps } from '../../deps.ts';

const DAY = 86_400_000;

/** Recomputes each rep's 30-day win rate and average follow-up time, which routing reads (F2). */
export async function refreshRepStats(deps: EngineDeps): Promise<number> {
  const now = deps.clock();
  return deps.store.transaction((tx) => tx.org.refreshRepStats(now - 30 * DAY, now));
}
