import { handBackOf } from '../../../kernel/events.ts';
import { cooldownUntil, offerDeadlines } from '../rules/pool.ts';
import { routeLead, type RoutingExplanation } from '../rules/routing.ts';
import type { Candidate, Lead } from '../../../kernel/types.ts';
import { routingInputsOf } from '../../whatif/rules/whatif.ts';
import { orgSnapshotOf } from '../../whatif/use-cases/org-snapshot.ts';
import { orgWorkTime, type EngineDeps } from '../../deps.ts';
import { announcePooled, refreshLeadCards } from './lead-notices.ts';
import type { Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

/**
 * Offer a lead to the best rep, or put it in the pool, inside the caller's transaction: stores the
 * decision (F9), the events and the notices. The lead must be live and not owned.
 */
export async function offerOrPool(
  tx: Tx,
  deps: EngineDeps,
  lead: Lead,
  now: number,
  options: { isNew: boolean; reason?: string },
): Promise<RoutingExplanation> {
  const [people, counts, last, stats] = await Promise.all([
    tx.org.people(),
    tx.leads.openCounts(),
    tx.org.lastAssigned(),
    tx.org.repStats(),
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
  const org = orgSnapshotOf(people);
  await tx.leads.saveOrgSnapshot(org.hash, org.text);
  await tx.leads.addRoutingDecision(
    lead.id,
    now,
    explanation,
    routingInputsOf(candidates, deps.rules, org.hash),
  );

  if (explanation.winnerId !== null) {
    const to = explanation.winnerId;
    const { expiresAt, warnAt, clock } = offerDeadlines(now, deps.rules, await orgWorkTime(tx, deps));
    await tx.leads.update(
      lead.id,
      { status: lead.status },
      {
        status: 'offered',
        ownerId: to,
        offeredAt: now,
        offerExpiresAt: expiresAt,
        claimedAt: null,
        followUpDueAt: null,
        warnAt,
      },
      now,
    );
    await tx.org.setLastAssigned(to, now);
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
    await tx.leads.update(
      lead.id,
      { status: lead.status },
      { status: 'pool', ownerId: null, offerExpiresAt: null, followUpDueAt: null, warnAt: null },
      now,
    );
    const reason = explanation.reason === 'NO_REPS' ? 'NO_REPS' : 'NO_ELIGIBLE_REP';
    await tx.events.append({ type: 'lead.pooled', at: now, leadId: lead.id, actorId: null, reason });
    await announcePooled(tx, lead, now);
  }
  // A lead routed again (passed, owner deactivated) may have cards out there showing the old state.
  if (!options.isNew) await refreshLeadCards(tx, lead.id, now);
  return explanation;
}
