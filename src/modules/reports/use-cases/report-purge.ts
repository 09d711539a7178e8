// Report photo retention (F29): a photo's file is deleted from the file store once it is older than
// `authenticity.filing.photoKeepDays`, unless the same file (by SHA-256) is still used by deal evidence or by a
// photo sent within the keep window. The row stays, with its perceptual hash (the reuse check needs it), and is
// marked purged; each purge is an event with its reason. Runs daily from the scheduler and as
// `leadline report purge-photos [--dry-run]`.
import type { EngineDeps } from '../../deps.ts';

const DAY_MS = 86_400_000;
const BATCH = 500;

export interface PurgeRun {
  keepDays: number;
  /** Photos sent before this time are past keeping. */
  cutoff: number;
  dryRun: boolean;
  /** Rows purged (or, dry, that would be). */
  photos: number;
  filesDeleted: number;
  /** Files already gone from the store. */
  filesMissing: number;
  keptForEvidence: number;
  keptForNewerPhoto: number;
}

export async function purgeReportPhotos(
  deps: EngineDeps,
  opts: { dryRun?: boolean } = {},
): Promise<PurgeRun> {
  const now = deps.clock();
  const keepDays = deps.rules.authenticity.filing.photoKeepDays;
  const cutoff = now - keepDays * DAY_MS;
  const dryRun = opts.dryRun === true;
  const run: PurgeRun = {
    keepDays,
    cutoff,
    dryRun,
    photos: 0,
    filesDeleted: 0,
    filesMissing: 0,
    keptForEvidence: 0,
    keptForNewerPhoto: 0,
  };
  const seen = new Set<number>();
  for (;;) {
    const batch = (
      await deps.store.transaction((tx) => tx.reports.photosToPurge(cutoff, BATCH + seen.size))
    ).filter((p) => !seen.has(p.id));
    if (batch.length === 0) break;
    for (const photo of batch) {
      seen.add(photo.id);
      const inUse = await deps.store.transaction((tx) => tx.reports.fileInUse(photo.sha256, cutoff));
      let file: 'deleted' | 'missing' | 'kept_for_evidence' | 'kept_for_newer_photo';
      if (inUse === 'evidence') file = 'kept_for_evidence';
      else if (inUse === 'newer_photo') file = 'kept_for_newer_photo';
      else if (dryRun)
        file =
          deps.files === undefined || (await deps.files.get(photo.sha256)) === null ? 'missing' : 'deleted';
      else if (deps.files === undefined) file = 'missing';
      // The file goes first: a crash before the row is marked only means the next run finds it gone.
      else file = (await deps.files.remove(photo.sha256)) ? 'deleted' : 'missing';
      run.photos += 1;
      if (file === 'deleted') run.filesDeleted += 1;
      else if (file === 'missing') run.filesMissing += 1;
      else if (file === 'kept_for_evidence') run.keptForEvidence += 1;
      else run.keptForNewerPhoto += 1;
      if (dryRun) continue;
      await deps.store.transaction(async (tx) => {
        await tx.reports.markPhotoPurged(photo.id, now);
        await tx.events.append({
          type: 'report.photo_purged',
          at: now,
          leadId: null,
          actorId: null,
          photoId: photo.id,
          repId: photo.repId,
          sha256: photo.sha256,
          sentAt: photo.sentAt,
          keepDays,
          reason: 'older_than_keep_days',
          file,
        });
      });
    }
    if (!dryRun) seen.clear();
  }
  return run;
}
