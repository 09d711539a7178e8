// The day's reports for a manager (F28–F29): per rep, filed on time / late / missing, the health score and the
// flags. `leadline report daily`, `GET /api/reports` and the manager's team message all read this one table.
import { DateTime } from 'luxon';
import type { FlagKind } from '../rules/authenticity.ts';
import type { EngineDeps } from '../../deps.ts';
import { orgTimezone } from '../../deps.ts';
import type { ReportSource, StoredReport } from '../../ports.ts';
import { isSeller } from '../../leads/rules/routing.ts';

export type FilingStatus = 'on_time' | 'late' | 'missing';
/**
 * What the manager's team table shows per rep (issue 21, item 2): the filing status, except that a filed report
 * asking its rep to confirm or correct something is `flagged` (whether on time or late: the time stays visible).
 */
export type TableState = 'flagged' | 'missing' | 'late' | 'on_time';

export interface DailyRow {
  repId: string;
  name: string;
  teamId: string | null;
  status: FilingStatus;
  /** Local time of filing (HH:mm, or yyyy-MM-dd HH:mm when filed on a later day); null when missing. */
  filedAt: string | null;
  score: number | null;
  needsConfirmation: boolean;
  flags: FlagKind[];
  visits: number;
  /** Photos in the filed report (the day's photo and any tied to a visit, each counted once). */
  photos: number;
  keyActions: number;
  confirmed: boolean;
  report: StoredReport | null;
  /** The platform report app the filed report was imported from (WeCom 汇报, DingTalk 日志); null: Leadline. */
  source?: ReportSource | null;
  /** Not filed, and the platform's own statistics say so too (WeCom 汇报's unreport_list); else null. */
  missingPer?: ReportSource | null;
}

export interface DailyTable {
  date: string;
  teamId: string | null;
  rows: DailyRow[];
  filed: number;
  onTime: number;
  late: number;
  missing: number;
  /** Mean health score of the filed reports, rounded; null when none was filed. */
  averageScore: number | null;
  /** Rows whose report asks the rep to confirm or correct something. */
  flagged: DailyRow[];
}

export async function dailyReportTable(
  deps: EngineDeps,
  input: { date: string; teamId?: string | null },
): Promise<DailyTable> {
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    const teamId = input.teamId ?? null;
    const reps = (await tx.org.people()).filter(
      (p) => p.active && isSeller(p, deps.rules) && (teamId === null || p.teamId === teamId),
    );
    const reports = new Map((await tx.reports.onDate(input.date)).map((r) => [r.repId, r]));
    const platformMissing = await tx.platformReports.missingOn(input.date);
    const rows = reps
      .map((p): DailyRow => {
        const r = reports.get(p.id);
        const filed = r !== undefined && r.status === 'filed' && r.submittedAt !== null ? r : null;
        const at = filed === null ? null : DateTime.fromMillis(filed.submittedAt as number, { zone });
        return {
          repId: p.id,
          name: p.name,
          teamId: p.teamId,
          status: filed === null ? 'missing' : filed.late ? 'late' : 'on_time',
          filedAt:
            at === null
              ? null
              : at.toFormat(at.toFormat('yyyy-MM-dd') === input.date ? 'HH:mm' : 'yyyy-MM-dd HH:mm'),
          score: filed?.score ?? null,
          needsConfirmation: filed?.result?.needsConfirmation ?? false,
          flags: filed?.result?.flags.map((f) => f.kind) ?? [],
          visits: filed?.visits.length ?? 0,
          photos: filed === null ? 0 : photoCount(filed),
          keyActions: filed?.keyActions.length ?? 0,
          confirmed: filed?.confirmedAt !== null && filed?.confirmedAt !== undefined,
          report: filed,
          source: filed?.source ?? null,
          missingPer: filed === null ? (platformMissing.get(p.id) ?? null) : null,
        };
      })
      .sort((a, b) => (a.teamId ?? '').localeCompare(b.teamId ?? '') || a.repId.localeCompare(b.repId));
    const scores = rows.filter((r) => r.score !== null).map((r) => r.score as number);
    return {
      date: input.date,
      teamId,
      rows,
      filed: scores.length,
      onTime: rows.filter((r) => r.status === 'on_time').length,
      late: rows.filter((r) => r.status === 'late').length,
      missing: rows.filter((r) => r.status === 'missing').length,
      averageScore:
        scores.length === 0 ? null : Math.round(scores.reduce((a, b) => a + b, 0) / scores.length),
      flagged: rows.filter((r) => r.needsConfirmation),
    };
  });
}

function photoCount(r: StoredReport): number {
  const ids = new Set(r.visits.flatMap((v) => (v.photo === null ? [] : [v.photo.photoId])));
  if (r.photoId !== null) ids.add(String(r.photoId));
  return ids.size;
}

export function tableState(row: DailyRow): TableState {
  return row.status !== 'missing' && row.needsConfirmation ? 'flagged' : row.status;
}

const STATE_ORDER: Record<TableState, number> = { flagged: 0, missing: 1, late: 2, on_time: 3 };

/** Problems first: flagged, missing, late, then on time; within a state the lower score first, then by name. */
export function problemsFirst(rows: readonly DailyRow[]): DailyRow[] {
  return [...rows].sort(
    (a, b) =>
      STATE_ORDER[tableState(a)] - STATE_ORDER[tableState(b)] ||
      (a.score ?? 101) - (b.score ?? 101) ||
      a.name.localeCompare(b.name, 'zh-CN') ||
      a.repId.localeCompare(b.repId),
  );
}

/** The table as text cells: the columns of the CLI, its CSV and the API's `rows`. */
export const DAILY_COLUMNS = [
  'rep',
  'name',
  'team',
  'status',
  'filed_at',
  'score',
  'flags',
  'visits',
  'key_actions',
  'confirmed',
] as const;

export function dailyTableCells(t: DailyTable): { header: string[]; rows: Array<Array<string | number>> } {
  return {
    header: [...DAILY_COLUMNS],
    rows: t.rows.map((r) => [
      r.repId,
      r.name,
      r.teamId ?? '',
      r.status,
      r.filedAt ?? '',
      r.score ?? '',
      r.flags.join(' '),
      r.visits,
      r.keyActions,
      r.confirmed ? 'yes' : '',
    ]),
  };
}
