// Tables behind the charts, as CSV for a spreadsheet: UTF-8 with a byte-order mark, which Excel (as set up in
// China, where it would otherwise guess GBK) needs to read Chinese names correctly; CRLF line ends, as Excel
// writes them. Pure.
import { stringify } from 'csv-stringify/sync';
import type { DistributionReport } from '../domain/distribution.ts';

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
