// Profiling aid (not part of `npm run bench`): runs only the intake figure, sized by BENCH_LEADS.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-intake.ts
//   npx tsx bench/summarize-profile.ts /tmp/prof/<file>.cpuprofile
import { benchIntake } from './intake.ts';

const leads = Number(process.env.BENCH_LEADS ?? 3000);
const r = await benchIntake({ warmup: 500, leads, countSample: 100 });
console.log(
  `${Math.round(r.perS)} leads/s over ${r.leads} leads (first/last 10%: ${Math.round(r.firstTenthPerS)}/${Math.round(r.lastTenthPerS)})`,
);
