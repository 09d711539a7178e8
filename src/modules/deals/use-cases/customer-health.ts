// The customer's health on a deal (F17): set by the rep or their manager with evidence, turned yellow by the
// sweep when the key people fall silent or by a change in the decision chain.
import type { Deal, Health, HealthDetail } from '../rules/deals.ts';
import { DateTime } from 'luxon';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import type { KeyPerson, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

export type HealthResult =
  | { kind: 'changed'; deal: Deal; from: Health }
  | { kind: 'unchanged'; deal: Deal }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NEEDS_EVIDENCE' };

/** `health D12 red REASON`: every change of colour carries its evidence (the reason, kept in the log). */
export async function setHealth(
  deps: EngineDeps,
  input: { personId: string; dealId: number; health: Health; evidence: string },
): Promise<HealthResult> {
  const now = deps.clock();
  if (input.evidence.trim() === '') return { kind: 'rejected', reason: 'NEEDS_EVIDENCE' };
  return deps.store.transaction(async (tx): Promise<HealthResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    const managerId = await managerOf(tx, deal.ownerId);
    if (deal.ownerId !== input.personId && managerId !== input.personId)
      return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (deal.health === input.health) return { kind: 'unchanged', deal };
    await changeHealth(tx, deal, input.health, 'SET_BY_PERSON', input.evidence.trim(), input.personId, now);
    return { kind: 'changed', deal: (await tx.deals.get(deal.id)) as Deal, from: deal.health };
  });
}

export async function changeHealth(
  tx: Tx,
  deal: Deal,
  to: Health,
  reason: 'SET_BY_PERSON' | 'KEY_PEOPLE_SILENT' | 'DECISION_CHAIN_CHANGED' | 'RISK_SIGNAL',
  evidence: string,
  actorId: string | null,
  at: number,
  /** For DECISION_CHAIN_CHANGED: whose change, field by field, for the reader's words. */
  detail?: HealthDetail,
  /** False when the people concerned were already told why (a risk signal's own notices). */
  notify = true,
): Promise<boolean> {
  const ok = await tx.deals.update(deal.id, { status: 'open' }, { health: to });
  if (!ok) return false;
  await tx.events.append({
    type: 'deal.health_changed',
    at,
    leadId: deal.leadId,
    actorId,
    dealId: deal.id,
    from: deal.health,
    to,
    reason,
    evidence,
    ...(detail === undefined ? {} : { detail }),
  });
  if (to !== 'green' && notify) {
    const managerId = await managerOf(tx, deal.ownerId);
    const data = {
      dealId: deal.id,
      customer: deal.customer,
      ownerId: deal.ownerId,
      from: deal.health,
      to,
      reason,
      evidence,
      ...(detail === undefined ? {} : { detail }),
    };
    for (const id of new Set([deal.ownerId, managerId]))
      if (id !== null && id !== actorId)
        await tx.outbox.enqueue(notice({ to: { kind: 'person', id }, template: 'deal.health', data }), at);
  }
  return true;
}

/** Sweep: an open green deal whose key people have all been silent for `silentDays` turns yellow. */
export async function yellowForSilence(tx: Tx, deps: EngineDeps, deal: Deal, at: number): Promise<boolean> {
  const people = (await tx.deals.people(deal.id)).filter((p) => p.status === 'active');
  const last = Math.max(...people.map((p) => p.lastContactAt ?? p.createdAt));
  if (people.length === 0 || at - last < deps.rules.deals.health.silentDays * 86_400_000) return false;
  const zone = await orgTimezone(tx, deps);
  const latest = people.find((p) => (p.lastContactAt ?? p.createdAt) === last) as KeyPerson;
  const evidence = `${latest.name}: ${DateTime.fromMillis(last, { zone }).toFormat('yyyy-MM-dd')}`;
  return changeHealth(tx, deal, 'yellow', 'KEY_PEOPLE_SILENT', evidence, null, at);
}
