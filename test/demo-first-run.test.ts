// DESIGN "first run": which database `npm start` opens, and when it is the demo.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEMO_DATABASE_URL,
  defaultFirstRunProbe,
  resolveFirstRun,
  type FirstRunProbe,
} from '../src/demo/first-run.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { org, person } from './helpers.ts';

const DEFAULTED = { databaseUrl: 'file:./data/leadline.db', databaseUrlDefaulted: true };

function probe(files: Record<string, boolean>): FirstRunProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    fileExists: (path) => path in files,
    orgImported: (url) => {
      asked.push(url);
      return Promise.resolve(files[url.replace(/^file:/, '')] ?? false);
    },
  };
}

describe('resolveFirstRun', () => {
  it.each([
    ['no database file yet', {}],
    ['a database with no organisation imported', { './data/leadline.db': false }],
  ])('opens the demo database when nothing is configured (%s)', async (_name, files) => {
    expect(await resolveFirstRun(DEFAULTED, {}, probe(files))).toEqual({
      databaseUrl: DEMO_DATABASE_URL,
      demo: true,
      reason: 'NOTHING_CONFIGURED',
    });
  });

  it('uses the real database once an organisation is imported', async () => {
    expect(await resolveFirstRun(DEFAULTED, {}, probe({ './data/leadline.db': true }))).toEqual({
      databaseUrl: 'file:./data/leadline.db',
      demo: false,
      reason: 'ORG_IMPORTED',
    });
  });

  it('uses DATABASE_URL when it is set, without looking at any file', async () => {
    const p = probe({});
    const config = { databaseUrl: 'postgres://u@h:5432/db', databaseUrlDefaulted: false };
    expect(await resolveFirstRun(config, {}, p)).toMatchObject({
      databaseUrl: config.databaseUrl,
      demo: false,
    });
    expect(p.asked).toEqual([]);
  });

  it.each(['SLACK_BOT_TOKEN', 'WECOM_CORP_ID', 'DINGTALK_CLIENT_ID'])(
    'uses the real database when a messenger is configured (%s)',
    async (name) => {
      expect(await resolveFirstRun(DEFAULTED, { [name]: 'x' }, probe({}))).toEqual({
        databaseUrl: 'file:./data/leadline.db',
        demo: false,
        reason: 'PLATFORM_CONFIGURED',
      });
      // An empty variable is not a configured messenger.
      expect((await resolveFirstRun(DEFAULTED, { [name]: ' ' }, probe({}))).demo).toBe(true);
    },
  );

  it('reads a real SQLite file to tell whether an organisation was imported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadline-first-run-'));
    try {
      const url = `file:${join(dir, 'leadline.db')}`;
      const store = openSqliteStore(url);
      const deps = { store, rules: DEFAULT_RULES, clock: () => 0, defaultTimezone: 'Asia/Shanghai' };
      const config = { databaseUrl: url, databaseUrlDefaulted: true };
      expect((await resolveFirstRun(config, {}, defaultFirstRunProbe)).demo).toBe(true);
      await importOrg(deps, org([person('alice')]));
      await store.close();
      expect(await resolveFirstRun(config, {}, defaultFirstRunProbe)).toMatchObject({
        databaseUrl: url,
        demo: false,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
