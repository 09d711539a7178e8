// Issue 24 item 6: the items of a spoken summary the rep ticked are kept on the lead they chose; an objection is
// read for risk phrases like any text (source `transcript`). Nothing is kept before the rep confirms.
import type { Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { raiseRisks } from '../../deals/use-cases/raise-risks.ts';
import { markRisks } from '../../deals/use-cases/risk-marks.ts';
import type { SpokenItem } from '../rules/spoken-split.ts';

export type KeepSpokenResult =
  | { kind: 'kept'; leadId: number; company: string; kept: number; risks: number }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' };

export async function keepSpokenItems(
  deps: EngineDeps,
  actor: Person,
  leadId: number,
  items: readonly SpokenItem[],
): Promise<KeepSpokenResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const lead = await tx.leads.get(leadId);
    if (lead === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (lead.status !== 'owned' || lead.ownerId !== actor.id)
      return { kind: 'rejected', reason: 'NOT_YOURS' };
    const deal = await tx.deals.byLead(lead.id);
    let risks = 0;
    for (const item of items) {
      await tx.events.append({
        type: 'lead.spoken',
        at: now,
        leadId: lead.id,
        actorId: actor.id,
        kind: item.kind,
        text: item.text,
        ...(item.due === undefined ? {} : { due: item.due }),
      });
      if (item.kind !== 'objection') continue;
      risks +=
        deal !== null && deal.status === 'open'
          ? (await raiseRisks(tx, deps, deal, actor.id, item.text, now, { kind: 'transcript' })).length
          : (
              await markRisks(
                tx,
                deps,
                { leadId: lead.id, dealId: null, actorId: actor.id, text: item.text, source: 'transcript' },
                now,
              )
            ).length;
    }
    return { kind: 'kept', leadId: lead.id, company: lead.company, kept: items.length, risks };
  });
}
