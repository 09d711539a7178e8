// `npx leadline demo` as a child process: it seeds the demo into its own file, never into a real organisation.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLeadlineIn } from './fixtures/compiled.ts';

let dir: string;

function leadline(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Run where a new user would: in a folder of their own, with nothing configured.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'PORT'),
  );
  return runLeadlineIn(dir, env, args);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-demo-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('leadline demo', () => {
  it('seeds data/demo.db, says what it did and where to look; a second run adds nothing', async () => {
    const first = await leadline(['demo', '--leads', '40']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('demo organisation in file:./data/demo.db: 3 teams, 19 people (19 new)');
    expect(first.stdout).toMatch(/^40 leads over the last 4 days: \d+ claims/m);
    expect(first.stdout).toContain('open http://localhost:3000/playground');
    expect(existsSync(join(dir, 'data', 'demo.db'))).toBe(true);
    expect(existsSync(join(dir, 'data', 'leadline.db'))).toBe(false);

    const again = await leadline(['demo']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('19 people (0 new)');
    expect(again.stdout).toContain('nothing added');
  }, 60_000);

  it('refuses a database that holds a real organisation', async () => {
    writeFileSync(
      join(dir, 'org.yaml'),
      'teams: [{ id: t1, name: 华东一组 }]\npeople: [{ id: alice, name: 李敏, team: t1 }]\n',
    );
    expect((await leadline(['org', 'import', 'org.yaml'])).code).toBe(0);
    const r = await leadline(['demo', '--database', 'file:./data/leadline.db']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('holds a real organisation; the demo is never mixed into it');
  }, 60_000);
});
