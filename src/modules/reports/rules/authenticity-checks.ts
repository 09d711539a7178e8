// The time and place checks of the authenticity index (authenticity.ts), and what every check shares.
import { DateTime } from 'luxon';
import type { AuthenticityRules } from './authenticity-rules.ts';
import type {
  CustomerFacts,
  DailyReport,
  FlagVars,
  NotChecked,
  ReportVisit,
  Compared,
  ScoringContext,
} from './authenticity-types.ts';
import { distanceMeters, isValidPoint, type GeoPoint } from '../../../kernel/geo.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export interface Ctx {
  report: DailyReport;
  context: ScoringContext;
  rules: AuthenticityRules;
  now: number;
  flags: Array<Compared & { visitId: string | null; customerId: string | null; vars: FlagVars }>;
  notChecked: NotChecked[];
}

export function customerOf(ctx: Ctx, visit: ReportVisit): CustomerFacts {
  return (
    ctx.context.customers.get(visit.customerId) ?? {
      id: visit.customerId,
      name: visit.customerId,
      industry: '',
      place: null,
      leads: 0,
      deals: 0,
    }
  );
}

export function knownPlace(p: GeoPoint | null): GeoPoint | null {
  return p !== null && isValidPoint(p) ? p : null;
}

export function clock(ctx: Ctx, ms: number): string {
  return DateTime.fromMillis(ms, { zone: ctx.context.timezone }).toFormat('HH:mm');
}

