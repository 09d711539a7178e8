// `npx leadline org sync wecom` as the admin runs it: a child process against the local fake WeCom address book.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { startFakeWecomDirectory, type FakeWecomDirectory } from './fixtures/fake-directory-wecom.ts';
import { leadlineArgs } from './fixtures/compiled.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
let dir: string;
let fake: FakeWecomDirectory;

function leadline(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, 'x.db')}`,
    WECOM_CORP_ID: 'wwcorp',
    WECOM_SECRET: 'app-secret',
    WECOM_API_BASE: fake.apiBase,
  };
  for (const name of ['RULES_FILE', 'LOCALE', 'NODE_OPTIONS', 'WECOM_CONTACT_SECRET']) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, leadlineArgs(...args), { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function peopleInDb(): Promise<number> {
  const store = openSqliteStore(`file:${join(dir, 'x.db')}`);
  try {
    return (await store.transaction((tx) => tx.org.people())).length;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-orgsync-'));
  fake = await startFakeWecomDirectory();
  fake.departments.set(2, { id: 2, name: '销售部', parentid: 1, leaders: ['wang'] });
  fake.members.set('wang', { userid: 'wang', name: '王强', department: [2] });
  fake.members.set('li', { userid: 'li', name: '李敏', department: [2] });
  fake.visible.add(2);
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('leadline org sync', () => {
  it('prints the plan on --dry-run and changes nothing, then applies it', async () => {
    const dry = await leadline('org', 'sync', 'wecom', '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('wecom directory: 1 departments, 2 people read');
    expect(dry.stdout).toContain('people: 2 to create, 0 to update, 0 unchanged');
    expect(dry.stdout).toContain('+ team wecom-2 销售部 (manager wecom-wang)');
    expect(dry.stdout).toContain('+ wecom-li 李敏 (team wecom-2, rep)');
    expect(dry.stdout).toContain('dry run: nothing was changed');
    expect(await peopleInDb()).toBe(0);

    const real = await leadline('org', 'sync', 'wecom');
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('people: 2 created, 0 updated, 0 unchanged');
    expect(await peopleInDb()).toBe(2);
  });

  it('exits 1 naming the call, WeCom’s errcode and what to do, in the language asked for', async () => {
    fake.trustedIp = false;
    const zh = await leadline('org', 'sync', 'wecom', '--locale', 'zh-CN');
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('调用 department/simplelist 失败，错误码 60020');
    expect(zh.stderr).toContain('企业可信IP');
    const en = await leadline('org', 'sync', 'wecom', '--locale', 'en');
    expect(en.stderr).toContain('the call department/simplelist failed with 60020');
    expect(en.stderr).toContain('Nothing was changed');
    fake.trustedIp = true;
  });

  it('refuses an unknown platform', async () => {
    const r = await leadline('org', 'sync', 'lark');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown platform lark');
  });
});
