// The weekly manager digest (F30–F33), on SQLite and PostgreSQL: a team's month through the engine → on Monday at
// 09:00 (Shanghai) its manager gets the summary, the funnel and heat map, the radar overview (and the target board
// once targets exist), in their language; a director gets the whole organisation's; a team with nothing to show
// gets nothing; it goes once however often it runs, up to a day late, not when turned off; and it reaches the
// playground inbox through the outbox worker with its pictures.
import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { importTargets } from '../src/modules/kbi/use-cases/import-targets.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sendWeeklyDigest } from '../src/modules/analytics/use-cases/weekly-digest.ts';
import { playgroundInbox } from '../src/conversation/inbox.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { localeOf } from '../src/modules/i18n.ts';
import { noticeCard } from '../src/modules/notices.ts';
import type { Card } from '../src/kernel/card.ts';
import { startOffLoop } from '../src/workers/index.ts';
import { DATABASES, DAY, leadFields, person, seedOrg, testEnv, useTestEnv, type TestEnv } from './helpers.ts';

const MONDAY_0900 = '2026-11-23T01:00:00Z'; // Monday 09:00 in Shanghai

const TEAMS = [
  { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
  { id: 'east-2', name: '华东二组', managerId: 'mgr2', channels: {} },
];
const PEOPLE = [
  person('boss', { role: 'manager', name: '王强' }),
  person('ann', { role: 'manager', name: 'Ann', locale: 'en' }),
  person('alice', { name: '李敏' }),
  person('bob', { name: '张伟' }),
  person('mgr2', { role: 'manager', name: '周平', teamId: 'east-2' }),
  person('carol', { name: '陈静', teamId: 'east-2' }),
  person('dora', { role: 'director', name: '刘总', teamId: null }),
];

/**
 * Two B2B deals of east-1 created on Monday 11-09 that are still in 需求诊断 two weeks later (past its limit);
 * east-2 did nothing this month.
 */
async function history(env: TestEnv): Promise<void> {
  env.clock.set('2026-11-09T02:00:00Z');
  await seedOrg(env, [person('alice', { name: '李敏' }), person('bob', { name: '张伟' })]);
  for (let i = 0; i < 2; i++) {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    if (r.kind !== 'created' || r.lead.ownerId === null) throw new Error('expected a routed lead');
    const owner = r.lead.ownerId;
    await claimLead(env.deps, { personId: owner, leadId: r.lead.id });
    const d = await createDeal(env.deps, { personId: owner, leadId: r.lead.id, amount: 300_000 });
    if (d.kind !== 'created') throw new Error(`expected a deal, got ${d.kind}`);
    env.clock.advance(DAY / 24);
  }
  await seedOrg(env, [], { teams: TEAMS, people: PEOPLE });
}

/** The digest's queued notices, drawn as the outbox worker would for each reader (in their language). */
async function queued(env: TestEnv): Promise<Array<{ to: string; card: Card }>> {
  const { rows, people } = await env.deps.store.transaction(async (tx) => ({
    rows: await tx.outbox.list({ limit: 200 }),
    people: await tx.org.people(),
  }));
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const ctx = { lead: null, nameOf, timezone: 'Asia/Shanghai', rules: env.deps.rules };
  const out: Array<{ to: string; card: Card }> = [];
  for (const n of rows.filter((x) => x.template.startsWith('digest.'))) {
    const to = n.to.kind === 'person' ? n.to.id : '?';
    const locale = localeOf(people.find((p) => p.id === to)?.locale, 'zh-CN');
    out.push({ to, card: await noticeCard(n, ctx, locale) });
  }
  return out;
}

describe.each(DATABASES)('the weekly manager digest on %s', (kind) => {
  const current = useTestEnv(kind);

  it('sends each manager their team’s summary and charts, the director the org’s, once', async () => {
    const env = current();
    await history(env);
    env.clock.set(MONDAY_0900);
    const result = await sendWeeklyDigest(env.deps);
    expect(result).toMatchObject({ week: '2026-11-16', ran: true, readers: 3 });
    const all = await queued(env);
    expect(all).toHaveLength(result.cards);
    const of = (id: string) => all.filter((x) => x.to === id).map((x) => x.card);

    // east-2 had nothing to show: its manager gets nothing.
    expect(of('mgr2')).toEqual([]);

    const boss = of('boss');
    expect(boss.map((c) => c.title)).toEqual([
      '每周经营简报 11-16–11-22 · 华东一组',
      '销售漏斗 2026-11 · B2B设备销售 · 华东一组',
      '阶段停留天数（中位数）· B2B设备销售',
      '过程健康度 2026-11 · 华东一组',
    ]);
    const summary = boss[0];
    expect(summary?.level).toBe('yellow');
    const lines = summary?.body?.split('\n') ?? [];
    // Both deals entered 需求诊断 on Monday 11-09 at 10:00 and are still there on 11-23 at 09:00: 9 working days
    // each, 2 over its 7-day limit each, nobody said why.
    expect(lines.slice(0, 3)).toEqual([
      '• 漏斗（B2B设备销售）：「需求诊断」是瓶颈：停留中位数 9 个工作日，累计超时 4 天；100% 的延误来自“未说明原因”。',
      '• 过程雷达 2026-11：没有销售在任何一项上明显低于团队中位数。',
      '• 客户旅程 11-16–11-22：没有结单，也没有到期的协作请求。',
    ]);
    expect(lines.at(-1)).toMatch(/^图表见下/);
    // The charts are the ones the commands draw, each with its CSV button repeating its command.
    expect(boss[1]?.image?.png.length).toBeGreaterThan(1000);
    expect(boss[1]?.image?.reading).toBe(lines[0]?.replace('• 漏斗（B2B设备销售）：', ''));
    expect(boss[1]?.actions).toEqual([
      { id: 'chart.csv', label: 'Excel / CSV', value: 'funnel b2b east-1 2026-11' },
    ]);
    expect(boss[2]?.image?.png.length).toBeGreaterThan(1000);
    expect(boss[3]?.actions?.[0]?.value).toBe('radar east-1 2026-11');

    // The English-speaking manager of the same team reads it in English.
    const ann = of('ann');
    expect(ann.map((c) => c.title)).toEqual([
      'Weekly digest 11-16–11-22 · 华东一组',
      'Funnel 2026-11 · B2B equipment · 华东一组',
      'Days in stage (median) · B2B equipment',
      'Process health 2026-11 · 华东一组',
    ]);
    expect(ann[0]?.body).toContain('• Funnel, B2B equipment: ');

    // The director: the whole organisation, no team in the funnel's title.
    const dora = of('dora');
    expect(dora[0]?.title).toBe('每周经营简报 11-16–11-22 · 全部团队');
    expect(dora[1]?.title).toBe('销售漏斗 2026-11 · B2B设备销售');
    expect(dora[1]?.actions?.[0]?.value).toBe('funnel b2b 2026-11');

    // Once per week, however often (and from however many instances) it runs.
    expect(await sendWeeklyDigest(env.deps)).toEqual({
      week: '2026-11-16',
      ran: false,
      readers: 0,
      cards: 0,
    });
    const other = await env.openAnother();
    try {
      expect(await sendWeeklyDigest({ ...env.deps, store: other })).toMatchObject({ ran: false });
    } finally {
      await other.close();
    }
    expect(await queued(env)).toHaveLength(result.cards);
  });

  it('adds the target board once targets are set, as the manager would see it', async () => {
    const env = current();
    await history(env);
    env.clock.set(MONDAY_0900);
    const imported = await importTargets(env.deps, [
      { scope: 'team', scopeId: 'east-1', period: '2026-11', amountCents: 100_000_000 },
    ]);
    expect(imported.kind).toBe('imported');
    await sendWeeklyDigest(env.deps);
    const boss = (await queued(env)).filter((x) => x.to === 'boss').map((x) => x.card);
    expect(boss.at(-1)?.title).toBe('团队看板 · 2026-11 / 2026-Q4');
    expect(boss.at(-1)?.body).toContain('华东一组');
  });

  it('goes out at its time, up to a day late, and not when turned off', async () => {
    const env = current();
    await history(env);
    env.clock.set(Date.parse(MONDAY_0900) - 60_000); // 08:59: last week's moment is a week old
    expect(await sendWeeklyDigest(env.deps)).toEqual({ week: null, ran: false, readers: 0, cards: 0 });
    env.clock.set(Date.parse(MONDAY_0900) + DAY - 60_000); // Tuesday 08:59: the bot was down on Monday
    const off = { ...env.deps, rules: { ...env.deps.rules, deals: { ...env.deps.rules.deals } } };
    off.rules.deals.weeklyDigest = { ...off.rules.deals.weeklyDigest, enabled: false };
    expect(await sendWeeklyDigest(off)).toMatchObject({ week: null, ran: false });
    expect(await sendWeeklyDigest(env.deps)).toMatchObject({ week: '2026-11-16', ran: true, readers: 3 });
    env.clock.set(Date.parse(MONDAY_0900) + 8 * DAY); // the Tuesday after: more than a day late, skipped
    expect(await sendWeeklyDigest(env.deps)).toEqual({ week: null, ran: false, readers: 0, cards: 0 });
  });

  it('reaches the manager’s playground inbox through the outbox, pictures and all', async () => {
    const env = current();
    await history(env);
    env.clock.set(MONDAY_0900);
    const { cards } = await sendWeeklyDigest(env.deps);
    const deps = { engine: env.deps, defaultLocale: 'zh-CN' as const, deliverers: [playgroundDeliverer] };
    // One message per address at a time (so they arrive in order): round after round until all are out.
    let sent = 0;
    for (let round = 0; round < 50; round++) {
      const r = await deliverOutbox(deps, { now: env.clock() });
      expect(r.parked).toBe(0);
      sent += r.sent;
      if (r.dispatched + r.sent + r.retried === 0) break;
    }
    expect(sent).toBeGreaterThanOrEqual(cards);
    const inbox = await playgroundInbox({ engine: env.deps, defaultLocale: 'zh-CN' }, 'boss');
    // Newest first: the digest reads top to bottom as it was sent.
    const titles = (inbox ?? []).map((m) => m.card.title).reverse();
    const at = titles.indexOf('每周经营简报 11-16–11-22 · 华东一组');
    expect(titles.slice(at, at + 4)).toEqual([
      '每周经营简报 11-16–11-22 · 华东一组',
      '销售漏斗 2026-11 · B2B设备销售 · 华东一组',
      '阶段停留天数（中位数）· B2B设备销售',
      '过程健康度 2026-11 · 华东一组',
    ]);
    const funnel = (inbox ?? []).find((m) => m.card.title.startsWith('销售漏斗'));
    expect(funnel?.card.image?.png.length).toBeGreaterThan(1000);
    expect(funnel?.card.image?.reading).toMatch(/「需求诊断」是瓶颈/);
  });

  it('answers 简报 in the playground with the same digest as of now, for managers and directors only', async () => {
    const env = current();
    await history(env);
    env.clock.set(MONDAY_0900);
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const say = async (as: string, text: string) => {
        const res = await fetch(`${base}/playground/api/say`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ as, text }),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { replies: Array<{ title: string; body?: string }> }).replies;
      };
      // On Monday, the last seven days are last week: the same cards the morning's digest carries.
      expect((await say('boss', '简报')).map((r) => r.title)).toEqual([
        '每周经营简报 11-16–11-22 · 华东一组',
        '销售漏斗 2026-11 · B2B设备销售 · 华东一组',
        '阶段停留天数（中位数）· B2B设备销售',
        '过程健康度 2026-11 · 华东一组',
      ]);
      expect((await say('dora', '简报 华东一组'))[0]?.title).toBe('每周经营简报 11-16–11-22 · 华东一组');
      expect((await say('dora', 'digest'))[0]?.title).toBe('每周经营简报 11-16–11-22 · 全部团队');
      const empty = await say('mgr2', '简报');
      expect(empty).toHaveLength(1);
      expect(empty[0]?.body).toBe(
        '暂时没有可看的内容：本月还没有商机进入阶段，近七天没有结单，也还没有设定目标。',
      );
      expect((await say('dora', '简报 西北组'))[0]?.title).toBe('没有名为“西北组”的团队、销售或业务流程。');
      expect((await say('alice', '简报'))[0]?.title).toBe('图表仅对经理和管理员开放。');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the weekly manager digest when a read fails half-way (SQLite, its reads in a worker)', () => {
  it('sends nothing twice and takes the week up again on the next run, when the reads work again', async () => {
    const env = testEnv({ start: '2026-11-09T02:00:00Z' });
    const flag = join(env.dir, 'crash');
    process.env.LEADLINE_TEST_CRASH_FLAG = flag;
    const off = startOffLoop({
      databaseUrl: `file:${env.dbPath}`,
      entry: new URL('./fixtures/crashing-worker.ts', import.meta.url),
    });
    try {
      await history(env);
      env.clock.set(MONDAY_0900);
      const deps = { ...env.deps, reads: off.reads ?? undefined };
      // Every read in the worker ends the thread: the digest fails, is not marked done, and says so.
      writeFileSync(flag, '');
      await expect(sendWeeklyDigest(deps)).rejects.toThrow(/weekly digest for the week of 2026-11-16/);
      expect(await queued(env)).toEqual([]);
      // A minute later the reads work again: every reader gets the digest once, and then it is done.
      rmSync(flag);
      env.clock.advance(60_000);
      const sent = await sendWeeklyDigest(deps);
      expect(sent).toMatchObject({ week: '2026-11-16', ran: true });
      expect(sent.readers).toBeGreaterThan(0);
      const once = await queued(env);
      expect(once).toHaveLength(sent.cards);
      expect(await sendWeeklyDigest(deps)).toMatchObject({ ran: false, readers: 0 });
      expect(await queued(env)).toHaveLength(sent.cards);
    } finally {
      delete process.env.LEADLINE_TEST_CRASH_FLAG;
      await off.close();
      await env.close();
    }
  }, 60_000);
});
