// F32 journey completeness end to end, on SQLite and PostgreSQL: deals won and lost through the engine, a
// cross-team request answered and one left unanswered, health flags → the figures, the `旅程` chart in the
// playground over HTTP (with its reading and CSV), and the Monday note to the manager, sent once.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { addEvidence } from '../src/modules/deals/use-cases/add-evidence.ts';
import { advanceDeal } from '../src/modules/deals/use-cases/advance-deal.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { answerRequest, askTeam } from '../src/modules/deals/use-cases/team-requests.ts';
import { setHealth } from '../src/modules/deals/use-cases/customer-health.ts';
import { journeyReport } from '../src/modules/analytics/use-cases/journey-report.ts';
import { sendWeeklyDigest } from '../src/modules/analytics/use-cases/weekly-digest.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { closeLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { createApp } from '../src/http/app.ts';
import type { Card } from '../src/kernel/card.ts';
import { noticeCard } from '../src/modules/notices.ts';
import type { StoredNotice } from '../src/modules/ports.ts';
import { DATABASES, HOUR, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

interface Reply {
  title: string;
  body?: string;
  image?: { src: string; alt: string; reading?: string };
  file?: { name: string; href: string };
  actions?: Array<{ id: string; label: string; value: string }>;
}

const SKIP = '客户当天直接到店';
let env: TestEnv;

async function localDeal(): Promise<{ id: number; owner: string }> {
  const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
  if (r.kind !== 'created' || r.lead.ownerId === null) throw new Error('expected a routed lead');
  const owner = r.lead.ownerId;
  await claimLead(env.deps, { personId: owner, leadId: r.lead.id });
  const d = await createDeal(env.deps, {
    personId: owner,
    leadId: r.lead.id,
    amount: 20_000,
    pipeline: 'local',
  });
  if (d.kind !== 'created') throw new Error(`expected a deal, got ${d.kind}`);
  return { id: d.deal.id, owner };
}

const note = (personId: string, dealId: number) =>
  addEvidence(env.deps, { personId, dealId, requirement: null, kind: 'note', text: '已记录' });

/**
 * Three deals on the local-services pipeline (needs → 服务前确认, contract → 预约锁定), closed in the week of
 * 2026-11-09: A won skipping 服务前确认 (1 of 2 nodes), B lost after both nodes, flagged and recovered — the
 * flag proved right, C won skipping while still red (1 of 2, a false alarm). A request on A answered in time, one
 * on C never answered. Figures: nodes 4/6, requests 1/2, flags 1/2.
 */
async function history(): Promise<{ a: number; b: number; c: number }> {
  const A = await localDeal();
  const B = await localDeal();
  const C = await localDeal();
  for (const d of [A, B, C]) await note(d.owner, d.id);
  const ask = await askTeam(env.deps, {
    personId: A.owner,
    dealId: A.id,
    who: 'pat',
    text: '上门时间能否提前?',
  });
  const askC = await askTeam(env.deps, { personId: C.owner, dealId: C.id, who: 'pat', text: '能否加急?' });
  if (ask.kind !== 'asked' || askC.kind !== 'asked') throw new Error('expected requests');
  env.clock.advance(2 * HOUR);
  expect((await answerRequest(env.deps, { personId: 'pat', taskId: ask.task.id, text: '可以' })).kind).toBe(
    'answered',
  );
  expect(
    (await advanceDeal(env.deps, { personId: A.owner, dealId: A.id, target: 'reviewed', reason: SKIP })).kind,
  ).toBe('advanced');
  // The last stage's own evidence (the review invitation) wins it (issue 25).
  expect(await note(A.owner, A.id)).toMatchObject({ won: true });
  await advanceDeal(env.deps, { personId: B.owner, dealId: B.id, target: null, reason: '' });
  await note(B.owner, B.id);
  await setHealth(env.deps, {
    personId: 'boss',
    dealId: B.id,
    health: 'yellow',
    evidence: '客户说预算要再考虑',
  });
  await setHealth(env.deps, {
    personId: 'boss',
    dealId: B.id,
    health: 'green',
    evidence: '回访确认预算已批',
  });
  await setHealth(env.deps, { personId: 'boss', dealId: C.id, health: 'red', evidence: '竞品报价更低' });
  env.clock.advance(HOUR);
  expect(
    (await advanceDeal(env.deps, { personId: C.owner, dealId: C.id, target: 'reviewed', reason: SKIP })).kind,
  ).toBe('advanced');
  expect(await note(C.owner, C.id)).toMatchObject({ won: true });
  const b = await env.deps.store.transaction((tx) => tx.deals.get(B.id));
  expect((await closeLead(env.deps, { leadId: b!.leadId, outcome: 'lost', actorId: B.owner })).kind).toBe(
    'closed',
  );
  // Past C's request's 48 h.
  env.clock.advance(50 * HOUR);
  return { a: A.id, b: B.id, c: C.id };
}

describe.each(DATABASES)('journey completeness on %s', (kind) => {
  const current = useTestEnv(kind);
  let server: Server | null = null;
  let base = '';

  beforeEach(async () => {
    env = current();
    // Tuesday 2026-11-10 10:00 in Shanghai.
    env.clock.set(Date.parse('2026-11-10T02:00:00Z'));
    await seedOrg(
      env,
      [
        person('alice', { name: '李敏' }),
        person('bob', { name: '张伟' }),
        person('pat', { name: '赵工', role: 'presales', teamId: 'presales' }),
      ],
      {
        teams: [
          { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
          { id: 'presales', name: '售前组', managerId: 'boss', channels: {} },
        ],
      },
    );
  });

  afterEach(async () => {
    if (server !== null) await new Promise((resolve) => server?.close(resolve));
    server = null;
  });

  it('computes the three figures, the weakest node and why it was missed', async () => {
    const ids = await history();
    const r = await journeyReport(
      env.deps,
      Date.parse('2026-11-01T00:00:00+08:00'),
      Date.parse('2026-12-01T00:00:00+08:00'),
    );
    if (r.kind !== 'report') throw new Error('expected a report');
    const { summary } = r.report;
    expect(r.report.deals.map((d) => [d.dealId, d.outcome, d.captured])).toEqual([
      [ids.a, 'won', ['contract']],
      [ids.b, 'lost', ['needs', 'contract']],
      [ids.c, 'won', ['contract']],
    ]);
    expect(summary.nodes).toMatchObject({ hit: 4, of: 6 });
    expect(summary.sla).toMatchObject({ hit: 1, of: 2 });
    expect(summary.riskFlags).toMatchObject({ hit: 1, of: 2 });
    expect(summary.below).toEqual(['nodes', 'sla', 'riskFlags']);
    expect(r.report.weakest).toMatchObject({ node: 'needs', hit: 1, of: 3 });
    expect(r.report.weakestReasons).toEqual([{ reason: SKIP, deals: 2 }]);

    // The report reads its deals in one go (deals.some): each as `get` reads it, an unknown id left out.
    const some = await env.deps.store.transaction((tx) => tx.deals.some([ids.c, 999_999, ids.a]));
    expect([...some.keys()]).toEqual(expect.arrayContaining([ids.a, ids.c]));
    expect(some.size).toBe(2);
    expect(some.get(ids.c)).toEqual(await env.deps.store.transaction((tx) => tx.deals.get(ids.c)));
    // A team that is not the deals' owners' sees none of it.
    const presales = await journeyReport(env.deps, 0, Date.parse('2026-12-01T00:00:00+08:00'), ['presales']);
    expect(presales.kind === 'report' && presales.report.deals).toEqual([]);
  });

  it('answers 旅程 in the playground with the chart, its reading and the CSV behind it', async () => {
    await history();
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server?.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (path: string, body: object): Promise<Reply[]> => {
      const res = await fetch(`${base}/playground/api/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: Reply[] }).replies;
    };

    const [card] = await post('say', { as: 'boss', text: '旅程 2026-11' });
    expect(card?.title).toBe('客户旅程完整性 2026-11');
    const png = Buffer.from((card?.image?.src ?? '').split(',')[1] ?? '', 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(card?.image?.reading).toBe(
      `2026-11：关键节点覆盖 67%（达标线 80%），协作按时 50%（达标线 92%），风险标记准确 50%（达标线 75%）；最弱节点「需求确认」：3 单中 1 单留痕，主因“${SKIP}”（2 单）。`,
    );
    expect(card?.actions).toEqual([{ id: 'chart.csv', label: 'Excel / CSV', value: 'journey 2026-11' }]);

    const [csv] = await post('click', { as: 'boss', actionId: 'chart.csv', value: 'journey 2026-11' });
    expect(csv?.file?.name).toBe('journey-2026-11.csv');
    const text = Buffer.from((csv?.file?.href ?? '').split(',')[1] ?? '', 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF行,达成,总数,占比 %,目标 %')).toBe(true);
    expect(text).toContain('\r\n节点,4,6,66.7,80,');
    expect(text).toMatch(/\r\ndeal:D\d+,1,2,50,,(李敏|张伟),local,赢单,2026-11-10,needs,误报/);

    // A rep gets no chart comparing colleagues.
    const [refused] = await post('say', { as: 'alice', text: '旅程' });
    expect(refused?.title).toBe('图表仅对经理和管理员开放。');
  });

  it('puts last week under target into the Monday digest to the manager, once however often it runs', async () => {
    // The digest's notices as the outbox worker draws them for the manager (in Chinese).
    const drawn = async (rows: readonly StoredNotice[]) => {
      const ctx = {
        lead: null,
        nameOf: (id: string) => id,
        timezone: 'Asia/Shanghai',
        rules: env.deps.rules,
      };
      const out: Card[] = [];
      for (const n of rows) out.push(await noticeCard(n, ctx, 'zh-CN'));
      return out;
    };
    await history();
    env.clock.set(Date.parse('2026-11-16T01:00:00Z')); // Monday 09:00 in Shanghai
    const first = await sendWeeklyDigest(env.deps);
    expect(first).toMatchObject({ week: '2026-11-09', ran: true, readers: 1 });
    expect(await sendWeeklyDigest(env.deps)).toEqual({
      week: '2026-11-09',
      ran: false,
      readers: 0,
      cards: 0,
    });
    const rows = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 100 }));
    const notes = rows.filter((n) => n.template.startsWith('digest.'));
    expect(notes).toHaveLength(first.cards);
    expect(new Set(notes.map((n) => JSON.stringify(n.to)))).toEqual(
      new Set([JSON.stringify({ kind: 'person', id: 'boss' })]),
    );
    const cards = await drawn(notes);
    expect(cards[0]?.title).toBe('每周经营简报 11-09–11-15 · 华东一组');
    expect(cards[0]?.body).toContain('• 客户旅程（上周）：11-09–11-15：关键节点覆盖 67%');
    const card = cards.find((c) => c.title.startsWith('上周未达标'));
    expect(card?.title).toBe('上周未达标 · 客户旅程完整性 11-09–11-15 · 华东一组');
    expect(card?.image?.reading).toMatch(/^11-09–11-15：关键节点覆盖 67%/);
    expect(card?.image?.png.length).toBeGreaterThan(1000);

    // The week after: nothing closed, so no journey chart; the month's funnel still goes.
    env.clock.set(Date.parse('2026-11-23T01:00:00Z'));
    const next = await sendWeeklyDigest(env.deps);
    expect(next).toMatchObject({ week: '2026-11-16', ran: true, readers: 1 });
    const later = await drawn(
      (await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 100 })))
        .filter((n) => n.template.startsWith('digest.'))
        .slice(notes.length),
    );
    expect(later[0]?.body).toContain('• 客户旅程 11-16–11-22：没有结单，也没有到期的协作请求。');
    expect(later.some((c) => c.title.includes('客户旅程完整性'))).toBe(false);
  });
});
