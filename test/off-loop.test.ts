// Heavy work off the event loop (issue 23, item 2): charts drawn and funnels read in worker threads give the
// same answers as on the server's thread, on SQLite (a read-only connection to the WAL file) and PostgreSQL
// (a pool of the worker's own); the workers end with the server; a crashed worker gives the user a clear
// answer and the next command works. Functional only: the stall figures are in bench/loop.ts.
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate, FUNNEL_MONTH } from '../bench/funnel.ts';
import { BENCH_EPOCH, benchOrg, repId, teamId } from '../bench/common.ts';
import { chartCommandReplies } from '../src/modules/analytics/chat/chart-replies.ts';
import {
  ChartError,
  renderChart,
  renderChartHere,
  type ChartSpec,
} from '../src/modules/analytics/charts/render.ts';
import { distributionSpec, radarSpec } from '../src/modules/analytics/charts/specs.ts';
import { SAMPLE_DISTRIBUTION, SAMPLE_RADAR } from '../src/modules/analytics/charts/fixtures.ts';
import { OffLoopError } from '../src/modules/analytics/off-loop.ts';
import { funnelReport, funnelReports } from '../src/modules/analytics/use-cases/funnel-report.ts';
import { journeyReport, journeyReports } from '../src/modules/analytics/use-cases/journey-report.ts';
import { radarReport, radarReports } from '../src/modules/analytics/use-cases/radar-report.ts';
import { radarMeasured } from '../src/modules/analytics/rules/radar.ts';
import type { EngineDeps } from '../src/modules/deps.ts';
import { kbiFacts, kbiOpportunitiesOffLoop, kbiReps } from '../src/modules/kbi/use-cases/kbi-facts.ts';
import { forecastHere, forecastOffLoop } from '../src/modules/kbi/use-cases/team-forecast.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { teamFacts } from '../src/modules/patrol/use-cases/team-patrol.ts';
import type { NewDeal } from '../src/modules/ports.ts';
import { openReadStore } from '../src/store/index.ts';
import { startOffLoop, type OffLoop } from '../src/workers/index.ts';
import {
  createPgSchema,
  DATABASES,
  pgTestEnv,
  seedOrg,
  TEST_DATABASE_URL,
  testEnv,
  type TestDb,
  type TestEnv,
} from './helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function offLoop(options: Parameters<typeof startOffLoop>[0]): OffLoop {
  const off = startOffLoop(options);
  cleanups.push(() => off.close());
  return off;
}

/** The bench's generated deals and stage events (bench/funnel.ts), a few thousand, through the store's own API. */
async function seedFunnel(deps: EngineDeps, events: number): Promise<void> {
  await importOrg({ ...deps, clock: () => BENCH_EPOCH - 400 * 86_400_000 }, benchOrg());
  const data = generate(events);
  await deps.store.transaction(async (tx) => {
    for (const [
      ,
      leadId,
      customer,
      pipeline,
      stage,
      enteredAt,
      ownerId,
      status,
      createdAt,
      amount,
    ] of data.deals) {
      const deal: NewDeal = {
        leadId,
        customer,
        amount,
        yearlyValue: amount,
        tier: 'B',
        pipeline,
        stage,
        stageEnteredAt: enteredAt,
        stageDueAt: enteredAt,
        ownerId,
        status: status as NewDeal['status'],
        expectedCloseAt: null,
        expectedCloseSource: null,
        doubtful: false,
        health: 'green',
        stallAlertedAt: null,
        createdAt,
        closedAt: null,
      };
      await tx.deals.insert(deal);
    }
    for (const [at, type, leadId, actorId, json] of data.events)
      await tx.events.append({ at, leadId, actorId, type, ...JSON.parse(json) } as never);
  });
}

