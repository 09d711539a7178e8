// The daily report's photos (F29): analysed (perceptual hash, EXIF), stored, and scored again when the report
// is already filed. A photo sent in chat replaces the day's photos (a corrected photo); the report page adds
// several at once (issue 20).
import type { AuthenticityResult } from '../rules/authenticity.ts';
import type { Person } from '../../../kernel/types.ts';
import { uploadWork as uploads } from '../../../media/limit.ts';
import { analysePhoto } from '../../../media/photo.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { dayFacts, draftOf, view, type ReportView } from './report-draft.ts';
import { fileIn } from './file-report.ts';

export type PhotoResult =
  | { kind: 'photo'; view: ReportView; result: AuthenticityResult | null }
  | { kind: 'rejected'; reason: 'NOT_AN_IMAGE' | 'IMAGE_TOO_LARGE' | 'NO_FILE_STORE' | 'BUSY' };

/**
 * A photo for the day's report: it replaces the photos sent before, unless `add` (the report page's several
 * photos); a filed report is scored again unless `rescore` is false (the page files the report itself after).
 */
export async function addReportPhoto(
  deps: EngineDeps,
  person: Person,
  input: { bytes: Uint8Array; leadId?: number; date?: string; add?: boolean; rescore?: boolean },
): Promise<PhotoResult> {
  if (deps.files === undefined) return { kind: 'rejected', reason: 'NO_FILE_STORE' };
  const files = deps.files;
  const zone = await deps.store.transaction((tx) => orgTimezone(tx, deps));
  if (uploads.full()) return { kind: 'rejected', reason: 'BUSY' };
  const checked = await uploads.run(async () => {
    const analysed = await analysePhoto(input.bytes, zone);
    if (analysed.kind === 'not-image') return analysed;
    return { analysed, stored: await files.put(input.bytes) };
  });
  if ('kind' in checked)
    return {
      kind: 'rejected',
      reason: checked.reason === 'TOO_MANY_PIXELS' ? 'IMAGE_TOO_LARGE' : 'NOT_AN_IMAGE',
    };
  const { analysed, stored } = checked;
  return deps.store.transaction(async (tx) => {
    const { now, day, report } = await draftOf(tx, deps, person, input.date);
    if (input.add !== true)
      for (const old of await tx.reports.photosOf(report.id))
        await tx.reports.setPhotoReport(old.id, null, old.leadId);
    const photoId = await tx.reports.addPhoto({
      repId: person.id,
      teamId: person.teamId,
      reportId: report.id,
      leadId: input.leadId ?? null,
      sha256: stored.sha256,
      hash: analysed.hash,
      exifTakenAt: analysed.exif?.takenAt ?? null,
      exifPlace: analysed.exif?.place ?? null,
      sentAt: now,
    });
    await tx.reports.update(report.id, { photoId });
    const updated = { ...report, photoId };
    if (report.status === 'filed' && input.rescore !== false) {
      const filed = await fileIn(tx, deps, person, updated, zone, now, true);
      return { kind: 'photo', view: view(filed.report, filed.facts), result: filed.result };
    }
    return { kind: 'photo', view: view(updated, await dayFacts(tx, person.id, day, zone)), result: null };
  });
}
