// Forecast (F26) and funnel planning (F25) on both databases, on a small history computed by hand: stage
// probabilities learned from five closed deals, the weighted pipeline and this month's forecast to the cent,
// the accuracy of a past snapshot, and the weekly deals a target needs with its bottleneck.
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, type ChatDeps } from '../src/conversation/conversation.ts';
import type { Tier } from '../src/modules/deals/rules/deals.ts';
import type { LeadEvent } from '../src/kernel/events.ts';
import type { Person } from '../src/kernel/types.ts';
import { runDailyKbi } from '../src/modules/kbi/use-cases/evaluate-kbi.ts';
import { forecastHere, teamForecast } from '../src/modules/kbi/use-cases/team-forecast.ts';
import { teamPlan } from '../src/modules/kbi/use-cases/team-plan.ts';
import { DATABASES, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

let env: TestEnv;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const NOW = '2026-11-23T10:00';

const created = (leadId: number, iso: string): LeadEvent => ({
  type: 'deal.created',
  at: at(iso),
  leadId,
  actorId: 'alice',
  dealId: leadId,
  pipeline: 'b2b',
  stage: 'diagnose',
  amount: 100_000,
  tier: 'B',
});
const advanced = (leadId: number, iso: string, from: string, to: string): LeadEvent => ({
  type: 'deal.advanced',
  at: at(iso),
  leadId,
  actorId: 'alice',
  dealId: leadId,
  from,
  to,
  skipped: [],
  reason: '',
});
const lost = (leadId: number, iso: string): LeadEvent => ({
  type: 'lead.closed',
  at: at(iso),
  leadId,
  actorId: 'alice',
  outcome: 'lost',
  by: 'alice',
});
const won = (leadId: number, iso: string): LeadEvent => ({
  type: 'deal.won',
  at: at(iso),
  leadId,
  actorId: 'alice',
  dealId: leadId,
  stage: 'signed',
});

// Five closed b2b deals: 1 and 2 lost in diagnose, 3 lost in compare, 4 and 5 won (quote skipped decisionChain).
const HISTORY: LeadEvent[] = [
  created(1, '2026-09-01T10:00'),
  lost(1, '2026-09-10T10:00'),
  created(2, '2026-09-02T10:00'),
  lost(2, '2026-09-12T10:00'),
  created(3, '2026-09-03T10:00'),
  advanced(3, '2026-09-08T10:00', 'diagnose', 'compare'),
  lost(3, '2026-09-20T10:00'),
  ...[4, 5].flatMap((id) => [
    created(id, '2026-09-04T10:00'),
    advanced(id, '2026-09-09T10:00', 'diagnose', 'compare'),
    advanced(id, '2026-09-15T10:00', 'compare', 'quote'),
    advanced(id, '2026-09-25T10:00', 'quote', 'negotiate'),
    advanced(id, '2026-10-05T10:00', 'negotiate', 'signed'),
    won(id, '2026-10-05T10:00'),
  ]),
];

async function dealRow(
  leadId: number,
  ownerId: string,
  amount: number,
  stage: string,
  status: 'open' | 'won',
  closeIso: string | null,
  tier: Tier = 'B',
): Promise<void> {
  await env.deps.store.transaction((tx) =>
    tx.deals.insert({
      leadId,
      customer: `客户${leadId}`,
      amount,
      yearlyValue: amount,
      tier,
      pipeline: 'b2b',
      stage,
      stageEnteredAt: at('2026-11-02T10:00'),
      stageDueAt: at('2026-12-30T10:00'),
      ownerId,
      status,
      expectedCloseAt: status === 'open' && closeIso !== null ? at(closeIso) : null,
      expectedCloseSource: status === 'open' && closeIso !== null ? 'given' : null,
      doubtful: false,
      health: 'green',
      stallAlertedAt: null,
      createdAt: at('2026-09-01T10:00'),
      closedAt: status === 'won' && closeIso !== null ? at(closeIso) : null,
    }),
  );
}

describe.each(DATABASES)('forecast and planning on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    env.clock.set(at('2026-09-01T09:00'));
    await seedOrg(env, [person('alice', { name: 'Alice' }), person('bob', { name: 'Bob' })]);
    await env.deps.store.transaction(async (tx) => {
      for (const e of HISTORY) await tx.events.append(e);
    });
    // The deals table as it stands: 4 won by alice in November, 5 by bob in October, three open.
    await dealRow(4, 'alice', 300_000, 'signed', 'won', '2026-11-10T10:00');
    await dealRow(5, 'bob', 150_000, 'signed', 'won', '2026-10-20T10:00');
    await dealRow(6, 'alice', 200_000, 'compare', 'open', '2026-11-28T10:00');
    await dealRow(7, 'bob', 70_000, 'quote', 'open', '2026-12-15T10:00');
    await dealRow(8, 'alice', 99_999.99, 'decisionChain', 'open', null);
    env.clock.set(at(NOW));
  });

  it('learns stage probabilities from the closed deals and forecasts this month and quarter to the cent', async () => {
    const r = await teamForecast(env.deps, 'boss');
    if (r.kind !== 'forecast') throw new Error('expected a forecast');
    const f = r.forecast;
    // (won + 5 × default) / (closed through the stage + 5); defaults 0.1, 0.25, 0.4, 0.6, 0.8, 1.
    expect(f.probabilities.b2b?.map((p) => [p.stage, p.reason.closed, p.reason.won, p.probability])).toEqual([
      ['diagnose', 5, 2, 2.5 / 10], // 0.25
      ['compare', 3, 2, 3.25 / 8], // 0.40625
      ['decisionChain', 2, 2, 4 / 7],
      ['quote', 2, 2, 5 / 7],
      ['negotiate', 2, 2, 6 / 7],
      ['signed', 2, 2, 7 / 7],
    ]);
    // D6 ¥200,000 × 0.40625 = ¥81,250.00; D7 ¥70,000 × 5/7 = ¥50,000.00; D8 ¥99,999.99 × 4/7 = ¥57,142.85(14).
    // The answer carries them by month, team and rep (what the card shows); the lines, one a deal, on request.
    expect(f.pipeline.lines).toEqual([]);
    expect(f.monthGroups).toEqual([
      {
        month: '2026-11',
        teamId: 'east-1',
        repId: 'alice',
        deals: 2,
        weightedCents: 13_839_285,
        defaulted: 1,
        overdue: 1,
      },
      {
        month: '2026-12',
        teamId: 'east-1',
        repId: 'bob',
        deals: 1,
        weightedCents: 5_000_000,
        defaulted: 0,
        overdue: 0,
      },
    ]);
    const withLines = await forecastHere(env.deps);
    expect(withLines.monthGroups).toEqual(f.monthGroups);
    expect(withLines.pipeline.lines.map((l) => [l.amountCents, l.month, l.weightedCents])).toEqual([
      [20_000_000, '2026-11', 8_125_000],
      [7_000_000, '2026-12', 5_000_000],
      [9_999_999, '2026-11', 5_714_285],
    ]);
    // D8 has no close date: its pipeline's cycle (40 working days) from 2026-09-01 is 2026-10-27, passed with
    // the deal still open, so it counts in November.
    expect(withLines.pipeline.lines.map((l) => [l.amountCents, l.closeSource, l.overdue])).toEqual([
      [20_000_000, 'given', false],
      [7_000_000, 'given', false],
      [9_999_999, 'default', true],
    ]);
    expect(f.pipeline.totalCents).toBe(18_839_285);
    expect(f.pipeline.byRep).toEqual({ alice: 13_839_285, bob: 5_000_000 });
    expect(f.pipeline.byTeam).toEqual({ 'east-1': 18_839_285 });
    // November: won ¥300,000 + D6's ¥81,250 + D8's ¥57,142.85; Q4: + bob's October win and D7 (December).
    expect(f.periods.map((p) => [p.period.key, p.wonCents, p.weightedCents, p.totalCents, p.byRep])).toEqual([
      ['2026-11', 30_000_000, 13_839_285, 43_839_285, { alice: 43_839_285 }],
      ['2026-Q4', 45_000_000, 18_839_285, 63_839_285, { alice: 43_839_285, bob: 20_000_000 }],
    ]);
    // The forecast was snapshotted, once a day however often it is asked.
    await teamForecast(env.deps, 'boss');
    const kept = await env.deps.store.transaction((tx) => tx.targets.snapshots({ limit: 10 }));
    expect(kept.map((s) => [s.period, s.day, s.totalCents, s.byRep])).toEqual([
      ['2026-11', '2026-11-23', 43_839_285, { alice: 43_839_285 }],
      ['2026-Q4', '2026-11-23', 63_839_285, { alice: 43_839_285, bob: 20_000_000 }],
    ]);
  });

  it('scores the first snapshot of a finished period against what closed in it', async () => {
    const october = {
      kind: 'month' as const,
      period: '2026-10',
      start: at('2026-10-01T00:00'),
      end: at('2026-11-01T00:00'),
    };
    await env.deps.store.transaction(async (tx) => {
      for (const [day, total] of [
        ['2026-10-01', 12_000_000],
        ['2026-10-15', 15_000_000],
      ] as const)
        await tx.targets.addSnapshot({
          ...october,
          day,
          takenAt: at(`${day}T18:00`),
          totalCents: total,
          byRep: { bob: total },
          byTeam: { 'east-1': total },
          probabilities: {},
        });
    });
    const r = await teamForecast(env.deps, 'boss');
    if (r.kind !== 'forecast') throw new Error('expected a forecast');
    // Forecast ¥120,000 on 1 October; bob closed ¥150,000 → 1 − 30,000 / 150,000 = 80 %.
    expect(r.forecast.accuracy).toEqual([
      {
        period: '2026-10',
        takenAt: at('2026-10-01T18:00'),
        score: {
          total: {
            forecastCents: 12_000_000,
            actualCents: 15_000_000,
            accuracy: 0.8,
            reason: { code: 'SCORED', errorCents: 3_000_000 },
          },
          byRep: {
            bob: {
              forecastCents: 12_000_000,
              actualCents: 15_000_000,
              accuracy: 0.8,
              reason: { code: 'SCORED', errorCents: 3_000_000 },
            },
          },
        },
      },
    ]);
    const chat: ChatDeps = { engine: env.deps, defaultLocale: 'en' };
    const boss = (await env.deps.store.transaction((tx) => tx.org.person('boss'))) as Person;
    const [card] = await handleInbound(
      chat,
      { ...boss, locale: 'en' },
      { kind: 'command', text: '/team forecast' },
    );
    expect(card?.card.title).toBe('Forecast · 2026-11');
    expect(card?.card.body).toContain('2026-11: ¥438,393 = won ¥300,000 + weighted open deals ¥138,393');
    // Month by month from this one, each split by team and rep; D8 dated by its pipeline's cycle, overdue.
    expect(card?.card.body).toContain('2026-11: ¥138,393 · deals: 2\n  · 华东一组 ¥138,393: Alice ¥138,393');
    expect(card?.card.body).toContain('2026-12: ¥50,000 · deals: 1\n  · 华东一组 ¥50,000: Bob ¥50,000');
    expect(card?.card.body).toContain('Deals with no close date given: 1, dated');
    expect(card?.card.body).toContain(
      'Deals past their expected close and still open: 1, counted in 2026-11.',
    );
    expect(card?.card.body).toContain('• 2026-10: forecast ¥120,000, closed ¥150,000 → 80 % accurate');
    expect(card?.card.body).toContain('Needs diagnosis 25 % (2/5)');
    const [zh] = await handleInbound(chat, boss, { kind: 'command', text: '预测' });
    expect(zh?.card.body).toContain('2026-10：预测 ¥120,000，实际成交 ¥150,000 → 准确率 80 %');
    // Reps do not get the team's forecast.
    const alice = (await env.deps.store.transaction((tx) => tx.org.person('alice'))) as Person;
    expect(await teamForecast(env.deps, 'alice')).toEqual({ kind: 'rejected', reason: 'NOT_ALLOWED' });
    const [no] = await handleInbound(chat, { ...alice, locale: 'en' }, { kind: 'command', text: 'forecast' });
    expect(no?.card.title).toBe('Forecasts and plans are for managers, directors and admins.');
  });

  it('the daily job keeps a forecast snapshot each working day', async () => {
    await runDailyKbi(env.deps, at('2026-11-23T18:00'));
    const kept = await env.deps.store.transaction((tx) => tx.targets.snapshots({ limit: 10 }));
    expect(kept.map((s) => [s.period, s.day])).toEqual([
      ['2026-11', '2026-11-23'],
      ['2026-Q4', '2026-11-23'],
    ]);
  });

  it('works back from a target to the deals each stage needs a week, and names the bottleneck', async () => {
    const r = await teamPlan(env.deps, {
      viewerId: 'boss',
      targetYuan: 1_200_000,
      kind: 'month',
      pipeline: null,
    });
    if (r.kind !== 'plan') throw new Error(`expected a plan, got ${r.kind}`);
    // ¥1,200,000 − ¥300,000 won = ¥900,000 left; average win ¥225,000 → 4 wins; 6 working days ≈ 1 week.
    expect(r.plan).toMatchObject({
      targetCents: 120_000_000,
      wonCents: 30_000_000,
      leftCents: 90_000_000,
      workingDaysLeft: 6,
      weeks: 1,
      sample: 2,
      averageDealCents: 22_500_000,
    });
    expect(r.plan.conversions.map((c) => [c.from, c.movedOn, c.settled])).toEqual([
      ['diagnose', 3, 5],
      ['compare', 2, 3],
      ['decisionChain', 2, 2],
      ['quote', 2, 2],
      ['negotiate', 2, 2],
    ]);
    if (r.plan.plan.kind !== 'plan') throw new Error('expected a funnel plan');
    // 4 wins; compare 4 × 3/2 = 6; diagnose 6 × 5/3 = 10.
    expect(r.plan.plan.stages.map((s) => [s.stage, s.total, s.perWeek])).toEqual([
      ['diagnose', 10, 10],
      ['compare', 6, 6],
      ['decisionChain', 4, 4],
      ['quote', 4, 4],
      ['negotiate', 4, 4],
      ['signed', 4, 4],
    ]);
    expect(r.plan.plan.bottleneck).toEqual({
      code: 'LOWEST_CONVERSION',
      from: 'diagnose',
      to: 'compare',
      rate: 0.6,
      settled: 5,
    });
    const chat: ChatDeps = { engine: env.deps, defaultLocale: 'zh-CN' };
    const boss = (await env.deps.store.transaction((tx) => tx.org.person('boss'))) as Person;
    const [card] = await handleInbound(chat, boss, { kind: 'command', text: '规划 120万' });
    expect(card?.card.title).toBe('规划 · 2026-11 目标 ¥1,200,000');
    expect(card?.card.body).toContain('• 需求诊断：共 10 个商机，每周 10 个');
    expect(card?.card.body).toContain('瓶颈：需求诊断 → 方案比对，已结的 5 个商机中 60 % 推进到下一阶段。');
    // A target already reached, and a pipeline that does not exist.
    expect(
      await teamPlan(env.deps, { viewerId: 'boss', targetYuan: 250_000, kind: 'month', pipeline: null }),
    ).toMatchObject({
      kind: 'reached',
    });
    expect(
      await teamPlan(env.deps, { viewerId: 'boss', targetYuan: 1, kind: 'month', pipeline: 'nope' }),
    ).toEqual({
      kind: 'rejected',
      reason: 'NO_SUCH_PIPELINE',
    });
  });
});
