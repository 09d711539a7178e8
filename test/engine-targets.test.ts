// Targets and the team board (F24) on both databases: a team 16 % behind the pace of the month is red, a rep
// 12.5 % behind yellow, a region exactly on pace green; the A/B/C split, the process share of a rep's score,
// A customers short of their deep visits (a visit with a check-in); reps see their own rows only.
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, type ChatDeps } from '../src/conversation/conversation.ts';
import type { Tier } from '../src/modules/deals/rules/deals.ts';
import { importTargets } from '../src/modules/kbi/use-cases/import-targets.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { teamBoard } from '../src/modules/kbi/use-cases/team-board.ts';
import { runDailyTiers } from '../src/modules/customers/use-cases/recompute-tiers.ts';
import type { Person } from '../src/kernel/types.ts';
import { DATABASES, leadFields, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

let env: TestEnv;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
// Monday 23 November 2026: 15 of November's 21 working days are gone.
const NOW = '2026-11-23T10:00';

async function deal(
  ownerId: string,
  amount: number,
  tier: Tier,
  status: 'won' | 'open',
  closedIso: string | null,
  region = '华东',
): Promise<{ dealId: number; leadId: number }> {
  const r = await submitLead(env.deps, {
    fields: leadFields({ region, company: `客户${amount}` }),
    via: 'api',
  });
  if (r.kind !== 'created') throw new Error('expected a lead');
  const leadId = r.lead.id;
  const dealId = await env.deps.store.transaction((tx) =>
    tx.deals.insert({
      leadId,
      customer: `客户${amount}`,
      amount,
      yearlyValue: amount,
      tier,
      pipeline: 'b2b',
      stage: status === 'won' ? 'signed' : 'quote',
      stageEnteredAt: at('2026-11-02T10:00'),
      stageDueAt: at('2026-12-30T10:00'),
      ownerId,
      status,
      expectedCloseAt: null,
      expectedCloseSource: null,
      doubtful: false,
      health: 'green',
      stallAlertedAt: null,
      createdAt: at('2026-11-02T10:00'),
      closedAt: closedIso === null ? null : at(closedIso),
    }),
  );
  return { dealId, leadId };
}

describe.each(DATABASES)('targets and the team board on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    env.clock.set(at('2026-11-02T09:00'));
    await seedOrg(env, [person('alice', { name: 'Alice' }), person('bob', { name: 'Bob' })]);
    expect(
      await importTargets(env.deps, [
        { scope: 'team', scopeId: 'east-1', period: '2026-11', amountCents: 100_000_000 },
        { scope: 'team', scopeId: 'east-1', period: '2026-Q4', amountCents: 300_000_000 },
        { scope: 'rep', scopeId: 'alice', period: '2026-11', amountCents: 40_000_000 },
        { scope: 'rep', scopeId: 'bob', period: '2026-11', amountCents: 40_000_000 },
        { scope: 'region', scopeId: '华东', period: '2026-11', amountCents: 84_000_000 },
      ]),
    ).toEqual({ kind: 'imported', created: 5, updated: 0, unchanged: 0 });
    await deal('alice', 350_000, 'A', 'won', '2026-11-10T15:00');
    await deal('bob', 250_000, 'B', 'won', '2026-11-20T11:00');
    await deal('bob', 999_000, 'A', 'won', '2026-10-30T11:00'); // October: the quarter only
    env.clock.set(at(NOW));
  });

  it('reports progress against the pace: 16 % behind is red, 12.5 % yellow, on pace green', async () => {
    const board = await teamBoard(env.deps, 'boss');
    expect(board?.periods.map((p) => [p.period.key, p.pace.elapsedDays, p.pace.totalDays])).toEqual([
      ['2026-11', 15, 21],
      ['2026-Q4', 37, 66], // October 22 + November 15 of 22 + 21 + 23
    ]);
    const rows = board?.rows.map((r) => [
      r.scope,
      r.scopeId,
      r.period,
      r.progress.wonCents,
      r.progress.expectedCents,
      Math.round(r.progress.off * 1000) / 10,
      r.progress.status,
    ]);
    expect(rows).toEqual([
      // 84万 × 15/21 = 60万 expected; 60万 won in 华东.
      ['region', '华东', '2026-11', 60_000_000, 60_000_000, 0, 'green'],
      // 100万 × 15/21 = 714,285.71 expected; 60万 won: 16 % behind → red.
      ['team', 'east-1', '2026-11', 60_000_000, 71_428_571, -16, 'red'],
      ['rep', 'alice', '2026-11', 35_000_000, 28_571_429, 22.5, 'green'],
      // 40万 × 15/21 = 285,714.29; 25万 won: 12.5 % behind → yellow.
      ['rep', 'bob', '2026-11', 25_000_000, 28_571_429, -12.5, 'yellow'],
      // The quarter: 300万 × 37/66 = 1,681,818.18 expected; 159.9万 won since 1 October: 4.9 % behind.
      ['team', 'east-1', '2026-Q4', 159_900_000, 168_181_818, -4.9, 'green'],
    ]);
    // The team's target split A 70 % / B 20 % / C 10 %, against what was won per tier.
    expect(board?.rows[1]?.tiers).toEqual({
      A: { targetCents: 70_000_000, wonCents: 35_000_000 },
      B: { targetCents: 20_000_000, wonCents: 25_000_000 },
      C: { targetCents: 10_000_000, wonCents: 0 },
    });
  });

  it("weighs process KPIs (the month's KBI rate) 30 % of a rep's score, and lists A accounts short of visits", async () => {
    await env.deps.store.transaction(async (tx) => {
      for (const [day, due, met] of [
        ['2026-11-19', 3, 3],
        ['2026-11-20', 2, 1],
      ] as const)
        await tx.kbi.recordDay(
          { repId: 'alice', day, due, met, rate: met / due, byKbi: {}, misses: [] },
          at(`${day}T18:00`),
        );
    });
    // An A customer (80万 won this year): one visit with a check-in that day (deep), one without (not deep).
    const won = await deal('alice', 800_000, 'A', 'won', '2026-11-05T10:00');
    await env.deps.store.transaction(async (tx) => {
      for (const day of ['2026-11-12', '2026-11-13'])
        await tx.events.append({
          type: 'lead.touched',
          at: at(`${day}T15:00`),
          leadId: won.leadId,
          actorId: 'alice',
          by: 'alice',
          kind: 'visit',
          note: '',
        });
      await tx.reports.addCheckIn({
        repId: 'alice',
        leadId: won.leadId,
        at: at('2026-11-12T15:00'),
        place: { lat: 31.2, lng: 121.4, datum: 'GCJ02' },
      });
    });
    expect(await runDailyTiers(env.deps)).toMatchObject({ saved: 4, changed: 4 });
    const board = await teamBoard(env.deps, 'boss');
    // 4 of 5 on time → 0.8; results on pace or ahead count 1: 0.7 × 1 + 0.3 × 0.8 = 0.94.
    const alice = board?.rows.find((r) => r.scopeId === 'alice');
    expect(alice?.process?.share).toBeCloseTo(0.8, 10);
    expect(alice?.process?.score).toBeCloseTo(0.94, 10);
    expect(board?.rows.find((r) => r.scopeId === 'bob')?.process).toEqual({
      share: null,
      score: null,
      weight: 0.3,
    });
    // Bob's 99.9万 customer (won in October) has had no deep visit; Alice's one of two.
    expect(board?.visitGaps).toEqual([
      expect.objectContaining({ customer: '客户999000', required: 2, done: 0, ownerId: 'bob' }),
      expect.objectContaining({
        customer: '客户800000',
        required: 2,
        done: 1,
        ownerId: 'alice',
        dealId: won.dealId,
      }),
    ]);
  });

  it('shows a rep their own rows, their team and the regions; in chat as `team board` / 团队看板', async () => {
    const bob = await teamBoard(env.deps, 'bob');
    expect(bob?.rows.map((r) => `${r.scope}:${r.scopeId}:${r.period}`)).toEqual([
      'region:华东:2026-11',
      'team:east-1:2026-11',
      'rep:bob:2026-11',
      'team:east-1:2026-Q4',
    ]);
    const chat: ChatDeps = { engine: env.deps, defaultLocale: 'zh-CN' };
    const boss = (await env.deps.store.transaction((tx) => tx.org.person('boss'))) as Person;
    const [zh] = await handleInbound(chat, boss, { kind: 'command', text: '团队看板' });
    expect(zh?.card.title).toBe('团队看板 · 2026-11 / 2026-Q4');
    expect(zh?.card.level).toBe('red');
    expect(zh?.card.body).toContain('🔴 华东一组：落后2026-11进度 16 %');
    expect(zh?.card.body).toContain('   已成交 ¥600,000 / 目标 ¥1,000,000（60 %），按进度应达 ¥714,286');
    expect(zh?.card.body).toContain('🟡 Bob：落后2026-11进度 13 %');
    const [en] = await handleInbound(
      { ...chat, defaultLocale: 'en' },
      { ...boss, locale: 'en' },
      {
        kind: 'command',
        text: '/team board',
      },
    );
    expect(en?.card.body).toContain('🔴 Team 华东一组: 16 % behind the pace of 2026-11');
    expect(en?.card.body).toContain('🟢 Region 华东: on pace for 2026-11');
    // `board` alone is still the claim board.
    const [claims] = await handleInbound(chat, boss, { kind: 'command', text: 'board' });
    expect(claims?.card.title).not.toContain('团队看板');
  });

  it('refuses targets for teams or reps not in the org, and imports nothing then', async () => {
    expect(
      await importTargets(env.deps, [
        { scope: 'team', scopeId: 'east-1', period: '2026-12', amountCents: 1 },
        { scope: 'team', scopeId: 'west-9', period: '2026-12', amountCents: 1 },
        { scope: 'rep', scopeId: 'nobody', period: '2026-12', amountCents: 1 },
      ]),
    ).toEqual({
      kind: 'rejected',
      problems: [
        'team west-9 2026-12: no such team in the org (leadline org import)',
        'rep nobody 2026-12: no such person in the org (leadline org import)',
      ],
    });
    expect(await env.deps.store.transaction((tx) => tx.targets.list(['2026-12']))).toEqual([]);
    expect(
      await importTargets(env.deps, [
        { scope: 'team', scopeId: 'east-1', period: '2026-11', amountCents: 100_000_000 },
        { scope: 'rep', scopeId: 'bob', period: '2026-11', amountCents: 45_000_000 },
      ]),
    ).toEqual({ kind: 'imported', created: 0, updated: 1, unchanged: 1 });
  });
});
