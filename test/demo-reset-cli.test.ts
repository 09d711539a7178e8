// `npx leadline demo --reset` and `LOCALE=en npx leadline demo` as child processes, in a folder of their own:
// the reset seeds the demo again from the start, LOCALE becomes the demo org's language (issue 21, item 9).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.ts';
import { demoOrg } from '../src/demo/demo-data.ts';
import { runLeadlineIn } from './fixtures/compiled.ts';

let dir: string;

function leadline(
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'PORT' && k !== 'LOCALE'),
    ),
    ...extra,
  };
  return runLeadlineIn(dir, env, args, 50_000);
}

async function setting(file: string, key: string): Promise<string | null> {
  const store = await openStore(`file:${join(dir, file)}`);
  try {
    return await store.transaction((tx) => tx.settings.get(key));
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-demo-reset-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('leadline demo --reset and LOCALE', () => {
  it('seeds again from the start with --reset, in the language LOCALE names', async () => {
    const first = await leadline(['demo', '--leads', '10']);
    expect(first.code, first.stderr).toBe(0);
    expect(await setting('data/demo.db', 'locale')).toBeNull(); // no LOCALE: the server's LOCALE decides

    const again = await leadline(['demo', '--leads', '10']);
    expect(again.stdout).toContain('nothing added');

    const reset = await leadline(['demo', '--reset', '--leads', '10'], { LOCALE: 'en' });
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('removed the old demo in ./data/demo.db; seeding it again');
    const people = demoOrg(null).people.length;
    expect(reset.stdout).toContain(`${people} people (${people} new)`);
    expect(reset.stdout).toMatch(/^10 leads over the last 4 days/m);
    expect(await setting('data/demo.db', 'locale')).toBe('en');
  }, 120_000);

  it('refuses to reset a database that holds a real organisation, and leaves it there', async () => {
    writeFileSync(
      join(dir, 'org.yaml'),
      'teams: [{ id: t1, name: East }]\npeople: [{ id: alice, name: Alice, team: t1 }]\n',
    );
    expect((await leadline(['org', 'import', 'org.yaml'])).code).toBe(0);
    const r = await leadline(['demo', '--reset', '--database', 'file:./data/leadline.db']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds a real organisation; --reset removes only a demo database');
    expect(existsSync(join(dir, 'data', 'leadline.db'))).toBe(true);
    expect(await setting('data/leadline.db', 'org_imported_at')).not.toBeNull();
  }, 120_000);
});
