// Rule what-if (F39) over 100,000 leads and 50 reps: the month is made by routing every lead with the real
// routeLead (loads and turns moving forward, leads held 1–12 h then closed), its rows bulk-inserted as the engine
// stores them (lead, first inquiry, decision with inputs and the org snapshot it names, events); then one runWhatIf against a changed rules file
// on a freshly opened store. `npx tsx bench/whatif.ts` runs this part alone.
import type Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { normalizeCompany, normalizeEmail, normalizePhone } from '../src/modules/leads/rules/normalize.ts';
import { DEFAULT_RULES, type Rules } from '../src/modules/rules.ts';
import { routeLead } from '../src/modules/leads/rules/routing.ts';
import { scoreLead } from '../src/modules/leads/rules/scoring.ts';
import type { Candidate } from '../src/kernel/types.ts';
import { routingInputsOf } from '../src/modules/whatif/rules/whatif.ts';
import { orgSnapshotOf } from '../src/modules/whatif/use-cases/org-snapshot.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { runWhatIf } from '../src/modules/whatif/use-cases/whatif.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { startOffLoop, WHATIF_READS_YOUNG_MB } from '../src/workers/index.ts';
import { leads } from '../src/store/schema/index.ts';
import { columnsOf } from '../src/store/sql/columns.ts';
import { BENCH_EPOCH, benchDeps, benchOrg, DAY, HOUR, leadFields, round, teamId, tempDir } from './common.ts';

export interface WhatIfBench {
  leads: number;
  reps: number;
  buildMs: number;
  dbMb: number;
  /** The timed runWhatIf: read, replay through the candidate, compare with the stored decisions. */
  whatifMs: number;
  /** The same with `verify`: the rules in force replayed as well (in a worker thread, as the CLI does). */
  verifyMs: number;
  /** CPU time of each (process.cpuUsage: user + system, every thread): what the other sessions' load moves less. */
  whatifCpuMs: number;
  verifyCpuMs: number;
  /** The longest event-loop stall while the two what-ifs ran (monitorEventLoopDelay max, ms). */
  loopMaxMs: number;
  reproduced: number;
  changed: number;
  warnings: string[];
}

const CAPACITY = 25;

/** The columns this bench fills, by their schema fields (a renamed column is a type error here). */
const LEAD_COLUMNS = columnsOf(leads, [
  'company',
  'contact',
  'phone',
  'email',
  'industry',
  'budget',
  'need',
  'region',
  'source',
  'campaign',
  'tags',
  'phoneNorm',
  'emailNorm',
  'companyNorm',
  'score',
  'scoreBreakdown',
  'urgent',
  'status',
  'ownerId',
  'createdAt',
  'offeredAt',
  'closedAt',
  'updatedAt',
]);

