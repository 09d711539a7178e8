// The evidence checks of the authenticity index (authenticity.ts): reused photos and EXIF time, summary words
// against the customer's industry, and claims with no visit log, lead or deal behind them.
import { clock, day, DAY, MINUTE, type Ctx } from './authenticity-checks.ts';
import type { CustomerFacts, ReportPhoto, ReportVisit } from './authenticity-types.ts';
import { hammingDistance, isPhotoHash, nearestPhoto } from './photo-hash.ts';

/** Reused photo (close to any the team sent in the lookback, or to another visit's in this report); EXIF time. */
export function checkPhoto(ctx: Ctx, visit: ReportVisit, customer: CustomerFacts): void {
  const photo = visit.photo;
  if (photo === null || !isPhotoHash(photo.hash)) {
    ctx.notChecked.push({ visitId: visit.id, reason: 'NO_PHOTO' });
    return;
  }
  checkReuse(ctx, photo, visit, customer);
  checkExifTime(ctx, photo, visit, customer);
}

/** The visit id a day photo (one with no visit to belong to) is reported under. */
export const DAY_PHOTO: Pick<ReportVisit, 'id' | 'customerId'> = { id: 'day', customerId: '' };

/** The photo against every photo sent in the lookback, the report's own earlier photos included. */
export function checkReuse(
  ctx: Ctx,
  photo: ReportPhoto,
  visit: Pick<ReportVisit, 'id' | 'customerId'>,
  customer: Pick<CustomerFacts, 'name'> & { id?: string },
): void {
  if (!isPhotoHash(photo.hash)) return;
  const { maxDistance, lookbackDays } = ctx.rules.photo;
  let match = nearestPhoto(ctx.context.photos, {
    hash: photo.hash,
    since: ctx.now - lookbackDays * DAY,
    excludeReportId: ctx.report.id,
    maxDistance,
  });
  for (const earlier of ctx.report.visits) {
    if (earlier.id === visit.id) break;
    const other = earlier.photo;
    if (other === null || !isPhotoHash(other.hash)) continue;
    const distance = hammingDistance(photo.hash, other.hash);
    if (distance <= maxDistance && (match === null || distance < match.distance))
      match = {
        distance,
        record: {
          photoId: other.photoId,
          reportId: ctx.report.id,
          repId: ctx.report.repId,
          customerId: earlier.customerId,
          sentAt: earlier.loggedAt ?? ctx.report.submittedAt,
          hash: other.hash,
        },
      };
  }
  if (match !== null) {
    const sameRep = match.record.repId === ctx.report.repId;
    ctx.flags.push({
      kind: 'PHOTO_REUSED',
      visitId: visit.id,
      customerId: customer.id ?? visit.customerId,
      photoId: photo.photoId,
      match: match.record,
      distance: match.distance,
      maxDistance,
      lookbackDays,
      vars: {
        customer: visit.id === DAY_PHOTO.id ? { 'zh-CN': '当天', en: 'the day' } : customer.name,
        matchDate: day(ctx, match.record.sentAt),
        matchCustomer: nameOf(ctx, match.record.customerId),
        matchRep: match.record.repId,
        sameRep: sameRep ? 1 : 0,
        distance: match.distance,
        maxDistance,
      },
    });
  }
}

function checkExifTime(ctx: Ctx, photo: ReportPhoto, visit: ReportVisit, customer: CustomerFacts): void {
  if (photo.exif === null || photo.exif.takenAt === null) {
    ctx.notChecked.push({ visitId: visit.id, reason: 'NO_EXIF' });
    return;
  }
  const minutes = Math.round(Math.abs(photo.exif.takenAt - visit.claimedAt) / MINUTE);
  const toleranceMinutes = ctx.rules.exif.toleranceMinutes;
  if (minutes > toleranceMinutes)
    ctx.flags.push({
      kind: 'EXIF_TIME_FAR',
      visitId: visit.id,
      customerId: customer.id,
      exifTakenAt: photo.exif.takenAt,
      claimedAt: visit.claimedAt,
      minutes,
      toleranceMinutes,
      vars: {
        customer: customer.name,
        exifTime: `${day(ctx, photo.exif.takenAt)} ${clock(ctx, photo.exif.takenAt)}`,
        claimedTime: `${day(ctx, visit.claimedAt)} ${clock(ctx, visit.claimedAt)}`,
        minutes,
        toleranceMinutes,
      },
    });
}

