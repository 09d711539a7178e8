import { handBackOf } from '../../../kernel/events.ts';
import { cooldownUntil, offerDeadlines } from '../rules/pool.ts';
import { routeLead, type RoutingExplanation } from '../rules/routing.ts';
import type { Candidate, Lead, LeadFields } from '../../../kernel/types.ts';
import { routingInputsOf } from '../../whatif/rules/whatif.ts';
import type { EngineDeps } from '../../deps.ts';
import { pooledNotices, refreshLeadCards } from './lead-notices.ts';
import { writeNow, type IntakeWrites } from './intake-writes.ts';
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
  const reader = options.org ?? routingOrgEachTime(deps);
  const route = await decideRoute(tx, deps, lead, now, reader, options.isNew);
  await tx.leads.update(lead.id, { status: lead.status }, route.patch, now);
  await recordRoute(tx, deps, lead, now, route, { reader, writes: writeNow(tx), isNew: options.isNew });
  return route.explanation;
}

/** A routing decided but not yet written: what the lead becomes, and what recordRoute stores with it. */
export interface Route {
  explanation: RoutingExplanation;
  /** The lead's new state: offered to the winner with its deadlines, or in the pool. */
  patch: LeadPatch;
  /** Who held the lead open before (rep_loads' count moves from them). */
  from: string | null;
  candidates: Candidate[];
  org: { hash: string; text: string };
  offer: { to: string; expiresAt: number; clock: OfferClock } | null;
}

type OfferClock = ReturnType<typeof offerDeadlines>['clock'];

/**
 * Choose where the lead goes (reads only). A new lead is routed before it is inserted, so it is inserted with the
 * patch applied (issue 23, item 4: one statement, the same row as an insert then an update at the same moment).
 */
export async function decideRoute(
  tx: Tx,
  deps: EngineDeps,
  lead: LeadFields & Pick<Lead, 'status' | 'ownerId'> & { id?: number },
  now: number,
  reader: RoutingOrgReader,
  isNew: boolean,
): Promise<Route> {
  const [{ people, snapshot: org, workTime, stats, lastAssigned: last }, counts] = await Promise.all([
    reader.read(tx),
    reader.loads(tx),
  ]);
  // A brand-new lead has no history, so nobody can be in cooldown for it.
  const handBacks =
    isNew || lead.id === undefined
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
  const from = lead.status === 'offered' || lead.status === 'owned' ? lead.ownerId : null;
  if (explanation.winnerId === null) {
    const patch: LeadPatch = {
      status: 'pool',
      ownerId: null,
      offerExpiresAt: null,
      followUpDueAt: null,
      warnAt: null,
    };
    return { explanation, patch, from, candidates, org, offer: null };
  }
  const to = explanation.winnerId;
  const { expiresAt, warnAt, clock } = offerDeadlines(now, deps.rules, workTime);
  const patch: LeadPatch = {
    status: 'offered',
    ownerId: to,
    offeredAt: now,
    offerExpiresAt: expiresAt,
    claimedAt: null,
    followUpDueAt: null,
    warnAt,
  };
  return { explanation, patch, from, candidates, org, offer: { to, expiresAt, clock } };
}

/**
 * Store a routing whose patch the lead already has (F9): the decision with its inputs, the rep's turn, the event
 * and the notices (through `writes`: at once, or at the end of the lead's group).
 */
export async function recordRoute(
  tx: Tx,
  deps: EngineDeps,
  lead: Pick<Lead, 'id' | 'company' | 'score' | 'urgent' | 'urgentReason'>,
  now: number,
  route: Route,
  how: { reader: RoutingOrgReader; writes: IntakeWrites; isNew: boolean },
): Promise<void> {
  const { explanation, org, offer } = route;
  const { reader, writes, isNew } = how;
  // The inputs are kept with the decision so the rule what-if (F39) can replay it faithfully: the loads and
  // availability in the decision, the org it read (roles, teams, capacities, skills) once per distinct org.
  if (!reader.snapshotSaved(org.hash)) await tx.leads.saveOrgSnapshot(org.hash, org.text);
  await writes.decision({
    leadId: lead.id,
    at: now,
    explanation,
    inputs: routingInputsOf(route.candidates, deps.rules, org.hash),
  });

  if (offer !== null) {
    const { to, expiresAt, clock } = offer;
    await writes.lastAssigned(to, now);
    reader.assigned(to, now);
    reader.moved(route.from, to);
    await writes.event({
      type: 'lead.offered',
      at: now,
      leadId: lead.id,
      actorId: null,
      to,
      expiresAt,
      reason: explanation.reason,
      clock,
    });
    await writes.notices(
      [
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
      ],
      now,
    );
  } else {
    reader.moved(route.from, null);
    const reason = explanation.reason === 'NO_REPS' ? 'NO_REPS' : 'NO_ELIGIBLE_REP';
    await writes.event({ type: 'lead.pooled', at: now, leadId: lead.id, actorId: null, reason });
    await writes.notices(pooledNotices(await tx.org.teams(), lead), now);
  }
  // A lead routed again (passed, owner deactivated) may have cards out there showing the old state.
  if (!isNew) await refreshLeadCards(tx, lead.id, now);
}
