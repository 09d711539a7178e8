// F31 as cards: one rep's radar against the team median with the red areas named and what to do about them, or
// a team's reps and their red areas as text (a chart per rep would flood the chat). Used by the `radar` command
// and by the weekly manager digest.
import { RADAR_AXES } from '../rules/radar.ts';
import { RED_GAP_PTS, type RadarReport } from '../use-cases/radar-report.ts';
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { renderChart } from './render.ts';
import { radarSpec } from './specs.ts';

const csvActions = (locale: Locale, csvValue: string | null) =>
  csvValue === null
    ? {}
    : { actions: [{ id: ACTIONS.chartCsv, label: t(locale, 'charts.csv'), value: csvValue }] };

/** The team's reps with red areas, one line each ("李敏: evidence complete · first follow-up"). */
export function radarTeamLines(report: RadarReport, locale: Locale): string[] {
  return report.reps
    .filter((p) => (report.red[p.id] ?? []).length > 0)
    .map((p) =>
      t(locale, 'radar.team.row', {
        name: p.name,
        areas: (report.red[p.id] ?? []).map((a) => t(locale, `radar.axis.${a}`)).join(' · '),
      }),
    );
}

export function radarTeamCard(report: RadarReport, locale: Locale, csvValue: string | null): Card {
  const lines = radarTeamLines(report, locale);
  const body = [
    ...(lines.length === 0 ? [t(locale, 'radar.team.none', { gap: RED_GAP_PTS })] : lines),
    t(locale, 'radar.team.hint'),
  ].join('\n');
  return {
    title: t(locale, 'radar.team.title', { month: report.month, team: report.team.name }),
    level: lines.length > 0 ? 'yellow' : 'info',
    body,
    ...csvActions(locale, csvValue),
  };
}

export async function radarRepCard(
  report: RadarReport,
  rep: { id: string; name: string },
  locale: Locale,
  csvValue: string | null,
): Promise<Card> {
  const row = report.radar.rows.find((x) => x.repId === rep.id);
  const axes = RADAR_AXES.map((a) => ({
    axis: t(locale, `radar.axis.${a}`),
    // Nothing to measure stays null: the radar shows "no data", not a 0 that reads as a failing score.
    rep: row?.values[a] ?? null,
    team: report.radar.median[a] ?? null,
  }));
  const chart = await renderChart(radarSpec({ repName: rep.name, axes }, locale));
  const title = t(locale, 'chart.radar.title', { name: rep.name });
  return {
    title,
    level: (report.red[rep.id] ?? []).length > 0 ? 'yellow' : 'info',
    image: { png: chart.png, alt: title, reading: radarReading(report, rep, locale) },
    ...csvActions(locale, csvValue),
  };
}

function radarReading(report: RadarReport, rep: { id: string; name: string }, locale: Locale): string {
  const row = report.radar.rows.find((x) => x.repId === rep.id);
  const red = report.red[rep.id] ?? [];
  const vars = { name: rep.name, month: report.month, gap: RED_GAP_PTS };
  if (row === undefined || RADAR_AXES.every((a) => row.values[a] === null))
    return t(locale, 'reading.radar.empty', vars);
  if (red.length === 0) return t(locale, 'reading.radar.fine', vars);
  const sep = locale === 'en' ? '; ' : ';';
  return t(locale, 'reading.radar.red', {
    ...vars,
    areas: red
      .map((a) =>
        t(locale, 'reading.radar.area', {
          axis: t(locale, `radar.axis.${a}`),
          value: Math.round(row.values[a] ?? 0),
          team: Math.round(report.radar.median[a] ?? 0),
          next: t(locale, `radar.next.${a}`),
        }),
      )
      .join(sep),
  });
}
