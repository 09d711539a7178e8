// Stored files nothing refers to (issue 22): an upload refused or failed after its file was written, a report
// photo row rolled back. Run at start and daily. A file the database refers to is never deleted, and one written
// within the last hour is kept: its upload may be between writing the file and committing the row.
import type { EngineDeps } from '../modules/deps.ts';

export const FILE_SWEEP_GRACE_MS = 60 * 60 * 1000;

export async function sweepOrphanFiles(deps: EngineDeps): Promise<{ removed: number; kept: number }> {
  const files = deps.files;
  if (files === undefined) return { removed: 0, kept: 0 };
  const before = deps.clock() - FILE_SWEEP_GRACE_MS;
  // Read after the grace time is fixed: a row committed from here on belongs to a file written within the hour.
  const referenced = await deps.store.transaction((tx) => tx.reports.referencedFiles());
  return files.sweep((sha256) => referenced.has(sha256), before);
}
