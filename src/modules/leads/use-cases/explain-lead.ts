import type { LeadEvent } from '../../../kernel/events.ts';
import type { RoutingExplanation } from '../rules/routing.ts';
import type { Lead, Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';

export interface LeadStory {
  lead: Lead;
  decisions: Array<{ at: number; explanation: RoutingExplanation }>;
  events: LeadEvent[];
  /** Everyone named in the story, for rendering names instead of ids. */
  people: Map<string, Person>;
}

/** F9: a lead with its score breakdown, every routing decision and its full event history. */
export async function explainLead(deps: EngineDeps, leadId: number): Promise<LeadStory | null> {
  return deps.store.transaction(async (tx) => {
    const lead = await tx.leads.get(leadId);
    if (lead === null) return null;
    const [decisions, events, people] = await Promise.all([
      tx.leads.routingDecisions(leadId),
      tx.events.forLead(leadId),
      tx.org.people(),
    ]);
    return { lead, decisions, events, people: new Map(people.map((p) => [p.id, p])) };
  });
}