/** A store of this kind (closed, and its schema dropped, after the test) and the workers reading the same data. */
async function storeFor(kind: TestDb): Promise<{ env: TestEnv; workers: () => OffLoop }> {
  const schema = kind === 'postgres' ? await createPgSchema() : null;
  const env = schema === null ? testEnv() : await pgTestEnv(schema);
  cleanups.push(async () => {
    await env.close();
    await schema?.drop();
  });
  const workers = () =>
    schema === null
      ? offLoop({ databaseUrl: `file:${env.dbPath}` })
      : offLoop({ databaseUrl: TEST_DATABASE_URL, schema: schema.name });
  return { env, workers };
}

describe.each(DATABASES)('heavy reads in a worker on %s', (kind) => {
  it('equals the funnel (org and team), the journey and the radar read on the server’s thread', async () => {
    const { env, workers } = await storeFor(kind);
    const deps: EngineDeps = { ...env.deps, clock: () => BENCH_EPOCH };
    await seedFunnel(deps, 3_000);
    const off = workers();
    expect(off.reads).not.toBeNull();
    const inWorker: EngineDeps = { ...deps, reads: off.reads ?? undefined };
    for (const words of [[], [teamId(0)]]) {
      const here = await funnelReport(deps, FUNNEL_MONTH, words);
      const there = await funnelReport(inWorker, FUNNEL_MONTH, words);
      expect(here.kind).toBe('report');
      if (here.kind === 'report') expect(here.report.stages.some((s) => s.entered > 0)).toBe(true);
      expect(there).toEqual(here);
    }
    // The digest's many scopes and pipelines from one read per pipeline: each as if read alone.
    const pipelines = deps.rules.deals.pipelines.map((p) => p.id);
    const funnelScopes = [
      ...pipelines.flatMap((p) => [[p], [p, teamId(0)], [p, teamId(1)]]),
      [teamId(0)],
      ['nobody'],
    ];
    const funnelsAlone = [];
    for (const words of funnelScopes) funnelsAlone.push(await funnelReport(deps, FUNNEL_MONTH, words));
    expect(funnelsAlone.filter((r) => r.kind === 'report').length).toBe(funnelScopes.length - 1);
    expect(await funnelReports(inWorker, FUNNEL_MONTH, funnelScopes)).toEqual(funnelsAlone);
    // The journey (the whole deal log up to now) and a team's radar, the digest's other heavy reads.
    const from = BENCH_EPOCH - 400 * 86_400_000;
    const journeyHere = await journeyReport(deps, from, BENCH_EPOCH);
    expect(journeyHere.kind).toBe('report');
    if (journeyHere.kind === 'report') expect(journeyHere.report.deals.length).toBeGreaterThan(0);
    expect(await journeyReport(inWorker, from, BENCH_EPOCH)).toEqual(journeyHere);
    // The digest's many scopes from one read: each as if read alone.
    const owner = journeyHere.kind === 'report' ? journeyHere.report.deals[0]?.ownerId : undefined;
    const people = await deps.store.transaction((tx) => tx.org.people());
    const withDeals = people.find((p) => p.id === owner)?.teamId ?? 'none';
    const scopes = [[], [withDeals], [teamId(1)], ['nobody']];
    const alone = [];
    for (const words of scopes) alone.push(await journeyReport(deps, from, BENCH_EPOCH, words));
    const team0 = alone[1];
    expect(team0?.kind === 'report' && team0.report.deals.length).toBeGreaterThan(0);
    expect(alone[3]?.kind).toBe('rejected');
    expect(await journeyReports(inWorker, from, BENCH_EPOCH, scopes)).toEqual(alone);
    const manager = (await deps.store.transaction((tx) => tx.org.people())).find((p) => p.role === 'manager');
    if (manager === undefined) throw new Error('no manager');
    const radarHere = await radarReport(deps, FUNNEL_MONTH, manager, null);
    expect(radarHere.kind).toBe('report');
    expect(await radarReport(inWorker, FUNNEL_MONTH, manager, null)).toEqual(radarHere);
    // The digest's every team's radar from one read: each as if read alone.
    const radarWords = [teamId(0), teamId(1), null, 'nobody', teamId(0)];
    const radarsAlone = [];
    for (const w of radarWords) radarsAlone.push(await radarReport(deps, FUNNEL_MONTH, manager, w));
    const measuredTeams = radarsAlone.map((r) => r.kind === 'report' && radarMeasured(r.report.radar));
    expect(measuredTeams).toEqual([true, true, true, false, true]);
    expect(await radarReports(inWorker, FUNNEL_MONTH, manager, radarWords)).toEqual(radarsAlone);
    expect(off.pools.reads.workers).toBe(1);
    expect(off.pools.batch.workers).toBe(0);
    // A word that is no scope is refused the same way.
    expect(await funnelReport(inWorker, FUNNEL_MONTH, ['nobody'])).toEqual({
      kind: 'rejected',
      reason: 'NO_SUCH_SCOPE',
      word: 'nobody',
    });
  });
});

