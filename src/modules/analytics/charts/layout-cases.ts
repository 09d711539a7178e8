// Every chart with realistic and edge-case data (one point, twelve names at one point, all zeros, long Chinese
// and English names), in both languages: for the layout test (layout.test.ts) and the screenshots in the issue
// notes. Not used in production.
import type { Locale } from '../../i18n.ts';
import type { DistributionReport } from '../rules/distribution.ts';
import {
  SAMPLE_ATTRIBUTION,
  SAMPLE_DISTRIBUTION,
  SAMPLE_DWELL,
  SAMPLE_FUNNEL,
  SAMPLE_JOURNEY,
  SAMPLE_RADAR,
} from './fixtures.ts';
import type { ChartSpec } from './render.ts';
import {
  attributionSpec,
  distributionSpec,
  dwellSpec,
  funnelSpec,
  journeySpec,
  radarSpec,
  whatifSpec,
  type DwellInput,
} from './specs.ts';

export const LONG_ZH = '欧阳诸葛长风·阿卜杜热合曼·买买提江';
export const LONG_EN = 'Alexandra Konstantinopoulou-Richardson';
export const TWELVE = [
  '张伟',
  '李敏',
  '陈静',
  '王芳',
  '刘洋',
  '赵磊',
  '孙丽',
  '周杰',
  '吴昊',
  '郑爽',
  '冯晨',
  '何平',
];
const SIX_STAGES = ['需求诊断', '方案比对', '决策链穿透', '报价', '合同谈判', '签约'];
const EN_STAGES = ['First contact', 'Needs confirmed', 'Solution compared', 'Negotiation', 'Won'];

export interface LayoutCase {
  chart: string;
  data: string;
  locale: Locale;
  spec: ChartSpec;
}

function distRow(name: string, received: number, minutes: number | null, flagged = false) {
  return {
    ...(SAMPLE_DISTRIBUTION.rows[0] as DistributionReport['rows'][number]),
    repId: name,
    name,
    received,
    medianResponseMinutes: minutes,
    flagged,
  };
}

