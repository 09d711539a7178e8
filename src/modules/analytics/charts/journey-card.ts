// F32 as a card: the journey chart with its one-line reading (and a CSV button when asked in chat). Used by the
// `journey` command and by the weekly note to managers.
import type { Rules } from '../../rules.ts';
import type { JourneyReport } from '../use-cases/journey-report.ts';
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { journeyReading } from './readings.ts';
import { renderChart } from './render.ts';
import { journeySpec } from './specs.ts';

/** A risk signal as people say it: its first phrase in the reader's language, from the rules file. */
export function signalWordsOf(rules: Rules, id: string, locale: Locale): string {
  if (id === 'decisionChainChanged') return t(locale, 'reading.funnel.chainChanged');
  const phrases = rules.deals.riskSignals.find((s) => s.id === id)?.phrases ?? [];
  const latin = (p: string) => /^[\x20-\x7e]+$/.test(p);
  return phrases.find((p) => (locale === 'en' ? latin(p) : !latin(p))) ?? phrases[0] ?? id;
}

/** `csvValue`: the chart command the CSV button repeats (`journey sales-east 2026-11`), or null for no button. */
export async function journeyCard(
  rules: Rules,
  report: JourneyReport,
  period: string,
  locale: Locale,
  csvValue: string | null,
): Promise<Card> {
  const targets = rules.deals.journeyTargets;
  const scopeName = report.scope.kind === 'all' ? '' : ` · ${report.scope.name}`;
  const title = t(locale, 'chart.journey.title', { period, scope: scopeName });
  const { summary } = report;
  const rows = [
    ...summary.byNode
      .filter((n) => n.of > 0)
      .map((n) => ({ label: t(locale, `journey.node.${n.node}`), ...n, target: targets.nodes })),
    { label: t(locale, 'journey.figure.nodes'), ...summary.nodes, target: targets.nodes },
    { label: t(locale, 'journey.figure.sla'), ...summary.sla, target: targets.sla },
    { label: t(locale, 'journey.figure.riskFlags'), ...summary.riskFlags, target: targets.riskFlags },
  ];
  const subtitle = t(locale, 'chart.journey.subtitle', {
    deals: report.deals.length,
    requests: report.requests.length,
  });
  const chart = await renderChart(journeySpec({ title, subtitle, rows }, locale));
  const reading = journeyReading(report, targets, period, locale, (id) => signalWordsOf(rules, id, locale));
  return {
    title,
    level: summary.below.length > 0 ? 'yellow' : 'info',
    image: { png: chart.png, alt: title, reading },
    ...(csvValue === null
      ? {}
      : { actions: [{ id: ACTIONS.chartCsv, label: t(locale, 'charts.csv'), value: csvValue }] }),
  };
}
