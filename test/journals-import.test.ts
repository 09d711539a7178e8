// Issue 24 item 9: the reports people write in WeCom 汇报 and DingTalk 日志, imported over real HTTP from the strict
// local fakes (test/fixtures/fake-journals.ts) on SQLite and PostgreSQL: the platforms' limits respected (WeCom ≤ 100
// a call, 600 a minute, month windows; DingTalk 20 a page, 180-day windows), a failure mid-way then a re-run
// importing each record exactly once, the authenticity checks run as on a report filed in Leadline.
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkHttp } from '../adapters/dingtalk/http.ts';
import { dingtalkJournals } from '../adapters/dingtalk/journals.ts';
import { wecomApi } from '../adapters/wecom/api.ts';
import { CALLS_PER_MINUTE, slidingLimiter, wecomJournals } from '../adapters/wecom/journals.ts';
import type { Person } from '../src/kernel/types.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { passLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { teamTableCard } from '../src/modules/reports/cards/team-table.ts';
import { dailyReportTable } from '../src/modules/reports/use-cases/daily-table.ts';
import { importJournals } from '../src/modules/reports/use-cases/import-journals.ts';
import { submitReport } from '../src/modules/reports/use-cases/file-report.ts';
import { startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { fakeDingtalkReports, fakeWecomJournals, type FakeWecomJournals } from './fixtures/fake-journals.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import {
  DATABASES,
  DAY,
  leadFields,
  person,
  seedOrg,
  testClock,
  useTestEnv,
  type TestEnv,
} from './helpers.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const TEMPLATE = '3TmALk1ogfgKiQE3e3jRwnTUhMTh8vca1N8zUVNUx';
const REPS = ['alice', 'bob', 'carol', 'dave'];
const reps: Person[] = REPS.map((id) =>
  person(id, { identities: { wecom: `wx-${id}`, dingtalk: `dt-${id}` } }),
);

/** One report a day per rep, at 19:00 local, for `days` days from `first` (each a record on the platform). */
function wecomRecords(j: FakeWecomJournals, first: string, days: number, who = REPS): void {
  for (let d = 0; d < days; d++)
    for (const id of who) {
      const day = DateTime.fromISO(first, { zone }).plus({ days: d });
      j.records.push({
        uuid: `j-${id}-${day.toFormat('yyyyMMdd')}`,
        templateId: TEMPLATE,
        templateName: '销售日报',
        userid: `wx-${id}`,
        reportTime: Math.floor(day.set({ hour: 19 }).toSeconds()),
        fields: [
          { title: '今日工作', text: `${id} 跟进客户` },
          { title: '明日计划', text: '继续拜访' },
          { title: '备注', text: '' },
        ],
      });
    }
}

async function counts(env: TestEnv): Promise<{ rows: number; ids: number; reports: number }> {
  return env.deps.store.transaction(async (tx) => {
    let rows = 0;
    let reports = 0;
    const ids = new Set<string>();
    for (let d = 0; d < 60; d++) {
      const date = DateTime.fromISO('2026-10-01', { zone }).plus({ days: d }).toFormat('yyyy-MM-dd');
      for (const r of await tx.platformReports.onDate(date)) {
        rows++;
        ids.add(`${r.platform}:${r.recordId}`);
      }
      reports += (await tx.reports.onDate(date)).filter((r) => r.source === 'wecom').length;
    }
    return { rows, ids: ids.size, reports };
  });
}

