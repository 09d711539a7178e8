// Pure chart spec builders: data in → a vega-lite (or, for the radar, vega) spec out. No I/O, no clock; the
// words come from the catalog. Each is snapshot-tested (specs.test.ts); render.ts turns one into a PNG.
import type { TopLevelSpec } from 'vega-lite';
import type { DistributionReport } from '../rules/distribution.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChartSpec } from './render.ts';
import { BASE, CHART_FONT, COLORS } from './theme.ts';

export { radarSpec, type RadarInput } from './radar-spec.ts';

const round1 = (n: number) => Math.round(n * 10) / 10;
const vl = (spec: object): ChartSpec => ({ kind: 'vega-lite', spec: { ...BASE, ...spec } as TopLevelSpec });

// --- F30 funnel -----------------------------------------------------------------------------------------

export interface FunnelInput {
  /** Stages in pipeline order with the deals that reached each. */
  stages: Array<{ stage: string; count: number }>;
  subtitle?: string;
}

/** One bar per stage; each label says the count and the conversion from the stage before. */
export function funnelSpec(input: FunnelInput, locale: Locale): ChartSpec {
  const values = input.stages.map((s, i) => {
    const prev = i === 0 ? null : (input.stages[i - 1]?.count ?? 0);
    const conversion = prev === null || prev === 0 ? null : round1((s.count / prev) * 100);
    return {
      order: i,
      stage: s.stage,
      count: s.count,
      conversion,
      label: conversion === null ? String(s.count) : `${s.count} · ${conversion}%`,
    };
  });
  const y = {
    field: 'stage',
    type: 'nominal',
    sort: { field: 'order', op: 'min' },
    title: t(locale, 'chart.funnel.stage'),
  };
  return vl({
    title: { text: t(locale, 'chart.funnel.title'), ...(input.subtitle ? { subtitle: input.subtitle } : {}) },
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', color: COLORS.bar },
        encoding: { x: { field: 'count', type: 'quantitative', title: t(locale, 'chart.funnel.count') } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, font: CHART_FONT },
        encoding: { x: { field: 'count', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  });
}

// --- F30 dwell heat map ---------------------------------------------------------------------------------

export interface DwellInput {
  /** Stage order for the x axis. */
  stages: string[];
  /** Median days a deal spent in a stage, per team or rep (null: no deal passed through). */
  cells: Array<{ stage: string; who: string; medianDays: number | null }>;
}

export function dwellSpec(input: DwellInput, locale: Locale): ChartSpec {
  const values = input.cells.map((c) => ({
    ...c,
    label: c.medianDays === null ? '–' : String(round1(c.medianDays)),
  }));
  return vl({
    title: t(locale, 'chart.dwell.title'),
    data: { values },
    encoding: {
      x: {
        field: 'stage',
        type: 'nominal',
        sort: input.stages,
        title: t(locale, 'chart.dwell.stage'),
        axis: { labelAngle: 0 },
      },
      y: { field: 'who', type: 'nominal', title: t(locale, 'chart.dwell.who') },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'medianDays',
            type: 'quantitative',
            scale: { scheme: 'orangered' },
            title: t(locale, 'chart.dwell.days'),
          },
        },
      },
      { mark: { type: 'text', font: CHART_FONT }, encoding: { text: { field: 'label' } } },
    ],
  });
}

// --- F8 distribution ------------------------------------------------------------------------------------

