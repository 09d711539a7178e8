import type { Lead } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { announcePooled, refreshLeadCards } from './lead-notices.ts';
import { offerOrPool } from './route-lead.ts';

export type GiveBackResult =
  | { kind: 'released'; lead: Lead }
  | { kind: 'passed'; lead: Lead }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' }
  | { kind: 'rejected'; reason: 'HAS_DEAL'; dealId: number };

/** The owner gives a claimed lead back to the pool (with a note). Their cooldown starts now. */
export async function releaseLead(
  deps: EngineDeps,
  input: { personId: string; leadId: number; note?: string },
): Promise<GiveBackResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const lead = await tx.leads.get(input.leadId);
    if (lead === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    // A lead with an open deal stays with the deal's owner until the deal closes (won or lost).
    const deal = await tx.deals.byLead(lead.id);
    if (deal?.status === 'open' && lead.ownerId === input.personId)
      return { kind: 'rejected', reason: 'HAS_DEAL', dealId: deal.id };
    const ok = await tx.leads.update(
      lead.id,
      { status: ['owned', 'offered'], ownerId: input.personId },
      { status: 'pool', ownerId: null, offerExpiresAt: null, followUpDueAt: null, warnAt: null },
      now,
    );
    if (!ok) return { kind: 'rejected', reason: 'NOT_YOURS' };
    await announcePooled(tx, lead, now);
    await refreshLeadCards(tx, lead.id, now);
    await tx.events.append({
      type: 'lead.released',
      at: now,
      leadId: lead.id,
      actorId: input.personId,
      by: input.personId,
      note: input.note ?? '',
    });
    return { kind: 'released', lead: (await tx.leads.get(lead.id)) as Lead };
  });
}

/** The rep declines an offer: the lead is routed again (they are in cooldown for it), or pooled. */
export async function passLead(
  deps: EngineDeps,
  input: { personId: string; leadId: number },
): Promise<GiveBackResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const lead = await tx.leads.get(input.leadId);
    if (lead === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (lead.status !== 'offered' || lead.ownerId !== input.personId)
      return { kind: 'rejected', reason: 'NOT_YOURS' };
    await tx.events.append({
      type: 'lead.passed',
      at: now,
      leadId: lead.id,
      actorId: input.personId,
      by: input.personId,
    });
    await offerOrPool(tx, deps, lead, now, { isNew: false });
    return { kind: 'passed', lead: (await tx.leads.get(lead.id)) as Lead };
  });
}
