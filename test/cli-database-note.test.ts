// Issue 21 item 11: with nothing configured the server runs the demo in data/demo.db while the command line reads
// DATABASE_URL's default; each command then says which database it reads and how to read the demo. Real files.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseNote } from '../src/cli/context.ts';
import { DEMO_DATABASE_URL } from '../src/demo/first-run.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { org, person, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv | undefined;
let dir: string | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('which database the command line reads', () => {
  it('says it reads the default database, not the running demo, and how to read the demo', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadline-note-'));
    const url = `file:${join(dir, 'leadline.db')}`;
    const note = await databaseNote({ databaseUrl: url, databaseUrlDefaulted: true }, {});
    expect(note).toContain(url);
    expect(note).toContain(`DATABASE_URL=${DEMO_DATABASE_URL}`);
  });

  it('says nothing when DATABASE_URL is set, a messenger is configured, or an org was imported', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadline-note-'));
    const url = `file:${join(dir, 'leadline.db')}`;
    expect(await databaseNote({ databaseUrl: url, databaseUrlDefaulted: false }, {})).toBeNull();
    expect(
      await databaseNote({ databaseUrl: url, databaseUrlDefaulted: true }, { SLACK_BOT_TOKEN: 'xoxb-1' }),
    ).toBeNull();
    env = testEnv();
    await importOrg(env.deps, org([person('alice')]));
    expect(
      await databaseNote({ databaseUrl: `file:${env.dbPath}`, databaseUrlDefaulted: true }, {}),
    ).toBeNull();
  });
});
