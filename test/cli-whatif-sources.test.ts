// `leadline whatif --rules B --against A` (issue 24 item 10): two rules files compared on the past month, neither
// in force, with coverage and expected conversion per lead source — as real child processes on a temp database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLeadline } from './fixtures/compiled.ts';

// A keeps every 展会 (trade fair) lead from everyone, B every 官网 (website) lead: those go only to the pool.
const rulesKeeping = (source: string) =>
  ['routing:', '  rules:', `    - exclude: { source: [${source}] }`, ''].join('\n');

let dir: string;
let env: NodeJS.ProcessEnv;

const leadline = (...args: string[]) => runLeadline(env, ...args);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadline-whatif-sources-'));
  env = {
    ...process.env,
    DATABASE_URL: `file:${join(dir, 'x.db')}`,
    RULES_FILE: join(dir, 'rules.yaml'),
  };
  for (const name of ['PORT', 'LOCALE', 'TIMEZONE', 'NODE_OPTIONS']) delete env[name];
  writeFileSync(join(dir, 'rules.yaml'), 'routing:\n  roles: [rep]\n');
  writeFileSync(join(dir, 'a.yaml'), rulesKeeping('展会'));
  writeFileSync(join(dir, 'b.yaml'), rulesKeeping('官网'));
  // 4 leads from 展会, 2 from 官网, 3 from 推荐 (referrals).
  const row = (i: number, source: string) =>
    `公司${i},联系人${i},1390000${String(i).padStart(4, '0')},,家装,30万,翻新,华东,${source},C-1,`;
  const csv = [
    'company,contact,phone,email,industry,budget,need,region,source,campaign,tags',
    ...['展会', '展会', '展会', '展会', '官网', '官网', '推荐', '推荐', '推荐'].map((s, i) => row(i, s)),
  ].join('\n');
  writeFileSync(join(dir, 'leads.csv'), `${csv}\n`);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('leadline whatif --rules B --against A, per lead source', () => {
  it('sets up an org and the leads', async () => {
    expect((await leadline('org', 'import', 'config/org.example.yaml')).code).toBe(0);
    const r = await leadline('import', join(dir, 'leads.csv'), '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 9, errors: [] });
  });

  it('prints both files and a row per source, the largest change first', async () => {
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    const r = await leadline('whatif', '--rules', b, '--against', a, '--locale', 'en');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Rule what-if: ${a} → ${b} (each figure reads ${a} → ${b})`);
    expect(r.stdout).toContain(`9 leads replayed through both ${a} and ${b}`);
    expect(r.stdout).toContain('Coverage: to no rep (only the pool) 4 → 2 of 9');
    const rows = r.stdout
      .split('\n')
      .filter((l) => /^\s*│?\s*(展会|官网|推荐)\s/.test(l))
      .map((l) => l.replace(/[│\s]+/g, ' ').trim());
    // No one has closed a lead yet, so there is no expected conversion on either side.
    expect(rows).toEqual([
      '展会 4 0 → 100 +100 - → - -',
      '官网 2 100 → 0 -100 - → - -',
      '推荐 3 100 → 100 0 - → - -',
    ]);
  });

  it('gives the same rows in the CSV and the JSON; the file as an argument is the same as --rules', async () => {
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    const csv = await leadline('whatif', b, '--against', a, '--csv');
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain(
      ',leads,coverage_old_pct,coverage_new_pct,coverage_change_pts,expected_conversion_change_pts',
    );
    expect(lines.filter((l) => l.startsWith('source,'))).toEqual([
      'source,展会,展会,,0,4,4,,,,,,,,,,4,0,100,100,',
      'source,官网,官网,,2,0,-2,,,,,,,,,,2,100,0,-100,',
      'source,推荐,推荐,,3,3,0,,,,,,,,,,3,100,100,0,',
    ]);
    const json = await leadline('whatif', '--rules', b, '--against', a, '--json');
    const parsed = JSON.parse(json.stdout) as {
      sources: Array<{ source: string; leads: number; coverageChange: number }>;
    };
    expect(parsed.sources.map((s) => [s.source, s.leads, s.coverageChange])).toEqual([
      ['展会', 4, 1],
      ['官网', 2, -1],
      ['推荐', 3, 0],
    ]);
  });

  it('asks for a file when none is named, and refuses two different candidates', async () => {
    const none = await leadline('whatif');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('leadline whatif --rules A.yaml --against B.yaml');
    const two = await leadline('whatif', join(dir, 'a.yaml'), '--rules', join(dir, 'b.yaml'));
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('two candidate files');
  });
});
