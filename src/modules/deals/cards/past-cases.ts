// Past cases of a risk signal in words (F16, issue 24 item 5): "过去 5 单出现「预算冻结」：赢 1 输 4".
import { t, type Locale } from '../../i18n.ts';
import type { PastCaseSummary } from '../rules/risk-scan.ts';
import { yuan } from './deal-card.ts';

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
