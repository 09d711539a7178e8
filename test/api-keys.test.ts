// API keys with scopes and a rate limit (issue 22, finding 7), over real HTTP on both databases: a website's
// intake key sends leads and learns only that they arrived; reading needs a `read` key; too many requests get 429
// with Retry-After; keys made before scopes (migration 0013) keep working as before.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.ts';
import {
  createApiKey,
  parseScopes,
  verifyApiKey,
  type ApiScope,
} from '../src/modules/leads/use-cases/api-keys.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import type { EngineDeps } from '../src/modules/deps.ts';
import { openPgStore } from '../src/store/pg/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import {
  DATABASES,
  leadFields,
  person,
  seedOrg,
  TEST_DATABASE_URL,
  testClock,
  useTestEnv,
  type TestEnv,
} from './helpers.ts';

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { trialEndsAt: _t, ...fields } = leadFields();
  return { ...fields, ...overrides };
}

describe.each(DATABASES)('API key scopes and limits on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let server: Server;
  let base: string;

  async function start(apiRateLimit?: number): Promise<void> {
    const app = createApp({
      deps: env.deps,
      locale: 'en',
      ...(apiRateLimit === undefined ? {} : { apiRateLimit }),
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async function keyWith(name: string, scopes?: ApiScope[]): Promise<string> {
    const r = await createApiKey(env.deps, name, scopes);
    if (r.kind !== 'created') throw new Error('key not created');
    return r.key;
  }

  async function call(
    key: string,
    method: 'GET' | 'POST',
    path: string,
    payload?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
  }

  const leadCount = () =>
    env.deps.store.transaction(async (tx) =>
      (await tx.leads.get(1)) === null ? 0 : await tx.events.count(),
    );

  beforeEach(async () => {
    env = current();
    await seedOrg(env, [
      person('alice', { name: 'Alice', skills: ['医疗基建'] }),
      person('bob', { name: 'Bob' }),
    ]);
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('an intake key (the default) sends leads and learns only the id, and reads nothing', async () => {
    await start();
    const intake = await keyWith('website-form');
    const r = await call(intake, 'POST', '/api/leads', body({ company: 'Acme', tags: ['医疗基建'] }));
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: 1, result: 'accepted', message: 'Received as lead #1.' });
    for (const path of ['/api/leads/1', '/api/market', '/api/board', '/api/reports?date=2026-11-23']) {
      const read = await call(intake, 'GET', path);
      expect(read.status, path).toBe(403);
      expect(read.json.error, path).toBe('forbidden');
      expect(String(read.json.message), path).toContain('--scope read');
    }
  });

  it('says nothing about an existing customer or its owner when an inquiry is merged', async () => {
    await start();
    const intake = await keyWith('website-form');
    await call(intake, 'POST', '/api/leads', body({ company: 'Acme', phone: '13800138000' }));
    await claimLead(env.deps, { personId: 'alice', leadId: 1 }).catch(() => undefined);
    const again = await call(intake, 'POST', '/api/leads', body({ company: 'Acme', phone: '13800138000' }));
    expect(again.status).toBe(201);
    expect(again.json).toEqual({ id: 1, result: 'accepted', message: 'Received as lead #1.' });
    const text = JSON.stringify(again.json);
    for (const word of ['alice', 'Alice', 'Bob', 'score', 'owner', 'load', 'merged'])
      expect(text).not.toContain(word);
  });

  it('a read key reads leads, the pool and the board but sends no lead; admin does both', async () => {
    await start();
    const intake = await keyWith('website-form');
    const read = await keyWith('dashboard', ['read']);
    const admin = await keyWith('ops', ['admin']);
    await call(intake, 'POST', '/api/leads', body({ company: 'Acme', tags: ['医疗基建'] }));
    const story = await call(read, 'GET', '/api/leads/1');
    expect(story.status).toBe(200);
    expect(story.json.lead).toMatchObject({ id: 1, ownerId: 'alice' });
    expect((await call(read, 'GET', '/api/market')).status).toBe(200);
    expect((await call(read, 'GET', '/api/board')).status).toBe(200);
    const before = await leadCount();
    const refused = await call(read, 'POST', '/api/leads', body({ company: 'Other' }));
    expect(refused.status).toBe(403);
    expect(await leadCount()).toBe(before);
    expect(await env.deps.store.transaction((tx) => tx.leads.get(2))).toBeNull();
    expect((await call(admin, 'POST', '/api/leads', body({ company: 'Other' }))).status).toBe(201);
    expect((await call(admin, 'GET', '/api/leads/2')).status).toBe(200);
  });

  it('limits requests per key: 429 with Retry-After, nothing stored, other keys unaffected', async () => {
    await start(3);
    const a = await keyWith('a', ['intake', 'read']);
    const b = await keyWith('b', ['read']);
    for (let i = 0; i < 3; i++) expect((await call(a, 'GET', '/api/market')).status).toBe(200);
    const limited = await call(a, 'POST', '/api/leads', body({ company: 'Late Ltd' }));
    expect(limited.status).toBe(429);
    expect(limited.json.error).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await env.deps.store.transaction((tx) => tx.leads.get(1))).toBeNull();
    expect((await call(b, 'GET', '/api/market')).status).toBe(200);
  });
});

describe('apikey scopes', () => {
  it('reads a --scope list and refuses unknown words', () => {
    expect(parseScopes('read,intake')).toEqual({ scopes: ['intake', 'read'] });
    expect(parseScopes(' admin ')).toEqual({ scopes: ['admin'] });
    expect(parseScopes('read,everything')).toEqual({ unknown: ['everything'] });
    expect(parseScopes('')).toEqual({ unknown: [''] });
  });
});

/** A copy of a migrations folder whose journal stops before 0013: a database as the previous release left it. */
function foldersBeforeScopes(dialect: 'sqlite' | 'pg', dir: string): string {
  const to = join(dir, `${dialect}-before`);
  cpSync(fileURLToPath(new URL(`../drizzle/${dialect}`, import.meta.url)), to, { recursive: true });
  const journalPath = join(to, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === '0013_api_key_scopes');
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return to;
}

const OLD_KEY_SQL = `insert into api_keys (name, hash, created_at) values ('old-form', ?, 1)`;
const OLD_KEY = 'll_an-old-key-from-before-scopes';

async function expectAllScopes(store: EngineDeps['store']): Promise<void> {
  const deps: EngineDeps = {
    store,
    rules: (await import('../src/modules/rules.ts')).DEFAULT_RULES,
    clock: testClock(),
    defaultTimezone: 'Asia/Shanghai',
    files: {
      put: () => Promise.reject(new Error('no files')),
      get: () => Promise.resolve(null),
      remove: () => Promise.resolve(false),
      sweep: () => Promise.resolve({ removed: 0, kept: 0 }),
    },
  };
  expect(await verifyApiKey(deps, OLD_KEY)).toEqual({
    name: 'old-form',
    scopes: ['intake', 'read', 'admin'],
  });
}

describe('migration 0013 gives keys made before scopes every scope', () => {
  let dir: string;
  let hash: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadline-scopes-'));
    const { createHash } = await import('node:crypto');
    hash = createHash('sha256').update(OLD_KEY).digest('hex');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('on SQLite', async () => {
    const path = join(dir, 'leadline.db');
    const old = new Database(path);
    migrateSqlite(drizzleSqlite(old), { migrationsFolder: foldersBeforeScopes('sqlite', dir) });
    old.prepare(OLD_KEY_SQL).run(hash);
    old.close();
    const store = openSqliteStore(`file:${path}`);
    try {
      await expectAllScopes(store);
    } finally {
      await store.close();
    }
  });

  it('on PostgreSQL', async () => {
    const schema = `t_scopes_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    try {
      await migratePg(drizzlePg(pool), {
        migrationsFolder: foldersBeforeScopes('pg', dir),
        migrationsSchema: schema,
      });
      await pool.query(OLD_KEY_SQL.replace('?', '$1'), [hash]);
      const store = await openPgStore(TEST_DATABASE_URL, { schema, poolSize: 2 });
      try {
        await expectAllScopes(store);
      } finally {
        await store.close();
      }
    } finally {
      await pool.end();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});
