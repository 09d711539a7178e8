// One directory event → one person (or department) again, through the sync's use case: what every messenger's
// event hook calls after it has re-fetched what the event names (WeCom and DingTalk events carry only ids).
import type { EngineDeps } from '../src/modules/deps.ts';
import type { DirectoryDepartment, DirectoryUser } from '../src/modules/org/rules/directory.ts';
import { syncDirectoryChange } from '../src/modules/org/use-cases/sync-directory.ts';
import type { Platform } from '../src/kernel/types.ts';

export interface DirectoryLookup {
  user(id: string): Promise<DirectoryUser | null>;
  department(id: string): Promise<DirectoryDepartment | null>;
}

export type DirectoryChange =
  | { kind: 'user'; id: string; previousId?: string }
  | { kind: 'user-left'; id: string }
  | { kind: 'department'; id: string };

/** Re-reads what changed and applies it to one person or team; never a full sync. */
export async function applyDirectoryChange(
  engine: EngineDeps,
  platform: Platform,
  lookup: DirectoryLookup,
  change: DirectoryChange,
): Promise<void> {
  if (change.kind === 'user-left') {
    await syncDirectoryChange(engine, { platform, departments: [], users: [] }, { left: [change.id] });
    return;
  }
  if (change.kind === 'department') {
    const d = await lookup.department(change.id);
    if (d !== null) await syncDirectoryChange(engine, { platform, departments: [d], users: [] });
    return;
  }
  const user = await lookup.user(change.id);
  if (user === null) {
    await syncDirectoryChange(
      engine,
      { platform, departments: [], users: [] },
      { left: [change.previousId ?? change.id] },
    );
    return;
  }
  // Their main department too, so a department the sync has not seen yet becomes their team.
  const main =
    user.mainDepartment === null ? null : await lookup.department(user.mainDepartment).catch(() => null);
  await syncDirectoryChange(
    engine,
    { platform, departments: main === null ? [] : [main], users: [user] },
    change.previousId === undefined || change.previousId === change.id
      ? {}
      : { renamed: { [change.previousId]: change.id } },
  );
}
