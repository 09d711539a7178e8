// The one line under each chart that says what it shows, in the reader's language. Pure.
import type { DistributionReport } from '../rules/distribution.ts';
import type { JourneyTargets } from '../rules/journey.ts';
import type { JourneyReport } from '../use-cases/journey-report.ts';
import type { FunnelStage } from '../rules/funnel.ts';
import { t, type Locale } from '../../i18n.ts';
import { fitLine, type AttributionInput } from './specs.ts';

export function distributionReading(report: DistributionReport, locale: Locale): string {
  const rows = report.rows;
  const total = rows.reduce((s, r) => s + r.received, 0);
  if (total === 0) return t(locale, 'reading.distribution.empty', { month: report.month });
  // Ties go to the first rep in report order, so the sentence is stable.
  const top = rows.reduce((a, b) => (b.received > a.received ? b : a));
  const bottom = rows.reduce((a, b) => (b.received < a.received ? b : a));
  const flaggedNames = rows.filter((r) => r.flagged).map((r) => r.name);
  return t(locale, 'reading.distribution', {
    total,
    reps: rows.length,
    spread: t(locale, `chart.gini.${report.giniLevel}`, { gini: report.gini }),
    top: top.name,
    topN: top.received,
    bottom: bottom.name,
    bottomN: bottom.received,
    flagged:
      flaggedNames.length === 0
        ? ''
        : t(locale, 'reading.distribution.flagged', {
            names: flaggedNames.join(locale === 'en' ? ', ' : '、'),
          }),
  });
}

/** "Each +10 % KBI on time ≈ +2.3 pts conversion", or null when no line can be fitted. */
export function attributionReading(input: AttributionInput, locale: Locale): string | null {
  const fit = fitLine(input.points.map((p) => ({ x: p.kbiPct, y: p.conversionPct })));
  if (fit === null) return null;
  const delta = Math.round(fit.slope * 10 * 10) / 10;
  return t(locale, 'reading.attribution', {
    delta: `${delta >= 0 ? '+' : ''}${delta}`,
    n: input.points.length,
  });
}

/** "方案比对 is the bottleneck: 7 days median, 60 % of the delay 'budget frozen'". */
export function funnelReading(
  stages: readonly FunnelStage[],
  bottleneck: FunnelStage | null,
  month: string,
  locale: Locale,
  /** A risk signal's words as people say them (`budgetFrozen` → 预算冻结), from the rules file. */
  signalWords: (signal: string) => string = (signal) => signal,
): string {
  if (stages.every((s) => s.entered === 0)) return t(locale, 'reading.funnel.empty', { month });
  if (bottleneck === null) return t(locale, 'reading.funnel.onTime', { month });
  const top = bottleneck.topReasons[0];
  return t(locale, 'reading.funnel', {
    stage: locale === 'en' ? bottleneck.nameEn : bottleneck.name,
    median: bottleneck.medianDays ?? 0,
    late: bottleneck.delayDays,
    reason:
      top === undefined
        ? ''
        : t(locale, 'reading.funnel.reason', {
            share: Math.round(top.share * 100),
            reason: reasonText(top.reason, locale, signalWords),
          }),
  });
}

/** `risk:budgetFrozen` → the signal's words; anything else as written (a stall analysis, a skip reason). */
export function reasonText(
  reason: string,
  locale: Locale,
  signalWords: (signal: string) => string = (signal) => signal,
): string {
  if (reason === 'unexplained') return t(locale, 'reading.funnel.unexplained');
  return reason.startsWith('risk:')
    ? t(locale, 'reading.funnel.risk', { signal: signalWords(reason.slice(5)) })
    : reason;
}

/** F32: "2026-11: key nodes 50 % (target 80 %), …; weakest node: Contract, on file for 1 of 4 deals, mostly …". */
export function journeyReading(
  report: JourneyReport,
  targets: JourneyTargets,
  period: string,
  locale: Locale,
  signalWords: (signal: string) => string = (signal) => signal,
): string {
  const { summary } = report;
  if (summary.nodes.of === 0 && summary.sla.of === 0 && summary.riskFlags.of === 0)
    return t(locale, 'reading.journey.empty', { period });
  const pct = (share: number | null) =>
    share === null ? t(locale, 'reading.journey.none') : `${Math.round(share * 100)}%`;
  const weak = report.weakest;
  const top = report.weakestReasons[0];
  return t(locale, 'reading.journey', {
    period,
    nodes: pct(summary.nodes.share),
    nodesTarget: pct(targets.nodes),
    sla: pct(summary.sla.share),
    slaTarget: pct(targets.sla),
    flags: pct(summary.riskFlags.share),
    flagsTarget: pct(targets.riskFlags),
    weakest:
      weak === null
        ? ''
        : t(locale, 'reading.journey.weakest', {
            node: t(locale, `journey.node.${weak.node}`),
            hit: weak.hit,
            of: weak.of,
            reason:
              top === undefined
                ? ''
                : t(locale, 'reading.journey.reason', {
                    reason: reasonText(top.reason, locale, signalWords),
                    deals: top.deals,
                  }),
          }),
  });
}
