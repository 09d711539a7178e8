// One Leadline instance for the PostgreSQL multi-instance intake bench (started by bench/pg.ts as
// `node --import tsx bench/pg-instance.ts JOB`): its own process and its own store on the shared schema.
// Warms up on its share of the warm-up leads, prints {"kind":"ready"}, waits for a "go" line on stdin,
// submits its share of the measured leads one at a time and prints {"kind":"done",…}.
import { createInterface } from 'node:readline';
import { openPgStore } from '../src/store/pg/index.ts';
import { submitNumbered, type InstanceJob, type InstanceMessage } from './pg.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as InstanceJob;
const say = (msg: InstanceMessage) => process.stdout.write(`${JSON.stringify(msg)}\n`);

const store = await openPgStore(job.url, { schema: job.schema, migrate: false, poolSize: 2 });
try {
  const mine = (from: number, to: number) => {
    const ids: number[] = [];
    for (let i = from; i < to; i++) if (i % job.instances === job.index) ids.push(i);
    return ids;
  };
  const warmup = mine(0, job.warmup);
  const measured = mine(job.warmup, job.warmup + job.leads);

  for (const i of warmup) await submitNumbered(store, i);

  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.trim() === 'go') resolve();
    });
    lines.on('close', () => reject(new Error('stdin closed before "go"')));
  });
  say({ kind: 'ready', warmedUp: warmup.length });
  await go;
  lines.close();

  const t0 = performance.now();
  let offered = 0;
  for (const i of measured) if (await submitNumbered(store, i)) offered++;
  const ms = performance.now() - t0;
  say({ kind: 'done', leads: measured.length, offered, ms });
} finally {
  await store.close();
}
