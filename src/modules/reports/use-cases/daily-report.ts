// The daily report (F28) and its authenticity index (F29). A report opens pre-filled from what the event log
// already knows of the rep's day (visits and calls logged with `touch` or a check-in, leads claimed, deals
// advanced, evidence added); the rep ticks the day's key actions, adds a summary and one photo, and files it.
// Filing scores it (src/modules/reports/rules/authenticity.ts) and keeps the score with every flag in the report and the log.
import { DateTime } from 'luxon';
import {
  scoreReport,
  type AuthenticityResult,
  type CustomerFacts,
  type ReportVisit,
} from '../rules/authenticity.ts';
import type { GeoPoint } from '../../../kernel/geo.ts';
import { isValidPoint } from '../../../kernel/geo.ts';
import { buildPhotoIndex, isPhotoHash, photosWithin, type PhotoRecord } from '../rules/photo-hash.ts';
import type { Rules } from '../../rules.ts';
import type { Person } from '../../../kernel/types.ts';
import { analysePhoto } from '../../../media/photo.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { KeyAction, StoredReport, Tx } from '../../ports.ts';
import { touchIn } from '../../leads/use-cases/touch-lead.ts';

const DAY_MS = 86_400_000;
/** The short list of key actions the rep ticks from. */
export const MAX_CANDIDATES = 8;
export const KEY_ACTIONS = 3;

/** [start, end) of a local day, epoch ms. */
export function dayBounds(date: string, zone: string): [number, number] {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return [start.toMillis(), start.plus({ days: 1 }).toMillis()];
}

export function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');
}

/** What the log knows of a rep's day, for the pre-filled report. */
export interface DayFacts {
  date: string;
  visits: Array<{
    leadId: number;
    customer: string;
    at: number;
    loggedAt: number;
    note: string;
    checkIn: GeoPoint | null;
  }>;
  calls: number;
  claims: number;
  advances: number;
  evidence: number;
  /** Numbered from 1 in the chat: the short list the rep ticks from. */
  candidates: KeyAction[];
}

export interface ReportView {
  report: StoredReport;
  facts: DayFacts;
  /** The key actions that count as ticked: the rep's, or the first three of the list until they choose. */
  ticked: KeyAction[];
  photoSent: boolean;
}

