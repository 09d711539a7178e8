// Filing the daily report (F28) and scoring its authenticity (F29): the visits as the log knows them, the photo
// and the customers assembled into the scorer's input (src/modules/reports/rules/authenticity.ts), the score
// kept with every flag in the report and the log; and the rep's confirmation of a low score.
import { DateTime } from 'luxon';
import {
  scoreReport,
  type AuthenticityResult,
  type CustomerFacts,
  type ReportPhoto,
  type ReportVisit,
} from '../rules/authenticity.ts';
import { buildPhotoIndex, isPhotoHash, photosWithin, type PhotoRecord } from '../rules/photo-hash.ts';
import type { Rules } from '../../rules.ts';
import type { Person } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { StoredPhoto, StoredReport, Tx } from '../../ports.ts';
import { summaryRisks } from './report-risks.ts';
import { DAY_MS, KEY_ACTIONS, dayFacts, draftOf, localDate, type DayFacts } from './report-draft.ts';

export interface FiledReport {
  report: StoredReport;
  facts: DayFacts;
  result: AuthenticityResult;
}

/** Files the report: the visits as the log knows them, scored, late or on time; filing again re-scores. */
export async function submitReport(deps: EngineDeps, person: Person, date?: string): Promise<FiledReport> {
  return deps.store.transaction(async (tx) => {
    const { zone, now, report } = await draftOf(tx, deps, person, date);
    return fileIn(tx, deps, person, report, zone, now, report.status === 'filed');
  });
}

export async function fileIn(
  tx: Tx,
  deps: EngineDeps,
  person: Person,
  report: StoredReport,
  zone: string,
  now: number,
  refiled: boolean,
): Promise<FiledReport> {
  const facts = await dayFacts(tx, person.id, report.date, zone);
  const photos = await tx.reports.photosOf(report.id);
  const visits: ReportVisit[] = facts.visits.map((v) => ({
    id: `${v.leadId}@${v.at}`,
    customerId: String(v.leadId),
    claimedAt: v.at,
    loggedAt: v.loggedAt,
    checkIn: v.checkIn,
    photo: null,
    summary: v.note,
  }));
  const asReportPhoto = (photo: StoredPhoto): ReportPhoto => ({
    photoId: String(photo.id),
    hash: photo.hash,
    exif:
      photo.exifTakenAt === null && photo.exifPlace === null
        ? null
        : { takenAt: photo.exifTakenAt, place: photo.exifPlace },
  });
  // Each photo belongs to the visit it names, else to the day's last visit without one; one photo per visit is
  // scored with it, the rest (several from the report page, issue 20) are checked for reuse on their own.
  const more: ReportPhoto[] = [];
  let dayPhoto: ReportPhoto | null = null;
  const placed = new Map<number, ReportVisit>();
  for (const photo of photos) {
    const free = visits.filter((v) => v.photo === null);
    const target =
      [...free].reverse().find((v) => photo.leadId !== null && v.customerId === String(photo.leadId)) ??
      (photo.leadId === null || !visits.some((v) => v.customerId === String(photo.leadId))
        ? free[free.length - 1]
        : undefined);
    if (target !== undefined) {
      target.photo = asReportPhoto(photo);
      placed.set(photo.id, target);
    } else if (visits.length === 0 && dayPhoto === null) dayPhoto = asReportPhoto(photo);
    else more.push(asReportPhoto(photo));
  }
  const customers = new Map<string, CustomerFacts>();
  for (const v of visits) {
    if (customers.has(v.customerId)) continue;
    const leadId = Number(v.customerId);
    const lead = await tx.leads.get(leadId);
    const deal = await tx.deals.byLead(leadId);
    customers.set(v.customerId, {
      id: v.customerId,
      name: lead?.company ?? v.customerId,
      industry: lead?.industry ?? '',
      place: await tx.reports.customerPlace(leadId),
      leads: lead?.ownerId === person.id ? 1 : 0,
      deals: deal?.ownerId === person.id ? 1 : 0,
    });
  }
  const rules = deps.rules.authenticity;
  // Only photos within the reuse distance of this report's photos can match: the rest are not even looked up.
  const near = new Map<string, PhotoRecord>();
  for (const photo of photos)
    if (isPhotoHash(photo.hash))
      for (const p of await nearPhotos(tx, photo.hash, now - rules.photo.lookbackDays * DAY_MS, now, rules))
        near.set(p.photoId, p);
  const result = scoreReport(
    {
      id: String(report.id),
      repId: person.id,
      date: report.date,
      submittedAt: now,
      summary: report.summary,
      visits,
      dayPhoto,
      morePhotos: more,
    },
    { timezone: zone, customers, photos: buildPhotoIndex([...near.values()]) },
    deps.rules,
    now,
  );
  // The scorer names the matched photo's customer from the report's own customers: name the others here.
  for (const f of result.flags) {
    if (f.kind !== 'PHOTO_REUSED') continue;
    if (f.match.customerId !== null && !customers.has(f.match.customerId)) {
      const other = await tx.leads.get(Number(f.match.customerId));
      if (other !== null) f.vars.matchCustomer = other.company;
    }
    // A deal's evidence photo reused in the report (issue 25 item 13): the manager reads which deal it is.
    const dealId = f.match.dealId;
    if (dealId !== undefined) {
      const name = typeof f.vars.matchCustomer === 'string' ? f.vars.matchCustomer : '';
      f.vars.matchCustomer = {
        'zh-CN': `${name}（商机 D${dealId} 的证据）`,
        en: `${name} (evidence on deal D${dealId})`,
      };
    }
  }
  const [h, m] = rules.filing.dueBy.split(':').map(Number);
  const dueAt = DateTime.fromISO(report.date, { zone })
    .set({ hour: h ?? 20, minute: m ?? 0, second: 0, millisecond: 0 })
    .toMillis();
  // A re-filing (a corrected photo) keeps the first filing's time: on time stays on time.
  const submittedAt = report.submittedAt ?? now;
  const keyActions =
    report.keyActions.length > 0 ? report.keyActions : facts.candidates.slice(0, KEY_ACTIONS);
  const patch = {
    status: 'filed' as const,
    keyActions,
    visits,
    score: result.score,
    result,
    submittedAt,
    late: submittedAt > dueAt,
  };
  await tx.reports.update(report.id, patch);
  for (const photo of photos) {
    const target = placed.get(photo.id);
    await tx.reports.setPhotoReport(
      photo.id,
      report.id,
      target === undefined ? photo.leadId : Number(target.customerId),
    );
  }
  await summaryRisks(tx, deps, person, report, facts, now);
  await tx.events.append({
    type: 'report.filed',
    at: now,
    leadId: null,
    actorId: person.id,
    reportId: report.id,
    date: report.date,
    score: result.score,
    late: patch.late,
    refiled,
    flags: result.flags.map((f) => ({ kind: f.kind, points: f.points, visitId: f.visitId })),
  });
  return { report: { ...report, ...patch }, facts, result };
}

