// F30: the funnel and the dwell heat map, computed from the event log (so history can be recomputed when the
// rules change). Pure: the events, the pipeline and the calendar come in as arguments.
import { workingDaysBetween, type WorkCalendar } from '../../../kernel/calendar.ts';
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import type { LeadEvent } from '../../../kernel/events.ts';

/** One stay of a deal in a stage. */
export interface StageVisit {
  dealId: number;
  ownerId: string;
  stage: string;
  enteredAt: number;
  /** When it left the stage (advanced, skipped past, won), or null while it is still there. */
  leftAt: number | null;
  /** It moved on to a later stage (or was won from it). */
  movedOn: boolean;
  /** Why it took long, when someone said so: the stall analysis's customer news, a risk signal, a skip reason. */
  reasons: string[];
}

/**
 * Rebuilds each deal's stage visits from its events (deal.created, deal.advanced, deal.stall_analysis, deal.risk),
 * taken in time order (as given when equal; events already in order are not copied).
 */
export function stageVisits(events: readonly LeadEvent[], owners: ReadonlyMap<number, string>): StageVisit[] {
  const open = new Map<number, StageVisit>();
  const done: StageVisit[] = [];
  let inOrder = true;
  for (let i = 1; i < events.length && inOrder; i++) {
    if ((events[i] as LeadEvent).at < (events[i - 1] as LeadEvent).at) inOrder = false;
  }
  // A stable sort would leave events in order as they are.
  const sorted = inOrder ? events : [...events].sort((a, b) => a.at - b.at);
  for (const e of sorted) {
    switch (e.type) {
      case 'deal.created':
        open.set(e.dealId, {
          dealId: e.dealId,
          ownerId: owners.get(e.dealId) ?? e.actorId ?? '',
          stage: e.stage,
          enteredAt: e.at,
          leftAt: null,
          movedOn: false,
          reasons: [],
        });
        break;
      case 'deal.advanced': {
        // A deal created before the events given starts where this event takes it.
        const v = open.get(e.dealId);
        if (v !== undefined) {
          // The visit leaves the open ones here, so it is closed in place.
          v.leftAt = e.at;
          v.movedOn = true;
          done.push(v);
        }
        open.set(e.dealId, {
          dealId: e.dealId,
          ownerId: v?.ownerId ?? owners.get(e.dealId) ?? e.actorId ?? '',
          stage: e.to,
          enteredAt: e.at,
          leftAt: null,
          movedOn: false,
          // A skip's reason explains the jump, and is kept on the stage jumped to.
          reasons: e.skipped.length > 0 && e.reason !== '' ? [e.reason] : [],
        });
        break;
      }
      case 'deal.won': {
        const v = open.get(e.dealId);
        if (v !== undefined) {
          v.leftAt = e.at;
          v.movedOn = true;
          done.push(v);
          open.delete(e.dealId);
        }
        break;
      }
      case 'deal.stall_analysis': {
        const v = open.get(e.dealId);
        if (v !== undefined && v.stage === e.stage && e.news.trim() !== '') v.reasons.push(e.news.trim());
        break;
      }
      case 'deal.risk': {
        const v = open.get(e.dealId);
        if (v !== undefined) v.reasons.push(`risk:${e.signal}`);
        break;
      }
      default:
        break;
    }
  }
  return [...done, ...open.values()];
}

/** Each visit's working days (the calendar's), up to when it left or, while it is still open, up to `asOf`. */
export function visitDays(
  visits: readonly StageVisit[],
  asOf: number,
  zone: string,
  calendar: WorkCalendar,
): number[] {
  return visits.map((v) => workingDaysBetween(v.enteredAt, v.leftAt ?? asOf, zone, calendar));
}

export interface FunnelStage {
  stage: string;
  name: string;
  nameEn: string;
  /** Deals that entered the stage. */
  entered: number;
  /** Of those, the share that moved on (null when none entered). */
  conversion: number | null;
  /** Working days spent, over visits that ended and those still open (measured to `asOf`). */
  medianDays: number | null;
  p90Days: number | null;
  /** Working days over the stage's limit, summed. */
  delayDays: number;
  /** The reasons given for the delay, by share of delay days, largest first. */
  topReasons: Array<{ reason: string; days: number; share: number }>;
}

/** Nearest-rank percentile of sorted values (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Median: the mean of the two middle values for an even count. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The funnel of one pipeline from its visits. Dwell is in working days (the calendar's), for ended visits up to
 * when they left and for open ones up to `asOf`. A visit's delay is its dwell beyond the stage's limit; the delay
 * is put down to the reasons given during the visit (shared equally), or to "unexplained". `days` are the
 * visits' working days when already counted (visitDays).
 */
export function funnel(
  visits: readonly StageVisit[],
  pipeline: Pipeline,
  asOf: number,
  zone: string,
  calendar: WorkCalendar,
  days: readonly number[] = visitDays(visits, asOf, zone, calendar),
): FunnelStage[] {
  // Each stage's visits (their positions), in the order given.
  const byStage = new Map<string, number[]>();
  visits.forEach((v, i) => {
    const list = byStage.get(v.stage);
    if (list === undefined) byStage.set(v.stage, [i]);
    else list.push(i);
  });
  return pipeline.stages.map((stage) => {
    const here = byStage.get(stage.id) ?? [];
    const sorted = here.map((i) => days[i] as number).sort((a, b) => a - b);
    const byReason = new Map<string, number>();
    let delayDays = 0;
    let movedOn = 0;
    for (const i of here) {
      const v = visits[i] as StageVisit;
      if (v.movedOn) movedOn++;
      const over = (days[i] as number) - stage.limitDays;
      if (over <= 0) continue;
      delayDays += over;
      const reasons =
        v.reasons.length > 1 ? [...new Set(v.reasons)] : v.reasons.length === 1 ? v.reasons : ['unexplained'];
      for (const r of reasons) byReason.set(r, (byReason.get(r) ?? 0) + over / reasons.length);
    }
    const topReasons = [...byReason.entries()]
      .map(([reason, d]) => ({ reason, days: d, share: delayDays === 0 ? 0 : d / delayDays }))
      .sort((a, b) => b.days - a.days || a.reason.localeCompare(b.reason))
      .slice(0, 3);
    return {
      stage: stage.id,
      name: stage.name,
      nameEn: stage.nameEn ?? stage.name,
      entered: here.length,
      conversion: here.length === 0 ? null : movedOn / here.length,
      medianDays: median(sorted),
      p90Days: percentile(sorted, 0.9),
      delayDays,
      topReasons,
    };
  });
}

/** The stage where deals wait longest beyond their limit (the bottleneck), or null when none is late. */
export function bottleneck(stages: readonly FunnelStage[]): FunnelStage | null {
  const late = stages.filter((s) => s.delayDays > 0).sort((a, b) => b.delayDays - a.delayDays);
  return late[0] ?? null;
}
