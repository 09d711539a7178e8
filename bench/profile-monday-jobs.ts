// Profiling aid for the Busy Monday (issue 23 item 1): builds bench/monday.ts's organisation and runs the
// scheduler's 09:00 jobs alone, in its order, printing each one's real time and the longest event-loop stall
// it caused. No HTTP and no results file: `npx tsx bench/profile-monday-jobs.ts` (PROFILE_JOBS=kbi,patrol for some; sizes from the same
// BENCH_MONDAY_* variables), with `node --cpu-prof --import tsx` for a profile.
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
const built = await buildMonday(o);
console.log(`built in ${round(built.buildMs)} ms (${o.leads} leads, ${o.events} events)`);
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
const at = (m: number) => MONDAY_START + m * MINUTE;
await sendMorningPatrol({ ...deps, clock: () => at(-28) });
for (const m of [0, 1, 2, 3]) {
  built.setNow(at(m));
  const d = { ...deps, clock: () => at(m) };
  const row: Record<string, string> = {};
  for (const [name, job] of jobs) {
    if (only !== undefined && !only.includes(name)) continue;
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const s = performance.now();
    const r = await job(d);
    const what = r !== null && typeof r === 'object' ? JSON.stringify(r).slice(0, 80) : String(r);
    row[name] = `${round(performance.now() - s)} ms (stall ${round(h.max / 1e6)}) ${what}`;
    h.disable();
  }
  console.log(new Date(at(m) + 8 * 3_600_000).toISOString().slice(11, 16), row);
}
await off.close();
await built.store.close();
built.tmp.remove();
