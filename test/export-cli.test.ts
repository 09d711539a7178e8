// `leadline export …` as a child process on a database the engine filled: the CSV Excel in China can open.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { addEvidence } from '../src/modules/deals/use-cases/add-evidence.ts';
import { advanceDeal } from '../src/modules/deals/use-cases/advance-deal.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { leadlineArgs } from './fixtures/compiled.ts';

let env: TestEnv;

function leadline(...args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${env.dbPath}` };
    for (const name of ['RULES_FILE', 'LOCALE', 'TIMEZONE', 'NODE_OPTIONS']) delete childEnv[name];
    const child = spawn(process.execPath, leadlineArgs(...args), { env: childEnv });
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
  const ids: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    if (r.kind === 'created') ids.push(r.lead.id);
  }
  // Two deals in 需求诊断, one advanced to 方案比对 (with its evidence), for the funnel.
  let made = 0;
  for (const id of ids) {
    const lead = await env.deps.store.transaction((tx) => tx.leads.get(id));
    if (lead?.ownerId == null || made === 2) continue;
    await claimLead(env.deps, { personId: lead.ownerId, leadId: id });
    const d = await createDeal(env.deps, { personId: lead.ownerId, leadId: id, amount: 100_000 });
    if (d.kind !== 'created') continue;
    made++;
    if (made === 1) {
      for (const requirement of ['painPoints'])
        await addEvidence(env.deps, {
          personId: lead.ownerId,
          dealId: d.deal.id,
          requirement,
          kind: 'note',
          text: '痛点',
        });
      await env.deps.store.transaction((tx) =>
        tx.deals.addEvidence({
          dealId: d.deal.id,
          stage: 'diagnose',
          requirement: 'sitePhoto',
          kind: 'photo',
          text: '',
          fileName: 'site.png',
          mime: 'image/png',
          size: 1,
          pages: null,
          sha256: null,
          at: env.clock(),
          by: lead.ownerId ?? '',
        }),
      );
      await advanceDeal(env.deps, { personId: lead.ownerId, dealId: d.deal.id, target: null, reason: '' });
    }
  }
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

  it('journey --csv: the figures with their targets (no deal closed yet: nothing to count, no share)', async () => {
    const r = await leadline('export', 'journey', '--period', '2026-11', '--csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'row,hit,of,share_pct,target_pct,owner,pipeline,outcome,closed,missing_nodes,risk_flag',
    );
    expect(lines.slice(6, 9)).toEqual([
      'nodes,0,0,,80,,,,,,',
      'sla,0,0,,92,,,,,,',
      'risk_flags,0,0,,75,,,,,,',
    ]);
  });

  it('radar --csv: each team’s reps on the five measures, then the team median', async () => {
    const r = await leadline('export', 'radar', '--period', '2026-11', '--csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'rep,name,stageCompletion_pct,evidence_pct,warningResponse_pct,kbi_pct,firstFollowUp_pct,red_areas',
    );
    expect(lines.filter((l) => l.startsWith('li.min,李敏,'))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('median,华东一组,'))).toBe(true);
  });

  it('funnel --csv: one row per stage of the default pipeline, from the event log', async () => {
    const r = await leadline('export', 'funnel', '--period', '2026-11', '--csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'stage,name,entered,conversion_pct,median_days,p90_days,delay_days,top_reason,top_reason_share_pct',
    );
    expect(lines[1]).toMatch(/^diagnose,需求诊断,2,50,/);
    expect(lines[2]).toMatch(/^compare,方案比对,1,0,/);
  });

  it('--xlsx writes an Excel workbook with the same rows, numbers kept as numbers', async () => {
    const file = join(env.dir, 'd.xlsx');
    const r = await leadline('export', 'distribution', '--period', '2026-11', '--xlsx', '--out', file);
    expect(r.code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0];
    expect(sheet?.name).toBe('distribution 2026-11');
    const csv = await leadline('export', 'distribution', '--period', '2026-11', '--csv');
    const csvLines = csv.stdout
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(sheet?.rowCount).toBe(csvLines.length);
    expect(sheet?.getRow(2).getCell(2).value).toBe('李敏');
    expect(typeof sheet?.getRow(2).getCell(4).value).toBe('number');
  }, 60_000);

  it('--xlsx without --out, or both formats, say what to do', async () => {
    const bare = await leadline('export', 'distribution', '--period', '2026-11', '--xlsx');
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain('--out funnel.xlsx');
    const both = await leadline('export', 'distribution', '--period', '2026-11', '--xlsx', '--csv');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--csv or --xlsx');
  }, 60_000);

  it('refuses a period that is not YYYY-MM', async () => {
    const r = await leadline('export', 'distribution', '--period', '2026-1', '--csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--period: expected YYYY-MM');
  });
});