describe.each(DATABASES)('funnels asked together on %s', (kind) => {
  it('are read once for a month while one waits for the worker, each answer as if read alone', async () => {
    const { env, workers } = await storeFor(kind);
    const deps: EngineDeps = { ...env.deps, clock: () => BENCH_EPOCH };
    await seedFunnel(deps, 3_000);
    const off = workers();
    const inWorker: EngineDeps = { ...deps, reads: off.reads ?? undefined };
    const other = deps.rules.deals.pipelines[1]?.id ?? 'none';
    const asked = [[], [teamId(0)], [teamId(1)], ['nobody'], [other, teamId(0)]];
    const alone = [];
    for (const words of asked) alone.push(await funnelReport(deps, FUNNEL_MONTH, words));
    expect(alone.filter((r) => r.kind === 'report').length).toBe(4);
    const [y, m] = FUNNEL_MONTH.split('-').map(Number) as [number, number];
    const before = `${m === 1 ? y - 1 : y}-${String(m === 1 ? 12 : m - 1).padStart(2, '0')}`;
    const beforeAlone = await funnelReport(deps, before, []);
    const sent = off.pools.reads.dispatched;
    const [together, monthBefore] = await Promise.all([
      Promise.all(asked.map((words) => funnelReport(inWorker, FUNNEL_MONTH, words))),
      funnelReport(inWorker, before, []),
    ]);
    expect(together).toEqual(alone);
    expect(monthBefore).toEqual(beforeAlone);
    // The first ask went to the idle worker at once; the other four joined one task; the other month its own.
    expect(off.pools.reads.dispatched - sent).toBe(3);
  });
});

describe.each(DATABASES)('the daily KBI job’s reads in a worker on %s', (kind) => {
  it('equal the forecast and every rep’s KBI facts read on the server’s thread', async () => {
    const { env, workers } = await storeFor(kind);
    const deps: EngineDeps = { ...env.deps, clock: () => BENCH_EPOCH };
    await seedFunnel(deps, 1_000);
    // Claims in the fortnight before, some followed up, so the first indicator has opportunities to settle.
    await deps.store.transaction(async (tx) => {
      for (let i = 0; i < 60; i++) {
        const at = BENCH_EPOCH - (i + 1) * 5 * 3_600_000;
        await tx.events.append({
          type: 'lead.claimed',
          at,
          leadId: i + 1,
          actorId: repId(i % 12),
          by: repId(i % 12),
          via: 'market',
        });
        if (i % 3 === 0)
          await tx.events.append({
            type: 'lead.touched',
            at: at + 3_600_000,
            leadId: i + 1,
            actorId: repId(i % 12),
            by: repId(i % 12),
            kind: 'call',
            note: 'called',
          });
      }
    });
    const off = workers();
    // The job's deps, as src/runtime.ts gives the scheduler: reads in the batch worker, not the chat's.
    const inWorker: EngineDeps = { ...deps, reads: off.batchReads ?? undefined };
    const here = await forecastHere(deps);
    expect(here.pipeline.lines.length).toBeGreaterThan(0);
    expect(await forecastOffLoop(inWorker)).toEqual(here);
    const repIds = await deps.store.transaction(async (tx) =>
      (await kbiReps(tx, deps.rules)).map((p) => p.id),
    );
    const input = {
      repIds,
      fromDay: '2026-11-02',
      toDay: '2026-11-20',
      until: BENCH_EPOCH,
      zone: 'Asia/Shanghai',
    };
    const factsHere = await deps.store.transaction((tx) => kbiFacts(tx, deps, input));
    expect(factsHere.opportunities.length).toBeGreaterThan(0);
    expect(factsHere.rows.length).toBeGreaterThan(0);
    expect(await kbiOpportunitiesOffLoop(inWorker, input)).toEqual(factsHere.opportunities);
    // The daily job's snapshot asks for the forecast without its lines: the same sums, nothing per deal.
    expect(await forecastOffLoop(inWorker, { lines: false })).toEqual({
      ...here,
      pipeline: { ...here.pipeline, lines: [] },
    });
    expect(off.pools.batch.workers).toBe(1);
    expect(off.pools.reads.workers).toBe(0);
  }, 60_000);
});

