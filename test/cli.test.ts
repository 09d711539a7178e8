// The real `leadline` command as a child process, on a temp database. Each run costs about a second of tsx
// start-up, so the tests share one database and run in order: org → key → CSV import → why → sweep → report.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadlineArgs, nodeArgsFor } from './fixtures/compiled.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BAD_RULES = 'pool:\n  claimCapPerDay: -1\n  offerTimeoutMinutes: x\n';

let dir: string;
let env: NodeJS.ProcessEnv;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the project root, killing it after `timeoutMs`. */
function run(
  command: string,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
  timeoutMs = 15_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const leadline = (...args: string[]) => run(process.execPath, leadlineArgs(...args));
/** The command as `npx leadline` runs it: bin/leadline.mjs, compiling through tsx. */
const bin = (...args: string[]) => run(process.execPath, ['bin/leadline.mjs', ...args]);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-cli-'));
  env = { ...process.env, DATABASE_URL: `file:${join(dir, 'x.db')}` };
  for (const name of ['RULES_FILE', 'PORT', 'LOCALE', 'TIMEZONE', 'NODE_OPTIONS']) delete env[name];
  writeFileSync(join(dir, 'bad-rules.yaml'), BAD_RULES);
  // These commands run on the real clock: with the offer clock in working hours, an offer made at night or on a
  // weekend would not lapse 3 h later (the sweep test). Plain time keeps the suite's outcome the same at any hour.
  writeFileSync(join(dir, 'wall-clock.yaml'), 'clocks:\n  offer: wall\n');
  env.RULES_FILE = join(dir, 'wall-clock.yaml');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('leadline --help and check-config', () => {
  it('--help lists the commands', async () => {
    const r = await bin('--help');
    expect(r.code).toBe(0);
    for (const command of [
      'serve',
      'migrate',
      'check-config',
      'org',
      'apikey',
      'import',
      'why',
      'sweep',
      'report',
      'kbi',
      'targets',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it('accepts the example rules file', async () => {
    const r = await leadline('check-config', 'config/rules.example.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('config/rules.example.yaml: OK');
  });

  it('rejects a bad rules file, naming each problem by its path', async () => {
    const r = await leadline('check-config', join(dir, 'bad-rules.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2 problems');
    expect(r.stderr).toMatch(/^pool\.claimCapPerDay: expected a number ≥ 0$/m);
    expect(r.stderr).toMatch(/^pool\.offerTimeoutMinutes: expected a number > 0$/m);
  });
});

describe('leadline on one database, in order', () => {
  it('org import twice: the second run creates nothing', async () => {
    const first = await leadline('org', 'import', 'config/org.example.yaml');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('teams: 2 created');
    expect(first.stdout).toContain('people: 5 created');
    const second = await leadline('org', 'import', 'config/org.example.yaml');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('teams: 0 created, 0 updated, 2 unchanged');
    expect(second.stdout).toContain('people: 0 created, 0 updated, 5 unchanged');
  });

  it('apikey create prints the key alone on its last line', async () => {
    const r = await leadline('apikey', 'create', 'web');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatch(/^ll_[A-Za-z0-9_-]{20,}$/);
    expect(r.stdout).toContain('(scopes: intake)');
  });

  it('apikey create --scope gives a key more than intake, refuses unknown scopes; list shows them', async () => {
    const dashboard = await leadline('apikey', 'create', 'dashboard', '--scope', 'read,intake');
    expect(dashboard.code).toBe(0);
    expect(dashboard.stdout).toContain('(scopes: intake, read)');
    const bad = await leadline('apikey', 'create', 'bad', '--scope', 'read,everything');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('unknown scope "everything"');
    const list = await leadline('apikey', 'list');
    expect(list.stdout).toMatch(/^dashboard\tactive\tintake,read\t/m);
    expect(list.stdout).toMatch(/^web\tactive\tintake\t/m);
    expect(list.stdout).not.toContain('bad');
  });

  it('imports a GBK CSV with Chinese headers, reporting the bad row by line; importing again adds nothing', async () => {
    const csv = [
      '公司,联系人,电话,邮箱,行业,预算,需求,地区,来源,活动编码,标签',
      '华东医疗器械有限公司,张伟,138 0013 8000,zhang.wei@example.com,医疗基建,35万,新院区设备采购,华东,官网表单,WEB-2611,医疗基建',
      '星河家装,刘洋,13900139000,,家装,8万,门店翻新,华南,展会,EXPO-11,家装',
      '远山工装,陈晨,13700137000,,工装,50万,办公楼改造,华南,,WEB-2611,工装',
      '南方建工,黄磊,13600136000,huang.lei@example.com,工装,50万,厂房装修,华南,电话,TEL-1,工装',
    ].join('\r\n');
    const file = join(dir, 'leads-gbk.csv');
    const bytes = iconv.encode(`${csv}\r\n`, 'gbk');
    // Really GBK, as Excel in China saves it: not valid UTF-8, so the importer must detect the encoding.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    writeFileSync(file, bytes);

    const first = await leadline('import', file, '--json');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout) as {
      imported: number;
      merged: number;
      duplicates: number;
      errors: Array<{ line: number; reason: string }>;
    };
    expect(summary).toMatchObject({ imported: 3, merged: 0, duplicates: 0 });
    expect(summary.errors).toHaveLength(1);
    expect(summary.errors[0]?.line).toBe(4);
    expect(summary.errors[0]?.reason).toMatch(/^source: required/);

    const again = await leadline('import', file, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      imported: 0,
      merged: 0,
      duplicates: 3,
      errors: [{ line: 4 }],
    });
  });

  it('why 1 names the chosen rep, the runners-up and who was skipped', async () => {
    const r = await leadline('why', '1');
    expect(r.code).toBe(0);
    // The org file sets locale zh-CN: lead 1 (医疗基建) goes to 李敏 by skill; managers are skipped.
    expect(r.stdout).toContain('华东医疗器械有限公司');
    expect(r.stdout).toContain('已分配给 李敏');
    expect(r.stdout).toContain('技能标签 医疗基建 匹配');
    expect(r.stdout).toMatch(/(孙宇|赵磊) 得分/);
    expect(r.stdout).not.toContain('王强'); // a manager never receives leads, so is not listed as skipped
    expect(r.stdout).toContain('lead.offered');
  });

  it('sweep --at 3 h later releases the unclaimed offers', async () => {
    // The offers were made now, whatever the hour, on the offer clock in plain time (see beforeAll).
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const r = await leadline('sweep', '--at', at);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 offers released to the pool');
  });

  it('report distribution --csv prints a CSV with a header line', async () => {
    const month = DateTime.now().setZone('Asia/Shanghai').toFormat('yyyy-MM');
    const r = await leadline('report', 'distribution', '--month', month, '--csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rep,name,team,received,/);
    expect(lines.some((l) => l.startsWith('li.min,李敏,east-1,1,'))).toBe(true);
  });

  it('kbi evaluate works out a past working day once, and refuses a weekend', async () => {
    const weekend = await leadline('kbi', 'evaluate', '--date', '2026-11-21');
    expect(weekend.code).toBe(1);
    expect(weekend.stderr).toContain('2026-11-21 is not a working day');
    const first = await leadline('kbi', 'evaluate', '--date', '2026-11-20');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('KBI 2026-11-20: 3 reps evaluated, 0 already evaluated earlier');
    expect(first.stdout).toMatch(/^\s+li\.min\t0\/0 on time \(-\)$/m);
    const again = await leadline('kbi', 'evaluate', '--date', '2026-11-20');
    expect(again.stdout).toContain('0 reps evaluated, 3 already evaluated earlier');
  });

  it('targets import loads the example file once, and refuses a bad CSV naming its lines', async () => {
    const first = await leadline('targets', 'import', 'config/targets.example.yaml');
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('targets: 7 created, 0 updated, 0 unchanged');
    const again = await leadline('targets', 'import', 'config/targets.example.yaml');
    expect(again.stdout).toContain('targets: 0 created, 0 updated, 7 unchanged');
    writeFileSync(
      join(dir, 'bad-targets.csv'),
      'scope,id,period,amount\nteam,east-1,2026-13,100\nteam,west-9,2026-11,5\n',
    );
    const bad = await leadline('targets', 'import', join(dir, 'bad-targets.csv'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 2: period: expected a month (2026-11) or a quarter (2026-Q4)');
    writeFileSync(join(dir, 'unknown-team.csv'), 'scope,id,period,amount\nteam,west-9,2026-11,5\n');
    const unknown = await leadline('targets', 'import', join(dir, 'unknown-team.csv'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('team west-9 2026-11: no such team in the org');
  });
});

describe('the server', () => {
  it('refuses to start on an invalid rules file, naming the problem', async () => {
    const r = await run(process.execPath, nodeArgsFor('src/main.ts'), {
      RULES_FILE: join(dir, 'bad-rules.yaml'),
      PORT: '0',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Leadline cannot start');
    expect(r.stderr).toContain('pool.claimCapPerDay: expected a number ≥ 0');
    expect(r.stderr).toContain('pool.offerTimeoutMinutes');
    expect(r.stdout).not.toContain('listening');
  });
});
