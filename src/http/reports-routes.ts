import { Router } from 'express';
import { DateTime } from 'luxon';
import { dailyReportTable, dailyTableCells } from '../modules/reports/use-cases/daily-table.ts';
import type { AppOptions } from './options.ts';
import { requireScope } from './api-auth.ts';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** F28–F29: the day's reports per rep, the same table as `leadline report daily`. */
export function reportsRouter({ deps }: AppOptions): Router {
  const router = Router();
  router.get('/reports', requireScope('read'), async (req, res) => {
    const date = typeof req.query.date === 'string' ? req.query.date : '';
    if (!DATE.test(date) || !DateTime.fromISO(date, { zone: 'utc' }).isValid) {
      res.status(400).json({
        error: 'invalid_query',
        message: 'Give the day as ?date=YYYY-MM-DD (and optionally &team=ID).',
      });
      return;
    }
    const teamId = typeof req.query.team === 'string' && req.query.team !== '' ? req.query.team : null;
    if (teamId !== null && (await deps.store.transaction((tx) => tx.org.team(teamId))) === null) {
      res.status(404).json({ error: 'unknown_team', message: `No team with the id "${teamId}".` });
      return;
    }
    const t = await dailyReportTable(deps, { date, teamId });
    const { header, rows } = dailyTableCells(t);
    res.json({
      date: t.date,
      team: t.teamId,
      filed: t.filed,
      onTime: t.onTime,
      late: t.late,
      missing: t.missing,
      averageScore: t.averageScore,
      columns: header,
      rows,
      flagged: t.flagged.map((r) => ({
        rep: r.repId,
        score: r.score,
        flags: (r.report?.result?.flags ?? []).map((f) => ({
          kind: f.kind,
          points: f.points,
          compared: f.vars,
        })),
      })),
    });
  });
  return router;
}
