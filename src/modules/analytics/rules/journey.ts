// F32 journey completeness, from the event log: for the deals that closed in a period, how much of the
// customer's journey was captured with a trace, whether the colleagues asked for help answered in time, and
// whether the red/yellow flags raised on customers proved right. Pure: events and deals come in as arguments.
//
// - Key nodes: the 5 nodes of the brief (needs confirmed, demo, POC/trial, negotiation, contract) are mapped to
//   stages per pipeline in the rules file (`pipelines[].journey`); a node a pipeline does not map is not asked
//   of its deals. A node is captured when evidence was added at its stage (a trace the system kept), not when the
//   stage was merely passed or skipped.
// - Cross-team SLA: requests whose answer fell due in the period, answered on time (a late answer and one
//   still missing both count against it); requests not yet due are left out.
// - Risk flags: closed deals that were set to yellow or red at least once; a flag proved right when the deal was
//   then lost, or recovered (set back to green) before it closed. A flagged deal won while still flagged was a
//   false alarm.
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { JOURNEY_NODES, type JourneyNode, type JourneyTargets } from './journey-nodes.ts';

export { JOURNEY_NODES, type JourneyNode, type JourneyTargets } from './journey-nodes.ts';

export interface JourneyDeal {
  id: number;
  leadId: number;
  ownerId: string;
  pipeline: string;
}

export interface DealJourney {
  dealId: number;
  ownerId: string;
  pipeline: string;
  outcome: 'won' | 'lost';
  closedAt: number;
  /** The nodes its pipeline maps, and which of them were captured. */
  mapped: JourneyNode[];
  captured: JourneyNode[];
  /** Raised yellow/red at least once; proved right (lost, or recovered to green before closing). */
  flagged: boolean;
  flagRight: boolean | null;
}

export interface RequestOutcome {
  dealId: number;
  taskId: number;
  ownerId: string;
  to: string;
  dueAt: number;
  onTime: boolean;
}

export interface Ratio {
  /** null when there was nothing to count. */
  share: number | null;
  hit: number;
  of: number;
}

export interface NodeCoverage extends Ratio {
  node: JourneyNode;
}

export interface JourneySummary {
  nodes: Ratio;
  sla: Ratio;
  riskFlags: Ratio;
  /** Per node, over the deals whose pipeline maps it. */
  byNode: NodeCoverage[];
  /** The figures under their target (with something to count). */
  below: Array<'nodes' | 'sla' | 'riskFlags'>;
}

const ratio = (hit: number, of: number): Ratio => ({ share: of === 0 ? null : hit / of, hit, of });

/** Closed deals (won or lost within [from, to)) with their node coverage and flag outcome. */
export function dealJourneys(
  events: readonly LeadEvent[],
  deals: readonly JourneyDeal[],
  pipelines: readonly Pipeline[],
  from: number,
  to: number,
): DealJourney[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  // Each deal's events, and each lead's closings, by their place in `sorted`: one pass over the log for all the
  // deals (the weekly digest asks for every deal of the organisation at once).
  const byDeal = new Map<number, number[]>();
  const closedByLead = new Map<number, number[]>();
  const add = (index: Map<number, number[]>, key: number, i: number) => {
    const list = index.get(key);
    if (list === undefined) index.set(key, [i]);
    else list.push(i);
  };
  sorted.forEach((e, i) => {
    if ('dealId' in e) add(byDeal, e.dealId, i);
    if (e.type === 'lead.closed' && e.leadId !== null) add(closedByLead, e.leadId, i);
  });
  const out: DealJourney[] = [];
  for (const deal of deals) {
    const places = [...(byDeal.get(deal.id) ?? []), ...(closedByLead.get(deal.leadId) ?? [])];
    const mine = [...new Set(places)].sort((a, b) => a - b).map((i) => sorted[i] as LeadEvent);
    const won = mine.find((e) => e.type === 'deal.won');
    const lost =
      won === undefined ? mine.find((e) => e.type === 'lead.closed' && e.outcome === 'lost') : undefined;
    const end = won ?? lost;
    if (end === undefined || end.at < from || end.at >= to) continue;
    const pipeline = pipelines.find((p) => p.id === deal.pipeline);
    const map = pipeline?.journey ?? {};
    const mapped = JOURNEY_NODES.filter((n) => map[n] !== undefined);
    // Evidence up to the close; a won deal's last stage takes its evidence after the signing too.
    const wonStage = won?.type === 'deal.won' ? won.stage : null;
    const tracedStages = new Set(
      mine.flatMap((e) =>
        e.type === 'deal.evidence_added' && (e.at <= end.at || e.stage === wonStage) ? [e.stage] : [],
      ),
    );
    const captured = mapped.filter((n) => tracedStages.has(map[n] as string));
    let flagged = false;
    let recovered = false;
    for (const e of mine) {
      if (e.type !== 'deal.health_changed' || e.at > end.at) continue;
      if (e.to === 'yellow' || e.to === 'red') {
        flagged = true;
        recovered = false;
      } else if (e.to === 'green' && flagged) recovered = true;
    }
    const outcome = won !== undefined ? 'won' : 'lost';
    out.push({
      dealId: deal.id,
      ownerId: deal.ownerId,
      pipeline: deal.pipeline,
      outcome,
      closedAt: end.at,
      mapped,
      captured,
      flagged,
      flagRight: flagged ? outcome === 'lost' || recovered : null,
    });
  }
  return out.sort((a, b) => a.closedAt - b.closedAt || a.dealId - b.dealId);
}