function cases(locale: Locale): Array<Omit<LayoutCase, 'locale'>> {
  const en = locale === 'en';
  const stages = SAMPLE_FUNNEL.stages.map((s, i) => (en ? { ...s, stage: EN_STAGES[i] ?? s.stage } : s));
  const pipeline = en ? 'Enterprise deals' : '大客户销售';
  const dwell = (input: Omit<DwellInput, 'pipeline'>) => dwellSpec({ ...input, pipeline }, locale);
  const dist = (rows: DistributionReport['rows']) =>
    distributionSpec({ ...SAMPLE_DISTRIBUTION, rows }, locale);
  const axes = SAMPLE_RADAR.axes;
  return [
    {
      chart: 'funnel',
      data: 'sample',
      spec: funnelSpec({ stages, subtitle: `2026-11 · ${pipeline}` }, locale),
    },
    { chart: 'funnel', data: 'one stage', spec: funnelSpec({ stages: stages.slice(0, 1) }, locale) },
    {
      chart: 'funnel',
      data: 'all zeros',
      spec: funnelSpec({ stages: stages.map((s) => ({ ...s, count: 0 })) }, locale),
    },
    {
      chart: 'funnel',
      data: 'long names',
      spec: funnelSpec(
        {
          stages: [
            { stage: LONG_ZH, count: 3 },
            { stage: LONG_EN, count: 1 },
          ],
          subtitle: `2026-11 · ${LONG_ZH} · ${LONG_EN} · ${LONG_ZH}`,
        },
        locale,
      ),
    },
    { chart: 'dwell', data: 'sample', spec: dwell(SAMPLE_DWELL) },
    {
      chart: 'dwell',
      data: 'six stages',
      spec: dwell({
        stages: SIX_STAGES,
        cells: ['刘洋', '孙丽', '李敏'].flatMap((who, w) =>
          SIX_STAGES.map((stage, i) => ({ stage, who, medianDays: i > 3 ? null : (i + 1) * (w + 1) })),
        ),
      }),
    },
    {
      chart: 'dwell',
      data: 'one cell',
      spec: dwell({ stages: ['初步接洽'], cells: [{ stage: '初步接洽', who: '华东一组', medianDays: 3 }] }),
    },
    {
      chart: 'dwell',
      data: 'all zeros',
      spec: dwell({ ...SAMPLE_DWELL, cells: SAMPLE_DWELL.cells.map((c) => ({ ...c, medianDays: 0 })) }),
    },
    {
      chart: 'dwell',
      data: 'long names',
      spec: dwell({
        stages: [LONG_ZH, LONG_EN],
        cells: [
          { stage: LONG_ZH, who: LONG_ZH, medianDays: 12.5 },
          { stage: LONG_EN, who: LONG_EN, medianDays: 0.5 },
          { stage: LONG_ZH, who: LONG_EN, medianDays: null },
          { stage: LONG_EN, who: LONG_ZH, medianDays: 4 },
        ],
      }),
    },
    { chart: 'radar', data: 'sample', spec: radarSpec(SAMPLE_RADAR, locale) },
    {
      chart: 'radar',
      data: 'missing values',
      spec: radarSpec(
        { repName: '刘洋', axes: axes.map((a, i) => ({ ...a, rep: i === 1 || i === 2 ? null : a.rep })) },
        locale,
      ),
    },
    {
      chart: 'radar',
      data: 'all zeros',
      spec: radarSpec({ repName: '刘洋', axes: axes.map((a) => ({ ...a, rep: 0, team: 0 })) }, locale),
    },
    {
      chart: 'radar',
      data: 'nothing measured',
      spec: radarSpec({ repName: '刘洋', axes: axes.map((a) => ({ ...a, rep: null, team: null })) }, locale),
    },
    {
      chart: 'radar',
      data: 'long names',
      spec: radarSpec({ repName: `${LONG_ZH} ${LONG_EN}`, axes }, locale),
    },
    { chart: 'distribution', data: 'sample', spec: distributionSpec(SAMPLE_DISTRIBUTION, locale) },
    { chart: 'distribution', data: 'one rep', spec: dist([distRow('李敏', 1, 5)]) },
    { chart: 'distribution', data: 'twelve alike', spec: dist(TWELVE.map((n) => distRow(n, 7, 30))) },
    {
      chart: 'distribution',
      data: 'all zeros',
      spec: dist(TWELVE.slice(0, 4).map((n) => distRow(n, 0, null))),
    },
    {
      chart: 'distribution',
      data: 'long names',
      spec: dist([distRow(LONG_ZH, 120, 1440, true), distRow(LONG_EN, 3, 12.5)]),
    },
    { chart: 'attribution', data: 'sample', spec: attributionSpec(SAMPLE_ATTRIBUTION, locale) },
    {
      chart: 'attribution',
      data: 'one point',
      spec: attributionSpec(
        { month: '2026-11', points: [{ name: '李敏', kbiPct: 90, conversionPct: 22 }] },
        locale,
      ),
    },
    {
      chart: 'attribution',
      data: 'twelve at one point',
      spec: attributionSpec(
        {
          month: '2026-11',
          points: [
            ...TWELVE.map((name) => ({ name, kbiPct: 60, conversionPct: 10 })),
            { name: '钱多多', kbiPct: 95, conversionPct: 30 },
          ],
        },
        locale,
      ),
    },
    {
      chart: 'attribution',
      data: 'all zeros',
      spec: attributionSpec(
        {
          month: '2026-11',
          points: TWELVE.slice(0, 3).map((name) => ({ name, kbiPct: 0, conversionPct: 0 })),
        },
        locale,
      ),
    },
    {
      chart: 'attribution',
      data: 'long names',
      spec: attributionSpec(
        {
          month: '2026-11',
          points: [
            { name: LONG_ZH, kbiPct: 0, conversionPct: 100 },
            { name: LONG_EN, kbiPct: 100, conversionPct: 0 },
            { name: '李敏', kbiPct: 52, conversionPct: 51 },
            { name: '张伟', kbiPct: 50, conversionPct: 50 },
          ],
        },
        locale,
      ),
    },
    {
      chart: 'whatif',
      data: 'sample',
      spec: whatifSpec(
        {
          reps: [
            { name: '李敏', old: 14, new: 10 },
            { name: '张伟', old: 6, new: 9 },
          ],
        },
        locale,
      ),
    },
    {
      chart: 'whatif',
      data: 'one rep',
      spec: whatifSpec({ reps: [{ name: '李敏', old: 1, new: 2 }] }, locale),
    },
    {
      chart: 'whatif',
      data: 'twelve alike',
      spec: whatifSpec({ reps: TWELVE.map((name) => ({ name, old: 3, new: 3 })) }, locale),
    },
    {
      chart: 'whatif',
      data: 'all zeros',
      spec: whatifSpec({ reps: TWELVE.slice(0, 3).map((name) => ({ name, old: 0, new: 0 })) }, locale),
    },
    {
      chart: 'whatif',
      data: 'long names',
      spec: whatifSpec(
        {
          reps: [
            { name: LONG_ZH, old: 40, new: 2 },
            { name: LONG_EN, old: 0, new: 38 },
          ],
        },
        locale,
      ),
    },
    { chart: 'journey', data: 'sample', spec: journeySpec(SAMPLE_JOURNEY, locale) },
    {
      chart: 'journey',
      data: 'one figure',
      spec: journeySpec({ ...SAMPLE_JOURNEY, rows: SAMPLE_JOURNEY.rows.slice(0, 1) }, locale),
    },
    {
      chart: 'journey',
      data: 'all zeros',
      spec: journeySpec(
        { ...SAMPLE_JOURNEY, rows: SAMPLE_JOURNEY.rows.map((r) => ({ ...r, share: 0, hit: 0 })) },
        locale,
      ),
    },
    {
      chart: 'journey',
      data: 'long names',
      spec: journeySpec(
        {
          title: `${SAMPLE_JOURNEY.title} · ${LONG_ZH} · ${LONG_EN}`,
          subtitle: `${LONG_EN} · ${LONG_ZH} · ${LONG_EN}`,
          rows: [
            { label: LONG_ZH, share: 1, hit: 120, of: 120, target: 0.8 },
            { label: LONG_EN, share: 0.05, hit: 1, of: 20, target: 0.92 },
          ],
        },
        locale,
      ),
    },
  ];
}

/** The charts of specs.ts; layout-cases-more.ts adds the heat map's and the channel ROI's. */
export function chartLayoutCases(locale: Locale): Array<Omit<LayoutCase, 'locale'>> {
  return cases(locale);
}
