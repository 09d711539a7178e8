// Profiling aid for the Busy Monday (issue 23): the managers' `funnel 2026-10` and `radar 2026-10` as the chat's
// read worker runs them — on a read-only connection of its own (`openReadStore`), with its stage log cache — each
// asked PROFILE_ASKS (4) times in a row, timed one by one. `MONDAY_DB=/path/to/leadline.db` (a file built by
// bench/monday.ts, e.g. BENCH_MONDAY_SEED; copied first and migrated). The first ask of each reads the month;
// the later ones find it cached unless the deal log changed in between. PROFILE_APPEND=1: before each ask after the
// first, the server's side appends a deal event (a risk on a deal of the month) and a lead note, as a busy Monday
// does, so the later asks add what was appended.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { funnelReportsHere } from '../src/modules/analytics/use-cases/funnel-report.ts';
import { radarReportsHere } from '../src/modules/analytics/use-cases/radar-report.ts';
import { openReadStore } from '../src/store/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { benchDeps, MINUTE, round } from './common.ts';
import { MONDAY_START } from './monday.ts';

const source = process.env.MONDAY_DB;
if (source === undefined) throw new Error('MONDAY_DB=/path/to/a built Busy Monday database');
const asks = Number(process.env.PROFILE_ASKS ?? 4);
const dir = mkdtempSync(join(tmpdir(), 'leadline-profile-reports-'));
const file = join(dir, 'leadline.db');
copyFileSync(source, file);
const writer = openSqliteStore(`file:${file}`);
const reader = await openReadStore(`file:${file}`);
const deps = benchDeps(reader, () => MONDAY_START + MINUTE);
const people = await writer.transaction((tx) => tx.org.people());
const managers = people.filter((p) => p.role === 'manager').slice(0, asks);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const append = process.env.PROFILE_APPEND === '1';
const someDeal = append
  ? (writer.raw
      .prepare(`select id, lead_id from deals where pipeline = 'b2b' order by id desc limit 1`)
      .get() as {
      id: number;
      lead_id: number;
    })
  : null;
for (const [i, m] of managers.entries()) {
  if (someDeal !== null && i > 0)
    await writer.transaction(async (tx) => {
      const at = MONDAY_START + i;
      await tx.events.append({
        at,
        leadId: someDeal.lead_id,
        actorId: m.id,
        type: 'lead.note',
        text: 'n',
      } as never);
      await tx.events.append({
        at,
        leadId: someDeal.lead_id,
        actorId: null,
        type: 'deal.risk',
        dealId: someDeal.id,
        signal: 'price',
        phrase: '',
        excerpt: '',
      } as never);
    });
  let t = performance.now();
  await funnelReportsHere(deps, '2026-10', [[m.teamId ?? '']]);
  const funnel = performance.now() - t;
  t = performance.now();
  await radarReportsHere(deps, '2026-10', m, [null]);
  console.log(`ask ${i + 1}: funnel ${round(funnel)} ms, radar ${round(performance.now() - t)} ms`);
}
global.gc?.();
console.log(
  `heap used ${round(process.memoryUsage().heapUsed / 2 ** 20)} MB with the months kept (--expose-gc to collect first)`,
);
await reader.close();
await writer.close();
rmSync(dir, { recursive: true, force: true });