/** Leads received per rep (flagged reps in red), each bar labelled with the median response time. */
export function distributionSpec(report: DistributionReport, locale: Locale): ChartSpec {
  const values = report.rows.map((r, i) => ({
    order: i,
    rep: r.name,
    received: r.received,
    status: t(locale, r.flagged ? 'chart.distribution.flagged' : 'chart.distribution.normal'),
    label:
      r.medianResponseMinutes === null
        ? t(locale, 'chart.distribution.labelNoResponse', { received: r.received })
        : t(locale, 'chart.distribution.label', { received: r.received, minutes: r.medianResponseMinutes }),
  }));
  const statuses = [t(locale, 'chart.distribution.normal'), t(locale, 'chart.distribution.flagged')];
  return vl({
    title: {
      text: t(locale, 'chart.distribution.title', { month: report.month }),
      subtitle: t(locale, `chart.gini.${report.giniLevel}`, { gini: report.gini }),
    },
    data: { values },
    encoding: {
      y: {
        field: 'rep',
        type: 'nominal',
        sort: { field: 'order', op: 'min' },
        title: t(locale, 'chart.distribution.rep'),
      },
    },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x: { field: 'received', type: 'quantitative', title: t(locale, 'chart.distribution.received') },
          color: {
            field: 'status',
            type: 'nominal',
            scale: { domain: statuses, range: [COLORS.bar, COLORS.flag] },
            legend: { title: null, orient: 'bottom' },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, font: CHART_FONT },
        encoding: { x: { field: 'received', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  });
}

// --- F27 attribution ------------------------------------------------------------------------------------

export interface AttributionInput {
  month: string;
  /** Per rep: KBI executed on time (%) and conversion (%). */
  points: Array<{ name: string; kbiPct: number; conversionPct: number }>;
}

/** Least-squares line through the points; null with fewer than 2 distinct x values. */
export function fitLine(
  points: Array<{ x: number; y: number }>,
): { slope: number; intercept: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

export function attributionSpec(input: AttributionInput, locale: Locale): ChartSpec {
  const points = input.points.map((p) => ({ name: p.name, x: p.kbiPct, y: p.conversionPct }));
  const fit = fitLine(points);
  const xs = points.map((p) => p.x);
  const line =
    fit === null
      ? []
      : [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: round1(fit.intercept + fit.slope * x) }));
  const x = {
    field: 'x',
    type: 'quantitative',
    title: t(locale, 'chart.attribution.x'),
    scale: { zero: false },
  };
  const y = {
    field: 'y',
    type: 'quantitative',
    title: t(locale, 'chart.attribution.y'),
    scale: { zero: false },
  };
  return vl({
    title: t(locale, 'chart.attribution.title', { month: input.month }),
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80, color: COLORS.bar },
        encoding: { x, y },
      },
      {
        data: { values: points },
        mark: { type: 'text', dy: -10, font: CHART_FONT },
        encoding: { x, y, text: { field: 'name' } },
      },
      {
        data: { values: line },
        mark: { type: 'line', color: COLORS.team, strokeDash: [6, 4] },
        encoding: { x, y },
      },
    ],
  });
}

// --- F39 rule what-if ----------------------------------------------------------------------------------

export interface WhatIfChartInput {
  /** Leads each rep would receive under the rules in force and under the new file. */
  reps: Array<{ name: string; old: number; new: number }>;
}

/** Two bars per rep: the rules in force and the candidate file, side by side. */
export function whatifSpec(input: WhatIfChartInput, locale: Locale): ChartSpec {
  const oldLabel = t(locale, 'chart.whatif.old');
  const newLabel = t(locale, 'chart.whatif.new');
  const values = input.reps.flatMap((r) => [
    { rep: r.name, rules: oldLabel, leads: r.old },
    { rep: r.name, rules: newLabel, leads: r.new },
  ]);
  return vl({
    title: t(locale, 'chart.whatif.title'),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'rep', type: 'nominal', title: t(locale, 'chart.distribution.rep') },
      yOffset: { field: 'rules', sort: [oldLabel, newLabel] },
      x: { field: 'leads', type: 'quantitative', title: t(locale, 'chart.distribution.received') },
      color: {
        field: 'rules',
        type: 'nominal',
        title: null,
        sort: [oldLabel, newLabel],
        scale: { range: [COLORS.bar, '#f28e2b'] },
      },
    },
  });
}

// --- F32 journey completeness ---------------------------------------------------------------------------

export interface JourneyChartInput {
  title: string;
  subtitle: string;
  /** In order: one row per figure or node, its share (null: nothing to count) and its target. */
  rows: Array<{ label: string; share: number | null; hit: number; of: number; target: number }>;
}

/** One bar per figure (the 5 nodes, then the three team figures), red under its target, the target as a tick. */
export function journeySpec(input: JourneyChartInput, locale: Locale): ChartSpec {
  const below = t(locale, 'chart.journey.below');
  const ok = t(locale, 'chart.journey.ok');
  const values = input.rows.map((r, i) => ({
    order: i,
    label: r.label,
    pct: r.share === null ? 0 : round1(r.share * 100),
    target: round1(r.target * 100),
    status: r.share !== null && r.share < r.target ? below : ok,
    text:
      r.share === null ? t(locale, 'reading.journey.none') : `${round1(r.share * 100)}% · ${r.hit}/${r.of}`,
  }));
  const y = { field: 'label', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null };
  return vl({
    title: { text: input.title, subtitle: input.subtitle },
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x: {
            field: 'pct',
            type: 'quantitative',
            scale: { domain: [0, 100] },
            title: t(locale, 'chart.journey.share'),
          },
          color: {
            field: 'status',
            type: 'nominal',
            scale: { domain: [ok, below], range: [COLORS.bar, COLORS.flag] },
            legend: { title: null, orient: 'bottom' },
          },
        },
      },
      {
        mark: { type: 'tick', color: '#333', thickness: 2 },
        encoding: { x: { field: 'target', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, font: CHART_FONT },
        encoding: { x: { field: 'pct', type: 'quantitative' }, text: { field: 'text' } },
      },
    ],
  });
}