async function dayFacts(tx: Tx, personId: string, date: string, zone: string): Promise<DayFacts> {
  const [from, to] = dayBounds(date, zone);
  // Visits logged later (up to the next morning) for this day still belong to it.
  const events = (
    await tx.events.between(from, to + DAY_MS, [
      'lead.touched',
      'lead.claimed',
      'deal.advanced',
      'deal.evidence_added',
    ])
  ).filter((e) => e.actorId === personId);
  const inDay = (ms: number) => ms >= from && ms < to;
  const names = new Map<number, string>();
  const nameOf = async (leadId: number) => {
    if (!names.has(leadId)) names.set(leadId, (await tx.leads.get(leadId))?.company ?? `#${leadId}`);
    return names.get(leadId) as string;
  };
  const checkIns = await tx.reports.checkIns(personId, from, to + DAY_MS);
  const facts: DayFacts = { date, visits: [], calls: 0, claims: 0, advances: 0, evidence: 0, candidates: [] };
  const visitActions: KeyAction[] = [];
  const other: KeyAction[] = [];
  const seen = new Set<string>();
  const add = (list: KeyAction[], a: KeyAction) => {
    const key = `${a.kind}:${a.dealId ?? a.leadId}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push(a);
  };
  for (const e of events) {
    if (e.leadId === null) continue;
    const customer = await nameOf(e.leadId);
    if (e.type === 'lead.touched') {
      const doneAt = e.doneAt ?? e.at;
      if (!inDay(doneAt)) continue;
      if (e.kind === 'visit') {
        const checkIn = checkIns.find((c) => c.leadId === e.leadId && c.at === e.at)?.place ?? null;
        facts.visits.push({ leadId: e.leadId, customer, at: doneAt, loggedAt: e.at, note: e.note, checkIn });
        add(visitActions, { kind: 'visit', leadId: e.leadId, dealId: null, customer, stage: null });
      } else if (e.kind === 'call') {
        facts.calls += 1;
        add(other, { kind: 'call', leadId: e.leadId, dealId: null, customer, stage: null });
      }
      continue;
    }
    if (!inDay(e.at)) continue;
    if (e.type === 'lead.claimed') {
      facts.claims += 1;
      add(other, { kind: 'claim', leadId: e.leadId, dealId: null, customer, stage: null });
    } else if (e.type === 'deal.advanced') {
      facts.advances += 1;
      // Advancing twice in a day: the list names the stage reached last.
      const existing = visitActions.concat(other).find((a) => a.kind === 'advance' && a.dealId === e.dealId);
      if (existing !== undefined) existing.stage = e.to;
      else add(other, { kind: 'advance', leadId: e.leadId, dealId: e.dealId, customer, stage: e.to });
    } else if (e.type === 'deal.evidence_added') {
      facts.evidence += 1;
      add(other, { kind: 'evidence', leadId: e.leadId, dealId: e.dealId, customer, stage: null });
    }
  }
  facts.visits.sort((a, b) => a.at - b.at);
  const order: KeyAction['kind'][] = ['visit', 'advance', 'claim', 'evidence', 'call'];
  facts.candidates = [...visitActions, ...other]
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .slice(0, MAX_CANDIDATES);
  return facts;
}

function view(report: StoredReport, facts: DayFacts): ReportView {
  const ticked = report.keyActions.length > 0 ? report.keyActions : facts.candidates.slice(0, KEY_ACTIONS);
  return { report, facts, ticked, photoSent: report.photoId !== null };
}

async function draftOf(tx: Tx, deps: EngineDeps, person: Person, date: string | undefined) {
  const zone = await orgTimezone(tx, deps);
  const now = deps.clock();
  const day = date ?? localDate(now, zone);
  const report = await tx.reports.openDraft({
    repId: person.id,
    teamId: person.teamId,
    date: day,
    openedAt: now,
  });
  return { zone, now, day, report };
}

/** Opens (or reopens) the rep's report of a day, today by default, pre-filled from the log. */
export async function openReport(deps: EngineDeps, person: Person, date?: string): Promise<ReportView> {
  return deps.store.transaction(async (tx) => {
    const { zone, day, report } = await draftOf(tx, deps, person, date);
    return view(report, await dayFacts(tx, person.id, day, zone));
  });
}

export type FillResult =
  { kind: 'filled'; view: ReportView } | { kind: 'rejected'; reason: 'BAD_TICK'; max: number };

/** The rep's ticks (numbers of the short list) and summary; either may be left out. */
export async function fillReport(
  deps: EngineDeps,
  person: Person,
  input: { ticks: number[]; summary: string | null; date?: string },
): Promise<FillResult> {
  return deps.store.transaction(async (tx) => {
    const { zone, day, report } = await draftOf(tx, deps, person, input.date);
    const facts = await dayFacts(tx, person.id, day, zone);
    const patch: Parameters<Tx['reports']['update']>[1] = {};
    if (input.ticks.length > 0) {
      const n = facts.candidates.length;
      if (input.ticks.some((i) => !Number.isInteger(i) || i < 1 || i > n))
        return { kind: 'rejected', reason: 'BAD_TICK', max: n };
      patch.keyActions = [...new Set(input.ticks)].slice(0, KEY_ACTIONS).map((i) => facts.candidates[i - 1]!);
    }
    if (input.summary !== null && input.summary.trim() !== '') patch.summary = input.summary.trim();
    await tx.reports.update(report.id, patch);
    return { kind: 'filled', view: view({ ...report, ...patch }, facts) };
  });
}

export type PhotoResult =
  | { kind: 'photo'; view: ReportView; result: AuthenticityResult | null }
  | { kind: 'rejected'; reason: 'NOT_AN_IMAGE' | 'NO_FILE_STORE' };

/** One photo for the day's report (a second one replaces it); a filed report is scored again. */
export async function addReportPhoto(
  deps: EngineDeps,
  person: Person,
  input: { bytes: Uint8Array; leadId?: number; date?: string },
): Promise<PhotoResult> {
  if (deps.files === undefined) return { kind: 'rejected', reason: 'NO_FILE_STORE' };
  const zone = await deps.store.transaction((tx) => orgTimezone(tx, deps));
  const analysed = await analysePhoto(input.bytes, zone);
  if (analysed.kind === 'not-image') return { kind: 'rejected', reason: 'NOT_AN_IMAGE' };
  const stored = await deps.files.put(input.bytes);
  return deps.store.transaction(async (tx) => {
    const { now, day, report } = await draftOf(tx, deps, person, input.date);
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
    if (report.status === 'filed') {
      const filed = await fileIn(tx, deps, person, updated, zone, now, true);
      return { kind: 'photo', view: view(filed.report, filed.facts), result: filed.result };
    }
    return { kind: 'photo', view: view(updated, await dayFacts(tx, person.id, day, zone)), result: null };
  });
}

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

async function fileIn(
  tx: Tx,
  deps: EngineDeps,
  person: Person,
  report: StoredReport,
  zone: string,
  now: number,
  refiled: boolean,
): Promise<FiledReport> {
  const facts = await dayFacts(tx, person.id, report.date, zone);
  const photo = report.photoId === null ? null : await tx.reports.photo(report.photoId);
  const visits: ReportVisit[] = facts.visits.map((v) => ({
    id: `${v.leadId}@${v.at}`,
    customerId: String(v.leadId),
    claimedAt: v.at,
    loggedAt: v.loggedAt,
    checkIn: v.checkIn,
    photo: null,
    summary: v.note,
  }));
  // The one photo belongs to the visit it names, else to the day's last visit.
  if (photo !== null && visits.length > 0) {
    const target =
      [...visits].reverse().find((v) => photo.leadId !== null && v.customerId === String(photo.leadId)) ??
      visits[visits.length - 1]!;
    target.photo = {
      photoId: String(photo.id),
      hash: photo.hash,
      exif:
        photo.exifTakenAt === null && photo.exifPlace === null
          ? null
          : { takenAt: photo.exifTakenAt, place: photo.exifPlace },
    };
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
  // Only photos within the reuse distance of this report's photo can match: the rest are not even looked up.
  const photos =
    photo === null || !isPhotoHash(photo.hash)
      ? []
      : await nearPhotos(tx, photo.hash, person, now - rules.photo.lookbackDays * DAY_MS, now, rules);
  const result = scoreReport(
    {
      id: String(report.id),
      repId: person.id,
      date: report.date,
      submittedAt: now,
      summary: report.summary,
      visits,
    },
    { timezone: zone, customers, photos: buildPhotoIndex(photos) },
    deps.rules,
    now,
  );
  // The scorer names the matched photo's customer from the report's own customers: name the others here.
  for (const f of result.flags)
    if (f.kind === 'PHOTO_REUSED' && f.match.customerId !== null && !customers.has(f.match.customerId)) {
      const other = await tx.leads.get(Number(f.match.customerId));
      if (other !== null) f.vars.matchCustomer = other.company;
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
  if (photo !== null) {
    const target = visits.find((v) => v.photo?.photoId === String(photo.id));
    await tx.reports.setPhotoReport(
      photo.id,
      report.id,
      target === undefined ? photo.leadId : Number(target.customerId),
    );
  }
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

export type CheckInResult =
  | { kind: 'checked_in'; leadId: number; customer: string; placeLearnt: boolean; first: boolean }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'BAD_PLACE' };

/**
 * A check-in at a customer: a visit logged now, with the place the rep's messenger gave. The first on-site
 * check-in teaches us the customer's place; later ones are measured against it.
 */
export async function checkIn(
  deps: EngineDeps,
  input: { personId: string; leadId: number; place: GeoPoint; note?: string },
): Promise<CheckInResult> {
  if (!isValidPoint(input.place)) return { kind: 'rejected', reason: 'BAD_PLACE' };
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const touched = await touchIn(
      tx,
      deps,
      { personId: input.personId, leadId: input.leadId, kind: 'visit', note: input.note ?? '' },
      now,
    );
    if (touched.kind === 'rejected') return touched;
    await tx.reports.addCheckIn({ repId: input.personId, leadId: input.leadId, at: now, place: input.place });
    const placeLearnt = await tx.reports.learnPlace(input.leadId, input.place, 'checkin', now);
    await tx.events.append({
      type: 'report.checked_in',
      at: now,
      leadId: input.leadId,
      actorId: input.personId,
      lat: input.place.lat,
      lng: input.place.lng,
      datum: input.place.datum,
      placeLearnt,
    });
    return {
      kind: 'checked_in',
      leadId: input.leadId,
      customer: touched.lead.company,
      placeLearnt,
      first: touched.first,
    };
  });
}

/** A place sent on its own (a WeCom location message) waits this long for the rep to say which customer. */
export const PENDING_PLACE_MS = 30 * 60_000;
const pendingKey = (personId: string) => `checkin.pending.${personId}`;

/** Keeps a place the rep just sent until they name the customer (`checkin LEAD`); nothing else is kept. */
export async function notePlace(deps: EngineDeps, personId: string, place: GeoPoint): Promise<boolean> {
  if (!isValidPoint(place)) return false;
  const now = deps.clock();
  await deps.store.transaction((tx) =>
    tx.settings.set(pendingKey(personId), JSON.stringify({ ...place, at: now })),
  );
  return true;
}

/** The place the rep sent within the last half hour, if any; it is used once. */
export async function takePendingPlace(deps: EngineDeps, personId: string): Promise<GeoPoint | null> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const raw = await tx.settings.get(pendingKey(personId));
    if (raw === null || raw === '') return null;
    await tx.settings.set(pendingKey(personId), '');
    const p = JSON.parse(raw) as GeoPoint & { at: number };
    return now - p.at <= PENDING_PLACE_MS ? { lat: p.lat, lng: p.lng, datum: p.datum } : null;
  });
}

/** True once the rep has opened (or filed) today's report: a photo sent on its own then goes to it. */
export async function reportOpenToday(deps: EngineDeps, personId: string): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    return (await tx.reports.of(personId, localDate(deps.clock(), zone))) !== null;
  });
}

/** The team's photos in the lookback within `photo.maxDistance` of `hash`, with what they belong to now. */
async function nearPhotos(
  tx: Tx,
  hash: string,
  person: Person,
  since: number,
  now: number,
  rules: Rules['authenticity'],
): Promise<PhotoRecord[]> {
  const near = photosWithin(
    await tx.reports.photoHashesSince(since, person.teamId, person.id, now),
    hash,
    rules.photo.maxDistance,
  );
  const links = await tx.reports.photoLinks(near.map((p) => p.id));
  return near.map((p) => {
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
  });
}
