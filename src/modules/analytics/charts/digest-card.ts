// The weekly manager digest's own cards (F30–F33): the summary that opens it (a line per chart after it) and
// the week's journey chart, marked when a figure fell under target. Drawn from the digest's notice data when
// the outbox delivers it, and by the `digest` command.
import type { Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { Rules } from '../../rules.ts';
import type { DigestPart } from '../notice-data.ts';
import { radarMeasured } from '../rules/radar.ts';
import { journeyCard, signalWordsOf } from './journey-card.ts';
import { radarTeamLines } from './radar-card.ts';
import { funnelReading, journeyReading } from './readings.ts';

type Data<K extends DigestPart['template']> = Extract<DigestPart, { template: K }>['data'];

export function digestScopeName(scope: { name: string } | null, locale: Locale): string {
  return scope === null ? t(locale, 'digest.allTeams') : scope.name;
}

/** The summary: a line per funnel, the radar's red areas, the journey, then a hint. */
export function digestSummaryCard(d: Data<'digest.summary'>, rules: Rules, locale: Locale): Card {
  const { month, period } = d;
  const words = (id: string) => signalWordsOf(rules, id, locale);
  const lines: string[] = [];
  for (const f of d.funnels) {
    const name = locale === 'en' ? (f.pipeline.nameEn ?? f.pipeline.name) : f.pipeline.name;
    lines.push(
      t(locale, 'digest.line.funnel', {
        pipeline: name,
        text: funnelReading(f.stages, f.bottleneck, month, locale, words),
      }),
    );
  }
  if (d.funnels.length === 0) lines.push(t(locale, 'digest.line.noFunnel', { month }));
  const redLines = d.radars.flatMap((r) =>
    radarTeamLines(r, locale).map((line) => (d.scope === null ? `${r.team.name} · ${line}` : line)),
  );
  if (d.radars.some((r) => radarMeasured(r.radar)))
    lines.push(
      redLines.length === 0
        ? t(locale, 'digest.line.radarFine', { month })
        : t(locale, 'digest.line.radarRed', {
            month,
            n: redLines.length,
            who: redLines.join(locale === 'en' ? '; ' : ';'),
          }),
    );
  if (d.journey === null) lines.push(t(locale, 'digest.line.noJourney', { period }));
  else
    lines.push(
      t(locale, 'digest.line.journey', {
        text: journeyReading(d.journey, rules.deals.journeyTargets, period, locale, words),
      }),
    );
  lines.push(t(locale, 'digest.hint'));
  const late =
    d.funnels.some((f) => f.bottleneck !== null) ||
    redLines.length > 0 ||
    (d.journey?.summary.below.length ?? 0) > 0;
  return {
    title: t(locale, 'digest.title', { period, scope: digestScopeName(d.scope, locale) }),
    level: late ? 'yellow' : 'info',
    body: lines.join('\n'),
  };
}

/** Last week's journey chart; titled as the week's when a figure fell under its target. */
export async function digestJourneyCard(
  d: Data<'digest.journey'>,
  rules: Rules,
  locale: Locale,
): Promise<Card> {
  const card = await journeyCard(rules, d.report, d.period, locale, null);
  return d.report.summary.below.length > 0
    ? {
        ...card,
        title: `${t(locale, 'journey.weekly.title')} · ${card.title}`,
        body: t(locale, 'journey.weekly.body'),
      }
    : card;
}
