import type { Lead, Team } from '../../../kernel/types.ts';
import type { Notice, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

type PooledLead = Pick<Lead, 'id' | 'company' | 'urgent' | 'urgentReason'>;

/** A lead entered the pool: every team channel hears of it (urgent ones marked), so anyone may claim it. */
export async function announcePooled(tx: Tx, lead: PooledLead, now: number): Promise<void> {
  await tx.outbox.enqueueMany(pooledNotices(await tx.org.teams(), lead), now);
}

/** announcePooled's notices, one per team, for a caller that has the teams already (the sweep, issue 23 item 7). */
export function pooledNotices(teams: readonly Team[], lead: PooledLead): Notice[] {
  return teams.map((team) =>
    notice({
      to: { kind: 'team', id: team.id },
      template: lead.urgent ? 'lead.urgent_in_pool' : 'lead.pooled',
      data: { leadId: lead.id, company: lead.company, urgentReason: lead.urgentReason },
      leadId: lead.id,
    }),
  );
}

/**
 * Every card already sent about this lead (DMs, channel posts) should show its new state ("claimed by …").
 * The outbox worker turns this into an update of each copy, on every platform.
 */
export async function refreshLeadCards(tx: Tx, leadId: number, now: number): Promise<void> {
  await tx.outbox.enqueue(cardsNotice(leadId), now);
}

/** refreshLeadCards' notice. */
export function cardsNotice(leadId: number): Notice {
  return notice({
    to: { kind: 'lead', id: String(leadId) },
    template: 'lead.cards',
    data: { leadId },
    leadId,
  });
}
