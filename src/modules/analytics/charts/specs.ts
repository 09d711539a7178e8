// Pure chart spec builders: data in → a vega-lite (or, for the radar, vega) spec out. No I/O, no clock; the
// words come from the catalog. Each is snapshot-tested (specs.test.ts); render.ts turns one into a PNG.
import type { TopLevelSpec } from 'vega-lite';
import type { DistributionReport } from '../rules/distribution.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChartSpec } from './render.ts';
import { BASE, CHART_FONT, CHART_WIDTH, COLORS } from './theme.ts';

export { radarSpec, type RadarInput } from './radar-spec.ts';
export { fitLine, scatterLabels } from './scatter.ts';
import { fitLine, labelWidthEstimate, percentDomain, scatterLabels } from './scatter.ts';

const round1 = (n: number) => Math.round(n * 10) / 10;
const vl = (spec: object): ChartSpec => ({ kind: 'vega-lite', spec: { ...BASE, ...spec } as TopLevelSpec });

/** A count axis: whole-number ticks only, from 0 (and 0–1 when everything is 0, not a collapsed scale). */
function countScale(counts: readonly number[]) {
  const max = Math.max(0, ...counts);
  return {
    scale: max === 0 ? { domain: [0, 1] } : { domainMin: 0 },
    axis: { tickMinStep: 1, format: 'd' },
  };
}

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
        encoding: {
          x: {
            field: 'count',
            type: 'quantitative',
            title: t(locale, 'chart.funnel.count'),
            ...countScale(values.map((v) => v.count)),
          },
        },
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
  /** The pipeline the stages belong to, named in the title (a team can run more than one). */
  pipeline: string;
  /** Stage order for the x axis. */
  stages: string[];
  /** Median days a deal spent in a stage, per team or rep (null: no deal passed through). */
  cells: Array<{ stage: string; who: string; medianDays: number | null }>;
}

/**
 * Median days per stage and team as colour from 0 (white) up, the legend in days. With no day anywhere above 0 the
 * map says so in its subtitle and stays grey: an all-orange map of zeros read as "everything is late".
 */
export function dwellSpec(input: DwellInput, locale: Locale): ChartSpec {
  const values = input.cells.map((c) => ({
    ...c,
    label: c.medianDays === null ? '–' : String(round1(c.medianDays)),
  }));
  const max = Math.max(0, ...input.cells.map((c) => c.medianDays ?? 0));
  // The stage names share the plot's width: the canvas less its padding, the names on the left (12 px, up to
  // their 160 px limit), the axis title and, when there is colour, the legend.
  const whoWidth = Math.min(
    160,
    Math.max(0, ...input.cells.map((c) => (labelWidthEstimate(c.who) * 12) / 11)),
  );
  const plot = CHART_WIDTH - 24 - whoWidth - 30 - (max === 0 ? 0 : 60);
  const column = Math.floor(plot / Math.max(1, input.stages.length)) - 8;
  const rect =
    max === 0
      ? { mark: { type: 'rect', color: '#eeeeee' } }
      : {
          mark: 'rect',
          encoding: {
            color: {
              field: 'medianDays',
              type: 'quantitative',
              scale: { scheme: 'orangered', domain: [0, max], nice: true },
              title: t(locale, 'chart.dwell.days'),
              legend: { format: 'd', tickMinStep: 1 },
            },
          },
        };
  return vl({
    title: {
      text: t(locale, 'chart.dwell.titleOf', { pipeline: input.pipeline }),
      ...(max === 0 ? { subtitle: t(locale, 'chart.dwell.none') } : {}),
    },
    data: { values },
    encoding: {
      x: {
        field: 'stage',
        type: 'nominal',
        sort: input.stages,
        title: t(locale, 'chart.dwell.stage'),
        axis: { labelAngle: 0, labelLimit: Math.max(40, column) },
      },
      y: { field: 'who', type: 'nominal', title: t(locale, 'chart.dwell.who') },
    },
    layer: [
      rect,
      {
        mark: { type: 'text', font: CHART_FONT },
        encoding: {
          text: { field: 'label' },
          // White on the darker half of the scale, where black would not read.
          color: { condition: { test: `datum.medianDays > ${max * 0.6}`, value: 'white' }, value: 'black' },
        },
      },
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
          x: {
            field: 'received',
            type: 'quantitative',
            title: t(locale, 'chart.distribution.received'),
            ...countScale(values.map((v) => v.received)),
          },
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

export function attributionSpec(input: AttributionInput, locale: Locale): ChartSpec {
  const points = input.points.map((p) => ({ name: p.name, x: p.kbiPct, y: p.conversionPct }));
  const fit = fitLine(points);
  const xs = points.map((p) => p.x);
  const line =
    fit === null
      ? []
      : [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: round1(fit.intercept + fit.slope * x) }));
  const xDomain = percentDomain(xs.length === 0 ? [0] : xs);
  const yDomain = percentDomain(
    points.length === 0 ? [0] : [...points.map((p) => p.y), ...line.map((p) => p.y)],
  );
  const x = {
    field: 'x',
    type: 'quantitative',
    title: t(locale, 'chart.attribution.x'),
    scale: { domain: xDomain, clamp: true },
    axis: { tickCount: 10 },
  };
  const y = {
    field: 'y',
    type: 'quantitative',
    title: t(locale, 'chart.attribution.y'),
    scale: { domain: yDomain, clamp: true },
  };
  const labels = scatterLabels(points, xDomain, yDomain, locale);
  // vega-lite sets a text's alignment per layer, not per datum: one layer per placement in use.
  const placements = [...new Set(labels.map((l) => `${l.align}|${l.below}`))].sort();
  return vl({
    title: t(locale, 'chart.attribution.title', { month: input.month }),
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80, color: COLORS.bar },
        encoding: { x, y },
      },
      ...placements.map((key) => {
        const [align = 'center', below] = key.split('|');
        return {
          data: { values: labels.filter((l) => `${l.align}|${l.below}` === key) },
          mark: {
            type: 'text',
            font: CHART_FONT,
            align,
            baseline: below === 'true' ? 'top' : 'bottom',
            dx: align === 'left' ? 6 : align === 'right' ? -6 : 0,
            dy: below === 'true' ? 7 : -7,
          },
          encoding: { x, y, text: { field: 'text' } },
        };
      }),
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
      x: {
        field: 'leads',
        type: 'quantitative',
        title: t(locale, 'chart.distribution.received'),
        ...countScale(values.map((v) => v.leads)),
      },
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
