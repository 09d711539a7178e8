import type { Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { offerOrPool } from '../../leads/use-cases/route-lead.ts';
import { notice } from '../../notice-data.ts';

/**
 * A person now inactive keeps nothing open: each lead they hold goes back through routing with the reason
 * (OWNER_INACTIVE), and their manager is told. Shared by `org import` and the directory sync. Returns the leads
 * routed again (none: nothing held, nobody told).
 */
export async function releaseLeadsOfInactive(
  tx: Tx,
  deps: EngineDeps,
  person: Person,
  now: number,
): Promise<number[]> {
  const held = await tx.leads.heldBy(person.id);
  if (held.length === 0) return [];
  const rerouted: number[] = [];
  for (const lead of held) {
    await tx.leads.update(
      lead.id,
      { status: lead.status, ownerId: person.id },
      { status: 'pool', ownerId: null, offerExpiresAt: null, followUpDueAt: null, warnAt: null },
      now,
    );
    await tx.events.append({
      type: 'lead.rerouted',
      at: now,
      leadId: lead.id,
      actorId: null,
      from: person.id,
      reason: 'OWNER_INACTIVE',
    });
    await offerOrPool(tx, deps, { ...lead, status: 'pool', ownerId: null }, now, { isNew: false });
    rerouted.push(lead.id);
  }
  const managerId = person.teamId === null ? null : (await tx.org.team(person.teamId))?.managerId;
  if (managerId) {
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: managerId },
        template: 'person.deactivated',
        data: { personId: person.id, leadIds: rerouted },
      }),
      now,
    );
  }
  return rerouted;
}
