// Performance feedback storage (F21–F26): evaluated KBI days, warnings, the points ledger, targets and
// forecast snapshots. Each "once" is a unique key and `on conflict do nothing`, so two instances (or a rerun)
// write a row once and only the one that wrote it acts on it.
import type { PointsEntry, WarningTier } from '../../modules/kbi/rules/warnings.ts';
import type {
  KbiRepo,
  RewardRequest,
  RewardStatus,
  StoredKbiDay,
  StoredSnapshot,
  StoredWarning,
  Target,
  TargetRepo,
  TargetScope,
} from '../../modules/ports.ts';
import { forecastSnapshots, kbiDays, kbiWarnings, rewardRequests, targets } from '../schema/index.ts';
import { columnNames, columnsOf, type RowOf } from './columns.ts';
import type { Executor, Param } from './executor.ts';
import { parseJson } from './rows.ts';

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A day as read back: everything but its id. */
const DAY_READ = columnsOf(kbiDays, ['repId', 'day', 'due', 'met', 'rate', 'byKbi', 'misses', 'evaluatedAt']);
type DayRow = Pick<RowOf<typeof kbiDays>, (typeof DAY_READ)[number]>;

type WarningRow = RowOf<typeof kbiWarnings>;

const WARNING_COLUMNS = Object.values(columnNames(kbiWarnings)).join(', ');

function warningFromRow(r: WarningRow): StoredWarning {
  return {
    id: num(r.id),
    repId: r.rep_id,
    day: r.day,
    tier: r.tier as WarningTier,
    managerId: r.manager_id,
    reason: parseJson<StoredWarning['reason']>(r.reason, {
      code: 'KBI_RATE_LOW',
      tier: r.tier as WarningTier,
      below: 0,
      days: 0,
      run: [],
    }),
    deviations: parseJson<StoredWarning['deviations']>(r.deviations, []),
    todo: parseJson<StoredWarning['todo']>(r.todo, []),
    reviewMinutes: numOrNull(r.review_minutes),
    sentAt: num(r.sent_at),
    acknowledgedAt: numOrNull(r.acknowledged_at),
    managerAcknowledgedAt: numOrNull(r.manager_acknowledged_at),
    reviewSlots: parseJson<number[]>(r.review_slots, []),
    reviewAt: numOrNull(r.review_at),
    reviewBookedAt: numOrNull(r.review_booked_at),
    reviewBookedBy: r.review_booked_by,
  };
}

type RewardRow = RowOf<typeof rewardRequests>;
const REWARD_COLUMNS = Object.values(columnNames(rewardRequests)).join(', ');

function rewardFromRow(r: RewardRow): RewardRequest {
  return {
    id: num(r.id),
    repId: r.rep_id,
    rewardId: r.reward_id,
    cost: num(r.cost),
    status: r.status as RewardStatus,
    managerId: r.manager_id,
    reason: parseJson<RewardRequest['reason']>(r.reason, null),
    decidedBy: r.decided_by,
    decidedAt: numOrNull(r.decided_at),
    createdAt: num(r.created_at),
  };
}

