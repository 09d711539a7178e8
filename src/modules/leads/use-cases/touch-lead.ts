import type { Lead, Outcome, TouchKind } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { raiseRisks } from '../../deals/use-cases/raise-risks.ts';
import { markRisks } from '../../deals/use-cases/risk-marks.ts';
import { noteContacts } from '../../deals/use-cases/key-persons.ts';
import { refreshLeadCards } from './lead-notices.ts';

export type TouchResult =
  { kind: 'touched'; lead: Lead; first: boolean } | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' };

/** The owner logs a call, visit or message. The first one stops the 24 h no-follow-up clock (F4). */
export async function touchLead(deps: EngineDeps, input: TouchInput): Promise<TouchResult> {
  const now = deps.clock();
  return deps.store.transaction((tx) => touchIn(tx, deps, input, now));
}

export interface TouchInput {
  personId: string;
  leadId: number;
  kind: TouchKind;
  note: string;
  /** When it happened, if earlier than now (a visit logged afterwards); kept beside the log time. */
  doneAt?: number;
}

/** touchLead inside a transaction the caller holds (a check-in is a visit logged with its place). */
export async function touchIn(
  tx: Tx,
  deps: EngineDeps,
  input: TouchInput,
  now: number,
): Promise<TouchResult> {
  const lead = await tx.leads.get(input.leadId);
  if (lead === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
  // A won lead stays its owner's account: visits after the win are what an A customer's quota counts (F24).
  const owns = lead.status === 'owned' || (lead.status === 'won' && input.kind === 'visit');
  if (!owns || lead.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
  const first = lead.firstTouchAt === null && lead.status === 'owned';
  if (first) {
    await tx.leads.update(
      lead.id,
      { status: 'owned', ownerId: input.personId },
      { firstTouchAt: now, followUpDueAt: null, warnAt: null },
      now,
    );
  }
  const doneAt = input.doneAt !== undefined && input.doneAt < now ? input.doneAt : undefined;
  await tx.events.append({
    type: 'lead.touched',
    at: now,
    leadId: lead.id,
    actorId: input.personId,
    by: input.personId,
    kind: input.kind,
    note: input.note,
    ...(doneAt === undefined ? {} : { doneAt }),
  });
  // A follow-up note on a deal is read for risk phrases (F16) and for key people named (F17's silence clock).
  const deal = input.note.trim() === '' ? null : await tx.deals.byLead(lead.id);
  if (deal !== null && deal.status === 'open') {
    await raiseRisks(tx, deps, deal, input.personId, input.note, now, { kind: 'note' });
    await noteContacts(tx, deal, input.note, now);
  } else if (input.note.trim() !== '') {
    // Before there is a deal (issue 24 item 5), the note's risk phrases are kept on the lead.
    await markRisks(
      tx,
      deps,
      { leadId: lead.id, dealId: null, actorId: input.personId, text: input.note, source: 'lead_note' },
      now,
    );
  }
  return { kind: 'touched', lead: (await tx.leads.get(lead.id)) as Lead, first };
}

export type CloseResult =
  { kind: 'closed'; lead: Lead } | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_OWNED' };

/** Records how an owned lead ended. A won customer is then protected for 30 days (F6). */
export async function closeLead(
  deps: EngineDeps,
  input: { leadId: number; outcome: Outcome; actorId: string | null },
): Promise<CloseResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const lead = await tx.leads.get(input.leadId);
    if (lead === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    const ok = await tx.leads.update(
      lead.id,
      { status: 'owned' },
      { status: input.outcome, closedAt: now, followUpDueAt: null, warnAt: null },
      now,
    );
    if (!ok) return { kind: 'rejected', reason: 'NOT_OWNED' };
    await refreshLeadCards(tx, lead.id, now);
    await tx.events.append({
      type: 'lead.closed',
      at: now,
      leadId: lead.id,
      actorId: input.actorId,
      outcome: input.outcome,
      by: input.actorId,
    });
    return { kind: 'closed', lead: (await tx.leads.get(lead.id)) as Lead };
  });
}
