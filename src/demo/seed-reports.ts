// Daily-report history for the demo (F28–F29): for each working day of the demo's span, reps with leads check
// in at a customer and file their report in the evening, so a manager's review has real content. A few are
// fake in the ways the authenticity index catches: a day's visits typed in at 23:00, a visit to a home-
// decoration customer written up as a hospital pitch, a check-in kilometres from the customer.
import { DateTime } from 'luxon';
import { isWorkingDay } from '../kernel/calendar.ts';
import type { GeoPoint } from '../kernel/geo.ts';
import { checkIn, confirmPlace } from '../modules/reports/use-cases/check-in.ts';
import { submitReport } from '../modules/reports/use-cases/file-report.ts';
import { fillReport } from '../modules/reports/use-cases/report-draft.ts';
import type { EngineDeps } from '../modules/deps.ts';
import { touchLead } from '../modules/leads/use-cases/touch-lead.ts';

const MINUTE = 60_000;
/** A base place per team (GCJ-02, as a Chinese map gives it); customers are around it. */
const BASES: Record<string, GeoPoint> = {
  'east-1': { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' },
  'south-1': { lat: 23.1291, lng: 113.2644, datum: 'GCJ02' },
  'north-1': { lat: 39.9042, lng: 116.4074, datum: 'GCJ02' },
};
const FALLBACK: GeoPoint = { lat: 30.2741, lng: 120.1551, datum: 'GCJ02' };

const SUMMARIES = [
  '拜访客户,确认需求和预算,约了下周出方案。',
  '现场看了门店和仓库,对方负责人认可报价,等内部审批。',
  '电话回访两家,一家已在比价,明天送样品。',
  '和采购对了交付周期,约定周五前给合同初稿。',
];

export interface DemoReports {
  filed: number;
  fake: number;
}

/**
 * Plays the report days from `from` to `to` (exclusive of today), with its own clock. `pick` is the demo's
 * seeded random number source, so a demo is the same every time.
 */
export async function seedDemoReports(
  deps: EngineDeps,
  input: { from: number; to: number; timezone: string; pick: () => number },
): Promise<DemoReports> {
  let now = input.from;
  const local: EngineDeps = { ...deps, clock: () => now };
  const zone = input.timezone;
  const p = input.pick;
  const reps = (await deps.store.transaction((tx) => tx.org.people())).filter(
    (x) => x.role === 'rep' && x.active,
  );
  const result: DemoReports = { filed: 0, fake: 0 };
  const at = (day: DateTime, hour: number, minute: number) =>
    day.set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
  const days: DateTime[] = [];
  for (
    let d = DateTime.fromMillis(input.from, { zone }).startOf('day');
    d.toMillis() < DateTime.fromMillis(input.to, { zone }).startOf('day').toMillis();
    d = d.plus({ days: 1 })
  )
    if (isWorkingDay(d, deps.rules.deals.calendar)) days.push(d);
  let fakeKind = 0;
  for (const [dayIndex, day] of days.entries()) {
    for (const rep of reps) {
      const held = (await deps.store.transaction((tx) => tx.leads.heldBy(rep.id))).filter(
        (l) => l.status === 'owned' && l.claimedAt !== null && l.claimedAt < at(day, 12, 0),
      );
      // Not everyone files every day: those with nothing held, and about one in six, do not.
      if (held.length === 0 || p() < 0.17) continue;
      const visits = held.slice(0, 1 + Math.floor(p() * Math.min(3, held.length)));
      const base = BASES[rep.teamId ?? ''] ?? FALLBACK;
      // Every third report is fake, rotating through the kinds (late batch, wrong industry, far check-in).
      const fake = result.filed % 3 === 0 ? fakeKind++ % 3 : -1;
      if (fake === 0) {
        // The day's visits typed in together at 23:00, for visits claimed from the early afternoon on.
        now = at(day, 23, 2);
        for (const [i, lead] of visits.entries()) {
          await touchLead(local, {
            personId: rep.id,
            leadId: lead.id,
            kind: 'visit',
            note: SUMMARIES[i % SUMMARIES.length]!,
            doneAt: at(day, 13 + 2 * i, 0),
          });
          now += 2 * MINUTE;
        }
        now = at(day, 23, 20);
      } else {
        for (const [i, lead] of visits.entries()) {
          now = at(day, 13 + i, Math.floor(p() * 50));
          // Each customer stays where it is: its place is fixed by its id.
          const place = near(base, 1000 + (lead.id % 7) * 800, () => (lead.id * 0.618_034) % 1);
          const far = fake === 2 && i === 0 && dayIndex > 0;
          const visit = await checkIn(local, {
            personId: rep.id,
            leadId: lead.id,
            // A check-in 3 km away from the customer's address (confirmed by the rep on an earlier visit).
            place: far ? near(place, 3000, p) : place,
            note:
              fake === 1 && i === 0
                ? '和院长、设备科沟通,看了病房和门诊的改造需求。'
                : SUMMARIES[Math.floor(p() * SUMMARIES.length)]!,
          });
          // An honest visit: the rep taps 这是客户地址 (a place already on file is left as it is).
          if (visit.kind === 'checked_in' && !far && visit.reference === null)
            await confirmPlace(local, { personId: rep.id, checkInId: visit.checkInId });
        }
        now = at(day, 17, 30 + Math.floor(p() * 60));
      }
      await fillReport(local, rep, {
        ticks: [],
        summary: SUMMARIES[Math.floor(p() * SUMMARIES.length)]!,
        date: day.toFormat('yyyy-MM-dd'),
      });
      await submitReport(local, rep, day.toFormat('yyyy-MM-dd'));
      result.filed += 1;
      if (fake >= 0) result.fake += 1;
    }
  }
  return result;
}

/** A place about `meters` from `p` in a random direction (1° latitude ≈ 111 km). */
function near(p: GeoPoint, meters: number, pick: () => number): GeoPoint {
  const angle = pick() * 2 * Math.PI;
  const dLat = (meters * Math.cos(angle)) / 111_195;
  const dLng = (meters * Math.sin(angle)) / (111_195 * Math.cos((p.lat * Math.PI) / 180));
  return { lat: p.lat + dLat, lng: p.lng + dLng, datum: p.datum };
}
