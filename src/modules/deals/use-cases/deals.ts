// Deal use cases (F10–F16): a claimed lead becomes a deal; evidence goes in, checked at once; a stage is
// passed only with its evidence; risk phrases in notes reach the manager. One transaction each, with its
// events and notices.
import {
  checkEvidence,
  decideAdvance,
  findStage,
  matchRiskSignals,
  missingEvidence,
  pipelineOf,
  stageDueAt,
  stageOf,
  tierOf,
  type Deal,
  type EvidenceItem,
  type EvidenceProblem,
  type HealthDetail,
  type MissingEvidence,
  type RiskMatch,
} from '../rules/deals.ts';
import type { EvidenceKind, EvidenceRequirement, Pipeline, Stage } from '../rules/deal-rules.ts';
import { inspectFile } from '../../../media/inspect.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { DealTask, KeyPerson, Tx } from '../../ports.ts';
import { announceWin } from './announce-win.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { closeStageTasks, openSopTasks, sendHandover } from './deal-tasks.ts';
import { notice } from '../../notice-data.ts';

export type CreateDealResult =
  | { kind: 'created'; deal: Deal }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NO_PIPELINE' | 'BAD_AMOUNT' }
  | { kind: 'rejected'; reason: 'ALREADY_A_DEAL'; dealId: number };

/** `deal new LEAD AMOUNT`: the lead's owner opens a deal at the pipeline's first stage (F10). */
export async function createDeal(
  deps: EngineDeps,
  input: {
    personId: string;
    leadId: number;
    amount: number;
    yearlyValue?: number;
    pipeline?: string;
    expectedCloseAt?: number | null;
  },
): Promise<CreateDealResult> {
  const now = deps.clock();
  if (!Number.isFinite(input.amount) || input.amount <= 0) return { kind: 'rejected', reason: 'BAD_AMOUNT' };
  const pipeline = pipelineOf(deps.rules.deals, input.pipeline);
  if (pipeline === null) return { kind: 'rejected', reason: 'NO_PIPELINE' };
  return deps.store.transaction(async (tx) => {
    const lead = await tx.leads.get(input.leadId);
    if (lead === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    const existing = await tx.deals.byLead(lead.id);
    if (existing !== null) return { kind: 'rejected', reason: 'ALREADY_A_DEAL', dealId: existing.id };
    if (lead.status !== 'owned' || lead.ownerId !== input.personId)
      return { kind: 'rejected', reason: 'NOT_YOURS' };
    const zone = await orgTimezone(tx, deps);
    const first = pipeline.stages[0] as Stage;
    const yearlyValue = input.yearlyValue ?? input.amount;
    const fields: Omit<Deal, 'id'> = {
      leadId: lead.id,
      customer: lead.company,
      amount: input.amount,
      yearlyValue,
      tier: tierOf(yearlyValue, deps.rules.deals.tiers),
      pipeline: pipeline.id,
      stage: first.id,
      stageEnteredAt: now,
      stageDueAt: stageDueAt(now, first, zone, deps.rules.deals),
      ownerId: input.personId,
      status: 'open',
      expectedCloseAt: input.expectedCloseAt ?? null,
      doubtful: false,
      health: 'green',
      stallAlertedAt: null,
      createdAt: now,
      closedAt: null,
    };
    const id = await tx.deals.insert(fields);
    await openSopTasks(tx, { id, ...fields }, first, now);
    await tx.events.append({
      type: 'deal.created',
      at: now,
      leadId: lead.id,
      actorId: input.personId,
      dealId: id,
      pipeline: pipeline.id,
      stage: first.id,
      amount: input.amount,
      tier: fields.tier,
    });
    return { kind: 'created', deal: { id, ...fields } };
  });
}

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
  openTasks: DealTask[];
  keyPeople: KeyPerson[];
  /** The last change of health colour, with its evidence. */
  healthNote: { reason: string; evidence: string; at: number; detail?: HealthDetail } | null;
}

/** Everything the deal card shows (`deal ID`). */
export async function dealView(deps: EngineDeps, dealId: number): Promise<DealView | null> {
  return deps.store.transaction(async (tx) => {
    const deal = await tx.deals.get(dealId);
    if (deal === null) return null;
    return viewOf(tx, deps, deal);
  });
}

