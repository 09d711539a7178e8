// Photo reuse across the organisation, both ways (issue 25 item 13): a deal evidence photo close to a daily-report
// photo or to another evidence photo (same perceptual hash within `photo.maxDistance`, in the lookback) is
// refused, naming the earlier photo: who sent it, when, and for which report or deal. The other way round (a
// report photo close to an evidence photo) is scored in src/modules/reports/use-cases/file-report.ts.
import { DateTime } from 'luxon';
import { photoHash } from '../../../media/photo.ts';
import { fileWork } from '../../../media/limit.ts';
import { hammingDistance, isPhotoHash, photosWithin } from '../../reports/rules/photo-hash.ts';
import type { EvidenceProblem } from '../rules/deals.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';

const DAY_MS = 86_400_000;

/** An evidence image's perceptual hash, made by the same code as a report photo's; null when it cannot be read. */
export async function evidencePhash(bytes: Uint8Array): Promise<string | null> {
  try {
    const hash = await fileWork.run(() => photoHash(bytes));
    return isPhotoHash(hash) ? hash : null;
  } catch {
    return null;
  }
}

export type PhotoReusedProblem = Extract<EvidenceProblem, { code: 'PHOTO_REUSED' }>;

interface Candidate {
  source: 'report' | 'evidence';
  id: number;
  by: string;
  at: number;
  hash: string;
  distance: number;
}

/** The closest earlier photo (ties: the most recent) this evidence photo reuses, as a refusal; null when none. */
export async function evidencePhotoReuse(
  tx: Tx,
  deps: EngineDeps,
  phash: string,
  now: number,
): Promise<PhotoReusedProblem | null> {
  if (!isPhotoHash(phash)) return null;
  const { maxDistance, lookbackDays } = deps.rules.authenticity.photo;
  const since = now - lookbackDays * DAY_MS;
  const candidates: Candidate[] = [
    ...photosWithin(await tx.reports.photoHashesSince(since, now), phash, maxDistance).map(
      (p): Candidate => ({
        source: 'report',
        id: p.id,
        by: p.repId,
        at: p.sentAt,
        hash: p.hash,
        distance: 0,
      }),
    ),
    ...photosWithin(
      (await tx.deals.evidencePhotosSince(since)).map((e) => ({ ...e, hash: e.phash })),
      phash,
      maxDistance,
    ).map((e): Candidate => ({
      source: 'evidence',
      id: e.id,
      by: e.by,
      at: e.at,
      hash: e.hash,
      distance: 0,
    })),
  ]
    .filter((c) => c.at <= now)
    .map((c) => ({ ...c, distance: hammingDistance(phash, c.hash) }))
    .sort((a, b) => a.distance - b.distance || b.at - a.at);
  const best = candidates[0];
  if (best === undefined) return null;
  const zone = await orgTimezone(tx, deps);
  const who = (await tx.org.person(best.by))?.name ?? best.by;
  const when = DateTime.fromMillis(best.at, { zone }).toFormat('yyyy-MM-dd HH:mm');
  if (best.source === 'evidence') {
    const e = await tx.deals.evidencePhoto(best.id);
    const deal = e === null ? null : await tx.deals.get(e.dealId);
    return {
      code: 'PHOTO_REUSED',
      source: 'evidence',
      photoId: best.id,
      who,
      when,
      dealId: e?.dealId ?? null,
      customer: deal?.customer ?? '—',
      reportDate: null,
      distance: best.distance,
      maxDistance,
    };
  }
  const link = (await tx.reports.photoLinks([best.id])).get(best.id);
  const report = link?.reportId == null ? null : await tx.reports.get(link.reportId);
  const lead = link?.leadId == null ? null : await tx.leads.get(link.leadId);
  return {
    code: 'PHOTO_REUSED',
    source: 'report',
    photoId: best.id,
    who,
    when,
    dealId: null,
    customer: lead?.company ?? '—',
    reportDate: report?.date ?? DateTime.fromMillis(best.at, { zone }).toISODate() ?? '',
    distance: best.distance,
    maxDistance,
  };
}
