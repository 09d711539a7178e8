// One risk scan for every text people write or say (F16, issue 24 item 5): a lead note before any deal, a daily
// report's summary, a voice transcript, a text about a deal. Pure: no I/O, no clock.
import type { DealRules } from './deal-rules.ts';
import { matchRiskSignals, type RiskMatch } from './deals.ts';

/** The longest text read for risk phrases: a longer one is cut first, so no text makes the matcher work long. */
export const MAX_RISK_TEXT = 4000;

/** Risk phrases in `text` (cut to MAX_RISK_TEXT, never inside a surrogate pair), one match per signal. */
export function scanRisks(
  text: string,
  rules: Pick<DealRules, 'riskSignals' | 'negations'>,
  ours: readonly string[] = [],
): RiskMatch[] {
  let bounded = text.length > MAX_RISK_TEXT ? text.slice(0, MAX_RISK_TEXT) : text;
  if (/[\uD800-\uDBFF]$/.test(bounded)) bounded = bounded.slice(0, -1);
  if (bounded.trim() === '') return [];
  return matchRiskSignals(bounded, rules.riskSignals, rules.negations, ours);
}

/** How the past deals with a signal ended: "过去 5 单出现「预算冻结」：赢 1 输 4". */
export interface PastCaseSummary {
  total: number;
  won: number;
  lost: number;
  wonAmount: number;
  lostAmount: number;
  /** The most recent few, for the card: deal id, how it ended, amount. */
  recent: Array<{ dealId: number; customer: string; status: 'won' | 'lost'; amount: number }>;
}

/** Past cases sum up: counts, amounts, and the `show` most recent (the input is most recent first). */
export function summarisePastCases(
  cases: ReadonlyArray<{ dealId: number; customer: string; status: 'won' | 'lost'; amount: number }>,
  show = 3,
): PastCaseSummary {
  const won = cases.filter((c) => c.status === 'won');
  const lost = cases.filter((c) => c.status === 'lost');
  const sum = (xs: typeof cases) => xs.reduce((a, c) => a + c.amount, 0);
  return {
    total: cases.length,
    won: won.length,
    lost: lost.length,
    wonAmount: sum(won),
    lostAmount: sum(lost),
    recent: cases
      .slice(0, show)
      .map((c) => ({ dealId: c.dealId, customer: c.customer, status: c.status, amount: c.amount })),
  };
}