function build(
  db: Database.Database,
  people: ReturnType<typeof benchOrg>['people'],
  total: number,
  from: number,
): void {
  const insertLead = db.prepare(
    `INSERT INTO leads (${LEAD_COLUMNS.join(', ')}) VALUES (${LEAD_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertInquiry = db.prepare(
    `INSERT INTO inquiries (lead_id, at, via, source, campaign, fingerprint, payload) VALUES (?, ?, 'api', ?, ?, NULL, ?)`,
  );
  const insertDecision = db.prepare(
    `INSERT INTO routing_decisions (lead_id, at, outcome, winner_id, explanation, named, inputs) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (at, type, lead_id, actor_id, data) VALUES (?, ?, ?, ?, ?)`,
  );
  // The org does not change in this month: one snapshot, named by every decision (as offerOrPool stores it).
  const org = orgSnapshotOf(people);
  db.prepare(`INSERT INTO org_snapshots (hash, people) VALUES (?, ?)`).run(org.hash, org.text);
  const gap = Math.floor((30 * DAY) / total);
  const open = new Map<string, number>();
  const last = new Map<string, number>();
  const ends: Array<Array<[number, string]>> = Array.from({ length: 12 }, () => []);
  db.transaction(() => {
    for (let i = 0; i < total; i++) {
      const at = from + i * gap;
      // Holdings last 1–12 h: one queue per length, each already in end order.
      for (const q of ends) {
        while (q.length > 0 && (q[0] as [number, string])[0] <= at) {
          const [, id] = q.shift() as [number, string];
          open.set(id, (open.get(id) ?? 1) - 1);
        }
      }
      const f = leadFields(i);
      const candidates: Candidate[] = people.map((person) => ({
        person,
        openLeads: open.get(person.id) ?? 0,
        lastAssignedAt: last.get(person.id) ?? null,
        winRate30d: null,
        avgFollowUpMinutes: null,
        cooldownUntil: null,
      }));
      const decision = routeLead(f, candidates, DEFAULT_RULES);
      const score = scoreLead(f, [at], DEFAULT_RULES);
      const owner = decision.winnerId;
      const end = at + (1 + (i % 12)) * HOUR;
      const won = i % 5 === 0;
      const row = [
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
        score.total,
        JSON.stringify(score),
        0,
        owner === null ? 'pool' : won ? 'won' : 'lost',
        owner,
        at,
        owner === null ? null : at,
        owner === null ? null : end,
        owner === null ? at : end,
      ];
      const id = Number(insertLead.run(row).lastInsertRowid);
      insertInquiry.run(id, at, f.source, f.campaign, JSON.stringify(f));
      insertDecision.run(
        id,
        at,
        decision.outcome,
        owner,
        // As addRoutingDecisions stores it (since migration 0026): the inputs beside the explanation.
        JSON.stringify(decision),
        decision.considered.length + decision.others.length + decision.skipped.length,
        JSON.stringify(routingInputsOf(candidates, DEFAULT_RULES, org.hash)),
      );
      insertEvent.run(
        at,
        'lead.created',
        id,
        null,
        JSON.stringify({
          source: f.source,
          campaign: f.campaign,
          score: score.total,
          urgent: false,
          previousLeadId: null,
          via: 'api',
        }),
      );
      if (owner === null) {
        insertEvent.run(at, 'lead.pooled', id, null, JSON.stringify({ reason: decision.reason }));
        continue;
      }
      insertEvent.run(
        at,
        'lead.offered',
        id,
        null,
        JSON.stringify({ to: owner, expiresAt: at + 2 * HOUR, reason: decision.reason }),
      );
      insertEvent.run(at + 600_000, 'lead.claimed', id, owner, JSON.stringify({ by: owner, via: 'offer' }));
      insertEvent.run(
        end,
        'lead.closed',
        id,
        owner,
        JSON.stringify({ outcome: won ? 'won' : 'lost', by: owner }),
      );
      open.set(owner, (open.get(owner) ?? 0) + 1);
      last.set(owner, at);
      (ends[i % 12] as Array<[number, string]>).push([end, owner]);
    }
  })();
}

/** Makes the month's database at `url` (the what-if reads it; `from` is its first lead's time). */
export async function buildWhatIfDb(url: string, total: number, from: number): Promise<void> {
  const org = benchOrg(CAPACITY);
  const builder = openSqliteStore(url);
  await importOrg(
    benchDeps(builder, () => from - DAY),
    org,
  );
  const people = await builder.transaction((tx) => tx.org.people());
  build(builder.raw, people, total, from);
  builder.raw.pragma('wal_checkpoint(TRUNCATE)');
  await builder.close();
}

/**
 * `kept`: a database file to use (BENCH_WHATIF_DB): built there if missing and left in place, so runs compared
 * with each other read the same file and skip the ≈40 s build.
 */
export async function benchWhatIf(total: number, kept?: string): Promise<WhatIfBench> {
  const tmp = tempDir('whatif');
  const url = `file:${kept ?? `${tmp.dir}/leadline.db`}`;
  const from = BENCH_EPOCH - 30 * DAY;
  try {
    const t0 = performance.now();
    if (kept === undefined || !existsSync(kept)) await buildWhatIfDb(url, total, from);
    const buildMs = performance.now() - t0;

    const store = openSqliteStore(url);
    try {
      const dbMb =
        (
          store.raw
            .prepare('SELECT page_count * page_size AS b FROM pragma_page_count(), pragma_page_size()')
            .get() as {
            b: number;
          }
        ).b /
        2 ** 20;
      // The candidate: round-robin first, and team-01 no longer takes 地产 leads.
      const candidate: Rules = {
        ...DEFAULT_RULES,
        routing: {
          ...DEFAULT_RULES.routing,
          weights: { skill: 20, roundRobin: 50, load: 20, winRate: 5, followUp: 5 },
          rules: [{ team: teamId(0), exclude: { industry: ['地产'] } }],
        },
      };
      const deps = benchDeps(store, () => BENCH_EPOCH);
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const w0 = performance.now();
      const wc = process.cpuUsage();
      // As `leadline whatif FILE` asks: the first 20 changed leads explained (--csv and --json explain all).
      const r = await runWhatIf(deps, candidate, { from, to: BENCH_EPOCH, explainChanged: 20 });
      const whatifMs = performance.now() - w0;
      const whatifCpu = process.cpuUsage(wc);
      if (r.leads !== total) throw new Error(`the what-if replayed ${r.leads} leads, expected ${total}`);
      // The same with --verify: the rules in force replayed too, which must give back every stored decision. As
      // `leadline whatif FILE --verify` does, a read worker is started (and warmed) as it begins.
      const v0 = performance.now();
      const vc = process.cpuUsage();
      const off = startOffLoop({ databaseUrl: url, readsYoungMb: WHATIF_READS_YOUNG_MB });
      let v: Awaited<ReturnType<typeof runWhatIf>>;
      try {
        void off.warm('reads');
        v = await runWhatIf({ ...deps, ...(off.reads === null ? {} : { reads: off.reads }) }, candidate, {
          from,
          to: BENCH_EPOCH,
          verify: true,
          explainChanged: 20,
        });
      } finally {
        await off.close();
      }
      const verifyMs = performance.now() - v0;
      const verifyCpu = process.cpuUsage(vc);
      loop.disable();
      if (v.reproduced !== total)
        throw new Error(`the rules in force reproduced ${v.reproduced} of ${total} stored decisions`);
      if (v.changed.length !== r.changed.length)
        throw new Error(
          `--verify changed the comparison: ${v.changed.length} vs ${r.changed.length} changes`,
        );
      return {
        leads: total,
        reps: r.reps.length,
        buildMs,
        dbMb,
        whatifMs,
        verifyMs,
        whatifCpuMs: (whatifCpu.user + whatifCpu.system) / 1000,
        verifyCpuMs: (verifyCpu.user + verifyCpu.system) / 1000,
        loopMaxMs: loop.max / 1e6,
        reproduced: v.reproduced,
        changed: r.changed.length,
        warnings: r.warnings.map((w) => w.kind),
      };
    } finally {
      await store.close();
    }
  } finally {
    if (process.env.BENCH_KEEP === undefined) tmp.remove();
    if (process.env.BENCH_KEEP !== undefined || kept !== undefined) console.error(url);
  }
}

/** The what-if's figures, aims and details as `npm run bench` records them (also written by `--merge` below). */
export function whatifRecord(r: WhatIfBench): {
  figures: Record<string, number>;
  aims: Record<string, { aim: string; met: boolean }>;
  details: Record<string, unknown>;
} {
  return {
    figures: {
      whatif_ms: round(r.whatifMs),
      whatif_verify_ms: round(r.verifyMs),
      whatif_loop_max_ms: round(r.loopMaxMs, 1),
    },
    aims: {
      whatif_ms: { aim: '<= 10000', met: r.whatifMs <= 10_000 },
      whatif_verify_ms: { aim: '<= 20000', met: r.verifyMs <= 20_000 },
    },
    details: {
      ...r,
      buildMs: round(r.buildMs),
      dbMb: round(r.dbMb, 1),
      whatifMs: round(r.whatifMs),
      verifyMs: round(r.verifyMs),
      whatifCpuMs: round(r.whatifCpuMs),
      verifyCpuMs: round(r.verifyCpuMs),
      loopMaxMs: round(r.loopMaxMs, 1),
    },
  };
}

// Alone: prints the figures; with `--merge` also puts them into bench/results.json (marked in details.whatif as a
// separate run, with the load average: the machine is shared).
if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.env.BENCH_WHATIF_LEADS ?? 100_000);
  const loadBefore = round(loadavg()[0] ?? 0, 2);
  const r = await benchWhatIf(n, process.env.BENCH_WHATIF_DB);
  const record = whatifRecord(r);
  const load = { load_avg_1m_before: loadBefore, load_avg_1m_after: round(loadavg()[0] ?? 0, 2) };
  console.log(JSON.stringify({ ...record.details, aims: record.aims, ...load }, null, 2));
  if (process.argv.includes('--merge')) {
    const file = fileURLToPath(new URL('./results.json', import.meta.url));
    const results = JSON.parse(readFileSync(file, 'utf8')) as {
      figures: object;
      aims: object;
      details: Record<string, unknown>;
    };
    results.figures = { ...results.figures, ...record.figures };
    results.aims = { ...results.aims, ...record.aims };
    results.details.whatif = {
      ...record.details,
      ...load,
      run: `bench/whatif.ts --merge at ${new Date().toISOString()} (the other figures are the full run's)`,
    };
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`merged into ${file}`);
  }
}
