// F5 (issue 24 item 2): the claim heat map in chat, for everyone (the brief: visible to all, so fairness can be
// seen) — the chart as a PNG with a one-line reading that also serves as the text where images do not show.
import type { Card, Reply } from '../../../kernel/card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { claimHeatReport } from '../../leads/use-cases/claim-heat.ts';
import type { ClaimHeat, HeatBy } from '../../leads/rules/claim-heat.ts';
import { t, type Locale } from '../../i18n.ts';
import { claimHeatSpec } from '../charts/claim-heat-spec.ts';
import { renderChart } from '../charts/render.ts';

/** The reading under the chart: the total and the three who claimed most. */
export function heatReading(heat: ClaimHeat, locale: Locale): string {
  const total = heat.rows.reduce((sum, r) => sum + r.total, 0);
  if (total === 0) return t(locale, 'heat.reading.none');
  const top = heat.rows
    .filter((r) => r.total > 0)
    .slice(0, 3)
    .map((r) => t(locale, 'heat.top', { name: r.name, count: r.total }))
    .join(locale === 'en' ? ', ' : '、');
  return t(locale, 'heat.reading', { total, top });
}

export async function heatReplies(deps: ChatDeps, by: HeatBy, locale: Locale): Promise<Reply[]> {
  const heat = await claimHeatReport(deps.engine, by);
  const title = t(locale, by === 'day' ? 'heat.title.day' : 'heat.title.hour');
  const chart = await renderChart(claimHeatSpec(heat, locale));
  const card: Card = {
    title,
    level: 'info',
    body: t(locale, 'heat.other'),
    image: { png: chart.png, alt: title, reading: heatReading(heat, locale) },
  };
  return [{ mode: 'ephemeral', card }];
}