export function day(ctx: Ctx, ms: number): string {
  return DateTime.fromMillis(ms, { zone: ctx.context.timezone }).toFormat('MM-dd');
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Check-in and EXIF place against the customer's known place, both measured in WGS-84. */
export function checkPlace(ctx: Ctx, visit: ReportVisit, customer: CustomerFacts): void {
  const place = knownPlace(customer.place);
  const checkIn = knownPlace(visit.checkIn);
  if (checkIn === null) ctx.notChecked.push({ visitId: visit.id, reason: 'NO_CHECKIN' });
  if (place === null) {
    if (checkIn !== null) ctx.notChecked.push({ visitId: visit.id, reason: 'CUSTOMER_PLACE_UNKNOWN' });
    return;
  }
  if (checkIn !== null) {
    const meters = distanceMeters(checkIn, place);
    const maxMeters = ctx.rules.checkIn.maxMeters;
    if (meters > maxMeters)
      ctx.flags.push({
        kind: 'CHECKIN_FAR',
        visitId: visit.id,
        customerId: customer.id,
        checkIn,
        customerPlace: place,
        meters: Math.round(meters),
        maxMeters,
        vars: { customer: customer.name, meters: Math.round(meters), maxMeters },
      });
  }
  const exifPlace = knownPlace(visit.photo?.exif?.place ?? null);
  if (exifPlace !== null) {
    const meters = distanceMeters(exifPlace, place);
    const maxMeters = ctx.rules.exif.maxMeters;
    if (meters > maxMeters)
      ctx.flags.push({
        kind: 'EXIF_PLACE_FAR',
        visitId: visit.id,
        customerId: customer.id,
        exifPlace,
        customerPlace: place,
        meters: Math.round(meters),
        maxMeters,
        vars: { customer: customer.name, meters: Math.round(meters), maxMeters },
      });
  }
}

/** Two consecutive visits (by claimed time) farther apart than anyone could travel in the time between. */
export function checkTravel(ctx: Ctx): void {
  const placed = ctx.report.visits
    .map((v) => {
      const checkIn = knownPlace(v.checkIn);
      const customer = customerOf(ctx, v);
      const place = checkIn ?? knownPlace(customer.place);
      return place === null
        ? null
        : {
            visit: v,
            customer,
            place,
            source: checkIn !== null ? ('checkIn' as const) : ('customer' as const),
          };
    })
    .filter((p) => p !== null)
    .sort((a, b) => a.visit.claimedAt - b.visit.claimedAt);
  const { maxKmh, ignoreBelowKm } = ctx.rules.travel;
  for (let i = 1; i < placed.length; i++) {
    const a = placed[i - 1]!;
    const b = placed[i]!;
    const km = distanceMeters(a.place, b.place) / 1000;
    if (km < ignoreBelowKm) continue;
    // Under a minute apart counts as one minute, so the speed stays a number.
    const minutes = Math.max(1, (b.visit.claimedAt - a.visit.claimedAt) / MINUTE);
    const kmh = km / (minutes / 60);
    const fastest = fastestWay(km, ctx.rules.travel);
    if (minutes >= fastest.minutes) continue;
    ctx.flags.push({
      kind: 'IMPOSSIBLE_TRAVEL',
      visitId: b.visit.id,
      customerId: b.customer.id,
      fromVisitId: a.visit.id,
      toVisitId: b.visit.id,
      fromPlace: a.source,
      toPlace: b.source,
      km: round1(km),
      minutes: Math.round(minutes),
      kmh: Math.round(kmh),
      maxKmh,
      fastest: fastest.way,
      neededMinutes: Math.round(fastest.minutes),
      vars: {
        fromCustomer: a.customer.name,
        toCustomer: b.customer.name,
        fromTime: clock(ctx, a.visit.claimedAt),
        toTime: clock(ctx, b.visit.claimedAt),
        km: round1(km),
        minutes: Math.round(minutes),
        kmh: Math.round(kmh),
        maxKmh,
        way: { 'zh-CN': WAY_ZH[fastest.way], en: WAY_EN[fastest.way] },
        needed: Math.round(fastest.minutes),
      },
    });
  }
}

const WAY_EN = { road: 'by road', rail: 'by high-speed rail', air: 'by air' } as const;
const WAY_ZH = { road: '走公路', rail: '坐高铁', air: '坐飞机' } as const;

/** The least time `km` (straight line) takes by road, rail or air, whichever is fastest at that distance. */
export function fastestWay(
  km: number,
  travel: AuthenticityRules['travel'],
): { way: 'road' | 'rail' | 'air'; minutes: number } {
  let best: { way: 'road' | 'rail' | 'air'; minutes: number } = {
    way: 'road',
    minutes: (km / travel.maxKmh) * 60,
  };
  for (const way of ['rail', 'air'] as const) {
    const mode = travel[way];
    if (mode === undefined || km < mode.minKm) continue;
    const minutes = mode.overheadMinutes + (km / mode.kmh) * 60;
    if (minutes < best.minutes) best = { way, minutes };
  }
  return best;
}

/** A report typed after the evening cut-off, about visits long before it ("the morning's report at 23:00"). */
export function checkLateReport(ctx: Ctx): void {
  const { report } = ctx;
  if (report.visits.length === 0) return;
  const { lateAfter, windowHours } = ctx.rules.backfill;
  const [h, m] = lateAfter.split(':').map(Number);
  const cutOff = DateTime.fromISO(report.date, { zone: ctx.context.timezone })
    .set({ hour: h ?? 22, minute: m ?? 0, second: 0, millisecond: 0 })
    .toMillis();
  if (!(report.submittedAt >= cutOff)) return;
  const earliest = Math.min(...report.visits.map((v) => v.claimedAt));
  const hoursAfter = (report.submittedAt - earliest) / HOUR;
  if (hoursAfter < windowHours) return;
  ctx.flags.push({
    kind: 'LATE_REPORT',
    visitId: null,
    customerId: null,
    submittedAt: report.submittedAt,
    earliestClaimedAt: earliest,
    hoursAfter: round1(hoursAfter),
    lateAfter,
    windowHours,
    vars: {
      submittedTime: `${day(ctx, report.submittedAt)} ${clock(ctx, report.submittedAt)}`,
      earliestTime: `${day(ctx, earliest)} ${clock(ctx, earliest)}`,
      hours: round1(hoursAfter),
      lateAfter,
    },
  });
}

/** Many visit logs entered within minutes for visits claimed hours apart. */
export function checkBurst(ctx: Ctx): void {
  const { minLogs, withinMinutes, claimedSpanHours } = ctx.rules.burst;
  const logged = ctx.report.visits
    .filter((v): v is ReportVisit & { loggedAt: number } => v.loggedAt !== null)
    .sort((a, b) => a.loggedAt - b.loggedAt);
  let best: Array<ReportVisit & { loggedAt: number }> = [];
  for (let start = 0; start < logged.length; start++) {
    let end = start;
    while (
      end + 1 < logged.length &&
      logged[end + 1]!.loggedAt - logged[start]!.loggedAt <= withinMinutes * MINUTE
    )
      end++;
    const group = logged.slice(start, end + 1);
    if (
      group.length >= minLogs &&
      claimedSpan(group) >= claimedSpanHours * HOUR &&
      group.length > best.length
    )
      best = group;
  }
  if (best.length === 0) return;
  const first = best[0]!.loggedAt;
  const last = best[best.length - 1]!.loggedAt;
  const claimed = best.map((v) => v.claimedAt);
  const spanHours = round1(claimedSpan(best) / HOUR);
  ctx.flags.push({
    kind: 'BURST_ENTRY',
    visitId: null,
    customerId: null,
    visitIds: best.map((v) => v.id),
    loggedSpanMinutes: Math.round((last - first) / MINUTE),
    claimedSpanHours: spanHours,
    withinMinutes,
    minLogs,
    vars: {
      count: best.length,
      firstLogged: clock(ctx, first),
      lastLogged: clock(ctx, last),
      firstClaimed: clock(ctx, Math.min(...claimed)),
      lastClaimed: clock(ctx, Math.max(...claimed)),
      spanHours,
      withinMinutes,
    },
  });
}

export function claimedSpan(visits: readonly ReportVisit[]): number {
  const times = visits.map((v) => v.claimedAt);
  return Math.max(...times) - Math.min(...times);
}
