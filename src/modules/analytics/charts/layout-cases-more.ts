// The layout cases of the claim heat map and the channel ROI chart (issue 24), beside layout-cases.ts's: every
// chart with realistic and edge-case data in both languages, for the layout test. Not used in production.
import type { Locale } from '../../i18n.ts';
import { claimHeat, type HeatBy } from '../../leads/rules/claim-heat.ts';
import { sourceReport } from '../rules/sources.ts';
import { claimHeatSpec } from './claim-heat-spec.ts';
import { chartLayoutCases, LONG_EN, LONG_ZH, TWELVE, type LayoutCase } from './layout-cases.ts';
import type { ChartSpec } from './render.ts';
import { sourceSpec } from './source-spec.ts';

/** Claims at the given local (Shanghai) days and hours before 2026-11-23 18:00, by the named people. */
const HEAT_NOW = Date.UTC(2026, 10, 23, 10);
function heat(names: readonly string[], claims: Array<[number, number, number]>, by: HeatBy, locale: Locale) {
  const people = names.map((name, i) => ({ id: `p${i}`, name }));
  const at = (daysBack: number, hour: number) => HEAT_NOW - daysBack * 86_400_000 + (hour - 18) * 3_600_000;
  return claimHeatSpec(
    claimHeat({
      people,
      claims: claims.map(([who, daysBack, hour]) => ({ by: `p${who}`, at: at(daysBack, hour) })),
      now: HEAT_NOW,
      zone: 'Asia/Shanghai',
      by,
    }),
    locale,
  );
}

function heatCases(locale: Locale): Array<Omit<LayoutCase, 'locale'>> {
  const busy: Array<[number, number, number]> = [
    [0, 0, 9],
    [0, 0, 9],
    [0, 1, 10],
    [1, 2, 14],
    [2, 6, 16],
    [1, 0, 21],
  ];
  return [
    { chart: 'heatmap', data: 'sample', spec: heat(TWELVE.slice(0, 4), busy, 'day', locale) },
    { chart: 'heatmap', data: 'by hour', spec: heat(TWELVE.slice(0, 4), busy, 'hour', locale) },
    { chart: 'heatmap', data: 'one claim', spec: heat(['李敏'], [[0, 0, 9]], 'day', locale) },
    {
      chart: 'heatmap',
      data: 'twelve reps',
      spec: heat(
        TWELVE,
        TWELVE.map((_, i): [number, number, number] => [i, i % 7, 9 + (i % 9)]),
        'day',
        locale,
      ),
    },
    { chart: 'heatmap', data: 'all zeros', spec: heat(TWELVE.slice(0, 3), [], 'day', locale) },
    { chart: 'heatmap', data: 'long names', spec: heat([LONG_ZH, LONG_EN], [[0, 1, 11]], 'hour', locale) },
  ];
}

/** Channel ROI with `n` leads per channel, a third of them followed up within the window. */
function sources(channels: Array<[string, string, number]>, locale: Locale): ChartSpec {
  let id = 0;
  const arrivals = channels.flatMap(([source, campaign, n]) =>
    Array.from({ length: n }, (_, i) => ({
      leadId: ++id,
      at: HEAT_NOW - (i % 20) * 86_400_000,
      source,
      campaign,
    })),
  );
  const firstTouch = new Map(
    arrivals.filter((a) => a.leadId % 3 === 0).map((a) => [a.leadId, a.at + 3_600_000]),
  );
  const won = new Map(arrivals.filter((a) => a.leadId % 7 === 0).map((a) => [a.leadId, 100_000]));
  const report = sourceReport(
    { month: '2026-11', arrivals, firstTouch, won, now: HEAT_NOW },
    { activationDays: 7, campaignCosts: {} },
  );
  return sourceSpec(report, locale);
}

function sourceCases(locale: Locale): Array<Omit<LayoutCase, 'locale'>> {
  return [
    {
      chart: 'sources',
      data: 'sample',
      spec: sources(
        [
          ['官网表单', 'WEB-2026Q4', 60],
          ['百度推广', 'SEM-BD-11', 44],
          ['展会', 'EXPO-SH-1115', 22],
        ],
        locale,
      ),
    },
    { chart: 'sources', data: 'one lead', spec: sources([['400电话', '', 1]], locale) },
    {
      chart: 'sources',
      data: 'twelve channels',
      spec: sources(
        TWELVE.map((name, i): [string, string, number] => [name, `C-${i}`, 5 + i]),
        locale,
      ),
    },
    {
      chart: 'sources',
      data: 'long names',
      spec: sources(
        [
          [LONG_ZH, LONG_EN, 9],
          [LONG_EN, LONG_ZH, 3],
        ],
        locale,
      ),
    },
  ];
}

export function layoutCases(): LayoutCase[] {
  return (['zh-CN', 'en'] as const).flatMap((locale) =>
    [...chartLayoutCases(locale), ...heatCases(locale), ...sourceCases(locale)].map((c) => ({
      ...c,
      locale,
    })),
  );
}
