import { scoreLead } from '../rules/scoring.ts';
import type { Lead } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { refreshLeadCards } from './lead-notices.ts';

export type MergeResult =
  | { kind: 'merged'; into: Lead }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'SAME_LEAD' | 'NOT_LIVE' | 'TARGET_MERGED' };

/**
 * F6: fold a duplicate lead into another. Nothing is deleted: the duplicate keeps its history with
 * status `merged`, its inquiries count for the target, and whoever held it is freed.
 */
export async function mergeLeads(
  deps: EngineDeps,
  input: { fromId: number; intoId: number; actorId: string | null },
): Promise<MergeResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    if (input.fromId === input.intoId) return { kind: 'rejected', reason: 'SAME_LEAD' };
    const [from, into] = await Promise.all([tx.leads.get(input.fromId), tx.leads.get(input.intoId)]);
    if (from === null || into === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (into.status === 'merged') return { kind: 'rejected', reason: 'TARGET_MERGED' };
    const ok = await tx.leads.update(
      from.id,
      { status: ['offered', 'owned', 'pool'] },
      {
        status: 'merged',
        mergedInto: into.id,
        ownerId: null,
        offerExpiresAt: null,
        followUpDueAt: null,
        warnAt: null,
      },
      now,
    );
    if (!ok) return { kind: 'rejected', reason: 'NOT_LIVE' };
    await tx.events.append({
      type: 'lead.merged',
      at: now,
      leadId: from.id,
      actorId: input.actorId,
      into: into.id,
      by: input.actorId,
    });
    await tx.events.append({
      type: 'lead.absorbed',
      at: now,
      leadId: into.id,
      actorId: input.actorId,
      from: from.id,
      by: input.actorId,
    });
    await refreshLeadCards(tx, from.id, now);
    const breakdown = scoreLead(into, await tx.leads.inquiryTimes(into.id), deps.rules);
    await tx.leads.update(
      into.id,
      { status: into.status },
      { score: breakdown.total, scoreBreakdown: breakdown },
      now,
    );
    return { kind: 'merged', into: (await tx.leads.get(into.id)) as Lead };
  });
}
