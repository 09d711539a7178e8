// Check-ins at a customer (F29): a visit logged with the place the rep's messenger gave, and a place sent on
// its own kept until the rep names the customer. A check-in never becomes the customer's address by itself
// (issue 20): the rep confirms it (`confirmPlace`), and later check-ins are measured against that.
import type { GeoPoint } from '../../../kernel/geo.ts';
import { isValidPoint } from '../../../kernel/geo.ts';
import type { EngineDeps } from '../../deps.ts';
import { touchIn } from '../../leads/use-cases/touch-lead.ts';

export type CheckInResult =
  | {
      kind: 'checked_in';
      leadId: number;
      customer: string;
      /** Always false since issue 20 (kept for the event's shape): a check-in alone is never the address. */
      placeLearnt: boolean;
      first: boolean;
      checkInId: number;
      place: GeoPoint;
      /** The customer's address on file (given with the lead or confirmed by the rep), if any. */
      reference: GeoPoint | null;
    }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'BAD_PLACE' };

/**
 * A check-in at a customer: a visit logged now, with the place the rep's messenger gave. It is measured against
 * the customer's address on file when the report is filed; it does not become that address unless the rep says
 * so (`confirmPlace`).
 */
export async function checkIn(
  deps: EngineDeps,
  input: {
    personId: string;
    leadId: number;
    place: GeoPoint;
    note?: string;
    /** From the page (issue 20): the position's accuracy in metres and when the phone fixed it. */
    accuracy?: number | null;
    fixedAt?: number | null;
  },
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
    const checkInId = await tx.reports.addCheckIn({
      repId: input.personId,
      leadId: input.leadId,
      at: now,
      place: input.place,
    });
    const placeLearnt = false;
    await tx.events.append({
      type: 'report.checked_in',
      at: now,
      leadId: input.leadId,
      actorId: input.personId,
      lat: input.place.lat,
      lng: input.place.lng,
      datum: input.place.datum,
      placeLearnt,
      ...(input.accuracy === undefined ? {} : { accuracy: input.accuracy }),
      ...(input.fixedAt === undefined ? {} : { fixedAt: input.fixedAt }),
    });
    return {
      kind: 'checked_in',
      leadId: input.leadId,
      customer: touched.lead.company,
      placeLearnt,
      first: touched.first,
      checkInId,
      place: input.place,
      reference: await tx.reports.customerPlace(input.leadId),
    };
  });
}

export type ConfirmPlaceResult =
  | { kind: 'confirmed'; leadId: number; place: GeoPoint }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'ALREADY_KNOWN' };

/**
 * The rep says one of their check-ins was at the customer's address: it becomes the reference later check-ins
 * are measured against. An address already on file is kept (changing it is an admin's correction, not a tap).
 */
export async function confirmPlace(
  deps: EngineDeps,
  input: { personId: string; checkInId: number },
): Promise<ConfirmPlaceResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const c = await tx.reports.checkIn(input.checkInId);
    if (c === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (c.repId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (!(await tx.reports.learnPlace(c.leadId, c.place, 'confirmed', now)))
      return { kind: 'rejected', reason: 'ALREADY_KNOWN' };
    await tx.events.append({
      type: 'report.place_confirmed',
      at: now,
      leadId: c.leadId,
      actorId: input.personId,
      checkInId: c.id,
      lat: c.place.lat,
      lng: c.place.lng,
      datum: c.place.datum,
    });
    return { kind: 'confirmed', leadId: c.leadId, place: c.place };
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
