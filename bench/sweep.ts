// Figure 4: the cost of one sweep over a database where 1,000 offers have run out, at two table sizes.
// The rows are bulk-inserted with better-sqlite3 (building 1M leads through the engine would take ages);
// the schema, the org and the sweep itself are the real ones.
import type Database from 'better-sqlite3';
import { normalizeCompany, normalizeEmail, normalizePhone } from '../src/modules/leads/rules/normalize.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { sweep, type SweepResult } from '../src/modules/leads/use-cases/sweep.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import {
  SWEEP_LEAD_COLUMNS,
  BENCH_EPOCH,
  BREAKDOWN,
  BREAKDOWN_TOTAL,
  benchDeps,
  benchOrg,
  DAY,
  HOUR,
  leadFields,
  MINUTE,
  repId,
  REP_COUNT,
  tempDir,
} from './common.ts';

export interface SweepBench {
  leads: number;
  due: number;
  buildMs: number;
  dbMb: number;
  statuses: Record<string, number>;
  /** The one timed sweep, acting on every due offer. */
  sweepMs: number;
  result: SweepResult;
  /** Sweeps right after, with nothing left to do (median of 5): the fixed cost of looking. */
  idleSweepMs: number;
}

// Left to their NULL default: urgency, trial_ends_at, urgent_reason, merged_into, previous_lead_id.

const INSERT_BATCH = 50_000;

/**
 * Builds `total` leads of which exactly `due` are offers past their 2 h deadline (spread evenly through
 * the table, owned by existing reps); the rest are won / lost / pool / owned with no deadline due by `at`.
 */
function buildRows(db: Database.Database, total: number, due: number, at: number): void {
  const insert = db.prepare(
    `INSERT INTO leads (${SWEEP_LEAD_COLUMNS.join(', ')}) VALUES (${SWEEP_LEAD_COLUMNS.map(() => '?').join(', ')})`,
  );
  const step = Math.max(1, Math.floor(total / due));
  const span = 390 * DAY;
  let dueSoFar = 0;
  const rowFor = (i: number): unknown[] => {
    const f = leadFields(i);
    const base = [
      f.company,
      f.contact,
      f.phone,
      f.email,
      f.industry,
      f.budget,
      f.need,
      f.region,
      f.source,
      f.campaign,
      JSON.stringify(f.tags),
      normalizePhone(f.phone),
      normalizeEmail(f.email),
      normalizeCompany(f.company),
      BREAKDOWN_TOTAL,
      BREAKDOWN,
      0,
    ];
    const owner = repId(i % REP_COUNT);
    if (due > 0 && i % step === 0 && i / step < due) {
      // Due: offered 2 h 10 min to 3 h ago, so the offer (2 h) and its warning have both passed.
      dueSoFar++;
      const offeredAt = at - 2 * HOUR - 10 * MINUTE - (i % 50) * MINUTE;
      const expires = offeredAt + 2 * HOUR;
      return [
        ...base,
        'offered',
        owner,
        offeredAt - 5 * MINUTE,
        offeredAt,
        expires,
        null,
        null,
        expires - 30 * MINUTE,
        null,
        null,
        offeredAt,
      ];
    }
    // Created over the last 400 days, oldest first; nothing here falls due at `at`.
    const created = at - 400 * DAY + Math.floor((i * span) / total);
    const kind = i % 100;
    if (kind < 80) {
      const status = kind < 38 ? 'won' : 'lost';
      const closed = created + 7 * DAY;
      return [
        ...base,
        status,
        owner,
        created,
        created + 10 * MINUTE,
        null,
        created + 30 * MINUTE,
        null,
        null,
        created + 2 * HOUR,
        closed,
        closed,
      ];
    }
    if (kind < 92) {
      return [...base, 'pool', null, created, null, null, null, null, null, null, null, created];
    }
    // Owned, follow-up due 1–23 h from now, warning 30 min before that.
    const dueAt = at + (1 + (i % 23)) * HOUR;
    return [
      ...base,
      'owned',
      owner,
      created,
      at - 3 * HOUR,
      null,
      at - 2 * HOUR,
      dueAt,
      dueAt - 30 * MINUTE,
      null,
      null,
      at - 2 * HOUR,
    ];
  };
  for (let start = 0; start < total; start += INSERT_BATCH) {
    const end = Math.min(total, start + INSERT_BATCH);
    db.transaction(() => {
      for (let i = start; i < end; i++) insert.run(rowFor(i));
    })();
  }
  if (dueSoFar !== due) throw new Error(`built ${dueSoFar} due offers, wanted ${due}`);
}

export async function benchSweep(total: number, due: number): Promise<SweepBench> {
  const tmp = tempDir(`sweep-${total}`);
  const url = `file:${tmp.dir}/leadline.db`;
  const at = BENCH_EPOCH;
  try {
    // Build: real migrations and org through the store, then bulk rows on its connection.
    const t0 = performance.now();
    const builder = openSqliteStore(url);
    await importOrg(
      benchDeps(builder, () => at - 400 * DAY),
      benchOrg(8),
    );
    const bdb = builder.raw;
    buildRows(bdb, total, due, at);
    bdb.pragma('wal_checkpoint(TRUNCATE)');
    await builder.close();
    const buildMs = performance.now() - t0;

    // Sweep on a freshly opened store, as the scheduled job would.
    const store = openSqliteStore(url);
    try {
      const db = store.raw;
      const statuses = Object.fromEntries(
        (
          db.prepare('SELECT status, count(*) AS n FROM leads GROUP BY status').all() as Array<{
            status: string;
            n: number;
          }>
        ).map((r) => [r.status, r.n]),
      );
      const dbMb =
        (
          db
            .prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()')
            .get() as { b: number }
        ).b /
        2 ** 20;
      if (statuses.offered !== due)
        throw new Error(`expected ${due} offered leads, found ${statuses.offered}`);

      const deps = benchDeps(store, () => at);
      const s0 = performance.now();
      const result = await sweep(deps, at);
      const sweepMs = performance.now() - s0;
      if (result.lapsed !== due)
        throw new Error(`sweep over ${total} leads lapsed ${result.lapsed}, expected ${due}`);
      if (result.reverted !== 0 || result.warned !== 0)
        throw new Error(`sweep acted on more than the due offers: ${JSON.stringify(result)}`);
      const left = db.prepare(`SELECT count(*) AS n FROM leads WHERE status = 'offered'`).get() as {
        n: number;
      };
      if (left.n !== 0) throw new Error(`${left.n} offers still open after the sweep`);

      const idleTimes: number[] = [];
      for (let k = 0; k < 5; k++) {
        const i0 = performance.now();
        const idle = await sweep(deps, at);
        idleTimes.push(performance.now() - i0);
        if (idle.lapsed + idle.reverted + idle.warned !== 0)
          throw new Error(`a later sweep acted again: ${JSON.stringify(idle)}`);
      }
      const idleSweepMs = idleTimes.sort((a, b) => a - b)[2] as number;
      return { leads: total, due, buildMs, dbMb, statuses, sweepMs, result, idleSweepMs };
    } finally {
      await store.close();
    }
  } finally {
    tmp.remove();
  }
}
