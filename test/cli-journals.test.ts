// `npx leadline report import wecom` (and `reports import`) as the admin runs it: a child process reading the local
// fake WeCom 汇报 over HTTP, with the template chosen in a rules file; and that section's errors, in both languages.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseRules } from '../src/config.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { leadlineArgs } from './fixtures/compiled.ts';
import { fakeWecomJournals, type FakeWecomJournals } from './fixtures/fake-journals.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { DAY, person, seedOrg } from './helpers.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const TEMPLATE = 'tpl-daily';
let dir: string;
let fake: FakeWecom;
let journals: FakeWecomJournals;

function leadline(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, 'x.db')}`,
    RULES_FILE: join(dir, 'rules.yaml'),
    WECOM_CORP_ID: 'wwcorp',
    WECOM_SECRET: 'app-secret',
    WECOM_API_BASE: fake.apiBase,
  };
  for (const name of ['LOCALE', 'NODE_OPTIONS']) delete env[name];
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

async function inDb(): Promise<{ kept: number; filed: number }> {
  const store = openSqliteStore(`file:${join(dir, 'x.db')}`);
  try {
    return await store.transaction(async (tx) => {
      let kept = 0;
      let filed = 0;
      for (let d = 0; d < 4; d++) {
        const date = new Date(Date.now() - d * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
        kept += (await tx.platformReports.onDate(date)).length;
        filed += (await tx.reports.onDate(date)).filter((r) => r.source === 'wecom').length;
      }
      return { kept, filed };
    });
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-journals-'));
  writeFileSync(
    join(dir, 'rules.yaml'),
    `journals:\n  wecom:\n    template: ${TEMPLATE}\n    summary: [今日工作]\n  backfillDays: 3\n`,
  );
  const store = openSqliteStore(`file:${join(dir, 'x.db')}`);
  await seedOrg(
    { deps: { store, rules: DEFAULT_RULES, clock: Date.now, defaultTimezone: 'Asia/Shanghai' } },
    [person('alice', { identities: { wecom: 'wx-alice' } })],
  );
  await store.close();
  journals = fakeWecomJournals();
  fake = await startFakeWecom({ journals });
  for (const [i, ago] of [2 * DAY, DAY].entries())
    journals.records.push({
      uuid: `j-${i}`,
      templateId: TEMPLATE,
      templateName: '日报',
      userid: 'wx-alice',
      reportTime: Math.floor((Date.now() - ago) / 1000),
      fields: [{ title: '今日工作', text: '拜访客户' }],
    });
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('leadline report import', () => {
  it('counts on --dry-run and writes nothing, imports once, and a second run imports nothing again', async () => {
    const dry = await leadline('report', 'import', 'wecom', '--dry-run', '--locale', 'en');
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toContain('2 read, 2 filed as daily reports, 0 imported before');
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(await inDb()).toEqual({ kept: 0, filed: 0 });

    const real = await leadline('reports', 'import', 'wecom', '--locale', 'zh-CN');
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('读取 2 份，2 份记为日报');
    expect(await inDb()).toEqual({ kept: 2, filed: 2 });

    const again = await leadline(
      'reports',
      'import',
      'wecom',
      '--since',
      new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10),
      '--locale',
      'en',
    );
    expect(again.stdout).toContain('2 read, 0 filed as daily reports, 2 imported before');
    expect(await inDb()).toEqual({ kept: 2, filed: 2 });
  });

  it('says what to add when no template is chosen, in the language asked for', async () => {
    const r = await leadline('report', 'import', 'dingtalk', '--locale', 'zh-CN');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('没有为 dingtalk 选择模板');
  });
});

describe('the rules file journals section', () => {
  it('takes a template and field titles, and names each problem in English and Chinese', () => {
    const ok = parseRules('journals:\n  dingtalk:\n    template: 日报\n');
    expect(ok.journals).toEqual({
      wecom: null,
      dingtalk: { template: '日报', summary: [] },
      backfillDays: 7,
    });
    let problems: string[] = [];
    try {
      parseRules(
        'journals:\n  wecom:\n    template: ""\n    summary: 今日工作\n    extra: 1\n  backfillDays: 0\n',
      );
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual([
      'journals.wecom.template: expected the template (WeCom: its id; DingTalk: its name) / 应填写模板（企业微信填表单 ID，钉钉填模板名称）',
      'journals.wecom.summary: expected a list of field titles / 应为字段标题列表',
      'journals.wecom.extra: unknown setting (check its spelling)',
      'journals.backfillDays: expected a whole number of days, 1–365 / 应为 1–365 的整天数',
    ]);
  });
});
