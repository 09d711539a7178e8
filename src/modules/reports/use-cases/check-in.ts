// Check-ins at a customer (F29): a visit logged with the place the rep's messenger gave, and a place sent on
// its own kept until the rep names the customer.
import type { GeoPoint } from '../../../kernel/geo.ts';
import { isValidPoint } from '../../../kernel/geo.ts';
import type { EngineDeps } from '../../deps.ts';
import { touchIn } from '../../leads/use-cases/touch-lead.ts';

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
