// Figure 1: intake + routing through the engine (submitLead, one transaction per lead).
// Figure 2: the raw ceiling — plain better-sqlite3, one insert + one update of a leads row per transaction.
import Database from 'better-sqlite3';
import { normalizeCompany, normalizeEmail, normalizePhone } from '../src/modules/leads/rules/normalize.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { PAGE_CACHE_PRAGMA } from '../src/store/sqlite/connection.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { leads } from '../src/store/schema/index.ts';
import { columnNames } from '../src/store/sql/columns.ts';
import {
  BENCH_EPOCH,
  BREAKDOWN,
  BREAKDOWN_TOTAL,
  benchClock,
  benchDeps,
  benchOrg,
  HOUR,
  leadFields,
  migrationStatements,
  repId,
  REP_COUNT,
  tempDir,
} from './common.ts';
import { countStatements, type StatementCounts } from './stmt-count.ts';

export interface IntakeResult {
  warmup: number;
  leads: number;
  ms: number;
  perS: number;
  /** Throughput over the first and the last 10% of the measured leads (shows any growth with table size). */
  firstTenthPerS: number;
  lastTenthPerS: number;
  offered: number;
  /** Statements per lead, counted on extra leads after the timed run (not timed). */
  perLead: { prepares: number; executions: number };
  statements: StatementCounts['bySql'];
}

/** Submits `warmup` then `leads` distinct leads through submitLead into a fresh file-backed store. */
export async function benchIntake(opts: {
  warmup: number;
  leads: number;
  countSample: number;
}): Promise<IntakeResult> {
  const tmp = tempDir('intake');
  const store = openSqliteStore(`file:${tmp.dir}/leadline.db`);
  try {
    const clock = benchClock(BENCH_EPOCH);
    const deps = benchDeps(store, clock);
    await importOrg(deps, benchOrg(100_000));

    let seq = 0;
    let offered = 0;
    const one = async () => {
      clock.advance(1_000);
      const r = await submitLead(deps, { fields: leadFields(seq++), via: 'api' });
      if (r.kind !== 'created') throw new Error(`lead ${seq - 1}: expected a new lead, got ${r.kind}`);
      if (r.lead.status === 'offered') offered++;
    };

    for (let i = 0; i < opts.warmup; i++) await one();
    offered = 0;

    const tenth = Math.max(1, Math.floor(opts.leads / 10));
    const t0 = performance.now();
    let tFirstTenth = t0;
    let tLastTenthStart = t0;
    for (let i = 0; i < opts.leads; i++) {
      if (i === opts.leads - tenth) tLastTenthStart = performance.now();
      await one();
      if (i === tenth - 1) tFirstTenth = performance.now();
    }
    const t1 = performance.now();
    const measuredOffered = offered;
    if (measuredOffered !== opts.leads) {
      throw new Error(
        `expected every lead to be offered to a rep (capacity is unlimited), got ${measuredOffered}/${opts.leads}`,
      );
    }

    const counts = await countStatements(store.raw, async () => {
      for (let i = 0; i < opts.countSample; i++) await one();
    });
    const n = opts.countSample;
    return {
      warmup: opts.warmup,
      leads: opts.leads,
      ms: t1 - t0,
      perS: (opts.leads * 1000) / (t1 - t0),
      firstTenthPerS: (tenth * 1000) / (tFirstTenth - t0),
      lastTenthPerS: (tenth * 1000) / (t1 - tLastTenthStart),
      offered: measuredOffered,
      perLead: { prepares: counts.prepares / n, executions: counts.executions / n },
      statements: counts.bySql.map((s) => ({ ...s, prepares: s.prepares / n, executions: s.executions / n })),
    };
  } finally {
    await store.close();
    tmp.remove();
  }
}

export interface RawResult {
  warmup: number;
  leads: number;
  ms: number;
  perS: number;
}

/** Every column but the id, from the schema: the row the store inserts for a lead. */
const LEAD_COLUMNS = Object.values(columnNames(leads)).filter((c) => c !== 'id');

/**
 * The ceiling: a migrated schema, same pragmas as the store, prepared statements, and per lead
 * BEGIN IMMEDIATE; INSERT the row (pool); UPDATE it to offered; COMMIT.
 */
export function benchRaw(opts: { warmup: number; leads: number }): RawResult {
  const tmp = tempDir('raw');
  const db = new Database(`${tmp.dir}/raw.db`);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(PAGE_CACHE_PRAGMA);
    for (const stmt of migrationStatements()) db.exec(stmt);

    const insert = db.prepare(
      `INSERT INTO leads (${LEAD_COLUMNS.join(', ')}) VALUES (${LEAD_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    );
    const update = db.prepare(
      `UPDATE leads SET status = 'offered', owner_id = ?, offered_at = ?, offer_expires_at = ?, warn_at = ?, updated_at = ?
       WHERE id = ? AND status = 'pool'`,
    );
    const begin = db.prepare('BEGIN IMMEDIATE');
    const commit = db.prepare('COMMIT');

    let now = BENCH_EPOCH;
    let seq = 0;
    const one = () => {
      now += 1_000;
      const i = seq++;
      const f = leadFields(i);
      begin.run();
      const { lastInsertRowid } = insert.run({
        company: f.company,
        contact: f.contact,
        phone: f.phone,
        email: f.email,
        industry: f.industry,
        budget: f.budget,
        need: f.need,
        region: f.region,
        source: f.source,
        campaign: f.campaign,
        tags: JSON.stringify(f.tags),
        urgency: f.urgency,
        trial_ends_at: f.trialEndsAt,
        phone_norm: normalizePhone(f.phone),
        email_norm: normalizeEmail(f.email),
        company_norm: normalizeCompany(f.company),
        score: BREAKDOWN_TOTAL,
        score_breakdown: BREAKDOWN,
        urgent: 0,
        urgent_reason: null,
        status: 'pool',
        owner_id: null,
        created_at: now,
        offered_at: null,
        offer_expires_at: null,
        claimed_at: null,
        follow_up_due_at: null,
        warn_at: null,
        first_touch_at: null,
        closed_at: null,
        merged_into: null,
        previous_lead_id: null,
        updated_at: now,
      });
      const changed = update.run(
        repId(i % REP_COUNT),
        now,
        now + 2 * HOUR,
        now + 1.5 * HOUR,
        now,
        lastInsertRowid,
      ).changes;
      commit.run();
      if (changed !== 1) throw new Error('raw update changed nothing');
    };

    for (let i = 0; i < opts.warmup; i++) one();
    const t0 = performance.now();
    for (let i = 0; i < opts.leads; i++) one();
    const t1 = performance.now();
    return { warmup: opts.warmup, leads: opts.leads, ms: t1 - t0, perS: (opts.leads * 1000) / (t1 - t0) };
  } finally {
    db.close();
    tmp.remove();
  }
}
