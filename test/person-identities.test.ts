/**
 * Messenger ids live in person_identities (issue 18): migration 0009 copies them from the old `people`
 * columns on both databases, an org import keeps them without duplicates, and a lookup finds a person only
 * by an id they hold on that platform.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import type { Person, Platform } from '../src/kernel/types.ts';
import type { Store } from '../src/modules/ports.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { openPgStore } from '../src/store/pg/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { DATABASES, org, person, TEST_DATABASE_URL, useTestEnv, type TestEnv } from './helpers.ts';

const BEFORE = '0008_funnel_index';

/** A copy of one migrations folder whose journal stops at BEFORE: a database as the previous release left it. */
function foldersUpTo(dialect: 'sqlite' | 'pg', dir: string): string {
  const from = fileURLToPath(new URL(`../drizzle/${dialect}`, import.meta.url));
  const to = join(dir, `${dialect}-before`);
  cpSync(from, to, { recursive: true });
  const journalPath = join(to, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((e) => e.tag === BEFORE);
  expect(end, 'the previous migration is in the journal').toBeGreaterThan(0);
  expect(journal.entries.length, 'a migration follows it').toBeGreaterThan(end + 1);
  journal.entries = journal.entries.slice(0, end + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return to;
}

/** People as the old columns held them. eve shares alice's Slack id (nothing stopped that then). */
const OLD_PEOPLE = [
  { id: 'alice', slack: 'UALICE', wecom: 'AliceW', dingtalk: null },
  { id: 'bob', slack: null, wecom: null, dingtalk: '0211' },
  { id: 'carl', slack: 'UCARL', wecom: 'Carl', dingtalk: '0399' },
  { id: 'dana', slack: null, wecom: null, dingtalk: null },
  { id: 'eve', slack: 'UALICE', wecom: null, dingtalk: null },
];
const INSERT_OLD = `insert into people (id, name, role, skills, capacity, active, out_of_office, slack_id, wecom_id,
  dingtalk_id, updated_at) values (?, ?, 'rep', '[]', 8, 1, 0, ?, ?, ?, 1)`;
const oldRow = (p: (typeof OLD_PEOPLE)[number]) => [p.id, p.id, p.slack, p.wecom, p.dingtalk];

async function expectCopied(store: Store): Promise<void> {
  const found = (platform: Platform, id: string) =>
    store.transaction(async (tx) => (await tx.org.personByIdentity(platform, id))?.id ?? null);
  expect(await found('slack', 'UALICE')).toBe('alice');
  expect(await found('wecom', 'AliceW')).toBe('alice');
  expect(await found('dingtalk', '0211')).toBe('bob');
  expect(await found('slack', 'UCARL')).toBe('carl');
  expect(await found('wecom', 'Carl')).toBe('carl');
  expect(await found('dingtalk', '0399')).toBe('carl');
  // An id is looked up on its own platform only (the old code fell back to the DingTalk column).
  expect(await found('wecom', '0211')).toBeNull();
  expect(await found('slack', '0399')).toBeNull();
  const people = await store.transaction((tx) => tx.org.people());
  expect(Object.fromEntries(people.map((p) => [p.id, p.identities]))).toEqual({
    alice: { slack: 'UALICE', wecom: 'AliceW' },
    bob: { dingtalk: '0211' },
    carl: { slack: 'UCARL', wecom: 'Carl', dingtalk: '0399' },
    dana: {},
    eve: {},
  });
}

describe('migration 0009 copies the platform columns into person_identities', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leadline-identities-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('on SQLite', async () => {
    const path = join(dir, 'leadline.db');
    const old = new Database(path);
    migrateSqlite(drizzleSqlite(old), { migrationsFolder: foldersUpTo('sqlite', dir) });
    const insert = old.prepare(INSERT_OLD);
    for (const p of OLD_PEOPLE) insert.run(oldRow(p));
    old.close();

    const store = openSqliteStore(`file:${path}`);
    try {
      await expectCopied(store);
    } finally {
      await store.close();
    }
    const after = new Database(path, { readonly: true });
    const columns = (after.prepare(`pragma table_info(people)`).all() as { name: string }[]).map(
      (c) => c.name,
    );
    after.close();
    expect(columns).not.toContain('slack_id');
    expect(columns).toContain('out_of_office');
  });

  it('on PostgreSQL', async () => {
    const schema = `t_ident_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    try {
      await migratePg(drizzlePg(pool), {
        migrationsFolder: foldersUpTo('pg', dir),
        migrationsSchema: schema,
      });
      let n = 0;
      const sql = INSERT_OLD.replace(/\?/g, () => `$${++n}`);
      for (const p of OLD_PEOPLE) await pool.query(sql, oldRow(p));
      const store = await openPgStore(TEST_DATABASE_URL, { schema, poolSize: 2 });
      try {
        await expectCopied(store);
      } finally {
        await store.close();
      }
      const columns = await pool.query<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = $1 and table_name = 'people'`,
        [schema],
      );
      expect(columns.rows.map((c) => c.column_name)).not.toContain('slack_id');
      expect(columns.rows.map((c) => c.column_name)).toContain('out_of_office');
    } finally {
      await pool.end();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  });
});

describe.each(DATABASES)('org import keeps identities on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  beforeEach(() => {
    env = current();
  });
  const identities = async () =>
    Object.fromEntries(
      (await env.deps.store.transaction((tx) => tx.org.people())).map((p) => [p.id, p.identities]),
    );
  const who = (platform: Platform, id: string) =>
    env.deps.store.transaction(async (tx) => (await tx.org.personByIdentity(platform, id))?.id ?? null);
  const reps = (alice: Person['identities'], bob: Person['identities']) => [
    person('alice', { identities: alice }),
    person('bob', { identities: bob }),
  ];

  it('adds, changes and removes identities; a re-import changes nothing', async () => {
    await importOrg(env.deps, org(reps({ slack: 'U1', wecom: 'alice' }, { dingtalk: '0211' })));
    expect(await who('slack', 'U1')).toBe('alice');
    expect(await who('dingtalk', '0211')).toBe('bob');
    expect(await who('dingtalk', 'U1')).toBeNull();

    const again = await importOrg(env.deps, org(reps({ slack: 'U1', wecom: 'alice' }, { dingtalk: '0211' })));
    expect(again.people).toEqual({ created: 0, updated: 0, unchanged: 3 });

    const changed = await importOrg(env.deps, org(reps({ slack: 'U2' }, { dingtalk: '0211', wecom: 'bob' })));
    expect(changed.people).toEqual({ created: 0, updated: 2, unchanged: 1 });
    expect(await identities()).toEqual({
      alice: { slack: 'U2' },
      bob: { dingtalk: '0211', wecom: 'bob' },
      boss: {},
    });
    expect(await who('slack', 'U1')).toBeNull();
    expect(await who('wecom', 'alice')).toBeNull();
    expect(await who('wecom', 'bob')).toBe('bob');
  });

  it('moves an id from one person to another in one import, whatever their order in the file', async () => {
    await importOrg(env.deps, org(reps({ slack: 'U1' }, {})));
    // bob comes first in the file: he takes U1 while alice still holds it, then she is updated.
    await importOrg(env.deps, org(reps({}, { slack: 'U1' }).reverse()));
    expect(await who('slack', 'U1')).toBe('bob');
    expect(await identities()).toEqual({ alice: {}, bob: { slack: 'U1' }, boss: {} });
  });
});
