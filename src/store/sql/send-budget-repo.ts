// A platform's send budget, shared by every instance: the messages of the last hour per member or chat (for the
// sliding windows) and per calendar day. A take is all or nothing, one at a time per scope: on PostgreSQL under
// a transaction-scoped advisory lock (READ COMMITTED: each statement after it sees what the last holder
// committed), on SQLite under BEGIN IMMEDIATE, which already runs one writer at a time.
import type { SendBudgetAnswer, SendBudgetRepo } from '../../modules/ports.ts';
import type { Executor } from './executor.ts';

/** Rows are kept at least this long (and as long as the longest window asked for). */
const KEEP_MS = 3_600_000;

export function sendBudgetRepo(db: Executor): SendBudgetRepo {
  return {
    async take(r): Promise<SendBudgetAnswer> {
      if (db.dialect === 'pg') await db.get(`select pg_advisory_xact_lock(hashtext(?))`, [`send:${r.scope}`]);
      let retryAt = r.now;
      let reason = '';
      for (const w of r.windows) {
        if (r.count > w.count)
          return { ok: false, retryAt: Number.MAX_SAFE_INTEGER, reason: 'more than a window' };
        // Room for `count` more when fewer than `w.count - count + 1` were sent in the window: the
        // (w.count - count + 1)-th newest, if there is one, must leave the window first.
        const row = await db.get<{ sent_at: number }>(
          `select sent_at from send_budget_log where scope = ? and key = ? and sent_at > ?
           order by sent_at desc limit 1 offset ?`,
          [r.scope, r.key, r.now - w.perMs, w.count - r.count],
        );
        if (row !== undefined && Number(row.sent_at) + w.perMs > retryAt) {
          retryAt = Number(row.sent_at) + w.perMs;
          reason = `${w.count} per ${w.perMs / 60_000} min`;
        }
      }
      for (const d of r.daily) {
        const row = await db.get<{ count: number }>(
          `select count from send_budget_days where scope = ? and key = ? and day = ?`,
          [r.scope, d.perKey ? r.key : '', r.day.name],
        );
        if (Number(row?.count ?? 0) + r.count > d.count && r.day.endsAt > retryAt) {
          retryAt = r.day.endsAt;
          reason = `${d.count} a day${d.perKey ? '' : ' for the app'}`;
        }
      }
      if (retryAt > r.now) return { ok: false, retryAt, reason };
      for (let i = 0; i < r.count; i++)
        await db.run(`insert into send_budget_log (scope, key, sent_at) values (?, ?, ?)`, [
          r.scope,
          r.key,
          r.now,
        ]);
      for (const d of r.daily)
        await db.run(
          `insert into send_budget_days (scope, key, day, count) values (?, ?, ?, ?)
           on conflict (scope, key, day) do update set count = send_budget_days.count + excluded.count`,
          [r.scope, d.perKey ? r.key : '', r.day.name, r.count],
        );
      const keep = Math.max(KEEP_MS, ...r.windows.map((w) => w.perMs));
      await db.run(`delete from send_budget_log where scope = ? and sent_at <= ?`, [r.scope, r.now - keep]);
      // Days before yesterday (day names sort as dates).
      await db.run(`delete from send_budget_days where scope = ? and day < ?`, [
        r.scope,
        dayBefore(r.day.name),
      ]);
      return { ok: true };
    },
  };
}

/** '2026-12-07' → '2026-12-06'. */
function dayBefore(name: string): string {
  const t = Date.parse(`${name}T00:00:00Z`);
  return Number.isNaN(t) ? name : new Date(t - 86_400_000).toISOString().slice(0, 10);
}
