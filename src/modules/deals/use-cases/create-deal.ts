// A claimed lead becomes a deal (F10): its pipeline, first stage and deadline, and the SOP's first tasks.
import { pipelineOf, stageDueAt, tierOf, type Deal } from '../rules/deals.ts';
import type { Stage } from '../rules/deal-rules.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { openSopTasks } from './deal-tasks.ts';
import { closeAtOf, defaultCloseAt, type CloseWord, type DefaultClose } from '../rules/close-date.ts';

/** The expected close date a new deal took, and why (F26). */
export type DealClose =
  { source: 'given'; at: number } | { source: 'default'; at: number; reason: DefaultClose['reason'] };

export type CreateDealResult =
  | { kind: 'created'; deal: Deal; close: DealClose }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NO_PIPELINE' | 'BAD_AMOUNT' | 'BAD_CLOSE_DATE' }
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
    /** A moment already placed in time (wins over `close`). */
    expectedCloseAt?: number | null;
    /** What the rep typed for the close date; absent: the pipeline's cycle from today. */
    close?: CloseWord | null;
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
    let close: DealClose;
    if (input.expectedCloseAt != null) close = { source: 'given', at: input.expectedCloseAt };
    else if (input.close != null) {
      const at = closeAtOf(input.close, now, zone);
      if (at === null) return { kind: 'rejected', reason: 'BAD_CLOSE_DATE' };
      close = { source: 'given', at };
    } else close = { source: 'default', ...defaultCloseAt(pipeline, now, zone, deps.rules.deals.calendar) };
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
      expectedCloseAt: close.at,
      expectedCloseSource: close.source,
      doubtful: false,
      health: 'green',
      stallAlertedAt: null,
      createdAt: now,
      closedAt: null,
    };
    const id = await tx.deals.insert(fields);
    // The lead is the deal owner's until the deal closes: its no-follow-up clock stops (only the deal's own rules,
    // stall and health, apply from now on), so the sweep never takes it back to the pool under an open deal.
    await tx.leads.update(
      lead.id,
      { status: 'owned', ownerId: input.personId },
      { followUpDueAt: null, warnAt: null },
      now,
    );
    await openSopTasks(tx, deps, { id, ...fields }, first, now);
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
    return { kind: 'created', deal: { id, ...fields }, close };
  });
}
