// The customer's decision chain on a deal (F14): key persons added, changed or gone, and the follow-ups that
// keep in touch with them.
import type { Deal, KpChange } from '../rules/deals.ts';
import type { EngineDeps } from '../../deps.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import type { KeyPerson, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';
import { changeHealth } from './customer-health.ts';
import { raiseRisks } from './raise-risks.ts';

export type KeyPersonResult =
  | { kind: 'added'; person: KeyPerson }
  | { kind: 'changed'; person: KeyPerson; changes: string[]; diff: KpChange[] }
  | { kind: 'unchanged'; person: KeyPerson }
  | {
      kind: 'rejected';
      reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' | 'BAD_INFLUENCE' | 'NO_SUCH_KEY_PERSON';
    };

/**
 * Adds or updates a key person (name, title, concern, influence 0–100), or marks one as gone (`left`). A change
 * to someone already in the chain — a new title, they left — is a risk signal: kept on the deal, the manager
 * told, the customer's health turns yellow.
 */
export async function setKeyPerson(
  deps: EngineDeps,
  input: {
    personId: string;
    dealId: number;
    name: string;
    title?: string;
    influence?: number;
    concern?: string;
    left?: boolean;
  },
): Promise<KeyPersonResult> {
  const now = deps.clock();
  if (input.influence !== undefined && !(input.influence >= 0 && input.influence <= 100))
    return { kind: 'rejected', reason: 'BAD_INFLUENCE' };
  return deps.store.transaction(async (tx): Promise<KeyPersonResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (deal.status !== 'open') return { kind: 'rejected', reason: 'NOT_OPEN' };
    const existing = (await tx.deals.people(deal.id)).find((p) => p.name === input.name.trim());
    if (existing === undefined) {
      if (input.left === true) return { kind: 'rejected', reason: 'NO_SUCH_KEY_PERSON' };
      const fields: Omit<KeyPerson, 'id'> = {
        dealId: deal.id,
        name: input.name.trim(),
        title: input.title?.trim() ?? '',
        concern: input.concern?.trim() ?? '',
        influence: input.influence ?? 0,
        status: 'active',
        lastContactAt: now,
        createdAt: now,
        updatedAt: now,
      };
      const id = await tx.deals.addPerson(fields);
      await tx.events.append({
        type: 'deal.kp_added',
        at: now,
        leadId: deal.leadId,
        actorId: input.personId,
        dealId: deal.id,
        name: fields.name,
        title: fields.title,
        influence: fields.influence,
        concern: fields.concern,
      });
      // The concern is the rep's words about the deal: read for risk phrases (issue 25 item 11).
      if (fields.concern !== '')
        await raiseRisks(tx, deps, deal, input.personId, fields.concern, now, {
          kind: 'key_person',
          ref: fields.name,
        });
      return { kind: 'added', person: { id, ...fields } };
    }
    const next: KeyPerson = {
      ...existing,
      ...(input.title === undefined ? {} : { title: input.title.trim() }),
      ...(input.concern === undefined || input.concern.trim() === ''
        ? {}
        : { concern: input.concern.trim() }),
      ...(input.influence === undefined ? {} : { influence: input.influence }),
      ...(input.left === true ? { status: 'left' as const } : {}),
      updatedAt: now,
    };
    const diff: KpChange[] = [];
    const was = {
      title: existing.title,
      influence: String(existing.influence),
      concern: existing.concern,
      status: existing.status,
    };
    const is = {
      title: next.title,
      influence: String(next.influence),
      concern: next.concern,
      status: next.status,
    };
    for (const field of ['title', 'influence', 'concern', 'status'] as const)
      if (was[field] !== is[field]) diff.push({ field, from: was[field], to: is[field] });
    // The machine-readable form kept in the log (`title: CTO → CFO`); chat renders `diff` in the reader's words.
    const changes = diff.map((c) => `${c.field}: ${c.from || '-'} → ${c.to || '-'}`);
    if (changes.length === 0) return { kind: 'unchanged', person: existing };
    await tx.deals.updatePerson(existing.id, next);
    await tx.events.append({
      type: 'deal.kp_changed',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      name: existing.name,
      changes,
      diff,
    });
    // A new concern is read for risk phrases like any note (issue 25 item 11).
    if (next.concern !== existing.concern && next.concern !== '')
      await raiseRisks(tx, deps, deal, input.personId, next.concern, now, {
        kind: 'key_person',
        ref: existing.name,
      });
    // Only a change of role or presence is a decision-chain signal; a new concern or weight is ordinary upkeep.
    if (next.title !== existing.title || next.status !== existing.status) {
      const excerpt = `${existing.name}: ${changes.join('; ')}`;
      await tx.events.append({
        type: 'deal.risk',
        at: now,
        leadId: deal.leadId,
        actorId: input.personId,
        dealId: deal.id,
        signal: 'decisionChainChanged',
        phrase: existing.name,
        excerpt,
        source: 'decision_chain',
        sourceRef: existing.name,
      });
      // Kept with the other signals too, so it has past cases (issue 24 item 5).
      await tx.risks.record({
        at: now,
        leadId: deal.leadId,
        dealId: deal.id,
        signal: 'decisionChainChanged',
        phrase: existing.name,
        excerpt,
        source: 'decision_chain',
        sourceRef: existing.name,
        actorId: input.personId,
      });
      const managerId = await managerOf(tx, deal.ownerId);
      if (managerId !== null)
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: managerId },
            template: 'deal.kp_changed',
            data: {
              dealId: deal.id,
              customer: deal.customer,
              ownerId: deal.ownerId,
              name: existing.name,
              changes,
              diff,
            },
          }),
          now,
        );
      if (deal.health === 'green')
        await changeHealth(tx, deal, 'yellow', 'DECISION_CHAIN_CHANGED', excerpt, input.personId, now, {
          name: existing.name,
          diff,
        });
    }
    return { kind: 'changed', person: next, changes, diff };
  });
}

/** A follow-up note naming a key person counts as being in touch with them (F17's silence clock). */
export async function noteContacts(tx: Tx, deal: Deal, note: string, at: number): Promise<string[]> {
  const touched: string[] = [];
  for (const p of await tx.deals.people(deal.id))
    if (p.status === 'active' && p.name !== '' && note.includes(p.name)) {
      await tx.deals.updatePerson(p.id, { lastContactAt: at });
      touched.push(p.name);
    }
  return touched;
}
