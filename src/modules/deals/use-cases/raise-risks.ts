// Risk signals (F16): risk phrases in what people wrote about a deal reach the rep with a suggested response, and the manager.
import { pipelineOf, type Deal, type RiskMatch } from '../rules/deals.ts';
import { markRisks, pastCasesOf } from './risk-marks.ts';
import type { Pipeline } from '../rules/deal-rules.ts';
import { changeHealth } from './customer-health.ts';
import type { EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { notice } from '../../notice-data.ts';
import type { RiskSource } from '../../../kernel/events.ts';

/** Where a text came from: its kind and which one (a request `R5`, a report's date, a key person). */
export interface RiskTextSource {
  kind: RiskSource;
  ref?: string;
}

/** A risk signal raised on a deal, with the suggested response from the rules file. */
export interface RaisedRisk extends RiskMatch {
  response: string;
  responseEn: string;
}

/** Our own words in a pipeline: evidence item names, stage names, checklists, SOP actions (never a risk). */
export function ourWords(pipeline: Pipeline | null): string[] {
  if (pipeline === null) return [];
  return pipeline.stages.flatMap((s) => [
    s.name,
    ...(s.nameEn === undefined ? [] : [s.nameEn]),
    ...s.evidence.flatMap((r) => [r.label, ...(r.labelEn === undefined ? [] : [r.labelEn])]),
    ...s.checklist,
    ...s.sop.flatMap((a) => [a.action, ...(a.actionEn === undefined ? [] : [a.actionEn])]),
  ]);
}

/**
 * Matches risk phrases in what a person wrote about a deal (a note, an answer, a summary), never in our own
 * words (issue 25); the signal keeps which text it was found in (`source`, never an item's name); each new signal is kept on the deal, the rep gets the suggested response and the manager
 * an alert, and a green deal turns yellow with the signal as its reason. A signal already raised on this deal
 * is not raised again.
 */
export async function raiseRisks(
  tx: Tx,
  deps: EngineDeps,
  deal: Deal,
  actorId: string | null,
  text: string,
  now: number,
  source: RiskTextSource,
): Promise<RaisedRisk[]> {
  const rules = deps.rules.deals;
  // The one bounded scan (rules/risk-scan.ts); each new signal is kept with its source (risk-marks.ts).
  const fresh = await markRisks(
    tx,
    deps,
    {
      leadId: deal.leadId,
      dealId: deal.id,
      actorId,
      text,
      source: source.kind,
      ...(source.ref === undefined ? {} : { ref: source.ref }),
      ours: ourWords(pipelineOf(rules, deal.pipeline)),
    },
    now,
  );
  if (fresh.length === 0) return [];
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
      source: source.kind,
      sourceRef: source.ref ?? '',
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
      source: source.kind,
      sourceRef: source.ref ?? '',
      writer: actorId ?? '',
      past: await pastCasesOf(tx, m.signal, deal.leadId),
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
  const first = raised[0];
  if (first !== undefined) {
    const current = await tx.deals.get(deal.id);
    // Yellow unless already red (or yellow); the reason is kept with the change. The owner and manager have
    // just been told of the signal itself, so no second notice.
    if (current !== null && current.health === 'green')
      await changeHealth(
        tx,
        current,
        'yellow',
        'RISK_SIGNAL',
        `“${first.phrase}” — ${first.excerpt}`,
        actorId,
        now,
        undefined,
        false,
      );
  }
  return raised;
}