describe.each(DATABASES)('the morning patrol’s reads in a worker on %s', (kind) => {
  it('list each team’s lines (and one rep’s) as read on the server’s thread', async () => {
    const { env, workers } = await storeFor(kind);
    const deps: EngineDeps = { ...env.deps, clock: () => BENCH_EPOCH };
    await seedFunnel(deps, 1_000);
    // Stalled deals (the generated ones are all past their limits), with their analysis tasks open.
    expect((await sweepDeals(deps, BENCH_EPOCH)).stalled).toBeGreaterThan(0);
    const off = workers();
    const inWorker: EngineDeps = { ...deps, reads: off.batchReads ?? undefined };
    const teams = await deps.store.transaction((tx) => tx.org.teams());
    for (const team of teams.slice(0, 3)) {
      const here = await teamFacts(deps, team, BENCH_EPOCH);
      expect(here.listed.filter((i) => i.kind === 'deal').length).toBeGreaterThan(0);
      expect(await teamFacts(inWorker, team, BENCH_EPOCH)).toEqual(here);
    }
    const rep = await teamFacts(deps, null, BENCH_EPOCH, repId(0));
    expect(rep.listed.length).toBeGreaterThan(0);
    expect(await teamFacts(inWorker, null, BENCH_EPOCH, repId(0))).toEqual(rep);
    expect(off.pools.batch.workers).toBe(1);
  }, 60_000);
});

describe('the read-only SQLite connection', () => {
  it('reads what the server committed and refuses to write', async () => {
    const env = testEnv();
    cleanups.push(() => env.close());
    await seedOrg(env, []);
    const reader = await openReadStore(`file:${env.dbPath}`);
    cleanups.push(() => reader.close());
    expect((await reader.transaction((tx) => tx.org.people())).map((p) => p.id)).toEqual(['boss']);
    await expect(reader.transaction((tx) => tx.settings.set('timezone', 'UTC'))).rejects.toThrow(/readonly/i);
    expect(await env.deps.store.transaction((tx) => tx.settings.get('timezone'))).toBe('Asia/Shanghai');
  });
});

