// Tables behind the charts, as CSV for a spreadsheet: UTF-8 with a byte-order mark, which Excel (as set up in
// China, where it would otherwise guess GBK) needs to read Chinese names correctly; CRLF line ends, as Excel
// writes them. Pure.
import { stringify } from 'csv-stringify/sync';
import type { DistributionReport } from '../domain/distribution.ts';
import type { FunnelStage } from '../domain/funnel.ts';

export interface Table {
  header: string[];
  rows: Array<Array<string | number>>;
}

const BOM = '\uFEFF';

export function csvText(table: Table): string {
  return BOM + stringify([table.header, ...table.rows], { record_delimiter: 'windows' });
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
