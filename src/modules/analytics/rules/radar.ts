// F31 rep process health: five measures per rep, each a share 0–100, against the team median — the radar. Pure:
// the stage visits, events, warnings and KBI days come in as arguments.
//
// - stageCompletion: of the stage stays that are settled (left, or already past the stage's limit), the share
//   left within the limit (working days).
// - evidence: of the evidence the stages a deal left asked for, the share that was in when it left (a stage
//   jumped over counts as having none of it).
// - warningResponse: of the KBI warnings given to the rep that are settled (acknowledged, or older than the
//   window), the share acknowledged within the window.
// - kbi: KBI opportunities met over those due.
// - firstFollowUp: claimed leads first followed up within the pool's limit (from the distribution report).
import { workingDaysBetween, type WorkCalendar } from '../../../kernel/calendar.ts';
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { median, type StageVisit } from './funnel.ts';
import type { KbiDay } from '../../kbi/rules/kbi.ts';

export const RADAR_AXES = ['stageCompletion', 'evidence', 'warningResponse', 'kbi', 'firstFollowUp'] as const;
export type RadarAxis = (typeof RADAR_AXES)[number];

/** A share as a percentage with one decimal, or null when there was nothing to count. */
export type Share = number | null;

export interface Tally {
  hit: number;
  of: number;
}

const pct = (t: Tally | undefined): Share =>
  t === undefined || t.of === 0 ? null : Math.round((t.hit / t.of) * 1000) / 10;

function add(map: Map<string, Tally>, key: string, hit: boolean, weight = 1): void {
  const t = map.get(key) ?? { hit: 0, of: 0 };
  t.of += weight;
  if (hit) t.hit += weight;
  map.set(key, t);
}

export function stageCompletion(
  visits: readonly StageVisit[],
  pipelines: ReadonlyMap<number, Pipeline>,
  asOf: number,
  zone: string,
  calendar: WorkCalendar,
): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const v of visits) {
    const stage = pipelines.get(v.dealId)?.stages.find((s) => s.id === v.stage);
    if (stage === undefined) continue;
    const days = workingDaysBetween(v.enteredAt, v.leftAt ?? asOf, zone, calendar);
    if (v.leftAt === null && days <= stage.limitDays) continue; // still within its time: not settled
    // The last stage is where a deal ends: only stays that moved on count.
    if (v.leftAt !== null && !v.movedOn) continue;
    add(out, v.ownerId, v.leftAt !== null && days <= stage.limitDays);
  }
  return out;
}

/** Required items (with their counts) of the stages each deal left, against the evidence added before leaving. */
export function evidenceCompleteness(
  events: readonly LeadEvent[],
  pipelines: ReadonlyMap<number, Pipeline>,
  owners: ReadonlyMap<number, string>,
): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const have = new Map<string, number>(); // `${dealId}|${stage}|${requirement}` → items
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    if (e.type === 'deal.evidence_added') {
      const key = `${e.dealId}|${e.stage}|${e.requirement}`;
      have.set(key, (have.get(key) ?? 0) + 1);
    } else if (e.type === 'deal.advanced') {
      const pipeline = pipelines.get(e.dealId);
      const owner = owners.get(e.dealId);
      if (pipeline === undefined || owner === undefined) continue;
      for (const stageId of [e.from, ...e.skipped]) {
        const stage = pipeline.stages.find((s) => s.id === stageId);
        for (const req of stage?.evidence ?? []) {
          const got =
            stageId === e.from ? Math.min(req.count, have.get(`${e.dealId}|${stageId}|${req.id}`) ?? 0) : 0;
          const t = out.get(owner) ?? { hit: 0, of: 0 };
          t.hit += got;
          t.of += req.count;
          out.set(owner, t);
        }
      }
    }
  }
  return out;
}

export interface GivenWarning {
  repId: string;
  issuedAt: number;
  /** When the rep acknowledged it, or null. */
  acknowledgedAt: number | null;
}

export function warningResponse(
  warnings: readonly GivenWarning[],
  withinMs: number,
  asOf: number,
): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const w of warnings) {
    const onTime = w.acknowledgedAt !== null && w.acknowledgedAt - w.issuedAt <= withinMs;
    if (!onTime && w.acknowledgedAt === null && asOf - w.issuedAt <= withinMs) continue; // still in its window
    add(out, w.repId, onTime);
  }
  return out;
}

export function kbiExecution(days: readonly KbiDay[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const d of days) {
    const t = out.get(d.repId) ?? { hit: 0, of: 0 };
    t.hit += d.met;
    t.of += d.due;
    out.set(d.repId, t);
  }
  return out;
}

export interface RadarRow {
  repId: string;
  values: Record<RadarAxis, Share>;
}

export interface TeamRadar {
  rows: RadarRow[];
  /** Per axis, the median over the reps who have a value. */
  median: Record<RadarAxis, Share>;
}

export function teamRadar(
  repIds: readonly string[],
  measures: { [A in Exclude<RadarAxis, 'firstFollowUp'>]: ReadonlyMap<string, Tally> } & {
    firstFollowUp: ReadonlyMap<string, Share>;
  },
): TeamRadar {
  const rows = repIds.map((repId) => ({
    repId,
    values: {
      stageCompletion: pct(measures.stageCompletion.get(repId)),
      evidence: pct(measures.evidence.get(repId)),
      warningResponse: pct(measures.warningResponse.get(repId)),
      kbi: pct(measures.kbi.get(repId)),
      firstFollowUp: measures.firstFollowUp.get(repId) ?? null,
    },
  }));
  const med = Object.fromEntries(
    RADAR_AXES.map((axis) => {
      const values = rows.flatMap((r) => (r.values[axis] === null ? [] : [r.values[axis]]));
      return [axis, median(values.sort((a, b) => a - b))];
    }),
  ) as Record<RadarAxis, Share>;
  return { rows, median: med };
}

/**
 * The rep's red areas: axes where they are more than `gapPts` under the team median, largest gap first. An axis
 * without a value (nothing to count) is never red.
 */
export function redAreas(row: RadarRow, median: Record<RadarAxis, Share>, gapPts: number): RadarAxis[] {
  return RADAR_AXES.filter((a) => {
    const v = row.values[a];
    const m = median[a];
    return v !== null && m !== null && m - v > gapPts;
  }).sort(
    (a, b) =>
      (median[b] as number) - (row.values[b] as number) - ((median[a] as number) - (row.values[a] as number)),
  );
}

/** Whether any rep has a value on any axis (a radar with none is not worth a chart). */
export function radarMeasured(radar: TeamRadar): boolean {
  return radar.rows.some((row) =>
    RADAR_AXES.some((a) => row.values[a] !== null && row.values[a] !== undefined),
  );
}
