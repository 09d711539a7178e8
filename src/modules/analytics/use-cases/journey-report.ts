// F32 from the event log: journey completeness of the deals closed in a period, for the org, a team or a rep,
// with the reasons people gave at the weakest node's stage (stall analyses, risk signals, skip reasons).
import { stageVisits } from '../rules/funnel.ts';
import {
  dealJourneys,
  requestOutcomes,
  summarizeJourney,
  weakestNode,
  type DealJourney,
  type JourneyDeal,
  type JourneyNode,
  type JourneySummary,
  type NodeCoverage,
  type RequestOutcome,
} from '../rules/journey.ts';
import type { EngineDeps } from '../../deps.ts';

const JOURNEY_EVENTS = [
  'deal.created',
  'deal.advanced',
  'deal.won',
  'deal.evidence_added',
  'deal.health_changed',
  'deal.request_opened',
  'deal.request_answered',
  'deal.stall_analysis',
  'deal.risk',
  'lead.closed',
] as const;

export type JourneyScope =
  { kind: 'all' } | { kind: 'team'; id: string; name: string } | { kind: 'rep'; id: string; name: string };

export interface JourneyReport {
  from: number;
  to: number;
  scope: JourneyScope;
  deals: DealJourney[];
  requests: RequestOutcome[];
  summary: JourneySummary;
  weakest: NodeCoverage | null;
  /** Why deals missed the weakest node: reasons given while at its stage, by how many deals gave each. */
  weakestReasons: Array<{ reason: string; deals: number }>;
  /** Names for the CSV and the chart. */
  names: Record<string, string>;
}

export type JourneyReportResult =
  { kind: 'report'; report: JourneyReport } | { kind: 'rejected'; reason: 'NO_SUCH_SCOPE'; word: string };

/**
 * Journey completeness over [from, to): deals closed then, requests that fell due then (as of now). `words` name
 * a team or a person (`@id`), or nothing for the whole org.
 */
export async function journeyReport(
  deps: EngineDeps,
  from: number,
  to: number,
  words: readonly string[] = [],
): Promise<JourneyReportResult> {
  const [one] = await journeyReports(deps, from, to, [words]);
  return one as JourneyReportResult;
}

/**
 * The same for several scopes at once (the weekly digest's every team and the organisation): the deal log is read
 * once for all of them. It reads the whole deal log up to now: not on the server's thread (issue 23).
 */
export async function journeyReports(
  deps: EngineDeps,
  from: number,
  to: number,
  scopes: ReadonlyArray<readonly string[]>,
): Promise<JourneyReportResult[]> {
  if (deps.reads !== undefined)
    return (await deps.reads.run(
      'journeyReports',
      [from, to, scopes.map((words) => [...words])],
      deps,
    )) as JourneyReportResult[];
  return journeyReportsHere(deps, from, to, scopes);
}

/** The journey reports computed on this thread (a worker calls this, with its read-only store). */
export async function journeyReportsHere(
  deps: EngineDeps,
  from: number,
  to: number,
  scopes: ReadonlyArray<readonly string[]>,
): Promise<JourneyReportResult[]> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<JourneyReportResult[]> => {
    const teams = await tx.org.teams();
    const people = await tx.org.people();
    const events = await tx.events.between(0, now, JOURNEY_EVENTS);
    const teamOf = new Map(people.map((p) => [p.id, p.teamId]));
    const all: JourneyDeal[] = [];
    const owners = new Map<number, string>();
    const ids = new Set(events.flatMap((e) => (e.type === 'deal.created' ? [e.dealId] : [])));
    const found = await tx.deals.some([...ids]);
    for (const id of ids) {
      const d = found.get(id);
      if (d === undefined) continue;
      owners.set(id, d.ownerId);
      all.push({ id, leadId: d.leadId, ownerId: d.ownerId, pipeline: d.pipeline });
    }
    const names: Record<string, string> = Object.fromEntries(people.map((p) => [p.id, p.name]));
    // Every deal's journey once; a scope keeps its own (each deal's is its own events' alone).
    const allJourneys = dealJourneys(events, all, deps.rules.deals.pipelines, from, to);
    const allRequests = requestOutcomes(events, owners, from, to, now);
    const reportFor = (words: readonly string[]): JourneyReportResult => {
      let scope: JourneyScope = { kind: 'all' };
      for (const raw of words) {
        const w = raw.replace(/^[@＠]/, '');
        const team = teams.find((x) => x.id === w || x.name === w);
        const person = people.find((x) => x.id === w || x.name === w);
        if (team !== undefined) scope = { kind: 'team', id: team.id, name: team.name };
        else if (person !== undefined) scope = { kind: 'rep', id: person.id, name: person.name };
        else return { kind: 'rejected', reason: 'NO_SUCH_SCOPE', word: raw };
      }
      const inScope = (ownerId: string) =>
        scope.kind === 'all' ||
        (scope.kind === 'team' && teamOf.get(ownerId) === scope.id) ||
        (scope.kind === 'rep' && ownerId === scope.id);
      const journeys = allJourneys.filter((j) => inScope(j.ownerId));
      const requests = allRequests.filter((r) => inScope(r.ownerId));
      const summary = summarizeJourney(journeys, requests, deps.rules.deals.journeyTargets);
      const weakest = weakestNode(summary);
      return {
        kind: 'report',
        report: {
          from,
          to,
          scope,
          deals: journeys,
          requests,
          summary,
          weakest,
          weakestReasons: weakest === null ? [] : reasonsAt(deps, events, owners, journeys, weakest.node),
          names,
        },
      };
    };
    return scopes.map(reportFor);
  });
}

/** The reasons given at the node's stage by the deals that missed it, most common first. */
function reasonsAt(
  deps: EngineDeps,
  events: Parameters<typeof stageVisits>[0],
  owners: ReadonlyMap<number, string>,
  journeys: readonly DealJourney[],
  node: JourneyNode,
): Array<{ reason: string; deals: number }> {
  const missed = new Map(
    journeys
      .filter((j) => j.mapped.includes(node) && !j.captured.includes(node))
      .map((j) => [j.dealId, deps.rules.deals.pipelines.find((p) => p.id === j.pipeline)?.journey?.[node]]),
  );
  const byReason = new Map<string, Set<number>>();
  for (const v of stageVisits(
    events.filter((e) => 'dealId' in e && missed.has(e.dealId)),
    owners,
  )) {
    if (missed.get(v.dealId) !== v.stage) continue;
    for (const r of v.reasons) byReason.set(r, (byReason.get(r) ?? new Set()).add(v.dealId));
  }
  // A stage jumped over: the skip's reason is why it has no trace.
  for (const e of events)
    if (
      e.type === 'deal.advanced' &&
      e.reason.trim() !== '' &&
      e.skipped.includes(missed.get(e.dealId) ?? '')
    )
      byReason.set(e.reason.trim(), (byReason.get(e.reason.trim()) ?? new Set()).add(e.dealId));
  return [...byReason.entries()]
    .map(([reason, set]) => ({ reason, deals: set.size }))
    .sort((a, b) => b.deals - a.deals || a.reason.localeCompare(b.reason));
}
