// Profiling aid for the Busy Monday (issue 23): the interactive commands' use cases called directly, one at a
// time, on bench/monday.ts's organisation — no HTTP, no workers, no load beside them — to see which one is slow
// by itself. `MONDAY_DB=/path/to/leadline.db npx tsx bench/profile-monday-commands.ts` reuses a file built
// earlier (it is copied first: claims and touches write); without it the organisation is built (sizes from the
// same BENCH_MONDAY_* variables) and `MONDAY_KEEP=/path` keeps a copy of it. PROFILE_REPS (20) reps each.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { listMarket } from '../src/modules/leads/use-cases/market.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { myKbi } from '../src/modules/kbi/use-cases/my-kbi.ts';
import { myDealList } from '../src/modules/deals/use-cases/deal-view.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { benchDeps, MINUTE, repId, round } from './common.ts';
import { buildMonday, MONDAY_START, mondayOptions } from './monday.ts';

const o = mondayOptions();
const reps = Number(process.env.PROFILE_REPS ?? 20);
const dir = mkdtempSync(join(tmpdir(), 'leadline-profile-commands-'));
const file = join(dir, 'leadline.db');
if (process.env.MONDAY_DB === undefined) {
  const built = await buildMonday(o);
  console.log(`built in ${round(built.buildMs)} ms (${o.leads} leads, ${o.events} events)`);
  built.store.raw.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(built.url.slice('file:'.length), file);
  if (process.env.MONDAY_KEEP !== undefined) copyFileSync(file, process.env.MONDAY_KEEP);
  await built.store.close();
  built.tmp.remove();
} else copyFileSync(process.env.MONDAY_DB, file);

const store = openSqliteStore(`file:${file}`);
const now = MONDAY_START + 3 * MINUTE;
const deps = benchDeps(store, () => now);
const pool = (
  store.raw
    .prepare(`SELECT id FROM leads WHERE status = 'pool' ORDER BY id DESC LIMIT ?`)
    .all(reps) as Array<{
    id: number;
  }>
).map((r) => r.id);
const owned = store.raw
  .prepare(`SELECT id, owner_id AS o FROM leads WHERE status = 'owned' LIMIT ?`)
  .all(reps) as Array<{ id: number; o: string }>;
const who = Array.from({ length: reps }, (_, i) => repId((i * 37) % o.reps));

const commands: Array<[string, (i: number) => Promise<unknown>]> = [
  ['market', () => listMarket(deps)],
  ['claim', (i) => claimLead(deps, { personId: who[i] ?? '', leadId: pool[i] ?? 1 })],
  [
    'touch',
    (i) =>
      touchLead(deps, {
        personId: owned[i]?.o ?? '',
        leadId: owned[i]?.id ?? 1,
        kind: 'call',
        note: 'talked about the quote',
      }),
  ],
  ['kbi', (i) => myKbi(deps, who[i] ?? '')],
  ['deal', (i) => myDealList(deps, who[i] ?? '', 20)], // as the chat's `deal` lists them
];
const only = process.env.PROFILE_COMMANDS?.split(',');
console.log(
  `load average before: ${loadavg()
    .map((x) => round(x, 2))
    .join(' ')}`,
);
for (const [name, run] of commands) {
  if (only !== undefined && !only.includes(name)) continue;
  await run(0); // warm: statements prepared, pages cached
  const ms: number[] = [];
  for (let i = 0; i < reps; i++) {
    const s = performance.now();
    await run(i);
    ms.push(performance.now() - s);
    if (process.env.PROFILE_EACH !== undefined)
      console.log(`  ${name} ${i} ${who[i]} ${round(ms[ms.length - 1] ?? 0, 1)} ms`);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0, 1);
  const mean = round(ms.reduce((a, b) => a + b, 0) / ms.length, 1);
  console.log(`${name.padEnd(7)} n=${ms.length} mean ${mean} p50 ${at(0.5)} max ${at(1)} ms`);
}
console.log(
  `load average after: ${loadavg()
    .map((x) => round(x, 2))
    .join(' ')}`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