export type ConfirmResult =
  { kind: 'confirmed'; report: StoredReport } | { kind: 'rejected'; reason: 'NOT_FILED' };

/** The rep confirms a low-scoring report as it stands (their answer is kept in the log). */
export async function confirmReport(deps: EngineDeps, person: Person, date?: string): Promise<ConfirmResult> {
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    const now = deps.clock();
    const report = await tx.reports.of(person.id, date ?? localDate(now, zone));
    if (report === null || report.status !== 'filed') return { kind: 'rejected', reason: 'NOT_FILED' };
    await tx.reports.update(report.id, { confirmedAt: now });
    await tx.events.append({
      type: 'report.confirmed',
      at: now,
      leadId: null,
      actorId: person.id,
      reportId: report.id,
      score: report.score ?? 0,
    });
    return { kind: 'confirmed', report: { ...report, confirmedAt: now } };
  });
}

/** The organisation's photos in the lookback within `photo.maxDistance` of `hash` (a photo reused across teams
 * is caught too), with what they belong to now. */
async function nearPhotos(
  tx: Tx,
  hash: string,
  since: number,
  now: number,
  rules: Rules['authenticity'],
): Promise<PhotoRecord[]> {
  const near = photosWithin(await tx.reports.photoHashesSince(since, now), hash, rules.photo.maxDistance);
  const links = await tx.reports.photoLinks(near.map((p) => p.id));
  // Deal evidence photos too (issue 25 item 13): a site photo sent again as a report photo.
  const evidence = photosWithin(
    (await tx.deals.evidencePhotosSince(since)).map((e) => ({ ...e, hash: e.phash })),
    hash,
    rules.photo.maxDistance,
  )
    .filter((e) => e.at <= now)
    .map((e): PhotoRecord => ({
      photoId: `e${e.id}`,
      reportId: '',
      repId: e.by,
      customerId: String(e.leadId),
      sentAt: e.at,
      hash: e.hash,
      dealId: String(e.dealId),
    }));
  return near
    .map((p) => {
      const link = links.get(p.id);
      const leadId = link?.leadId ?? null;
      return {
        photoId: String(p.id),
        reportId: String(link?.reportId ?? ''),
        repId: p.repId,
        customerId: leadId === null ? null : String(leadId),
        sentAt: p.sentAt,
        hash: p.hash,
      };
    })
    .concat(evidence);
}
