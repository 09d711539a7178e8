// Tables behind the charts, as CSV for a spreadsheet: UTF-8 with a byte-order mark, which Excel (as set up in
// China, where it would otherwise guess GBK) needs to read Chinese names correctly; CRLF line ends, as Excel
// writes them. Pure.
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import type { CardTable } from '../../../kernel/card.ts';
import type { JourneyTargets } from '../rules/journey.ts';
import type { JourneyReport } from '../use-cases/journey-report.ts';
import { RADAR_AXES } from '../rules/radar.ts';
import type { RadarReport } from '../use-cases/radar-report.ts';
import type { DistributionReport } from '../rules/distribution.ts';
import type { FunnelStage } from '../rules/funnel.ts';

/** A table export; the same rows become the CSV (csvText) and, where a platform refuses CSV, the workbook. */
export type Table = CardTable;

const BOM = '\uFEFF';

/**
 * A text cell a spreadsheet would read as a formula (= + - @, or a leading tab or carriage return) gets a leading
 * apostrophe, so a name like `=HYPERLINK(…)` stays text (OWASP, "CSV Injection"). Numbers stay numbers: -3 is a
 * value, not a formula.
 */
export function spreadsheetCell(cell: string | number): string | number {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The table with every cell made safe for a spreadsheet; what both the CSV and the workbook are written from. */
export function spreadsheetRows(table: Table): Array<Array<string | number>> {
  return [table.header, ...table.rows].map((row) => row.map(spreadsheetCell));
}

/**
 * Every CSV Leadline writes, in chat, files and the CLI, comes from here, so no cell reaches a spreadsheet as a
 * formula (issue 22: `=HYPERLINK(…)` typed as a company in an intake form did). `excel` (the default): a byte-order
 * mark and CRLF, for files people open in Excel; `plain`: neither, for the CLI's output that scripts read.
 */
export function csvText(table: Table, form: 'excel' | 'plain' = 'excel'): string {
  if (form === 'plain') return stringify(spreadsheetRows(table));
  return BOM + stringify(spreadsheetRows(table), { record_delimiter: 'windows' });
}

export function csvBytes(table: Table): Uint8Array {
  return new Uint8Array(Buffer.from(csvText(table), 'utf8'));
}

/** F8: one row per rep (the same columns as `leadline report distribution --csv`). */
export function distributionTable(r: DistributionReport): Table {
  return {
    header: [
      'rep',
      'name',
      'team',
      'received',
      'median_response_min',
      'follow_up_on_time_pct',
      'conversion_pct',
      'deviation_pts',
      'flagged',
    ],
    rows: r.rows.map((x) => [
      x.repId,
      x.name,
      x.teamId ?? '',
      x.received,
      x.medianResponseMinutes ?? '',
      x.followUpWithinLimitPct ?? '',
      x.conversionPct ?? '',
      x.deviationPts ?? '',
      x.flagged ? 'yes' : '',
    ]),
  };
}

/** F30: one row per stage of the pipeline. */
export function funnelTable(stages: readonly FunnelStage[]): Table {
  const r1 = (n: number | null) => (n === null ? '' : Math.round(n * 10) / 10);
  return {
    header: [
      'stage',
      'name',
      'entered',
      'conversion_pct',
      'median_days',
      'p90_days',
      'delay_days',
      'top_reason',
      'top_reason_share_pct',
    ],
    rows: stages.map((s) => [
      s.stage,
      s.name,
      s.entered,
      s.conversion === null ? '' : r1(s.conversion * 100),
      r1(s.medianDays),
      r1(s.p90Days),
      r1(s.delayDays),
      s.topReasons[0]?.reason ?? '',
      s.topReasons[0] === undefined ? '' : Math.round(s.topReasons[0].share * 100),
    ]),
  };
}

/** F32: the figures behind the chart, then one row per closed deal (what was captured, what was missing). */
export function journeyTable(r: JourneyReport, targets: JourneyTargets, zone: string): Table {
  const pct = (share: number | null) => (share === null ? '' : Math.round(share * 1000) / 10);
  const figures: Array<Array<string | number>> = [
    ...r.summary.byNode.map((n) => [`node:${n.node}`, n.hit, n.of, pct(n.share), pct(targets.nodes)]),
    ['nodes', r.summary.nodes.hit, r.summary.nodes.of, pct(r.summary.nodes.share), pct(targets.nodes)],
    ['sla', r.summary.sla.hit, r.summary.sla.of, pct(r.summary.sla.share), pct(targets.sla)],
    [
      'risk_flags',
      r.summary.riskFlags.hit,
      r.summary.riskFlags.of,
      pct(r.summary.riskFlags.share),
      pct(targets.riskFlags),
    ],
  ];
  const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');
  const deals = r.deals.map((d) => [
    `deal:D${d.dealId}`,
    d.captured.length,
    d.mapped.length,
    d.mapped.length === 0 ? '' : pct(d.captured.length / d.mapped.length),
    '',
    r.names[d.ownerId] ?? d.ownerId,
    d.pipeline,
    d.outcome,
    day(d.closedAt),
    d.mapped.filter((n) => !d.captured.includes(n)).join(' '),
    d.flagRight === null ? '' : d.flagRight ? 'right' : 'false_alarm',
  ]);
  return {
    header: [
      'row',
      'hit',
      'of',
      'share_pct',
      'target_pct',
      'owner',
      'pipeline',
      'outcome',
      'closed',
      'missing_nodes',
      'risk_flag',
    ],
    // Every row as wide as the header, so a spreadsheet's columns line up.
    rows: [...figures.map((row) => [...row, ...Array<string>(6).fill('')]), ...deals],
  };
}

/** F31: one row per rep of the team with the five measures (percent), then the team median; red areas named. */
export function radarTable(r: RadarReport): Table {
  const cell = (v: number | null) => (v === null ? '' : v);
  return {
    header: ['rep', 'name', ...RADAR_AXES.map((a) => `${a}_pct`), 'red_areas'],
    rows: [
      ...r.radar.rows.map((row) => [
        row.repId,
        r.reps.find((p) => p.id === row.repId)?.name ?? row.repId,
        ...RADAR_AXES.map((a) => cell(row.values[a])),
        (r.red[row.repId] ?? []).join(' '),
      ]),
      ['median', r.team.name, ...RADAR_AXES.map((a) => cell(r.radar.median[a])), ''],
    ],
  };
}
