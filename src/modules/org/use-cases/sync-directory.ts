// Applies what a messenger's directory says (read in full by the adapter beforehand) in one transaction: teams
// from departments, people with their main department, managers from leaders, leavers made inactive with their
// leads routed again. The org file's overlay (roles, skills, capacity, out of office, locale) is laid on top, so
// a sync never overwrites what the admin wrote there.
import type { Platform } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import {
  OVERLAY_KEY,
  teamMapKey,
  type DirectorySnapshot,
  type Overlay,
  type TeamMap,
} from '../rules/directory.ts';
import { planDirectorySync, type DirectoryPlan, type PlanOptions } from '../rules/directory-plan.ts';
import { releaseLeadsOfInactive } from './deactivate-person.ts';

export interface SyncDirectoryResult {
  plan: DirectoryPlan;
  /** False on --dry-run: nothing was written. */
  applied: boolean;
  /** Leads routed again, per person made inactive. */
  rerouted: Array<{ personId: string; leads: number[] }>;
}

function parseJson<T extends object>(text: string | null): T {
  if (text === null) return {} as T;
  try {
    const v: unknown = JSON.parse(text);
    return (typeof v === 'object' && v !== null ? v : {}) as T;
  } catch {
    return {} as T;
  }
}

export async function readOverlay(tx: Tx): Promise<Overlay> {
  return parseJson<Overlay>(await tx.settings.get(OVERLAY_KEY));
}

async function readTeamMap(tx: Tx, platform: Platform): Promise<TeamMap> {
  return parseJson<TeamMap>(await tx.settings.get(teamMapKey(platform)));
}

/** A full sync (`org sync`, the nightly reconcile), or `dryRun` to see the plan and write nothing. */
export function syncDirectory(
  deps: EngineDeps,
  snapshot: DirectorySnapshot,
  options: { dryRun?: boolean } = {},
): Promise<SyncDirectoryResult> {
  return apply(deps, snapshot, { mode: 'full' }, options.dryRun === true);
}

/**
 * One directory event (a person added, changed or gone; a department created or renamed): only what the event's
 * re-fetched snapshot names changes, plus the people in `left`. No full sync.
 */
export function syncDirectoryChange(
  deps: EngineDeps,
  snapshot: DirectorySnapshot,
  change: { left?: readonly string[]; renamed?: Readonly<Record<string, string>> } = {},
): Promise<SyncDirectoryResult> {
  return apply(deps, snapshot, { mode: 'partial', ...change }, false);
}

async function apply(
  deps: EngineDeps,
  snapshot: DirectorySnapshot,
  options: PlanOptions,
  dryRun: boolean,
): Promise<SyncDirectoryResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const plan = planDirectorySync(
      snapshot,
      {
        people: await tx.org.people(),
        teams: await tx.org.teams(),
        teamMap: await readTeamMap(tx, snapshot.platform),
        overlay: await readOverlay(tx),
      },
      options,
    );
    if (dryRun) return { plan, applied: false, rerouted: [] };
    for (const t of plan.teams) if (t.change !== 'unchanged') await tx.org.upsertTeam(t.team, now);
    for (const p of plan.people) if (p.change !== 'unchanged') await tx.org.upsertPerson(p.person, now);
    await tx.settings.set(teamMapKey(snapshot.platform), JSON.stringify(plan.teamMap));
    const rerouted: SyncDirectoryResult['rerouted'] = [];
    for (const id of plan.deactivated) {
      const person = plan.people.find((p) => p.person.id === id)?.person;
      if (person === undefined) continue;
      const leads = await releaseLeadsOfInactive(tx, deps, person, now);
      rerouted.push({ personId: id, leads });
    }
    await tx.settings.set(`directory.${snapshot.platform}.synced_at`, String(now));
    // The server leaves the demo once an organisation is there, as after `org import`.
    if (options.mode === 'full') await tx.settings.set('org_imported_at', String(now));
    return { plan, applied: true, rerouted };
  });
}