describe('charts drawn in a worker', () => {
  it('gives the same PNG as drawing here, for a vega-lite and a vega chart', async () => {
    const off = offLoop({ databaseUrl: ':memory:' });
    expect(off.reads).toBeNull(); // an in-memory database has no second connection: reads stay here
    for (const chart of [distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN'), radarSpec(SAMPLE_RADAR, 'en')]) {
      const there = await renderChart(chart);
      const here = await renderChartHere(chart);
      expect(there.width).toBe(here.width);
      expect(Buffer.from(there.png).equals(Buffer.from(here.png))).toBe(true);
    }
    expect(off.pools.charts.workers).toBe(1);
  });

  it('refuses a spec that does not compile with the same ChartError as here', async () => {
    offLoop({ databaseUrl: ':memory:' });
    const bad: ChartSpec = { kind: 'vega-lite', spec: { mark: 'nonsense' } as never };
    const err = await renderChart(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChartError);
    expect(err).toMatchObject({ code: 'SPEC_INVALID' });
  });

  it('ends its workers on close, and charts are drawn here again', async () => {
    const off = startOffLoop({ databaseUrl: ':memory:' });
    await off.warm();
    expect(off.pools.charts.workers).toBe(1);
    expect(off.pools.reads.workers).toBe(0); // no second connection to an in-memory database: no read worker
    await renderChart(distributionSpec(SAMPLE_DISTRIBUTION, 'en'));
    expect(off.pools.charts.workers).toBe(1);
    await off.close();
    expect(off.pools.charts.workers).toBe(0);
    await expect(off.pools.charts.run({ kind: 'close' })).rejects.toMatchObject({ code: 'WORKERS_CLOSED' });
    const chart = await renderChart(distributionSpec(SAMPLE_DISTRIBUTION, 'en'));
    expect(chart.width).toBe(1280);
  });

  it('lets a process that used the workers end by itself once they are closed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/off-loop-child.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 60_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect({ code, err: code === 0 ? '' : err }).toEqual({ code: 0, err: '' });
    expect(out.trim()).toBe('drawn 1280 report 0');
  }, 90_000);
});

describe('a worker that crashes', () => {
  it('answers the chart command with a clear message in both languages, and the next one works', async () => {
    const env = testEnv({ start: '2026-11-10T02:00:00Z' });
    cleanups.push(() => env.close());
    await seedOrg(env, []);
    const flag = join(env.dir, 'crash');
    writeFileSync(flag, '');
    process.env.LEADLINE_TEST_CRASH_FLAG = flag;
    cleanups.push(() => {
      delete process.env.LEADLINE_TEST_CRASH_FLAG;
      return Promise.resolve();
    });
    const off = offLoop({
      databaseUrl: `file:${env.dbPath}`,
      entry: new URL('./fixtures/crashing-worker.ts', import.meta.url),
    });
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    const boss = (await env.deps.store.transaction((tx) => tx.org.people())).find((p) => p.id === 'boss');
    if (boss === undefined) throw new Error('no boss');
    const command = {
      verb: 'chart' as const,
      chart: 'distribution' as const,
      period: '2026-11',
      csv: false,
      scope: [],
    };

    const [en] = await chartCommandReplies(chat, boss, command, 'en');
    expect(en?.card.title).toBe(
      'The chart could not be drawn just now: the worker drawing it stopped. Nothing was changed.',
    );
    expect(en?.card.image).toBeUndefined();
    const [zh] = await chartCommandReplies(chat, boss, command, 'zh-CN');
    expect(zh?.card.title).toBe('图表暂时没能生成：负责绘图的后台进程中断了。没有任何数据被改动。');
    // A spec no other test drew: a chart drawn before would be handed out again without the worker.
    const unseen = { ...SAMPLE_DISTRIBUTION, month: '2001-01' };
    await expect(renderChart(distributionSpec(unseen, 'en'))).rejects.toBeInstanceOf(OffLoopError);

    rmSync(flag);
    const [after] = await chartCommandReplies(chat, boss, command, 'en');
    expect(after?.card.image?.png.length ?? 0).toBeGreaterThan(1000);
    expect(off.pools.charts.workers).toBe(1);

    // One crash only: the chart is drawn again in a fresh worker and the user never hears of it. (In Chinese: the
    // English chart was just drawn, and is handed out again without the worker.)
    writeFileSync(flag, 'once');
    const [retried] = await chartCommandReplies(chat, boss, command, 'zh-CN');
    expect(retried?.card.image?.png.length ?? 0).toBeGreaterThan(1000);
    expect(existsSync(flag)).toBe(false);
  }, 60_000);
});
