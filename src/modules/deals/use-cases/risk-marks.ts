// Risk signals kept for every text they were heard in (F16, issue 24 item 5), and their past cases: the closed
// deals where the same signal was heard, and how they ended.
import type { RiskSource } from '../../../kernel/events.ts';
import type { EngineDeps } from '../../deps.ts';
import type { RiskMark, Tx } from '../../ports.ts';
import type { RiskMatch } from '../rules/deals.ts';
import { scanRisks, summarisePastCases, type PastCaseSummary } from '../rules/risk-scan.ts';

/** How many of the most recent leads with a signal are looked at for its past cases (one index range). */
export const PAST_CASE_SCAN = 200;
/** The most signals read back for one lead (its view shows them all). */
export const MARKS_PER_LEAD = 100;

export interface MarkInput {
  leadId: number;
  dealId: number | null;
  actorId: string | null;
  text: string;
  source: RiskSource;
  ref?: string;
  /** Our own words in the text (an evidence item's name), never a signal. */
  ours?: readonly string[];
}

/**
 * Scans one text (bounded, rules/risk-scan.ts) and keeps each signal not yet heard on this lead (or, for a deal's
 * texts, on this deal), with its phrase, excerpt and source as the reason. Returns the new ones.
 */
export async function markRisks(
  tx: Tx,
  deps: EngineDeps,
  input: MarkInput,
  now: number,
): Promise<RiskMatch[]> {
  const matches = scanRisks(input.text, deps.rules.deals, input.ours);
  if (matches.length === 0) return [];
  const seen = new Set(
    (await tx.risks.forLead(input.leadId, MARKS_PER_LEAD))
      .filter((m) => m.dealId === input.dealId)
      .map((m) => m.signal),
  );
  const fresh = matches.filter((m) => !seen.has(m.signal));
  for (const m of fresh)
    await tx.risks.record({
      at: now,
      leadId: input.leadId,
      dealId: input.dealId,
      signal: m.signal,
      phrase: m.phrase,
      excerpt: m.excerpt,
      source: input.source,
      sourceRef: input.ref ?? '',
      actorId: input.actorId,
    });
  return fresh;
}

/** How the past deals with this signal ended (this lead's own deal left out). */
export async function pastCasesOf(tx: Tx, signal: string, leadId: number | null): Promise<PastCaseSummary> {
  return summarisePastCases(await tx.risks.pastCases(signal, leadId, PAST_CASE_SCAN));
}

export type LeadRisk = RiskMark & { past: PastCaseSummary };

/** A lead's signals, each with its past cases (one bounded query per distinct signal). */
export async function leadRisks(tx: Tx, leadId: number): Promise<LeadRisk[]> {
  const marks = await tx.risks.forLead(leadId, MARKS_PER_LEAD);
  const past = new Map<string, PastCaseSummary>();
  for (const s of new Set(marks.map((m) => m.signal))) past.set(s, await pastCasesOf(tx, s, leadId));
  return marks.map((m) => ({ ...m, past: past.get(m.signal) as PastCaseSummary }));
}
