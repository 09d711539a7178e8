// Customer tiers (F24, issue 24 item 7) on both databases: tiers from the last 12 months' won deals stored with
// their reason, daily and on a won deal; a B customer's repurchase reminder exactly once per quarter; a new C
// customer's product pack; the A customers' deep-visit shortfall on the board and in `tiers` / `客户分级`.
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, type ChatDeps } from '../src/conversation/conversation.ts';
import type { Person } from '../src/kernel/types.ts';
import { runDailyTiers } from '../src/modules/customers/use-cases/recompute-tiers.ts';
import { winDeal } from '../src/modules/deals/use-cases/advance-deal.ts';
import type { Deal } from '../src/modules/deals/rules/deals.ts';
import { checkIn } from '../src/modules/reports/use-cases/check-in.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { noticeCard } from '../src/modules/notices.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import type { OutboxRow } from '../src/modules/ports.ts';
import { DATABASES, leadFields, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

let env: TestEnv;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

/** A won deal of `customer` for `ownerId`, its lead won too (as winning one leaves it). */
async function wonDeal(ownerId: string, customer: string, amount: number, closedIso: string): Promise<Deal> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: customer }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  return env.deps.store.transaction(async (tx) => {
    await tx.leads.update(r.lead.id, { status: r.lead.status }, { status: 'won', ownerId, closedAt: at(closedIso) }, at(closedIso));
    const fields: Omit<Deal, 'id'> = {
      leadId: r.lead.id,
      customer,
      amount,
      yearlyValue: amount,
      tier: 'B',
      pipeline: 'b2b',
      stage: 'signed',
      stageEnteredAt: at(closedIso),
      stageDueAt: at(closedIso),
      ownerId,
      status: 'won',
      expectedCloseAt: null,
      expectedCloseSource: null,
      doubtful: false,
      health: 'green',
      stallAlertedAt: null,
      createdAt: at(closedIso),
      closedAt: at(closedIso),
    };
    return { id: await tx.deals.insert(fields), ...fields };
  });
}

const outbox = (template: string): Promise<OutboxRow[]> =>
  env.deps.store.transaction(async (tx) =>
    (await tx.outbox.list({ limit: 500 })).filter((n) => n.template === template),
  );

