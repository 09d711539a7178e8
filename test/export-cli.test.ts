// `leadline export …` as a child process on a database the engine filled: the CSV Excel in China can open.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitLead } from '../src/engine/submit-lead.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;

function leadline(...args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${env.dbPath}` };
    for (const name of ['RULES_FILE', 'LOCALE', 'TIMEZONE', 'NODE_OPTIONS']) delete childEnv[name];
    const child = spawn(process.execPath, ['bin/leadline.mjs', ...args], { env: childEnv });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

beforeAll(async () => {
  env = testEnv({ start: '2026-11-10T02:00:00Z' });
  await seedOrg(env, [person('li.min', { name: '李敏' }), person('zhang.wei', { name: '张伟' })]);
  for (let i = 0; i < 4; i++) await submitLead(env.deps, { fields: leadFields(), via: 'api' });
});

afterAll(async () => {
  await env.close();
});

describe('leadline export', () => {
  it('distribution --csv prints UTF-8 with a byte-order mark, CRLF lines, Chinese names intact', async () => {
    const r = await leadline('export', 'distribution', '--period', '2026-11', '--csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect([...r.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.stdout.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toMatch(/^rep,name,team,received,median_response_min,/);
    const received = lines.slice(1, 3).map((l) => l.split(','));
    expect(received.map((c) => c[1])).toEqual(['李敏', '张伟']);
    expect(received.reduce((s, c) => s + Number(c[3]), 0)).toBe(4);
  });

  it('--out writes the same bytes to a file', async () => {
    const file = join(env.dir, 'd.csv');
    const r = await leadline('export', 'distribution', '--period', '2026-11', '--csv', '--out', file);
    expect(r.code).toBe(0);
    expect([...readFileSync(file).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it.each(['funnel', 'radar', 'journey'])('%s says it needs deals', async (name) => {
    const r = await leadline('export', name, '--period', '2026-11', '--csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`export ${name}: not available yet — needs deals`);
  });

  it('refuses a period that is not YYYY-MM', async () => {
    const r = await leadline('export', 'distribution', '--period', '2026-1', '--csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--period: expected YYYY-MM');
  });
});
