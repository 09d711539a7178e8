// The plain sentences of performance feedback, built from the catalog (F27).
import type { Localized } from '../../reports/rules/authenticity-rules.ts';
import type { Attribution } from '../../analytics/rules/attribution.ts';
import { t, type Locale } from '../../i18n.ts';

/** "Each +10 % on-time proposals went with +2.3 points conversion (14 reps)." — or why nothing is said. */
export function attributionSentence(
  locale: Locale,
  a: Attribution | null,
  kbi: Localized,
  minSample: number,
): string {
  const label = kbi[locale];
  if (a === null) return t(locale, 'kbi.attribution.none', { kbi: label, min: minSample });
  const size = Math.abs(a.per10).toFixed(1);
  const change =
    locale === 'en' ? `${a.per10 < 0 ? '−' : '+'}${size}` : `${a.per10 < 0 ? '下降' : '上升'}${size}`;
  return t(locale, 'kbi.attribution.sentence', { kbi: label, change, n: a.n });
}
