// F31 end to end, on SQLite and PostgreSQL: two reps' month through the engine (stage stays, evidence, follow-ups)
// and the daily evaluation's storage (KBI days, warnings) → the team radar; `雷达 @alice` in the playground draws
// alice's chart with her red areas named and what to do; a rep sees only their own.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { addEvidence } from '../src/modules/deals/use-cases/add-evidence.ts';
import { advanceDeal } from '../src/modules/deals/use-cases/advance-deal.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { radarReport } from '../src/modules/analytics/use-cases/radar-report.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { closeLead, touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { createApp } from '../src/http/app.ts';
import { DATABASES, DAY, HOUR, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

interface Reply {
  title: string;
  body?: string;
  image?: { src: string; reading?: string };
  actions?: Array<{ id: string; value: string }>;
}

let env: TestEnv;

/** A lead routed to `personId` (the other rep out of office meanwhile) and claimed by them. */
async function claimedBy(personId: 'alice' | 'bob'): Promise<number> {
  await seedOrg(env, [
    person('alice', { name: '李敏', outOfOffice: personId !== 'alice' }),
    person('bob', { name: '张伟', outOfOffice: personId !== 'bob' }),
  ]);
  const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
  if (r.kind !== 'created' || r.lead.ownerId !== personId)
    throw new Error('expected a lead offered to ' + personId);
  const c = await claimLead(env.deps, { personId, leadId: r.lead.id });
  if (c.kind !== 'claimed') throw new Error(`expected a claim, got ${c.kind}`);
  return r.lead.id;
}

/**
 * November 2026 (Monday 11-02 on). alice: a retail deal left 进店登记 with its need tags in 1 day, then jumped
 * 试穿/体验 (no photo) — evidence 1 of 2; a second deal stays in 进店登记 past its 2-day limit — stages 1 of 2; her
 * lead followed up 30 h after claiming (late); KBIs 1 of 4; two warnings, one acknowledged in an hour, one never.
 * bob: one deal through 进店登记 on time with its evidence, leads followed up within the hour, KBIs 4 of 4.
 */
async function month(): Promise<{ b1: number }> {
  const a1 = await claimedBy('alice');
  const a2 = await claimedBy('alice');
  const b1 = await claimedBy('bob');
  await seedOrg(env, [person('alice', { name: '李敏' }), person('bob', { name: '张伟' })]);
  const deal = async (personId: string, leadId: number) => {
    const d = await createDeal(env.deps, { personId, leadId, amount: 5_000, pipeline: 'retail' });
    if (d.kind !== 'created') throw new Error(`expected a deal, got ${d.kind}`);
    return d.deal.id;
  };
  const note = (personId: string, dealId: number) =>
    addEvidence(env.deps, { personId, dealId, requirement: null, kind: 'note', text: '需求:运动鞋' });
  env.clock.advance(HOUR / 2);
  await touchLead(env.deps, { personId: 'bob', leadId: b1, kind: 'call', note: '已联系' });
  const da = await deal('alice', a1);
  const db = await deal('bob', b1);
  await deal('alice', a2);
  env.clock.advance(DAY);
  await note('alice', da);
  await note('bob', db);
  expect(
    (await advanceDeal(env.deps, { personId: 'alice', dealId: da, target: 'followUp', reason: '客户不试穿' }))
      .kind,
  ).toBe('advanced');
  expect((await advanceDeal(env.deps, { personId: 'bob', dealId: db, target: null, reason: '' })).kind).toBe(
    'advanced',
  );
  env.clock.advance(6 * HOUR); // 30.5 h after alice's claims
  await touchLead(env.deps, { personId: 'alice', leadId: a1, kind: 'call', note: '已联系' });
  await touchLead(env.deps, { personId: 'alice', leadId: a2, kind: 'call', note: '已联系' });
  env.clock.advance(5 * DAY); // a2's deal now 6 working days in a 2-day stage
  const sent = env.clock();
  await env.deps.store.transaction(async (tx) => {
    const day = (repId: string, d: string, met: number, due: number) =>
      tx.kbi.recordDay({ repId, day: d, byKbi: {}, due, met, rate: met / due, misses: [] }, sent);
    await day('alice', '2026-11-03', 1, 2);
    await day('alice', '2026-11-04', 0, 2);
    await day('bob', '2026-11-03', 2, 2);
    await day('bob', '2026-11-04', 2, 2);
    const warn = (d: string) =>
      tx.kbi.addWarning({
        repId: 'alice',
        day: d,
        tier: 'green',
        managerId: null,
        reason: { code: 'KBI_RATE_LOW', tier: 'green', below: 0.8, days: 1, run: [{ day: d, rate: 0.5 }] },
        deviations: [],
        todo: [],
        reviewMinutes: null,
        sentAt: sent - 3 * DAY,
      });
    const first = await warn('2026-11-03');
    await warn('2026-11-04');
    await tx.kbi.acknowledge(first, 'rep', sent - 3 * DAY + HOUR);
  });
  return { b1 };
}

describe.each(DATABASES)('rep process health on %s', (kind) => {
  const current = useTestEnv(kind);
  let server: Server | null = null;

  beforeEach(async () => {
    env = current();
    env.clock.set(Date.parse('2026-11-02T02:00:00Z')); // Monday 10:00 in Shanghai
    await seedOrg(env, [person('alice', { name: '李敏' }), person('bob', { name: '张伟' })]);
  });

  afterEach(async () => {
    if (server !== null) await new Promise((resolve) => server?.close(resolve));
    server = null;
  });

  it('puts each rep’s five measures against the team median and names the red areas', async () => {
    await month();
    const boss = await env.deps.store.transaction((tx) => tx.org.person('boss'));
    const r = await radarReport(env.deps, '2026-11', boss!, null);
    if (r.kind !== 'report') throw new Error('expected a report');
    const row = (id: string) => r.report.radar.rows.find((x) => x.repId === id)?.values;
    expect(row('alice')).toEqual({
      stageCompletion: 50,
      evidence: 50,
      warningResponse: 50,
      kbi: 25,
      firstFollowUp: 0,
    });
    expect(row('bob')).toMatchObject({
      stageCompletion: 100,
      evidence: 100,
      warningResponse: null,
      kbi: 100,
    });
    expect(row('bob')?.firstFollowUp).toBe(100);
    expect(r.report.red.alice).toEqual(['firstFollowUp', 'kbi', 'stageCompletion', 'evidence']);
    expect(r.report.red.bob).toEqual([]);
  });

  it('draws alice’s radar for her manager with the red areas and the next steps; a rep sees only their own', async () => {
    await month();
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server?.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const say = async (as: string, text: string): Promise<Reply[]> => {
      const res = await fetch(`${base}/playground/api/say`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as, text }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: Reply[] }).replies;
    };

    const [chart] = await say('boss', '雷达 @alice 2026-11');
    expect(chart?.title).toBe('过程健康度：李敏');
    const png = Buffer.from((chart?.image?.src ?? '').split(',')[1] ?? '', 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(chart?.image?.reading).toMatch(/^李敏 2026-11：首次跟进及时 0（团队 50）：新线索等待过久/);
    expect(chart?.image?.reading).toContain('KBI 达成 25（团队 63）');
    expect(chart?.actions).toEqual([
      expect.objectContaining({ id: 'chart.csv', value: 'radar @alice 2026-11' }),
    ]);

    const [team] = await say('boss', 'radar 2026-11');
    expect(team?.title).toBe('过程健康度 2026-11 · 华东一组');
    expect(team?.body).toContain('李敏：首次跟进及时 · KBI 达成 · 阶段按时完成 · 证据完整度');
    expect(team?.body).not.toContain('张伟');

    // bob asks for alice's: he gets his own.
    const [own] = await say('bob', '雷达 @alice');
    expect(own?.title).toBe('过程健康度：张伟');
  });

  it('relates KBI execution to conversion (F27) once enough reps have both, and says why not before', async () => {
    const { b1 } = await month();
    expect((await closeLead(env.deps, { leadId: b1, outcome: 'won', actorId: 'bob' })).kind).toBe('closed');
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server?.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const say = async (text: string): Promise<Reply[]> => {
      const res = await fetch(`${base}/playground/api/say`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as: 'boss', text }),
      });
      return ((await res.json()) as { replies: Reply[] }).replies;
    };
    // Two reps with both figures; the default asks for 5.
    const [few] = await say('归因 2026-11');
    expect(few?.body).toBe(
      '本月数据不足，无法分析 KBI 执行与转化率的关系：2 名销售两项数据齐全，至少需要 5 名。等更多销售有了 KBI 记录和关单后再查看（最低人数由管理员在规则文件中设置：kbi.attribution.minSample）。',
    );
    env.deps.rules = { ...env.deps.rules, kbi: { ...env.deps.rules.kbi, attribution: { minSample: 2 } } };
    // alice 25 % on time, 0 of 2 won; bob 100 %, 1 of 1: +100 points over +75 → +13.3 per 10.
    const [chart] = await say('attribution 2026-11');
    expect(chart?.title).toBe('KBI 执行与转化率 2026-11');
    expect(chart?.image?.reading).toBe('KBI 按时率每提高 10%，转化率约变化 +13.3 个百分点（共 2 名销售）。');
  });
});