describe.each(DATABASES)('customer tiers on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    env.clock.set(at('2026-11-02T09:00'));
    await seedOrg(env, [person('alice', { name: 'Alice' }), person('bob', { name: 'Bob', locale: 'en' })]);
    await wonDeal('alice', '协和医院', 300_000, '2026-03-10T15:00');
    await wonDeal('alice', '协和医院', 260_000, '2026-10-20T15:00'); // 56万 in 12 months → A
    await wonDeal('bob', '职教中心', 230_000, '2026-09-01T11:00'); // B
    await wonDeal('bob', '老客户', 800_000, '2025-10-01T11:00'); // 13 months ago: outside the window
    await wonDeal('bob', '小卖部', 30_000, '2026-05-01T11:00'); // C for months: no pack on the first run
  });

  it('stores each customer’s tier with its reason once a day, from the recompute time on', async () => {
    env.clock.set(at('2026-12-07T05:30'));
    expect(await runDailyTiers(env.deps)).toBeNull(); // before 06:00
    env.clock.set(at('2026-12-07T06:05'));
    expect(await runDailyTiers(env.deps)).toEqual({
      day: '2026-12-07',
      saved: 3,
      changed: 3,
      productPacks: 0,
      reminders: 1,
    });
    expect(await runDailyTiers(env.deps)).toBeNull(); // the day's run is taken
    const rows = await env.deps.store.transaction((tx) => tx.customers.all());
    expect(rows.map((r) => [r.customer, r.tier, r.ownerId, r.yearlyValue])).toEqual([
      ['协和医院', 'A', 'alice', 560_000],
      ['小卖部', 'C', 'bob', 30_000],
      ['职教中心', 'B', 'bob', 230_000],
    ]);
    expect(rows[0]?.reason).toEqual({
      code: 'YEARLY_VALUE',
      value: 560_000,
      deals: 2,
      a: 500_000,
      b: 100_000,
      from: at('2025-12-07T06:05'),
      to: at('2026-12-07T06:05'),
    });
  });

  it('reminds a B customer’s rep of the repurchase exactly once per quarter', async () => {
    for (const iso of ['2026-12-07T06:05', '2026-12-08T06:05', '2026-12-31T23:00', '2027-01-04T06:05']) {
      env.clock.set(at(iso));
      await runDailyTiers(env.deps);
      await runDailyTiers(env.deps); // a second instance's minute tick
    }
    const reminders = await outbox('customers.repurchase');
    expect(reminders.map((n) => [n.to, n.data.customer, n.data.quarter])).toEqual([
      [{ kind: 'person', id: 'bob' }, '职教中心', '2026-Q4'],
      [{ kind: 'person', id: 'bob' }, '职教中心', '2027-Q1'],
    ]);
    const ctx = { lead: null, nameOf: (id: string) => id, timezone: zone, rules: env.deps.rules };
    const zh = await noticeCard(reminders[0] as OutboxRow, ctx, 'zh-CN');
    expect(zh.title).toBe('复购提醒 · 职教中心（B 类）');
    expect(zh.body).toContain('近 12 个月在我们这里采购了 ¥230,000');
    const en = await noticeCard(reminders[0] as OutboxRow, ctx, 'en');
    expect(en.body).toContain('This quarter (2026-Q4), ask whether they need to reorder.');
  });

  it('re-tiers the customer of a won deal at once, and offers a new C customer’s rep the product pack', async () => {
    env.clock.set(at('2026-12-07T06:05'));
    await runDailyTiers(env.deps);
    env.clock.set(at('2026-12-07T14:00'));
    const small = await wonDeal('alice', '街角便利店', 20_000, '2026-12-07T14:00');
    await env.deps.store.transaction((tx) => winDeal(tx, env.deps, small, 'alice', at('2026-12-07T14:00')));
    const row = await env.deps.store.transaction((tx) => tx.customers.get('街角便利店'));
    expect([row?.tier, row?.yearlyValue, row?.reason.value]).toEqual(['C', 20_000, 20_000]);
    const packs = await outbox('customers.product_pack');
    expect(packs.map((n) => [n.to, n.data.customer])).toEqual([
      [{ kind: 'person', id: 'alice' }, '街角便利店'],
    ]);
    const ctx = { lead: null, nameOf: (id: string) => id, timezone: zone, rules: env.deps.rules };
    const zh = await noticeCard(packs[0] as OutboxRow, ctx, 'zh-CN');
    expect(zh.body).toContain(`> ${env.deps.rules.customers.productPack['zh-CN']}`);
    const en = await noticeCard(packs[0] as OutboxRow, ctx, 'en');
    expect(en.body).toContain(`> ${env.deps.rules.customers.productPack.en}`);
    // The next daily run finds it C already: no second pack.
    env.clock.set(at('2026-12-08T06:05'));
    await runDailyTiers(env.deps);
    expect(await outbox('customers.product_pack')).toHaveLength(1);
  });

  it('shows the A quota shortfall on the board and in `tiers` / `客户分级`, counting only visits with proof', async () => {
    env.clock.set(at('2026-12-07T06:05'));
    await runDailyTiers(env.deps);
    const lead = (await env.deps.store.transaction((tx) => tx.customers.get('协和医院')))?.leadIds.at(-1);
    // A check-in at the won customer is a deep visit; a visit logged without proof is not.
    env.clock.set(at('2026-12-03T10:00'));
    expect(
      (
        await checkIn(env.deps, {
          personId: 'alice',
          leadId: lead as number,
          place: { lat: 39.91, lng: 116.41, datum: 'GCJ02' },
        })
      ).kind,
    ).toBe('checked_in');
    env.clock.set(at('2026-12-04T10:00'));
    expect(
      (await touchLead(env.deps, { personId: 'alice', leadId: lead as number, kind: 'visit', note: '' }))
        .kind,
    ).toBe('touched');
    env.clock.set(at('2026-12-07T10:00'));
    const chat: ChatDeps = { engine: env.deps, defaultLocale: 'zh-CN' };
    const people = await env.deps.store.transaction((tx) => tx.org.people());
    const who = (id: string) => people.find((p) => p.id === id) as Person;
    const [board] = await handleInbound(chat, who('boss'), { kind: 'command', text: '团队看板' });
    expect(board?.card.body).toMatch(/协和医院.*Alice.*1\/2/);
    const [zh] = await handleInbound(chat, who('alice'), { kind: 'command', text: '客户分级' });
    expect(zh?.card.title).toBe('我的客户分级');
    expect(zh?.card.level).toBe('yellow');
    expect(zh?.card.body).toContain('• 协和医院：¥560,000 · 2026-12 深度拜访 1/2，⚠ 还差 1 次');
    expect(zh?.card.body).not.toContain('职教中心'); // Bob's
    const [en] = await handleInbound({ ...chat, defaultLocale: 'en' }, who('bob'), {
      kind: 'command',
      text: 'tiers',
    });
    expect(en?.card.body).toContain('B (¥100,000–¥500,000): 1\n• 职教中心: ¥230,000');
    // A second check-in day fills Alice's quota.
    await checkIn(env.deps, {
      personId: 'alice',
      leadId: lead as number,
      place: { lat: 39.91, lng: 116.41, datum: 'GCJ02' },
    });
    const [met] = await handleInbound(chat, who('alice'), { kind: 'command', text: '客户分级' });
    expect(met?.card.body).toContain('2026-12 深度拜访 2/2 ✓');
    expect(met?.card.level).toBe('green');
  });
});
