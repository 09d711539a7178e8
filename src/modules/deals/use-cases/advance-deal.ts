// Advancing a deal (F11, F13): a stage is passed only with its evidence; a skip needs a reason; the last stage wins it.
import { retierIn } from '../../customers/use-cases/recompute-tiers.ts';
import { raiseRisks } from './raise-risks.ts';
import {
  decideAdvance,
  findStage,
  missingEvidence,
  pipelineOf,
  stageDueAt,
  type Deal,
  type MissingEvidence,
} from '../rules/deals.ts';
import { type Pipeline, type Stage } from '../rules/deal-rules.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { announceWin } from './announce-win.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { closeStageTasks, openSopTasks, sendHandover } from './deal-tasks.ts';
import { notice } from '../../notice-data.ts';
import { fallbackPipeline, viewOf, type DealView } from './deal-view.ts';

export type AdvanceResult =
  | { kind: 'advanced'; view: DealView; from: Stage; skipped: Stage[]; won: boolean }
  | { kind: 'refused'; reason: 'MISSING_EVIDENCE'; view: DealView; missing: MissingEvidence[]; to: Stage }
  | { kind: 'refused'; reason: 'SKIP_NEEDS_REASON'; view: DealView; skipped: Stage[]; to: Stage }
  | { kind: 'refused'; reason: 'WIN_NEEDS_EVIDENCE'; view: DealView; missing: MissingEvidence[] }
  | { kind: 'refused'; reason: 'BACKWARDS' | 'NOT_OPEN'; view: DealView }
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
        decision.reason === 'MISSING_EVIDENCE' || decision.reason === 'WIN_NEEDS_EVIDENCE'
          ? decision.missing.map((m) => m.requirement.id)
          : [];
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
      if (decision.reason === 'WIN_NEEDS_EVIDENCE')
        return { kind: 'refused', reason: decision.reason, view, missing: decision.missing };
      if (decision.reason === 'SKIP_NEEDS_REASON')
        return { kind: 'refused', reason: decision.reason, view, skipped: decision.skipped, to: decision.to };
      return { kind: 'refused', reason: decision.reason, view };
    }
    const zone = await orgTimezone(tx, deps);
    const won = decision.final;
    const moves = decision.to.id !== deal.stage;
    const ok = await tx.deals.update(
      deal.id,
      { stage: deal.stage, status: 'open' },
      {
        ...(moves
          ? {
              stage: decision.to.id,
              stageEnteredAt: now,
              stageDueAt: stageDueAt(now, decision.to, zone, deps.rules.deals),
              stallAlertedAt: null,
            }
          : {}),
        doubtful: false,
        ...(won ? { status: 'won' as const, closedAt: now } : {}),
      },
    );
    if (!ok) return { kind: 'rejected', reason: 'CHANGED' };
    if (!moves) {
      // Won where it stands: its last stage's evidence is in.
      await winDeal(tx, deps, deal, input.personId, now);
      const view = await viewOf(tx, deps, (await tx.deals.get(deal.id)) as Deal);
      return { kind: 'advanced', view, from: decision.from, skipped: [], won: true };
    }
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
    if (!won) await openSopTasks(tx, deps, moved, decision.to, now);
    // The reason is the rep's own words about the deal: read for risk phrases like any note (issue 25 item 11).
    if (!won && input.reason.trim() !== '')
      await raiseRisks(tx, deps, moved, input.personId, input.reason, now, { kind: 'skip_reason' });
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
              missing: decision.skipped.flatMap((s) => {
                const gaps = missingEvidence(s, evidence).map((m) => m.requirement);
                return gaps.length === 0
                  ? []
                  : [
                      {
                        stage: s.name,
                        stageEn: s.nameEn ?? s.name,
                        items: gaps.map((r) => r.label),
                        itemsEn: gaps.map((r) => r.labelEn ?? r.label),
                      },
                    ];
              }),
            },
          }),
          now,
        );
    }
    if (won) await winDeal(tx, deps, moved, input.personId, now);
    const view = await viewOf(tx, deps, (await tx.deals.get(deal.id)) as Deal);
    return { kind: 'advanced', view, from: decision.from, skipped: decision.skipped, won };
  });
}

/**
 * The last stage's evidence is in (the deal already marked won in the store): its lead is won, the hand-over
 * goes out, the win is announced.
 */
export async function winDeal(
  tx: Tx,
  deps: EngineDeps,
  deal: Deal,
  actorId: string,
  now: number,
): Promise<void> {
  const won = (await tx.deals.get(deal.id)) as Deal;
  await closeWonLead(tx, won, actorId, won.stage, now);
  await sendHandover(tx, deps, won, now);
  await announceWin(tx, deps, won, now);
  // F24: the customer's tier moves with what it bought (a new C customer's rep is offered the product pack).
  await retierIn(tx, deps, now, won.customer);
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
