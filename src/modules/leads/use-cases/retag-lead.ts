// Smart tags (issue 24 item 4): the rep corrects a lead's tags — `标签 ID +医疗基建 -地产`. The change is an event
// with source `rep`, beside the `suggested:<field>` ones intake wrote.
import type { Lead, Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { mayRead } from '../../org/use-cases/readers.ts';

export type RetagResult =
  | { kind: 'done'; lead: Lead; added: string[]; removed: string[] }
  | { kind: 'not_found' }
  | { kind: 'forbidden' };

/** At most this many tags on a lead (the intake schema's own bound). */
const MAX_TAGS = 50;

/** The owner, their manager, directors and admins may change a lead's tags; tags are trimmed, at most 50 characters. */
export async function retagLead(
  deps: EngineDeps,
  actor: Pick<Person, 'id' | 'role' | 'active'>,
  leadId: number,
  add: readonly string[],
  remove: readonly string[],
): Promise<RetagResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const lead = await tx.leads.get(leadId);
    if (lead === null) return { kind: 'not_found' };
    const holders = lead.ownerId === null ? [] : [lead.ownerId];
    const admin = actor.active && actor.role === 'admin';
    if (!admin && !(await mayRead(tx, actor, holders))) return { kind: 'forbidden' };
    const clean = (ts: readonly string[]) => [
      ...new Set(ts.map((t) => t.trim().slice(0, 50)).filter(Boolean)),
    ];
    const removed = clean(remove).filter((t) => lead.tags.includes(t));
    const kept = lead.tags.filter((t) => !removed.includes(t));
    const added = clean(add)
      .filter((t) => !kept.includes(t))
      .slice(0, Math.max(0, MAX_TAGS - kept.length));
    if (added.length === 0 && removed.length === 0) return { kind: 'done', lead, added, removed };
    await tx.leads.update(lead.id, { status: lead.status }, { tags: [...kept, ...added] }, now);
    await tx.events.append({
      type: 'lead.tagged',
      at: now,
      leadId: lead.id,
      actorId: actor.id,
      added: added.map((tag) => ({ tag, source: 'rep' })),
      removed,
      suggested: [],
    });
    return { kind: 'done', lead: (await tx.leads.get(lead.id)) as Lead, added, removed };
  });
}

/** Each tag of a lead with where it came from: the last event that added it (`suggested:company`, `rep`), else `entered`. */
export function tagSources(
  tags: readonly string[],
  events: readonly { type: string; added?: readonly { tag: string; source: string }[] }[],
): { tag: string; source: string }[] {
  const from = new Map<string, string>();
  for (const e of events)
    if (e.type === 'lead.tagged') for (const a of e.added ?? []) from.set(a.tag, a.source);
  return tags.map((tag) => ({ tag, source: from.get(tag) ?? 'entered' }));
}