export function kbiRepo(db: Executor): KbiRepo {
  return {
    async recordDay(d, evaluatedAt) {
      const r = await db.run(
        `insert into kbi_days (rep_id, day, due, met, rate, by_kbi, misses, evaluated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
        [
          d.repId,
          d.day,
          d.due,
          d.met,
          d.rate,
          JSON.stringify(d.byKbi),
          JSON.stringify(d.misses),
          evaluatedAt,
        ],
      );
      return r.changes === 1;
    },
    async days(repId, fromDay, toDay) {
      const rows = await db.all<DayRow>(
        `select ${DAY_READ.join(', ')} from kbi_days
         where rep_id = ? and day >= ? and day <= ? order by day`,
        [repId, fromDay, toDay],
      );
      return rows.map((r): StoredKbiDay => ({
        repId: r.rep_id,
        day: r.day,
        due: num(r.due),
        met: num(r.met),
        rate: numOrNull(r.rate),
        byKbi: parseJson<StoredKbiDay['byKbi']>(r.by_kbi, {}),
        misses: parseJson<StoredKbiDay['misses']>(r.misses, []),
        evaluatedAt: num(r.evaluated_at),
      }));
    },
    async addWarning(w) {
      const row = await db.get<{ id: number }>(
        `insert into kbi_warnings (rep_id, day, tier, manager_id, reason, deviations, todo, review_minutes, sent_at,
           review_slots)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [
          w.repId,
          w.day,
          w.tier,
          w.managerId,
          JSON.stringify(w.reason),
          JSON.stringify(w.deviations),
          JSON.stringify(w.todo),
          w.reviewMinutes,
          w.sentAt,
          w.reviewSlots === undefined || w.reviewSlots.length === 0 ? null : JSON.stringify(w.reviewSlots),
        ],
      );
      return num(row?.id);
    },
    async warning(id) {
      const r = await db.get<WarningRow>(`select ${WARNING_COLUMNS} from kbi_warnings where id = ?`, [id]);
      return r === undefined ? null : warningFromRow(r);
    },
    async warnings({ repId, fromDay, toDay, limit }) {
      const where: string[] = [];
      const params: Param[] = [];
      if (repId !== undefined) {
        where.push('rep_id = ?');
        params.push(repId);
      }
      if (fromDay !== undefined) {
        where.push('day >= ?');
        params.push(fromDay);
      }
      if (toDay !== undefined) {
        where.push('day <= ?');
        params.push(toDay);
      }
      const rows = await db.all<WarningRow>(
        `select ${WARNING_COLUMNS} from kbi_warnings ${where.length === 0 ? '' : `where ${where.join(' and ')}`}
         order by day desc, id desc limit ?`,
        [...params, limit],
      );
      return rows.map(warningFromRow);
    },
    async acknowledge(id, as, at) {
      const column = as === 'rep' ? 'acknowledged_at' : 'manager_acknowledged_at';
      const r = await db.run(`update kbi_warnings set ${column} = ? where id = ? and ${column} is null`, [
        at,
        id,
      ]);
      return r.changes === 1;
    },
    async addPoints(e, now) {
      const r = await db.run(
        `insert into kbi_points (key, rep_id, kbi_id, points, at, reason, created_at)
         values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
        [e.key, e.repId, e.kbiId, e.points, e.at, JSON.stringify(e.reason), now],
      );
      return r.changes === 1;
    },
    async pointsOf(repId, from, to) {
      const row = await db.get<{ n: number | null }>(
        `select sum(points) as n from kbi_points where rep_id = ? and at >= ? and at < ?`,
        [repId, from ?? 0, to ?? Number.MAX_SAFE_INTEGER],
      );
      return num(row?.n ?? 0);
    },
    async pointsEntries(repId, from, to) {
      const rows = await db.all<{ key: string; kbi_id: string; points: number; at: number; reason: string }>(
        `select key, kbi_id, points, at, reason from kbi_points where rep_id = ? and at >= ? and at < ?
         order by at, id`,
        [repId, from, to],
      );
      return rows.map((r): PointsEntry => ({
        key: r.key,
        repId,
        kbiId: r.kbi_id,
        points: num(r.points),
        at: num(r.at),
        reason: parseJson<PointsEntry['reason']>(r.reason, {
          code: 'KBI_MET',
          kbiId: r.kbi_id,
          leadId: null,
          dealId: null,
          triggerAt: num(r.at),
          deadline: num(r.at),
        }),
      }));
    },
    async bookReview(id, slotAt, by, at) {
      const r = await db.run(
        `update kbi_warnings set review_at = ?, review_booked_at = ?, review_booked_by = ?
         where id = ? and review_at is null`,
        [slotAt, at, by, id],
      );
      return r.changes === 1;
    },
    async spentPoints(repId) {
      const row = await db.get<{ n: number | null }>(
        `select sum(cost) as n from reward_requests where rep_id = ? and status = 'approved'`,
        [repId],
      );
      return num(row?.n ?? 0);
    },
    async lockPoints(repId) {
      if (db.dialect === 'pg') await db.get(`select pg_advisory_xact_lock(hashtext(?))`, [`points:${repId}`]);
    },
    async addRewardRequest(q) {
      const row = await db.get<{ id: number }>(
        `insert into reward_requests (rep_id, reward_id, cost, status, manager_id, created_at)
         values (?, ?, ?, ?, ?, ?) returning id`,
        [q.repId, q.rewardId, q.cost, q.status, q.managerId, q.createdAt],
      );
      return num(row?.id);
    },
    async rewardRequest(id) {
      const r = await db.get<RewardRow>(`select ${REWARD_COLUMNS} from reward_requests where id = ?`, [id]);
      return r === undefined ? null : rewardFromRow(r);
    },
    async rewardRequests(repId, limit) {
      const rows = await db.all<RewardRow>(
        `select ${REWARD_COLUMNS} from reward_requests where rep_id = ? order by id desc limit ?`,
        [repId, limit],
      );
      return rows.map(rewardFromRow);
    },
    async decideReward(id, status, by, at, reason) {
      const r = await db.run(
        `update reward_requests set status = ?, decided_by = ?, decided_at = ?, reason = ?
         where id = ? and status = 'pending'`,
        [status, by, at, JSON.stringify(reason), id],
      );
      return r.changes === 1;
    },
  };
}

type SnapshotRow = RowOf<typeof forecastSnapshots>;

const SNAPSHOT_COLUMNS = Object.values(columnNames(forecastSnapshots)).join(', ');

function snapshotFromRow(r: SnapshotRow): StoredSnapshot {
  return {
    id: num(r.id),
    kind: r.period.includes('Q') ? 'quarter' : 'month',
    period: r.period,
    day: r.day,
    takenAt: num(r.taken_at),
    start: num(r.period_start_at),
    end: num(r.period_end_at),
    totalCents: num(r.total_cents),
    byRep: parseJson<Record<string, number>>(r.by_rep, {}),
    byTeam: parseJson<Record<string, number>>(r.by_team, {}),
    probabilities: parseJson<StoredSnapshot['probabilities']>(r.probabilities, {}),
  };
}

type TargetRow = RowOf<typeof targets>;

export function targetRepo(db: Executor): TargetRepo {
  return {
    async upsert(t, now) {
      const before = await db.get<Pick<TargetRow, 'amount_cents'>>(
        `select amount_cents from targets where scope = ? and scope_id = ? and period = ?`,
        [t.scope, t.scopeId, t.period],
      );
      if (before !== undefined && num(before.amount_cents) === t.amountCents) return 'unchanged';
      await db.run(
        `insert into targets (scope, scope_id, period, amount_cents, updated_at) values (?, ?, ?, ?, ?)
         on conflict (scope, scope_id, period) do update set amount_cents = excluded.amount_cents, updated_at = excluded.updated_at`,
        [t.scope, t.scopeId, t.period, t.amountCents, now],
      );
      return before === undefined ? 'created' : 'updated';
    },
    async list(periods) {
      const rows = await db.all<Pick<TargetRow, 'scope' | 'scope_id' | 'period' | 'amount_cents'>>(
        `select scope, scope_id, period, amount_cents from targets
         ${periods === undefined ? '' : `where period in (${periods.map(() => '?').join(', ') || 'null'})`}
         order by period, scope, scope_id`,
        periods === undefined ? [] : [...periods],
      );
      return rows.map((r): Target => ({
        scope: r.scope as TargetScope,
        scopeId: r.scope_id,
        period: r.period,
        amountCents: num(r.amount_cents),
      }));
    },
    async addSnapshot(s) {
      const r = await db.run(
        `insert into forecast_snapshots (period, day, taken_at, period_start_at, period_end_at, total_cents, by_rep, by_team, probabilities)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
        [
          s.period,
          s.day,
          s.takenAt,
          s.start,
          s.end,
          s.totalCents,
          JSON.stringify(s.byRep),
          JSON.stringify(s.byTeam),
          JSON.stringify(s.probabilities),
        ],
      );
      return r.changes === 1;
    },
    async snapshots({ period, endedBy, limit }) {
      const where: string[] = [];
      const params: Param[] = [];
      if (period !== undefined) {
        where.push('period = ?');
        params.push(period);
      }
      if (endedBy !== undefined) {
        where.push('period_end_at <= ?');
        params.push(endedBy);
      }
      const rows = await db.all<SnapshotRow>(
        `select ${SNAPSHOT_COLUMNS} from forecast_snapshots
         ${where.length === 0 ? '' : `where ${where.join(' and ')}`} order by taken_at, id limit ?`,
        [...params, limit],
      );
      return rows.map(snapshotFromRow);
    },
  };
}
