// Two real server processes (`src/main.ts`, as `npm start` runs it) on one PostgreSQL database, both WeCom apps of
// the same company: one member typing to both at once gets at most 30 messages a minute from them together
// (WeCom would drop the rest without a word: path/90312). The rest wait in the shared outbox.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgStore } from '../src/store/pg/index.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import {
  WECOM_AES_KEY,
  WECOM_AGENT,
  WECOM_APP,
  WECOM_CORP,
  WECOM_TOKEN,
  wecomCallbacks,
} from './fixtures/wecom-callback.ts';
import { person, seedOrg, TEST_DATABASE_URL } from './helpers.ts';
import { nodeArgsFor } from './fixtures/compiled.ts';

const root = join(import.meta.dirname, '..');
const dbName = `leadline_wecom_${Date.now().toString(36)}`;
const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${dbName}`);
const servers: Array<{ child: ChildProcess; base: string }> = [];
let fake: FakeWecom;

function startServer(): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      LOCALE: 'en',
      PLAYGROUND: 'off',
      WECOM_CORP_ID: WECOM_CORP,
      WECOM_AGENT_ID: String(WECOM_AGENT),
      WECOM_SECRET: WECOM_APP.secret,
      WECOM_TOKEN,
      WECOM_ENCODING_AES_KEY: WECOM_AES_KEY,
      WECOM_API_BASE: fake.apiBase,
    };
    for (const k of [
      'RULES_FILE',
      'SLACK_BOT_TOKEN',
      'SLACK_APP_TOKEN',
      'DINGTALK_CLIENT_ID',
      'WECOM_ACCOUNT_LIMIT',
    ])
      delete env[k];
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
  fake = await startFakeWecom({ corpId: WECOM_CORP, secret: WECOM_APP.secret });
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  servers.push(...(await Promise.all([startServer(), startServer()])));
}, 60_000);

afterAll(async () => {
  for (const s of servers) s.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const s of servers) s.child.kill('SIGKILL');
  await fake.close();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}, 30_000);

describe('two WeCom server processes on one PostgreSQL database', () => {
  it('send one member 30 messages in a minute between them, none dropped; the other 20 replies wait in the outbox', async () => {
    const store = await openPgStore(url, { migrate: false });
    try {
      const deps = { store, rules: DEFAULT_RULES, clock: Date.now, defaultTimezone: 'Asia/Shanghai' };
      await seedOrg({ deps }, [person('li.min', { locale: 'en', identities: { wecom: 'LiMin' } })]);
      const [a, b] = servers;
      const post = (base: string) =>
        wecomCallbacks({ base: () => base, clock: Date.now, settled: () => Promise.resolve() });
      const toA = post(a?.base ?? '');
      const toB = post(b?.base ?? '');
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? toA : toB)({ FromUserName: 'LiMin', MsgType: 'text', Content: 'help', MsgId: `mm${i}` }),
        ),
      );
      expect(answers.every((r) => r.status === 200)).toBe(true);
      // Her replies only: the servers' own clocks may also queue other notices (the morning patrol to the manager).
      const queued = () =>
        store.transaction(
          async (tx) =>
            (await tx.outbox.list({ limit: 1000 })).filter(
              (n) => n.to.kind === 'person' && n.to.id === 'li.min',
            ).length,
        );
      const until = Date.now() + 30_000;
      while (Date.now() < until && fake.ok('message/send').length + (await queued()) < 50)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fake.ok('message/send')).toHaveLength(30);
      // Both servers answered some directly (each with its own access token): the shared budget, not one
      // process's count, held the rest.
      const sent = fake.calls.filter((c) => c.method === 'message/send' && c.outcome === 0);
      expect(new Set(sent.map((c) => c.token)).size).toBe(2);
      expect(await queued()).toBe(20);
      expect(fake.dropped()).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);
});