describe('the WeCom 汇报 reader against the fake: 600 calls a minute', () => {
  let fake: FakeWecom;
  let journals: FakeWecomJournals;
  const clock = testClock('2026-11-20T02:00:00Z');
  beforeEach(async () => {
    journals = fakeWecomJournals();
    fake = await startFakeWecom({ clock, journals });
  });
  afterEach(() => fake.close());

  it('keeps 650 list calls under 600 in any minute by waiting, where calling flat out is refused at the 601st', async () => {
    const api = wecomApi({ corpId: 'corp', secret: 'secret', apiBase: fake.apiBase, clock });
    const slept: number[] = [];
    const limited = wecomJournals(api, {
      limiter: slidingLimiter({
        count: CALLS_PER_MINUTE,
        perMs: 60_000,
        clock,
        sleep: (ms) => {
          slept.push(ms);
          clock.advance(ms);
          return Promise.resolve();
        },
      }),
    });
    const start = clock();
    for (let i = 0; i < 650; i++) await limited.page(TEMPLATE, start - DAY, start, '');
    expect(journals.peakPerMinute).toBe(600);
    expect(slept.length).toBeGreaterThanOrEqual(1);
    expect(clock() - start).toBeGreaterThanOrEqual(60_000);
    // The same calls without the limiter: WeCom (the fake) refuses the 601st with 45009.
    clock.advance(60_000);
    const flatOut = wecomJournals(api, { limiter: { take: () => Promise.resolve() } });
    for (let i = 0; i < 600; i++) await flatOut.page(TEMPLATE, clock() - DAY, clock(), '');
    await expect(flatOut.page(TEMPLATE, clock() - DAY, clock(), '')).rejects.toMatchObject({
      details: { errcode: 45009 },
    });
  });

  it('is refused a range over a month and a limit over 100 by the fake, as by WeCom', async () => {
    const api = wecomApi({ corpId: 'corp', secret: 'secret', apiBase: fake.apiBase, clock });
    const now = Math.floor(clock() / 1000);
    const body = { starttime: now - 40 * 86_400, endtime: now, cursor: 0, limit: 100 };
    await expect(api.post('oa/journal/get_record_list', body)).rejects.toMatchObject({
      details: { errcode: 40058 },
    });
    await expect(
      api.post('oa/journal/get_record_list', { ...body, starttime: now - 86_400, limit: 101 }),
    ).rejects.toMatchObject({ details: { errcode: 40058 } });
  });
});

