import type { LeadEvent } from '../../../kernel/events.ts';
import type { RoutingExplanation } from '../rules/routing.ts';
import type { Lead, Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { mayRead } from '../../org/use-cases/readers.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { leadRisks, type LeadRisk } from '../../deals/use-cases/risk-marks.ts';

export interface LeadStory {
  lead: Lead;
  decisions: Array<{ at: number; explanation: RoutingExplanation }>;
  events: LeadEvent[];
  /** Everyone named in the story, for rendering names instead of ids. */
  people: Map<string, Person>;
  /** The risk signals heard about this lead, with their source and past cases (issue 24 item 5). */
  risks: LeadRisk[];
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
    const risks = await leadRisks(tx, leadId);
    return { lead, decisions, events, people: new Map(people.map((p) => [p.id, p])), risks };
  });
}

/** Who reads the whole story: directors and admins, and the manager of a rep who held the lead. */
const SEE_ALL_ROLES: ReadonlySet<Person['role']> = new Set(['director', 'admin']);

/**
 * The routing story for one reader: the lead's owner and every rep it was offered to, their managers, directors and
 * admins; anyone else gets 'forbidden' (issue 22, finding 10: it names reps, their loads and scores). `seesAll` is
 * false for a rep, who reads only their own part of each decision (issue 21, item 7).
 */
export async function explainLeadFor(
  deps: EngineDeps,
  leadId: number,
  reader: Pick<Person, 'id' | 'role' | 'active'>,
): Promise<(LeadStory & { seesAll: boolean }) | 'forbidden' | null> {
  const story = await explainLead(deps, leadId);
  if (story === null) return null;
  const holders = [
    ...(story.lead.ownerId === null ? [] : [story.lead.ownerId]),
    ...story.decisions.flatMap((d) => (d.explanation.winnerId === null ? [] : [d.explanation.winnerId])),
  ];
  if (reader.active && SEE_ALL_ROLES.has(reader.role)) return { ...story, seesAll: true };
  return deps.store.transaction(async (tx) => {
    if (!(await mayRead(tx, reader, holders))) return 'forbidden';
    const managed = await Promise.all([...new Set(holders)].map((h) => managerOf(tx, h)));
    return { ...story, seesAll: managed.includes(reader.id) };
  });
}
