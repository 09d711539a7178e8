import { Router } from 'express';
import { claimBoard, listMarket } from '../modules/leads/use-cases/market.ts';
import type { AppOptions } from './options.ts';
import { requireScope } from './api-auth.ts';

/** F5: the pool and the claim board as JSON, for a team dashboard or a wall screen. */
export function poolRouter({ deps }: AppOptions): Router {
  const router = Router();

  router.get('/market', requireScope('read'), async (req, res) => {
    const tag = typeof req.query.tag === 'string' && req.query.tag !== '' ? req.query.tag : undefined;
    const num = (v: unknown, d: number) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : d);
    const { leads, total, offset } = await listMarket(deps, {
      ...(tag === undefined ? {} : { tag }),
      limit: Math.min(200, Math.max(1, num(req.query.limit, 50))),
      offset: num(req.query.offset, 0),
    });
    res.json({
      total,
      offset,
      leads: leads.map((l) => ({
        id: l.id,
        company: l.company,
        industry: l.industry,
        region: l.region,
        tags: l.tags,
        score: l.score,
        urgent: l.urgent,
        urgentReason: l.urgentReason,
        createdAt: new Date(l.createdAt).toISOString(),
      })),
    });
  });

  router.get('/board', requireScope('read'), async (_req, res) => {
    const board = await claimBoard(deps);
    res.json({
      today: new Date(board.dayStart).toISOString(),
      weekStart: new Date(board.weekStart).toISOString(),
      rows: board.rows.map((r) => ({
        ...r,
        claims: r.claims.map((c) => ({ ...c, at: new Date(c.at).toISOString() })),
      })),
    });
  });

  return router;
}