async function viewOf(tx: Tx, deps: EngineDeps, deal: Deal): Promise<DealView> {
  const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
  const stage = stageOf(pipeline, deal.stage) ?? (pipeline.stages[0] as Stage);
  const evidence = await tx.deals.evidence(deal.id);
  const events = await tx.events.forLead(deal.leadId);
  const risks = events.flatMap((e) =>
    e.type === 'deal.risk' && e.dealId === deal.id
      ? [{ signal: e.signal, phrase: e.phrase, excerpt: e.excerpt }]
      : [],
  );
  return {
    deal,
    pipeline,
    stage,
    evidence,
    missing: missingEvidence(stage, evidence),
    ownerName: (await tx.org.person(deal.ownerId))?.name ?? deal.ownerId,
    names: new Map((await tx.org.people()).map((p) => [p.id, p.name])),
    timezone: await orgTimezone(tx, deps),
    risks,
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
function fallbackPipeline(deal: Deal): Pipeline {
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

/** Open deals a person owns (`deal` with no id lists them). */
export async function myDeals(deps: EngineDeps, personId: string): Promise<DealView[]> {
  return deps.store.transaction(async (tx) => {
    const deals = await tx.deals.ownedBy(personId, 'open');
    const out: DealView[] = [];
    for (const d of deals) out.push(await viewOf(tx, deps, d));
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------
// Evidence

export interface EvidenceInput {
  personId: string;
  dealId: number;
  /** A requirement id, label or number (1-based, within the current stage); null: the first one still missing of this kind. */
  requirement: string | null;
  kind: EvidenceKind;
  text: string;
  file?: { name: string; bytes: Uint8Array };
}

export type EvidenceResult =
  | {
      kind: 'added';
      view: DealView;
      requirement: EvidenceRequirement;
      /** The stage's evidence is now complete (and the 过程存疑 mark, if any, is cleared). */
      complete: boolean;
      doubtCleared: boolean;
      risks: RaisedRisk[];
    }
  | { kind: 'refused'; requirement: EvidenceRequirement; problems: EvidenceProblem[] }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' | 'NO_FILES' }
  | { kind: 'rejected'; reason: 'NO_REQUIREMENT'; stage: Stage };

function pickRequirement(
  stage: Stage,
  evidence: readonly EvidenceItem[],
  word: string | null,
  kind: EvidenceKind,
) {
  if (word !== null && word !== '') {
    const w = word.trim().toLowerCase();
    const n = Number(w);
    if (Number.isInteger(n) && n >= 1 && n <= stage.evidence.length) return stage.evidence[n - 1] ?? null;
    return (
      stage.evidence.find(
        (r) => r.id.toLowerCase() === w || r.label === word.trim() || r.labelEn?.toLowerCase() === w,
      ) ?? null
    );
  }
  const missing = missingEvidence(stage, evidence).map((m) => m.requirement);
  const compatible = (r: EvidenceRequirement) =>
    r.kind === kind || (kind === 'file' && r.kind === 'photo') || (kind === 'photo' && r.kind === 'file');
  // The same kind first (a photo to the stage's photo), then any file-like item.
  return (
    missing.find((r) => r.kind === kind) ??
    missing.find(compatible) ??
    stage.evidence.find(compatible) ??
    null
  );
}

/** Adds evidence to the deal's current stage, checked at once (F12); a refused upload stores nothing but the attempt. */
export async function addEvidence(deps: EngineDeps, input: EvidenceInput): Promise<EvidenceResult> {
  const now = deps.clock();
  // Files are read and stored outside the transaction: a refused or failed write leaves only an orphan blob.
  const inspected = input.file === undefined ? null : await inspectFile(input.file.bytes);
  // A file is a photo when its bytes are an image, whatever its name or the platform says.
  const kind: EvidenceKind =
    input.file === undefined ? input.kind : inspected?.mime?.startsWith('image/') ? 'photo' : 'file';
  const stored =
    input.file === undefined || deps.files === undefined ? null : await deps.files.put(input.file.bytes);
  if (input.file !== undefined && deps.files === undefined) return { kind: 'rejected', reason: 'NO_FILES' };
  return deps.store.transaction(async (tx): Promise<EvidenceResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
    // A won deal still takes its last stage's evidence (the signed confirmation comes after the signing).
    const lastStage = pipeline.stages.at(-1)?.id === deal.stage;
    if (deal.status !== 'open' && !(deal.status === 'won' && lastStage))
      return { kind: 'rejected', reason: 'NOT_OPEN' };
    const stage = stageOf(pipeline, deal.stage) ?? (pipeline.stages[0] as Stage);
    const before = await tx.deals.evidence(deal.id);
    const req = pickRequirement(stage, before, input.requirement, kind);
    if (req === null) return { kind: 'rejected', reason: 'NO_REQUIREMENT', stage };
    const problems = checkEvidence(
      req,
      {
        kind,
        text: input.text,
        ...(input.file === undefined
          ? {}
          : {
              fileName: input.file.name,
              mime: inspected?.mime ?? 'unknown',
              pages: inspected?.pages ?? null,
            }),
      },
      deal.customer,
    );
    if (problems.length > 0) {
      await tx.events.append({
        type: 'deal.evidence_refused',
        at: now,
        leadId: deal.leadId,
        actorId: input.personId,
        dealId: deal.id,
        stage: stage.id,
        requirement: req.id,
        problems: problems.map((p) => p.code),
      });
      return { kind: 'refused', requirement: req, problems };
    }
    const evidenceId = await tx.deals.addEvidence({
      dealId: deal.id,
      stage: stage.id,
      requirement: req.id,
      kind: req.kind,
      text: input.text,
      fileName: input.file?.name ?? null,
      mime: inspected?.mime ?? null,
      size: stored?.size ?? null,
      pages: inspected?.pages ?? null,
      sha256: stored?.sha256 ?? null,
      at: now,
      by: input.personId,
    });
    await tx.events.append({
      type: 'deal.evidence_added',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      stage: stage.id,
      requirement: req.id,
      evidenceId,
    });
    const after = await tx.deals.evidence(deal.id);
    const complete = missingEvidence(stage, after).length === 0;
    let doubtCleared = false;
    if (complete && deal.doubtful) {
      doubtCleared = await tx.deals.update(deal.id, { stage: stage.id }, { doubtful: false });
      if (doubtCleared)
        await tx.events.append({
          type: 'deal.doubt_cleared',
          at: now,
          leadId: deal.leadId,
          actorId: input.personId,
          dealId: deal.id,
          stage: stage.id,
        });
    }
    const risks =
      input.text.trim() === '' ? [] : await raiseRisks(tx, deps, deal, input.personId, input.text, now);
    const fresh = (await tx.deals.get(deal.id)) as Deal;
    return {
      kind: 'added',
      view: await viewOf(tx, deps, fresh),
      requirement: req,
      complete,
      doubtCleared,
      risks,
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Risk signals (F16)

/**
 * Matches risk phrases in a note about a deal; each new signal is kept on the deal, the rep gets the
 * suggested response and the manager an alert. A signal already raised on this deal is not raised again.
 */
/** A risk signal raised on a deal, with the suggested response from the rules file. */
export interface RaisedRisk extends RiskMatch {
  response: string;
  responseEn: string;
}

export async function raiseRisks(
  tx: Tx,
  deps: EngineDeps,
  deal: Deal,
  actorId: string | null,
  text: string,
  now: number,
): Promise<RaisedRisk[]> {
  const rules = deps.rules.deals;
  const matches = matchRiskSignals(text, rules.riskSignals, rules.negations);
  if (matches.length === 0) return [];
  const seen = new Set(
    (await tx.events.forLead(deal.leadId)).flatMap((e) =>
      e.type === 'deal.risk' && e.dealId === deal.id ? [e.signal] : [],
    ),
  );
  const fresh = matches.filter((m) => !seen.has(m.signal));
  const managerId = await managerOf(tx, deal.ownerId);
  const raised: RaisedRisk[] = [];
  for (const m of fresh) {
    await tx.events.append({
      type: 'deal.risk',
      at: now,
      leadId: deal.leadId,
      actorId,
      dealId: deal.id,
      signal: m.signal,
      phrase: m.phrase,
      excerpt: m.excerpt,
    });
    const signal = rules.riskSignals.find((s) => s.id === m.signal);
    const data = {
      dealId: deal.id,
      customer: deal.customer,
      signal: m.signal,
      phrase: m.phrase,
      excerpt: m.excerpt,
      response: signal?.response ?? '',
      responseEn: signal?.responseEn ?? signal?.response ?? '',
    };
    raised.push({ ...m, response: data.response, responseEn: data.responseEn });
    await tx.outbox.enqueue(
      notice({ to: { kind: 'person', id: deal.ownerId }, template: 'deal.risk', data }),
      now,
    );
    if (managerId !== null)
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: managerId },
          template: 'deal.risk.manager',
          data: { ...data, ownerId: deal.ownerId },
        }),
        now,
      );
  }
  return raised;
}

// ---------------------------------------------------------------------------------------------------
// Advancing (F11, F13)

export type AdvanceResult =
  | { kind: 'advanced'; view: DealView; from: Stage; skipped: Stage[]; won: boolean }
  | { kind: 'refused'; reason: 'MISSING_EVIDENCE'; view: DealView; missing: MissingEvidence[]; to: Stage }
  | { kind: 'refused'; reason: 'SKIP_NEEDS_REASON'; view: DealView; skipped: Stage[]; to: Stage }
  | { kind: 'refused'; reason: 'LAST_STAGE' | 'BACKWARDS' | 'NOT_OPEN'; view: DealView }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'CHANGED' }
  | { kind: 'rejected'; reason: 'NO_SUCH_STAGE'; word: string; pipeline: Pipeline };

/**
 * `advance ID [STAGE] [reason …]`. Without the current stage's evidence the advance is refused with the
 * list of what is missing; the attempt is recorded and the deal marked 过程存疑 until the evidence is in.
 */
export async function advanceDeal(
  deps: EngineDeps,
  input: { personId: string; dealId: number; target: string | null; reason: string },
): Promise<AdvanceResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<AdvanceResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
    let target: Stage | null = null;
    if (input.target !== null && input.target !== '') {
      target = findStage(pipeline, input.target);
      if (target === null) return { kind: 'rejected', reason: 'NO_SUCH_STAGE', word: input.target, pipeline };
    }
    const evidence = await tx.deals.evidence(deal.id);
    const decision = decideAdvance(deal, pipeline, evidence, target, input.reason);
    if (decision.kind === 'refused') {
      const to = 'to' in decision ? decision.to.id : null;
      const missing =
        decision.reason === 'MISSING_EVIDENCE' ? decision.missing.map((m) => m.requirement.id) : [];
      await tx.events.append({
        type: 'deal.advance_refused',
        at: now,
        leadId: deal.leadId,
        actorId: input.personId,
        dealId: deal.id,
        from: deal.stage,
        to,
        code: decision.reason,
        missing,
      });
      if (decision.reason === 'MISSING_EVIDENCE' && !deal.doubtful)
        await tx.deals.update(deal.id, { stage: deal.stage }, { doubtful: true });
      const view = await viewOf(tx, deps, (await tx.deals.get(deal.id)) as Deal);
      if (decision.reason === 'MISSING_EVIDENCE')
        return { kind: 'refused', reason: decision.reason, view, missing: decision.missing, to: decision.to };
      if (decision.reason === 'SKIP_NEEDS_REASON')
        return { kind: 'refused', reason: decision.reason, view, skipped: decision.skipped, to: decision.to };
      return { kind: 'refused', reason: decision.reason, view };
    }
    const zone = await orgTimezone(tx, deps);
    const won = decision.final;
    const ok = await tx.deals.update(
      deal.id,
      { stage: deal.stage, status: 'open' },
      {
        stage: decision.to.id,
        stageEnteredAt: now,
        stageDueAt: stageDueAt(now, decision.to, zone, deps.rules.deals),
        stallAlertedAt: null,
        doubtful: false,
        ...(won ? { status: 'won' as const, closedAt: now } : {}),
      },
    );
    if (!ok) return { kind: 'rejected', reason: 'CHANGED' };
    await tx.events.append({
      type: 'deal.advanced',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      from: deal.stage,
      to: decision.to.id,
      skipped: decision.skipped.map((s) => s.id),
      reason: input.reason,
    });
    // What was left open in the stage just left (its SOP, a stall analysis) is closed; the new stage's SOP opens.
    await closeStageTasks(tx, deal, deal.stage, now);
    const moved = (await tx.deals.get(deal.id)) as Deal;
    if (!won) await openSopTasks(tx, moved, decision.to, now);
    if (decision.skipped.length > 0) {
      const managerId = await managerOf(tx, deal.ownerId);
      if (managerId !== null)
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: managerId },
            template: 'deal.skipped',
            data: {
              dealId: deal.id,
              customer: deal.customer,
              ownerId: deal.ownerId,
              skipped: decision.skipped.map((s) => s.name),
              to: decision.to.name,
              reason: input.reason,
            },
          }),
          now,
        );
    }
    if (won) {
      await closeWonLead(tx, deal, input.personId, decision.to.id, now);
      await sendHandover(tx, deps, moved, now);
      await announceWin(tx, deps, moved, now);
    }
    const view = await viewOf(tx, deps, (await tx.deals.get(deal.id)) as Deal);
    return { kind: 'advanced', view, from: decision.from, skipped: decision.skipped, won };
  });
}

/** The last stage reached: the deal is won, and so is its lead (the customer is protected, F6). */
async function closeWonLead(tx: Tx, deal: Deal, actorId: string, stage: string, now: number): Promise<void> {
  await tx.events.append({ type: 'deal.won', at: now, leadId: deal.leadId, actorId, dealId: deal.id, stage });
  const closed = await tx.leads.update(
    deal.leadId,
    { status: 'owned' },
    { status: 'won', closedAt: now, followUpDueAt: null, warnAt: null },
    now,
  );
  if (closed)
    await tx.events.append({
      type: 'lead.closed',
      at: now,
      leadId: deal.leadId,
      actorId,
      outcome: 'won',
      by: actorId,
    });
}
