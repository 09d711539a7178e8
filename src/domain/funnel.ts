// F30: the funnel and the dwell heat map, computed from the event log (so history can be recomputed when the
// rules change). Pure: the events, the pipeline and the calendar come in as arguments.
import { workingDaysBetween, type WorkCalendar } from './calendar.ts';
import type { Pipeline } from './deal-rules.ts';
import type { LeadEvent } from './events.ts';

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

/** Rebuilds each deal's stage visits from its events (deal.created, deal.advanced, deal.stall_analysis, deal.risk). */
export function stageVisits(events: readonly LeadEvent[], owners: ReadonlyMap<number, string>): StageVisit[] {
  const open = new Map<number, StageVisit>();
  const done: StageVisit[] = [];
  const sorted = [...events].sort((a, b) => a.at - b.at);
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
        const v = open.get(e.dealId) ?? {
          dealId: e.dealId,
          ownerId: owners.get(e.dealId) ?? e.actorId ?? '',
          stage: e.from,
          enteredAt: e.at,
          leftAt: null,
          movedOn: false,
          reasons: [],
        };
        if (open.has(e.dealId)) done.push({ ...v, leftAt: e.at, movedOn: true });
        open.set(e.dealId, {
          ...v,
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
          done.push({ ...v, leftAt: e.at, movedOn: true });
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
 * is put down to the reasons given during the visit (shared equally), or to "unexplained".
 */
export function funnel(
  visits: readonly StageVisit[],
  pipeline: Pipeline,
  asOf: number,
  zone: string,
  calendar: WorkCalendar,
): FunnelStage[] {
  return pipeline.stages.map((stage) => {
    const here = visits.filter((v) => v.stage === stage.id);
    const days = here
      .map((v) => workingDaysBetween(v.enteredAt, v.leftAt ?? asOf, zone, calendar))
      .sort((a, b) => a - b);
    const byReason = new Map<string, number>();
    let delayDays = 0;
    here.forEach((v) => {
      const over = workingDaysBetween(v.enteredAt, v.leftAt ?? asOf, zone, calendar) - stage.limitDays;
      if (over <= 0) return;
      delayDays += over;
      const reasons = v.reasons.length > 0 ? [...new Set(v.reasons)] : ['unexplained'];
      for (const r of reasons) byReason.set(r, (byReason.get(r) ?? 0) + over / reasons.length);
    });
    const topReasons = [...byReason.entries()]
      .map(([reason, d]) => ({ reason, days: d, share: delayDays === 0 ? 0 : d / delayDays }))
      .sort((a, b) => b.days - a.days || a.reason.localeCompare(b.reason))
      .slice(0, 3);
    return {
      stage: stage.id,
      name: stage.name,
      nameEn: stage.nameEn ?? stage.name,
      entered: here.length,
      conversion: here.length === 0 ? null : here.filter((v) => v.movedOn).length / here.length,
      medianDays: median(days),
      p90Days: percentile(days, 0.9),
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
