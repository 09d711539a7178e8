import type { Lead } from '../../../kernel/types.ts';
import type { Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

/** A lead entered the pool: every team channel hears of it (urgent ones marked), so anyone may claim it. */
export async function announcePooled(
  tx: Tx,
  lead: Pick<Lead, 'id' | 'company' | 'urgent' | 'urgentReason'>,
  now: number,
): Promise<void> {
  for (const team of await tx.org.teams()) {
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'team', id: team.id },
        template: lead.urgent ? 'lead.urgent_in_pool' : 'lead.pooled',
        data: { leadId: lead.id, company: lead.company, urgentReason: lead.urgentReason },
        leadId: lead.id,
      }),
      now,
    );
  }
}

/**
 * Every card already sent about this lead (DMs, channel posts) should show its new state ("claimed by …").
 * The outbox worker turns this into an update of each copy, on every platform.
 */
export async function refreshLeadCards(tx: Tx, leadId: number, now: number): Promise<void> {
  await tx.outbox.enqueue(
    notice({ to: { kind: 'lead', id: String(leadId) }, template: 'lead.cards', data: { leadId }, leadId }),
    now,
  );
}
