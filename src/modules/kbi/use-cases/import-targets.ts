// F24: targets for regions, teams and reps per month or quarter, from a file an admin imports. Teams and reps
// must exist in the org; importing the same file again changes nothing.
import type { EngineDeps } from '../../deps.ts';
import type { Target } from '../../ports.ts';

export type ImportTargetsResult =
  | { kind: 'imported'; created: number; updated: number; unchanged: number }
  | { kind: 'rejected'; problems: string[] };

export async function importTargets(
  deps: EngineDeps,
  targets: readonly Target[],
): Promise<ImportTargetsResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<ImportTargetsResult> => {
    const teams = new Set((await tx.org.teams()).map((t) => t.id));
    const people = new Set((await tx.org.people()).map((p) => p.id));
    const problems: string[] = [];
    for (const t of targets) {
      if (t.scope === 'team' && !teams.has(t.scopeId))
        problems.push(`team ${t.scopeId} ${t.period}: no such team in the org (leadline org import)`);
      if (t.scope === 'rep' && !people.has(t.scopeId))
        problems.push(`rep ${t.scopeId} ${t.period}: no such person in the org (leadline org import)`);
    }
    if (problems.length > 0) return { kind: 'rejected', problems };
    const counts = { created: 0, updated: 0, unchanged: 0 };
    for (const t of targets) counts[await tx.targets.upsert(t, now)]++;
    return { kind: 'imported', ...counts };
  });
}
