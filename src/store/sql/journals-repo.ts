// What was read from the platforms' own report apps (issue 24 item 9), one row per platform record: the unique
// (platform, record_id) index is what makes an import run twice, or after a crash, import each record once.
import type { PlatformReport, PlatformReportRepo, ReportSource } from '../../modules/ports.ts';
import { platformReports } from '../schema/index.ts';
import { columnNames, type RowOf } from './columns.ts';
import type { Executor } from './executor.ts';
import { parseJson } from './rows.ts';

const { id: _id, ...FIELDS } = columnNames(platformReports);
const COLUMNS = Object.values(FIELDS);
type Row = RowOf<typeof platformReports>;

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function fromRow(r: Row): PlatformReport {
  return {
    platform: r.platform as ReportSource,
    recordId: r.record_id,
    kind: r.kind === 'missing' ? 'missing' : 'report',
    externalUser: r.external_user,
    repId: r.rep_id,
    date: r.date,
    reportId: numOrNull(r.report_id),
    template: r.template,
    fields: parseJson<PlatformReport['fields']>(r.fields, []),
    reportedAt: Number(r.reported_at),
    importedAt: Number(r.imported_at),
    outcome: r.outcome as PlatformReport['outcome'],
  };
}

export function platformReportRepo(db: Executor): PlatformReportRepo {
  return {
    async has(platform, recordId) {
      const row = await db.get<{ one: number }>(
        `select 1 as one from platform_reports where platform = ? and record_id = ?`,
        [platform, recordId],
      );
      return row !== undefined;
    },
    async add(r) {
      const values = (Object.keys(FIELDS) as Array<keyof typeof FIELDS>).map((k) =>
        k === 'fields' ? JSON.stringify(r.fields) : r[k],
      );
      const { changes } = await db.run(
        `insert into platform_reports (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})
         on conflict (platform, record_id) do nothing`,
        values,
      );
      return changes > 0;
    },
    async missingOn(date) {
      const rows = await db.all<{ rep_id: string; platform: string }>(
        `select rep_id, platform from platform_reports
         where date = ? and kind = 'missing' and rep_id is not null order by id`,
        [date],
      );
      return new Map(rows.map((r) => [r.rep_id, r.platform as ReportSource]));
    },
    async onDate(date) {
      const rows = await db.all<Row>(
        `select id, ${COLUMNS.join(', ')} from platform_reports where date = ? order by reported_at, id`,
        [date],
      );
      return rows.map(fromRow);
    },
  };
}
