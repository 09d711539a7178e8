// Profiling aid (not part of `npm run bench`): batched intake alone — the CSV import, or with BENCH_PATH=api
// 8 clients through groupIntake — sized by BENCH_LEADS (default 6 000, after 500 warm-up).
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-intake-batch.ts
//   npx tsx bench/summarize-profile.ts "$(ls -S /tmp/prof/*.cpuprofile | head -1)" 30
import { benchCsvImport, benchInFlight } from './intake-batch.ts';

const leads = Number(process.env.BENCH_LEADS ?? 6000);
const api = process.env.BENCH_PATH === 'api';
const r = api
  ? await benchInFlight({ warmup: 500, leads, inFlight: 8 })
  : await benchCsvImport({ warmup: 500, leads });
console.log(
  `${api ? 'API, 8 in flight' : 'CSV import'}: ${Math.round(r.perS)} leads/s over ${r.leads} leads, CPU ${Math.round(r.cpuUsPerLead)} µs a lead`,
);
