// Issue 23, item 4: intake where leads arrive together, against the raw ceiling of the same run (bench/intake.ts).
// - CSV import: `leadline import`'s path — parseLeadCsv over the file's bytes, then importLeads (batches of 200).
// - API intake, 8 in flight: 8 clients each submitting their next lead as soon as the last is answered, through
//   groupIntake (what POST /api/leads uses), so leads arriving together are committed together.
import { parseLeadCsv } from '../src/modules/leads/intake/csv.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { importLeads } from '../src/modules/leads/use-cases/import-leads.ts';
import { groupIntake } from '../src/modules/leads/use-cases/group-intake.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { BENCH_EPOCH, benchClock, benchDeps, benchOrg, leadFields, tempDir } from './common.ts';

export interface BatchIntakeResult {
  leads: number;
  ms: number;
  perS: number;
  /** Process CPU time (user + system, all threads) per lead over the timed leads: less sensitive to load. */
  cpuUsPerLead: number;
  offered: number;
}

const CSV_COLUMNS = [
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
] as const;

/** A CSV file of `count` distinct leads (bench leads `from`…), as a spreadsheet would save it. */
export function leadCsv(from: number, count: number): Uint8Array {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [CSV_COLUMNS.join(',')];
  for (let i = from; i < from + count; i++) {
    const f = leadFields(i);
    lines.push(CSV_COLUMNS.map((c) => quote(c === 'tags' ? f.tags.join(';') : String(f[c]))).join(','));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

async function withStore<T>(
  name: string,
  fn: (
    deps: ReturnType<typeof benchDeps>,
    clock: ReturnType<typeof benchClock>,
    offered: () => number,
  ) => Promise<T>,
): Promise<T> {
  const tmp = tempDir(name);
  const store = openSqliteStore(`file:${tmp.dir}/leadline.db`);
  try {
    const clock = benchClock(BENCH_EPOCH);
    const deps = benchDeps(store, clock);
    await importOrg(deps, benchOrg(100_000));
    const offered = () =>
      (store.raw.prepare(`select count(*) as n from leads where status = 'offered'`).get() as { n: number })
        .n;
    return await fn(deps, clock, offered);
  } finally {
    await store.close();
    tmp.remove();
  }
}

/** `leads` distinct leads in one CSV import (after `warmup` imported the same way), parse included. */
export function benchCsvImport(opts: {
  warmup: number;
  leads: number;
  /** Leads per transaction (importLeads' default when not given; 1 is intake before issue 23). */
  batchSize?: number;
}): Promise<BatchIntakeResult> {
  return withStore('import', async (deps, _clock, offeredCount) => {
    if (opts.warmup > 0) await importLeads(deps, parseLeadCsv(leadCsv(0, opts.warmup)).rows);
    const bytes = leadCsv(opts.warmup, opts.leads);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const parsed = parseLeadCsv(bytes);
    const r = await importLeads(
      deps,
      parsed.rows,
      opts.batchSize === undefined ? {} : { batchSize: opts.batchSize },
    );
    const ms = performance.now() - t0;
    const cpuUsPerLead = cpuPerLead(cpu0, opts.leads);
    if (parsed.errors.length > 0 || r.imported !== opts.leads) {
      throw new Error(
        `expected ${opts.leads} new leads, got ${r.imported} (${parsed.errors.length} bad rows)`,
      );
    }
    const offered = offeredCount() - opts.warmup;
    if (offered !== opts.leads) throw new Error(`expected every lead offered, got ${offered}/${opts.leads}`);
    return { leads: opts.leads, ms, perS: (opts.leads * 1000) / ms, cpuUsPerLead, offered };
  });
}

function cpuPerLead(since: NodeJS.CpuUsage, leads: number): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / leads;
}

/** `inFlight` clients submitting `leads` distinct leads between them through groupIntake. */
export function benchInFlight(opts: {
  warmup: number;
  leads: number;
  inFlight: number;
  /** Leads per transaction at most (groupIntake's default when not given; 1 is intake before issue 23). */
  maxGroup?: number;
}): Promise<BatchIntakeResult> {
  return withStore('inflight', async (deps, clock) => {
    const intake = groupIntake(deps, opts.maxGroup === undefined ? {} : { maxGroup: opts.maxGroup });
    let seq = 0;
    let offered = 0;
    const run = async (count: number) => {
      const end = seq + count;
      const client = async () => {
        while (seq < end) {
          clock.advance(1_000);
          const r = await intake.submit({ fields: leadFields(seq++), via: 'api' });
          if (r.kind !== 'created') throw new Error(`expected a new lead, got ${r.kind}`);
          if (r.lead.status === 'offered') offered++;
        }
      };
      await Promise.all(Array.from({ length: opts.inFlight }, client));
    };
    await run(opts.warmup);
    offered = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(opts.leads);
    const ms = performance.now() - t0;
    const cpuUsPerLead = cpuPerLead(cpu0, opts.leads);
    if (offered !== opts.leads) throw new Error(`expected every lead offered, got ${offered}/${opts.leads}`);
    return { leads: opts.leads, ms, perS: (opts.leads * 1000) / ms, cpuUsPerLead, offered };
  });
}
