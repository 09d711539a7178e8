// The day's reports for a manager (F28–F29): `leadline report daily` (a real child process, CSV) and
// `GET /api/reports?date=` (real HTTP with an API key) give the same table, built from real filings.
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/leads/use-cases/api-keys.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { checkIn, confirmPlace } from '../src/modules/reports/use-cases/check-in.ts';
import { submitReport } from '../src/modules/reports/use-cases/file-report.ts';
import { dailyReportTable } from '../src/modules/reports/use-cases/daily-table.ts';
import { passLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import type { Person } from '../src/kernel/types.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { leadlineArgs } from './fixtures/compiled.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const SHOP = { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' as const };

let env: TestEnv;
let server: Server;
let base: string;
let key: string;
const alice = person('alice', { name: 'Alice' });
const bob = person('bob', { name: 'Bob' });
const carol = person('carol', { name: 'Carol' });
const dan = person('dan', { name: 'Dan', teamId: 'west-1' });

async function heldBy(rep: string, company: string): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company, industry: '便利店' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  let holder = r.lead.ownerId;
  while (holder !== null && holder !== rep) {
    const p = await passLead(env.deps, { personId: holder, leadId: r.lead.id });
    holder = p.kind === 'passed' ? p.lead.ownerId : null;
  }
  expect(await claimLead(env.deps, { personId: rep, leadId: r.lead.id })).toMatchObject({ kind: 'claimed' });
  return r.lead.id;
}

/** A visit with a check-in at `place`, the report filed at `filedAt`. */
async function day(rep: Person, visitAt: string, filedAt: string, place = SHOP): Promise<void> {
  env.clock.set(at('2026-11-20T09:00'));
  const lead = await heldBy(rep.id, `${rep.name} 的客户`);
  // The rep confirms the first check-in's place as the customer's address (issue 20: it is never learnt alone).
  const first = await checkIn(env.deps, { personId: rep.id, leadId: lead, place: SHOP });
  if (first.kind !== 'checked_in') throw new Error('expected a check-in');
  await confirmPlace(env.deps, { personId: rep.id, checkInId: first.checkInId });
  env.clock.set(at(visitAt));
  await checkIn(env.deps, { personId: rep.id, leadId: lead, place });
  env.clock.set(at(filedAt));
  await submitReport(env.deps, rep, '2026-11-23');
}

beforeEach(async () => {
  env = testEnv({ start: at('2026-11-20T08:00') });
  await seedOrg(env, [alice, bob, carol, dan], {
    teams: [
      { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
      { id: 'west-1', name: '西区', managerId: 'boss', channels: {} },
    ],
  });
  const created = await createApiKey(env.deps, 'test', ['read']);
  if (created.kind !== 'created') throw new Error('could not create the test API key');
  key = created.key;
  const app = createApp({ deps: env.deps, locale: 'en' });
  server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Alice files at 18:00 (on time, honest); Bob at 21:00 (late) from 1 km away; Carol files nothing.
  await day(alice, '2026-11-23T10:00', '2026-11-23T18:00');
  await day(bob, '2026-11-23T10:00', '2026-11-23T21:00', { ...SHOP, lat: SHOP.lat + 1000 / 111_195 });
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, leadlineArgs(...args), {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${env.dbPath}`, RULES_FILE: '', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the daily report table', () => {
  it('counts on time, late and missing per team, with the average health and the flagged reports', async () => {
    const t = await dailyReportTable(env.deps, { date: '2026-11-23', teamId: 'east-1' });
    expect(t.rows.map((r) => [r.repId, r.status, r.filedAt, r.score, r.flags])).toEqual([
      ['alice', 'on_time', '18:00', 100, []],
      ['bob', 'late', '21:00', 80, ['CHECKIN_FAR']],
      ['carol', 'missing', null, null, []],
    ]);
    expect([t.filed, t.onTime, t.late, t.missing, t.averageScore]).toEqual([2, 1, 1, 1, 90]);
    // 80 is not under the confirm threshold (70): nobody is asked to confirm.
    expect(t.flagged).toEqual([]);
    const all = await dailyReportTable(env.deps, { date: '2026-11-23' });
    expect(all.rows.map((r) => r.repId)).toEqual(['alice', 'bob', 'carol', 'dan']);
  });

  it('lists whoever sells (routing.roles), the same people whose KBIs are evaluated and who get leads', async () => {
    await seedOrg(env, [alice, bob, carol, dan, person('pat', { name: 'Pat', role: 'presales' })], {
      teams: [
        { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
        { id: 'west-1', name: '西区', managerId: 'boss', channels: {} },
      ],
    });
    const ids = async (roles: Person['role'][]) => {
      const deps = {
        ...env.deps,
        rules: { ...env.deps.rules, routing: { ...env.deps.rules.routing, roles } },
      };
      const t = await dailyReportTable(deps, { date: '2026-11-23', teamId: 'east-1' });
      return t.rows.map((r) => r.repId);
    };
    expect(await ids(['rep'])).toEqual(['alice', 'bob', 'carol']);
    expect(await ids(['rep', 'presales'])).toEqual(['alice', 'bob', 'carol', 'pat']);
  });

  it('the CLI CSV and GET /api/reports give the same rows', async () => {
    const res = await fetch(`${base}/api/reports?date=2026-11-23&team=east-1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { columns: string[]; rows: unknown[][]; averageScore: number };
    expect(json.averageScore).toBe(90);
    expect(json.columns).toEqual([
      'rep',
      'name',
      'team',
      'status',
      'filed_at',
      'score',
      'flags',
      'visits',
      'key_actions',
      'confirmed',
    ]);
    const r = await cli('report', 'daily', '--date', '2026-11-23', '--team', 'east-1', '--csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const csv: string[][] = parse(r.stdout);
    expect(csv[0]).toEqual(json.columns);
    expect(csv.slice(1)).toEqual(json.rows.map((row) => row.map(String)));
    expect(csv[2]).toEqual(['bob', 'Bob', 'east-1', 'late', '21:00', '80', 'CHECKIN_FAR', '1', '1', '']);

    expect((await fetch(`${base}/api/reports?date=2026-11-23`)).status).toBe(401);
    const bad = await fetch(`${base}/api/reports?date=23.11.2026`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bad.status).toBe(400);
    const noTeam = await fetch(`${base}/api/reports?date=2026-11-23&team=nope`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(noTeam.status).toBe(404);
  });
});
