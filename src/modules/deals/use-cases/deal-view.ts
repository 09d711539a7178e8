// A deal as its card shows it (F10–F13): the deal, its pipeline and stage, evidence in and missing, people around it.
import {
  missingEvidence,
  pipelineOf,
  stageOf,
  type Deal,
  type EvidenceItem,
  type HealthDetail,
  type MissingEvidence,
  type RiskMatch,
} from '../rules/deals.ts';
import { type Pipeline, type Stage } from '../rules/deal-rules.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { leadRisks, type LeadRisk } from './risk-marks.ts';
import { type DealTask, type KeyPerson, type Tx } from '../../ports.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import type { Person } from '../../../kernel/types.ts';
import { mayRead } from '../../org/use-cases/readers.ts';

export interface DealView {
  deal: Deal;
  pipeline: Pipeline;
  stage: Stage;
  evidence: EvidenceItem[];
  missing: MissingEvidence[];
  ownerName: string;
  /** Names of the people the card mentions (request assignees). */
  names: Map<string, string>;
  timezone: string;
  risks: RiskMatch[];
  /** Every signal kept on the deal's lead, also from before the deal, with past cases (issue 24 item 5). */
  riskMarks: LeadRisk[];
  openTasks: DealTask[];
  keyPeople: KeyPerson[];
  /** The last change of health colour, with its evidence. */
  healthNote: { reason: string; evidence: string; at: number; detail?: HealthDetail } | null;
  /** Stages skipped with a reason, and the evidence they never got (issue 25: listed, not forgotten). */
  skippedMissing: Array<{ stage: Stage; missing: MissingEvidence[] }>;
}

/** Everything the deal card shows (`deal ID`). */
export async function dealView(deps: EngineDeps, dealId: number): Promise<DealView | null> {
  return deps.store.transaction(async (tx) => {
    const deal = await tx.deals.get(dealId);
    if (deal === null) return null;
    return viewOf(tx, deps, deal);
  });
}

/**
 * The deal card for one reader: its owner, their manager, directors and the people on the deal (asked for help,
 * given a task or the hand-over, or escalated to); anyone else gets 'forbidden' (issue 22, finding 10).
 */
export async function dealViewFor(
  deps: EngineDeps,
  dealId: number,
  reader: Pick<Person, 'id' | 'role' | 'active'>,
): Promise<DealView | 'forbidden' | null> {
  return deps.store.transaction(async (tx) => {
    const deal = await tx.deals.get(dealId);
    if (deal === null) return null;
    const involved = (await tx.events.forLead(deal.leadId)).flatMap((e) => peopleOnDeal(e, deal.id));
    if (!(await mayRead(tx, reader, [deal.ownerId], involved))) return 'forbidden';
    return viewOf(tx, deps, deal);
  });
}

/** Who an event of the deal brought onto it. */
function peopleOnDeal(e: LeadEvent, dealId: number): string[] {
  if (!('dealId' in e) || e.dealId !== dealId) return [];
  switch (e.type) {
    case 'deal.request_opened':
    case 'deal.task_opened':
      return [e.to];
    case 'deal.request_escalated':
      return [...(e.to === null ? [] : [e.to]), ...e.copied];
    case 'deal.stall_escalated':
    case 'deal.task_overdue':
      return e.to === null ? [] : [e.to];
    default:
      return [];
  }
}

export async function viewOf(tx: Tx, deps: EngineDeps, deal: Deal): Promise<DealView> {
  const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
  const stage = stageOf(pipeline, deal.stage) ?? (pipeline.stages[0] as Stage);
  const evidence = await tx.deals.evidence(deal.id);
  const events = await tx.events.forLead(deal.leadId);
  const risks = events.flatMap((e) =>
    e.type === 'deal.risk' && e.dealId === deal.id
      ? [{ signal: e.signal, phrase: e.phrase, excerpt: e.excerpt }]
      : [],
  );
  const skipped = new Set(
    events.flatMap((e) => (e.type === 'deal.advanced' && e.dealId === deal.id ? e.skipped : [])),
  );
  const skippedMissing = pipeline.stages
    .filter((s) => skipped.has(s.id))
    .map((s) => ({ stage: s, missing: missingEvidence(s, evidence) }))
    .filter((s) => s.missing.length > 0);
  return {
    deal,
    pipeline,
    stage,
    evidence,
    skippedMissing,
    missing: missingEvidence(stage, evidence),
    ownerName: (await tx.org.person(deal.ownerId))?.name ?? deal.ownerId,
    names: new Map((await tx.org.people()).map((p) => [p.id, p.name])),
    timezone: await orgTimezone(tx, deps),
    risks,
    riskMarks: await leadRisks(tx, deal.leadId),
    openTasks: await tx.deals.openTasks(deal.id),
    keyPeople: await tx.deals.people(deal.id),
    healthNote:
      events
        .flatMap((e) =>
          e.type === 'deal.health_changed' && e.dealId === deal.id
            ? [
                {
                  reason: e.reason,
                  evidence: e.evidence,
                  at: e.at,
                  ...(e.detail === undefined ? {} : { detail: e.detail }),
                },
              ]
            : [],
        )
        .at(-1) ?? null,
  };
}

/** A deal whose pipeline was removed from the rules file still shows, as a one-stage pipeline. */
export function fallbackPipeline(deal: Deal): Pipeline {
  return {
    id: deal.pipeline,
    name: deal.pipeline,
    stages: [
      {
        id: deal.stage,
        name: deal.stage,
        limitDays: 7,
        probability: 0,
        evidence: [],
        checklist: [],
        sop: [],
      },
    ],
  };
}

/** Open deals a person owns, each with the whole view (evidence, events, risks, tasks): the first `limit`. */
export async function myDeals(deps: EngineDeps, personId: string, limit = Infinity): Promise<DealView[]> {
  return deps.store.transaction(async (tx) => {
    const deals = (await tx.deals.ownedBy(personId, 'open')).slice(0, limit);
    const out: DealView[] = [];
    for (const d of deals) out.push(await viewOf(tx, deps, d));
    return out;
  });
}

/**
 * Open deals a person owns with their stage only (`deal` with no id lists them): the first `limit` by id, and how
 * many there are in all. Two reads, whatever their number: building each one's whole view took a read of its log,
 * risks, tasks and the org per deal (0.3 s for a rep with a few hundred), and reading all of a rep's 5,000 open
 * deals to show 20 took 35–70 ms (issue 23).
 */
export async function myDealList(
  deps: EngineDeps,
  personId: string,
  limit?: number,
): Promise<{ deals: Array<Pick<DealView, 'deal' | 'stage'>>; total: number }> {
  const { deals, total } = await deps.store.transaction(async (tx) => ({
    deals: await tx.deals.ownedBy(personId, 'open', limit),
    total: await tx.deals.countOwnedBy(personId, 'open'),
  }));
  return {
    total,
    deals: deals.map((deal) => {
      const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
      return { deal, stage: stageOf(pipeline, deal.stage) ?? (pipeline.stages[0] as Stage) };
    }),
  };
}
