// F40 proof: three real server processes (`src/main.ts`, as `npm start` runs it) on one PostgreSQL database.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { openPgStore } from '../src/store/pg/index.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { leadFields, person, seedOrg, TEST_DATABASE_URL, testClock } from './helpers.ts';
import { nodeArgsFor } from './fixtures/compiled.ts';

const root = join(import.meta.dirname, '..');
const dbName = `leadline_servers_${Date.now().toString(36)}`;
const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${dbName}`);
const servers: Array<{ child: ChildProcess; base: string }> = [];

function startServer(): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    // The claims go through the playground API: on for this real organisation only because it is asked for (and it
    // answers loopback only, which is where the test is).
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      LOCALE: 'en',
      PLAYGROUND: 'on',
    };
    delete env.RULES_FILE;
    const child = spawn(process.execPath, nodeArgsFor('src/main.ts'), {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  // Three servers start at once: migrations run once, under the advisory lock.
  servers.push(...(await Promise.all([startServer(), startServer(), startServer()])));
}, 60_000);

afterAll(async () => {
  for (const s of servers) s.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const s of servers) s.child.kill('SIGKILL');
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

describe('three server processes behind a load balancer', () => {
  it('answer /healthz, and of 200 simultaneous claims of one pool lead spread over them exactly one wins; the rest are told who', async () => {
    for (const s of servers) expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    const store = await openPgStore(url, { migrate: false });
    const clock = testClock(Date.now());
    const env = { deps: { store, rules: DEFAULT_RULES, clock, defaultTimezone: 'Asia/Shanghai' } };
    try {
      const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' }); // no org yet: the pool
      const leadId = r.kind === 'created' ? r.lead.id : -1;
      const reps = Array.from({ length: 200 }, (_, i) =>
        person(`r${String(i).padStart(3, '0')}`, { name: `Rep ${i}`, locale: 'en' }),
      );
      await seedOrg(env, reps);
      const replies = await Promise.all(
        reps.map(async (rep, i) => {
          const res = await fetch(`${servers[i % 3]?.base}/playground/api/click`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ as: rep.id, messageId: 0, actionId: 'lead.claim', value: String(leadId) }),
          });
          expect(res.status).toBe(200);
          return ((await res.json()) as { replies: Array<{ title: string; mode: string }> }).replies;
        }),
      );
      const lead = await store.transaction((tx) => tx.leads.get(leadId));
      const owner = reps.find((p) => p.id === lead?.ownerId);
      expect(lead?.status).toBe('owned');
      const won = replies.filter((rs) => rs.some((x) => x.mode === 'in_place'));
      expect(won).toHaveLength(1);
      const told = replies.filter((rs) =>
        rs.some((x) => x.title === `Lead #${leadId} was already claimed by ${owner?.name}.`),
      );
      expect(told).toHaveLength(199);
    } finally {
      await store.close();
    }
  });
});