describe.each(DATABASES)('importing WeCom 汇报 and DingTalk 日志 (%s)', (db) => {
  const getEnv = useTestEnv(db);
  let env: TestEnv;
  let fake: FakeWecom;
  let journals: FakeWecomJournals;
  beforeEach(async () => {
    env = getEnv();
    await seedOrg(env, reps);
    env.deps.rules = {
      ...env.deps.rules,
      journals: {
        wecom: { template: TEMPLATE, summary: ['今日工作', '明日计划'] },
        dingtalk: { template: '日报', summary: [] },
        backfillDays: 7,
      },
    };
    journals = fakeWecomJournals();
    fake = await startFakeWecom({ clock: env.clock, journals });
  });
  afterEach(() => fake.close());

  const source = () =>
    wecomJournals(wecomApi({ corpId: 'corp', secret: 'secret', apiBase: fake.apiBase, clock: env.clock }), {
      clock: env.clock,
    });

  it('imports 45 days of four reps in month windows and 100-record pages; a failure mid-way, then a re-run, imports each once', async () => {
    wecomRecords(journals, '2026-10-01', 45);
    journals.records.push({ ...journals.records[0]!, uuid: 'j-stranger', userid: 'wx-stranger' });
    journals.unreported.push({
      templateId: TEMPLATE,
      userid: 'wx-bob',
      cycleBegin: Math.floor(at('2026-11-16T00:00') / 1000),
    });
    // Bob filed in Leadline on 10-02: that day's 汇报 is kept beside it, not over it.
    env.clock.set(at('2026-10-02T18:00'));
    const native = await submitReport(env.deps, reps[1]!, '2026-10-02');
    env.clock.set(at('2026-11-16T12:00'));
    // The 105th detail call fails: the first window's second page (records 101–112) is being read.
    journals.failOnCall('oa/journal/get_record_detail', 105);
    await expect(importJournals(env.deps, source(), { since: '2026-10-01' })).rejects.toMatchObject({
      details: { errcode: -1 },
    });
    const half = await counts(env);
    expect(half.rows).toBe(104);
    expect(half.ids).toBe(104);
    fake.reset();
    // The re-run, without --since, resumes at the checkpoint: the first window, cursor 100.
    const r = await importJournals(env.deps, source());
    const lists = fake.calls.filter((c) => c.method === 'oa/journal/get_record_list');
    expect(lists[0]?.body).toMatchObject({ cursor: 100, limit: 100 });
    for (const c of lists) {
      const b = c.body as { starttime: number; endtime: number; limit: number };
      expect(b.limit).toBeLessThanOrEqual(100);
      expect(b.endtime - b.starttime).toBeLessThanOrEqual(28 * 86_400);
    }
    // Records 101–104 were imported before the failure: read again, not imported again. Bob's and the
    // stranger's records were in the first page.
    expect(r).toMatchObject({ seen: 4, keptNative: 0, unknownPerson: 0, missing: 1 });
    const all = await counts(env);
    // 181 records and the one non-filer the statistics name.
    expect(all).toMatchObject({ rows: 182, ids: 182 });
    expect(all.reports).toBe(179);
    // Again from the start: nothing new.
    const again = await importJournals(env.deps, source(), { since: '2026-10-01' });
    expect(again).toMatchObject({ filed: 0, seen: 181, missing: 0 });
    expect(await counts(env)).toEqual(all);
    const bob2 = await env.deps.store.transaction((tx) => tx.reports.of('bob', '2026-10-02'));
    expect(bob2).toMatchObject({ id: native.report.id, source: null, summary: native.report.summary });
    const alice = await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-10-05'));
    expect(alice).toMatchObject({
      status: 'filed',
      source: 'wecom',
      summary: '今日工作：alice 跟进客户\n明日计划：继续拜访',
    });
    expect(alice?.score).not.toBeNull();
    // The team table marks where reports came from, and the non-filer WeCom's statistics name.
    const team = { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} };
    const filedDay = await dailyReportTable(env.deps, { date: '2026-10-05', teamId: 'east-1' });
    expect(teamTableCard({ table: filedDay, team }, 1, 'zh-CN').body).toContain(
      'alice — 按时提交，19:00 · 来自企业微信汇报',
    );
    const statDay = await dailyReportTable(env.deps, { date: '2026-11-16', teamId: 'east-1' });
    expect(statDay.rows.find((x) => x.repId === 'bob')).toMatchObject({
      status: 'missing',
      missingPer: 'wecom',
    });
    expect(statDay.rows.find((x) => x.repId === 'alice')).toMatchObject({
      status: 'missing',
      missingPer: null,
    });
    expect(teamTableCard({ table: statDay, team }, 1, 'en').body).toContain(
      'bob — not filed · WeCom’s own statistics agree',
    );
  });

  it('scores an imported report with the same checks as one filed in Leadline: late and back-filled', async () => {
    env.clock.set(at('2026-11-23T08:00'));
    const leads: number[] = [];
    for (const company of ['全家便利店', '罗森', '7-11']) {
      const s = await submitLead(env.deps, {
        fields: leadFields({ company, industry: '便利店' }),
        via: 'api',
      });
      if (s.kind !== 'created') throw new Error('expected a new lead');
      // Routing offers it to a rep; whoever has it passes it on until it reaches the pool, and alice claims it.
      let claimed = await claimLead(env.deps, { personId: 'alice', leadId: s.lead.id });
      for (let i = 0; i < REPS.length && claimed.kind === 'rejected' && 'ownerId' in claimed; i++) {
        await passLead(env.deps, { personId: String(claimed.ownerId), leadId: s.lead.id });
        claimed = await claimLead(env.deps, { personId: 'alice', leadId: s.lead.id });
      }
      expect(claimed).toMatchObject({ kind: 'claimed' });
      leads.push(s.lead.id);
    }
    env.clock.set(at('2026-11-23T23:20'));
    for (const [i, leadId] of leads.entries()) {
      await touchLead(env.deps, {
        personId: 'alice',
        leadId,
        kind: 'visit',
        note: '',
        doneAt: at(`2026-11-23T${String(9 + 3 * i).padStart(2, '0')}:00`),
      });
      env.clock.advance(2 * 60_000);
    }
    journals.records.push({
      uuid: 'j-late',
      templateId: TEMPLATE,
      templateName: '销售日报',
      userid: 'wx-alice',
      reportTime: Math.floor(at('2026-11-23T23:30') / 1000),
      fields: [{ title: '今日工作', text: '拜访全家、罗森、7-11' }],
    });
    env.clock.set(at('2026-11-24T09:00'));
    expect(await importJournals(env.deps, source(), { since: '2026-11-23' })).toMatchObject({ filed: 1 });
    const r = await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23'));
    expect(r?.late).toBe(true);
    expect(r?.result?.flags.map((f) => [f.kind, f.points])).toEqual([
      ['LATE_REPORT', 20],
      ['BURST_ENTRY', 20],
    ]);
    expect(r?.score).toBe(60);
    expect(r?.visits).toHaveLength(3);
    const table = await dailyReportTable(env.deps, { date: '2026-11-23' });
    expect(table.rows.find((x) => x.repId === 'alice')).toMatchObject({ status: 'late', source: 'wecom' });
  });

  it('imports DingTalk 日志 in 20-report pages and 180-day windows, once, after a failure mid-way', async () => {
    const reports = fakeDingtalkReports();
    const dt: FakeDingtalk = await startFakeDingtalk({ clock: env.clock, journals: reports });
    try {
      const start = DateTime.fromISO('2026-04-01', { zone });
      for (let d = 0; d < 230; d += 5)
        for (const id of ['alice', 'bob']) {
          const day = start.plus({ days: d });
          reports.reports.push({
            reportId: `r-${id}-${day.toFormat('yyyyMMdd')}`,
            templateName: '日报',
            creatorId: `dt-${id}`,
            createTime: day.set({ hour: 19 }).toMillis(),
            contents: [{ key: '今日工作', value: `${id} 拜访客户` }],
          });
        }
      env.clock.set(at('2026-11-20T12:00'));
      const http = dingtalkHttp({
        clientId: 'ding-app',
        clientSecret: 'ding-secret',
        apiBase: dt.apiBase,
        clock: env.clock,
      });
      reports.failOnCall(3);
      await expect(importJournals(env.deps, dingtalkJournals(http), { since: '2026-04-01' })).rejects.toThrow(
        /report\/list/,
      );
      const r = await importJournals(env.deps, dingtalkJournals(http));
      const lists = dt.calls.filter((c) => c.path === '/topapi/report/list');
      for (const c of lists) {
        const b = c.body as { start_time: number; end_time: number; size: number };
        expect(b.size).toBeLessThanOrEqual(20);
        expect(b.end_time - b.start_time).toBeLessThanOrEqual(180 * DAY);
      }
      expect(r.windows).toBeGreaterThanOrEqual(2);
      const kept = await env.deps.store.transaction(async (tx) => {
        const ids = new Set<string>();
        let rows = 0;
        for (let d = 0; d < 240; d++)
          for (const x of await tx.platformReports.onDate(start.plus({ days: d }).toFormat('yyyy-MM-dd'))) {
            rows++;
            ids.add(x.recordId);
          }
        return { rows, ids: ids.size };
      });
      expect(kept).toEqual({ rows: reports.reports.length, ids: reports.reports.length });
      const bob = await env.deps.store.transaction((tx) => tx.reports.of('bob', '2026-04-06'));
      expect(bob).toMatchObject({ status: 'filed', source: 'dingtalk', summary: '今日工作：bob 拜访客户' });
    } finally {
      await dt.close();
    }
  });
});
