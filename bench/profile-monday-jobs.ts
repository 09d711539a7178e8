// Profiling aid for the Busy Monday (issue 23 item 1): builds bench/monday.ts's organisation and runs the
// scheduler's 09:00 jobs alone, in its order, printing each one's real time and the longest event-loop stall
// it caused. No HTTP and no results file: `npx tsx bench/profile-monday-jobs.ts` (PROFILE_JOBS=kbi,patrol for some; sizes from the same
// BENCH_MONDAY_* variables; PROFILE_SEED and PROFILE_BUSY below), with `node --cpu-prof --import tsx` for a profile.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { sendReportDigests } from '../src/modules/reports/use-cases/report-digest.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { runDailyKbi } from '../src/modules/kbi/use-cases/evaluate-kbi.ts';
import { sendWeeklyDigest } from '../src/modules/analytics/use-cases/weekly-digest.ts';
import { sendMorningPatrol } from '../src/modules/patrol/use-cases/send-patrol.ts';
import { startOffLoop } from '../src/workers/index.ts';
import { MINUTE, round } from './common.ts';
import { buildMonday, MONDAY_START, mondayOptions } from './monday.ts';

const o = mondayOptions();
// PROFILE_SEED=FILE: build once into FILE (VACUUM INTO), later runs start from a copy of it.
const built = await buildMonday(o, process.env.PROFILE_SEED);
console.log(
  `built in ${round(built.buildMs)} ms${process.env.PROFILE_SEED ? ` (seed ${process.env.PROFILE_SEED})` : ''} (${o.leads} leads, ${o.events} events)`,
);
const off = startOffLoop({ databaseUrl: built.url });
const deps = { ...built.deps0, ...(off.batchReads == null ? {} : { reads: off.batchReads }) };
const jobs: Array<[string, (d: typeof deps) => Promise<unknown>]> = [
  ['sweep', sweep],
  ['report digests', sendReportDigests],
  ['deal sweep', sweepDeals],
  ['kbi', (d) => runDailyKbi(d)],
  ['weekly digest', sendWeeklyDigest],
  ['patrol', sendMorningPatrol],
];
// PROFILE_JOBS=kbi,patrol runs only those (by name).
const only = process.env.PROFILE_JOBS?.split(',');
// PROFILE_BUSY=N: while a job runs, N loops ask the store for a lead and its events back to back, as commands
// would (each a transaction on the one queue): a job's own transactions then wait their turn behind them.
const busy = Number(process.env.PROFILE_BUSY ?? 0);
const at = (m: number) => MONDAY_START + m * MINUTE;

async function timed(job: () => Promise<unknown>): Promise<string> {
  let done = false;
  let served = 0;
  const loops = Array.from({ length: busy }, async (_, i) => {
    for (let id = 1 + i * 7919; !done; id = (id * 31 + 17) % 1_000_000) {
      await built.store.transaction(async (tx) => [await tx.leads.get(id), await tx.events.forLead(id)]);
      served++;
    }
  });
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  // Ticks of a 1 ms timer that came over 50 ms late (the aim): how many, not only the longest.
  let last = performance.now();
  let late = 0;
  const ticker = setInterval(() => {
    const t = performance.now();
    if (t - last > 50) late++;
    last = t;
  }, 1);
  const s = performance.now();
  const r = await job();
  const ms = performance.now() - s;
  // A block at the job's very end is recorded only once the loop turns again.
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  h.disable();
  done = true;
  await Promise.all(loops);
  const what = r !== null && typeof r === 'object' ? JSON.stringify(r).slice(0, 80) : String(r);
  const busyReads = busy > 0 ? `, ${served} busy reads` : '';
  return `${round(ms)} ms (stall ${round(h.max / 1e6)}, p99 ${round(h.percentile(99) / 1e6)}, ${late} over 50${busyReads}) ${what}`;
}

// The 08:30 patrol: every manager's and director's first of the day.
if (only === undefined || only.includes('patrol'))
  console.log('08:30 patrol', await timed(() => sendMorningPatrol({ ...deps, clock: () => at(-28) })));
else await sendMorningPatrol({ ...deps, clock: () => at(-28) });
for (const m of [0, 1, 2, 3]) {
  built.setNow(at(m));
  const d = { ...deps, clock: () => at(m) };
  const row: Record<string, string> = {};
  for (const [name, job] of jobs) {
    if (only !== undefined && !only.includes(name)) continue;
    row[name] = await timed(() => job(d));
  }
  console.log(new Date(at(m) + 8 * 3_600_000).toISOString().slice(11, 16), row);
}
await off.close();
await built.store.close();
built.tmp.remove();