/**
 * Cross-team requests that fell due in [from, to), by `asOf`: on time when answered without being late. One
 * still unanswered at `asOf` after its due time is late; one not yet due is left out.
 */
export function requestOutcomes(
  events: readonly LeadEvent[],
  owners: ReadonlyMap<number, string>,
  from: number,
  to: number,
  asOf: number,
): RequestOutcome[] {
  const answered = new Map<number, { at: number; late: boolean }>();
  for (const e of events)
    if (e.type === 'deal.request_answered') answered.set(e.taskId, { at: e.at, late: e.late });
  const out: RequestOutcome[] = [];
  for (const e of events) {
    if (e.type !== 'deal.request_opened' || e.dueAt < from || e.dueAt >= to) continue;
    const a = answered.get(e.taskId);
    if (a === undefined && e.dueAt > asOf) continue;
    out.push({
      dealId: e.dealId,
      taskId: e.taskId,
      ownerId: owners.get(e.dealId) ?? e.actorId ?? '',
      to: e.to,
      dueAt: e.dueAt,
      onTime: a !== undefined && !a.late && a.at <= e.dueAt,
    });
  }
  return out.sort((a, b) => a.dueAt - b.dueAt || a.taskId - b.taskId);
}

/** The three figures (pooled over deals and requests), per node, and which fall under their targets. */
export function summarizeJourney(
  journeys: readonly DealJourney[],
  requests: readonly RequestOutcome[],
  targets: JourneyTargets,
): JourneySummary {
  const nodes = ratio(
    journeys.reduce((n, j) => n + j.captured.length, 0),
    journeys.reduce((n, j) => n + j.mapped.length, 0),
  );
  const sla = ratio(requests.filter((r) => r.onTime).length, requests.length);
  const flagged = journeys.filter((j) => j.flagged);
  const riskFlags = ratio(flagged.filter((j) => j.flagRight === true).length, flagged.length);
  const byNode = JOURNEY_NODES.map((node) => {
    const asked = journeys.filter((j) => j.mapped.includes(node));
    return { node, ...ratio(asked.filter((j) => j.captured.includes(node)).length, asked.length) };
  });
  const below = (['nodes', 'sla', 'riskFlags'] as const).filter((k) => {
    const s = { nodes, sla, riskFlags }[k].share;
    return s !== null && s < targets[k];
  });
  return { nodes, sla, riskFlags, byNode, below };
}

/** The least covered node (lowest share, then the most deals missing it), or null when all are covered. */
export function weakestNode(summary: JourneySummary): NodeCoverage | null {
  const gaps = summary.byNode.filter((n) => n.share !== null && n.share < 1);
  gaps.sort((a, b) => (a.share as number) - (b.share as number) || b.of - b.hit - (a.of - a.hit));
  return gaps[0] ?? null;
}
