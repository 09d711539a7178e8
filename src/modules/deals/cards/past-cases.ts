// Past cases of a risk signal in words (F16, issue 24 item 5): "过去 5 单出现「预算冻结」：赢 1 输 4".
import { RISK_SOURCES, type RiskSource } from '../../../kernel/events.ts';
import { t, type Locale } from '../../i18n.ts';
import type { DealRules } from '../rules/deal-rules.ts';
import type { PastCaseSummary } from '../rules/risk-scan.ts';

/** An amount in yuan as the deal card writes it (deal-card.ts imports this file, so not from there). */
const yuan = (amount: number, locale: Locale): string =>
  amount.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');

/** The count line, then the most recent cases, one a line. */
export function pastCaseLines(past: PastCaseSummary, phrase: string, locale: Locale): string[] {
  if (past.total === 0) return [t(locale, 'risk.past.none', { phrase })];
  return [
    t(locale, 'risk.past', {
      total: past.total,
      phrase,
      won: past.won,
      lost: past.lost,
      wonAmount: yuan(past.wonAmount, locale),
      lostAmount: yuan(past.lostAmount, locale),
    }),
    ...past.recent.map(
      (c) =>
        `  ${t(locale, 'risk.past.case', {
          id: c.dealId,
          customer: c.customer,
          outcome: t(locale, c.status === 'won' ? 'risk.past.won' : 'risk.past.lost'),
          amount: yuan(c.amount, locale),
        })}`,
    ),
  ];
}

/** A kept signal as the lead and deal views show it: the phrase, where it was heard, the excerpt, past cases. */
export function riskMarkLines(
  m: {
    signal: string;
    phrase: string;
    excerpt: string;
    source: string;
    sourceRef: string;
    past: PastCaseSummary;
  },
  who: string,
  locale: Locale,
  response: string | null,
): string[] {
  const source = (RISK_SOURCES as readonly string[]).includes(m.source)
    ? t(locale, `notice.deal.risk.source.${m.source as RiskSource}`, { who, ref: m.sourceRef })
    : m.source;
  return [
    t(locale, 'risk.mark', { phrase: m.phrase, source, excerpt: m.excerpt }),
    ...(response === null ? [] : [`  ${response}`]),
    ...pastCaseLines(m.past, m.phrase, locale).map((l) => `  ${l}`),
  ];
}

/** The suggested response to a signal in the reader's language, or null for a signal the rules do not list. */
export function signalResponse(
  rules: Pick<DealRules, 'riskSignals'>,
  signal: string,
  locale: Locale,
): string | null {
  const s = rules.riskSignals.find((r) => r.id === signal);
  if (s === undefined) return null;
  return locale === 'en' ? (s.responseEn ?? s.response) : s.response;
}
