// Risk signals (F16): risk phrases in what people wrote about a deal reach the rep with a suggested response, and the manager.
import { matchRiskSignals, type Deal, type RiskMatch } from '../rules/deals.ts';
import type { EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { notice } from '../../notice-data.ts';

/**
 * Matches risk phrases in a note about a deal; each new signal is kept on the deal, the rep gets the
 * suggested response and the manager an alert. A signal already raised on this deal is not raised again.
 */
/** A risk signal raised on a deal, with the suggested response from the rules file. */
export interface RaisedRisk extends RiskMatch {
  response: string;
  responseEn: string;
}

export async function raiseRisks(
  tx: Tx,
  deps: EngineDeps,
  deal: Deal,
  actorId: string | null,
  text: string,
  now: number,
): Promise<RaisedRisk[]> {
  const rules = deps.rules.deals;
  const matches = matchRiskSignals(text, rules.riskSignals, rules.negations);
  if (matches.length === 0) return [];
  const seen = new Set(
    (await tx.events.forLead(deal.leadId)).flatMap((e) =>
      e.type === 'deal.risk' && e.dealId === deal.id ? [e.signal] : [],
    ),
  );
  const fresh = matches.filter((m) => !seen.has(m.signal));
  const managerId = await managerOf(tx, deal.ownerId);
  const raised: RaisedRisk[] = [];
  for (const m of fresh) {
    await tx.events.append({
      type: 'deal.risk',
      at: now,
      leadId: deal.leadId,
      actorId,
      dealId: deal.id,
      signal: m.signal,
      phrase: m.phrase,
      excerpt: m.excerpt,
    });
    const signal = rules.riskSignals.find((s) => s.id === m.signal);
    const data = {
      dealId: deal.id,
      customer: deal.customer,
      signal: m.signal,
      phrase: m.phrase,
      excerpt: m.excerpt,
      response: signal?.response ?? '',
      responseEn: signal?.responseEn ?? signal?.response ?? '',
    };
    raised.push({ ...m, response: data.response, responseEn: data.responseEn });
    await tx.outbox.enqueue(
      notice({ to: { kind: 'person', id: deal.ownerId }, template: 'deal.risk', data }),
      now,
    );
    if (managerId !== null)
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: managerId },
          template: 'deal.risk.manager',
          data: { ...data, ownerId: deal.ownerId },
        }),
        now,
      );
  }
  return raised;
}
