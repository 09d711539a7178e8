import { handBackOf } from '../../../kernel/events.ts';
import { checkClaim, followUpDeadlines, startOfLocalDay, type ClaimRefusal } from '../rules/pool.ts';
import type { Lead } from '../../../kernel/types.ts';
import { orgWorkTime, type EngineDeps } from '../../deps.ts';
import { refreshLeadCards } from './lead-notices.ts';

/** `timezone`: the org's, for the reply's times (read in the claim's own transaction: one unit of work a claim). */
export type ClaimLeadResult = { timezone: string } & (
  | { kind: 'claimed'; lead: Lead; via: 'offer' | 'market' }
  | ({ kind: 'rejected'; ownerName?: string } & ClaimRefusal)
);

/**
 * F4/F5: a rep claims a lead — accepting an offer made to them, or taking one from the pool. When
 * several claim at once exactly one wins (a conditional update); the others learn who did.
 */
export async function claimLead(
  deps: EngineDeps,
  input: { personId: string; leadId: number },
): Promise<ClaimLeadResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    // One claimant's claims are decided one at a time, even across server instances (cap and capacity are read first).
    await tx.org.lockPerson(input.personId);
    const [lead, person] = await Promise.all([tx.leads.get(input.leadId), tx.org.person(input.personId)]);
    // The claimant's load, cap and cooldown matter only for a pool lead (checkClaim reads them after the status):
    // the 49 who lose a claim burst are answered from the lead and the person alone (issue 23).
    const fromPool = lead !== null && lead.status === 'pool' && person !== null && person.active;
    // The org's working time (one settings read): the deadlines need it, and every answer shows times in its zone.
    const wt = await orgWorkTime(tx, deps);
    const timezone = wt.zone;
    const ctx = {
      lead,
      person,
      openLeads: fromPool ? await tx.leads.openCount(person.id) : 0,
      marketClaimsToday: fromPool
        ? await tx.events.countMarketClaims(person.id, startOfLocalDay(now, wt.zone))
        : 0,
      handBacks: fromPool ? (await tx.events.forLead(lead.id)).map(handBackOf).filter((h) => h !== null) : [],
      now,
    };
    const check = checkClaim(ctx, deps.rules);
    if (!check.ok) {
      const { ok: _ok, ...refusal } = check;
      return withOwnerName(tx, { kind: 'rejected', ...refusal, timezone });
    }
    const { dueAt, warnAt, clock } = followUpDeadlines(now, deps.rules, wt);
    const guard =
      check.via === 'offer'
        ? { status: 'offered' as const, ownerId: input.personId }
        : { status: 'pool' as const };
    const won = await tx.leads.update(
      input.leadId,
      guard,
      {
        status: 'owned',
        ownerId: input.personId,
        claimedAt: now,
        followUpDueAt: dueAt,
        firstTouchAt: null,
        offerExpiresAt: null,
        warnAt,
      },
      now,
    );
    if (!won) {
      // Another process claimed it between our read and our write.
      const fresh = await tx.leads.get(input.leadId);
      return withOwnerName(tx, {
        kind: 'rejected',
        reason: 'ALREADY_CLAIMED',
        ownerId: fresh?.ownerId ?? null,
        timezone,
      });
    }
    await refreshLeadCards(tx, input.leadId, now);
    await tx.events.append({
      type: 'lead.claimed',
      at: now,
      leadId: input.leadId,
      actorId: input.personId,
      by: input.personId,
      via: check.via,
      dueAt,
      clock,
    });
    return {
      kind: 'claimed',
      lead: (await tx.leads.get(input.leadId)) as Lead,
      via: check.via,
      timezone,
    };
  });
}

async function withOwnerName(
  tx: Parameters<Parameters<EngineDeps['store']['transaction']>[0]>[0],
  result: Extract<ClaimLeadResult, { kind: 'rejected' }>,
): Promise<ClaimLeadResult> {
  if ('ownerId' in result && result.ownerId !== null) {
    const owner = await tx.org.person(result.ownerId);
    if (owner !== null) return { ...result, ownerName: owner.name };
  }
  return result;
}
