import { handBackOf } from '../../../kernel/events.ts';
import { cooldownUntil, offerDeadlines } from '../rules/pool.ts';
import { routeLead, type RoutingExplanation } from '../rules/routing.ts';
import type { Candidate, Lead } from '../../../kernel/types.ts';
import { routingInputsOf } from '../../whatif/rules/whatif.ts';
import type { EngineDeps } from '../../deps.ts';
import { announcePooled, refreshLeadCards } from './lead-notices.ts';
import type { LeadPatch, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';
import { routingOrgEachTime, type RoutingOrgReader } from './routing-org.ts';

/**
 * Offer a lead to the best rep, or put it in the pool, inside the caller's transaction: stores the
 * decision (F9), the events and the notices. The lead must be live and not owned. `org` reads the org; the
 * leads of one intake group share one read (routing-org.ts), a lead on its own reads it afresh.
 */
export async function offerOrPool(
  tx: Tx,
  deps: EngineDeps,
  lead: Lead,
  now: number,
  options: { isNew: boolean; reason?: string; org?: RoutingOrgReader },
): Promise<RoutingExplanation> {
  return (await routeAndApply(tx, deps, lead, now, options)).explanation;
}

/** offerOrPool, also giving the patch it applied to the lead (intake answers with the lead without reading it back). */
export async function routeAndApply(
  tx: Tx,
  deps: EngineDeps,
  lead: Lead,
  now: number,
  options: { isNew: boolean; reason?: string; org?: RoutingOrgReader },
): Promise<{ explanation: RoutingExplanation; patch: LeadPatch }> {
  const reader = options.org ?? routingOrgEachTime(deps);
  const [{ people, snapshot: org, workTime, stats, lastAssigned: last }, counts] = await Promise.all([
    reader.read(tx),
    reader.loads(tx),
  ]);
  // A brand-new lead has no history, so nobody can be in cooldown for it.
  const handBacks = options.isNew
    ? []
    : (await tx.events.forLead(lead.id)).map(handBackOf).filter((h) => h !== null);
  const candidates: Candidate[] = people.map((person) => ({
    person,
    openLeads: counts.get(person.id) ?? 0,
    lastAssignedAt: last.get(person.id) ?? null,
    winRate30d: stats.get(person.id)?.winRate30d ?? null,
    avgFollowUpMinutes: stats.get(person.id)?.avgFollowUpMinutes ?? null,
    cooldownUntil: cooldownUntil(handBacks, person.id, now, deps.rules),
  }));
  const explanation = routeLead(lead, candidates, deps.rules);
  // The inputs are kept with the decision so the rule what-if (F39) can replay it faithfully: the loads and
  // availability in the decision, the org it read (roles, teams, capacities, skills) once per distinct org.
  if (!reader.snapshotSaved(org.hash)) await tx.leads.saveOrgSnapshot(org.hash, org.text);
  await tx.leads.addRoutingDecision(
    lead.id,
    now,
    explanation,
    routingInputsOf(candidates, deps.rules, org.hash),
  );

  let patch: LeadPatch;
  if (explanation.winnerId !== null) {
    const to = explanation.winnerId;
    const { expiresAt, warnAt, clock } = offerDeadlines(now, deps.rules, workTime);
    patch = {
      status: 'offered',
      ownerId: to,
      offeredAt: now,
      offerExpiresAt: expiresAt,
      claimedAt: null,
      followUpDueAt: null,
      warnAt,
    };
    await tx.leads.update(lead.id, { status: lead.status }, patch, now);
    await tx.org.setLastAssigned(to, now);
    reader.assigned(to, now);
    reader.moved(holderOf(lead), to);
    await tx.events.append({
      type: 'lead.offered',
      at: now,
      leadId: lead.id,
      actorId: null,
      to,
      expiresAt,
      reason: explanation.reason,
      clock,
    });
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: to },
        template: 'lead.offered',
        data: {
          leadId: lead.id,
          company: lead.company,
          score: lead.score,
          urgent: lead.urgent,
          urgentReason: lead.urgentReason,
          expiresAt,
        },
        leadId: lead.id,
      }),
      now,
    );
  } else {
    patch = { status: 'pool', ownerId: null, offerExpiresAt: null, followUpDueAt: null, warnAt: null };
    await tx.leads.update(lead.id, { status: lead.status }, patch, now);
    reader.moved(holderOf(lead), null);
    const reason = explanation.reason === 'NO_REPS' ? 'NO_REPS' : 'NO_ELIGIBLE_REP';
    await tx.events.append({ type: 'lead.pooled', at: now, leadId: lead.id, actorId: null, reason });
    await announcePooled(tx, lead, now);
  }
  // A lead routed again (passed, owner deactivated) may have cards out there showing the old state.
  if (!options.isNew) await refreshLeadCards(tx, lead.id, now);
  return { explanation, patch };
}

/** Who holds the lead open (offered or owned), as rep_loads counts it. */
function holderOf(lead: Lead): string | null {
  return lead.status === 'offered' || lead.status === 'owned' ? lead.ownerId : null;
}