function nameOf(ctx: Ctx, customerId: string | null): string {
  if (customerId === null) return '-';
  return ctx.context.customers.get(customerId)?.name ?? customerId;
}

/** The words of `entry` found in `text`: CJK words as substrings, Latin ones as whole words, any case. */
function wordsFound(text: string, words: readonly string[]): string[] {
  const lower = text.toLowerCase();
  const found = new Set<string>();
  for (const w of words) {
    const word = w.trim().toLowerCase();
    if (word === '' || !lower.includes(word)) continue;
    const hit = /^[\x20-\x7e]+$/.test(word)
      ? new RegExp(`(^|[^a-z0-9])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`).test(lower)
      : true;
    if (hit) found.add(w.trim());
  }
  return [...found];
}

/** The summary's industry words against the customer's industry, from the rules' dictionary. */
export function checkIndustry(ctx: Ctx, visit: ReportVisit, customer: CustomerFacts): void {
  const text =
    visit.summary.trim() !== '' ? visit.summary : ctx.report.visits.length === 1 ? ctx.report.summary : '';
  if (text.trim() === '') {
    ctx.notChecked.push({ visitId: visit.id, reason: 'NO_SUMMARY' });
    return;
  }
  const dictionary = ctx.rules.industries.dictionary;
  const industry = customer.industry.trim().toLowerCase();
  const ownEntry = Object.keys(dictionary).find((k) =>
    dictionary[k]!.names.some((n) => n.trim().toLowerCase() === industry),
  );
  if (ownEntry === undefined) {
    ctx.notChecked.push({ visitId: visit.id, reason: 'INDUSTRY_NOT_IN_DICTIONARY' });
    return;
  }
  const vocabulary = (k: string) => [...dictionary[k]!.words['zh-CN'], ...dictionary[k]!.words.en];
  const ownVocabulary = new Set(vocabulary(ownEntry).map((w) => w.trim().toLowerCase()));
  const ownWords = wordsFound(text, vocabulary(ownEntry));
  let worst: { entry: string; words: string[] } | null = null;
  for (const entry of Object.keys(dictionary)) {
    if (entry === ownEntry) continue;
    // A word both industries use says nothing about which one the visit was.
    const words = wordsFound(text, vocabulary(entry)).filter((w) => !ownVocabulary.has(w.toLowerCase()));
    if (worst === null || words.length > worst.words.length) worst = { entry, words };
  }
  const minWords = ctx.rules.industries.minWords;
  if (worst === null || worst.words.length < minWords || worst.words.length <= ownWords.length) return;
  ctx.flags.push({
    kind: 'INDUSTRY_MISMATCH',
    visitId: visit.id,
    customerId: customer.id,
    customerIndustry: customer.industry,
    ownEntry,
    ownWords,
    foreignEntry: worst.entry,
    foreignWords: worst.words,
    minWords,
    vars: {
      customer: customer.name,
      industry: dictionary[ownEntry]!.label,
      foreignIndustry: dictionary[worst.entry]!.label,
      foreignWords: worst.words.join('/'),
      ownWords: ownWords.length === 0 ? '-' : ownWords.join('/'),
    },
  });
}

/** A visit with no visit log, lead or deal of that customer behind it. */
export function checkBacking(ctx: Ctx, visit: ReportVisit, customer: CustomerFacts): void {
  if (visit.loggedAt !== null || customer.leads > 0 || customer.deals > 0) return;
  ctx.flags.push({
    kind: 'UNBACKED_CLAIM',
    visitId: visit.id,
    customerId: customer.id,
    visitLog: false,
    leads: 0,
    deals: 0,
    vars: { customer: customer.name },
  });
}
