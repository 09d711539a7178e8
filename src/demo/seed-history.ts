// The demo's history before its last few days (issue 21, item 11): deals won and lost over the past months, a
// few won this month, and targets for the month and the quarter, so the forecast, the plan, the team board, the
// funnel and the journey have something real to show on first run. Deals move stage by stage with their events
// as the engine records them; the evidence each stage asks for is not demanded (it stands for work done before
// the demo begins). Everything runs on the demo's own clock, which only moves forward.
import { DateTime } from 'luxon';
import type { EngineDeps } from '../modules/deps.ts';
import { orgTimezone } from '../modules/deps.ts';
import { pipelineOf, stageDueAt, type Deal } from '../modules/deals/rules/deals.ts';
import { closeStageTasks, openSopTasks } from '../modules/deals/use-cases/deal-tasks.ts';
import { winDeal } from '../modules/deals/use-cases/advance-deal.ts';
import { createDeal } from '../modules/deals/use-cases/create-deal.ts';
import { claimLead } from '../modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../modules/leads/use-cases/submit-lead.ts';
import { closeLead, touchLead } from '../modules/leads/use-cases/touch-lead.ts';
import { importTargets } from '../modules/kbi/use-cases/import-targets.ts';
import type { Target } from '../modules/kbi/ports.ts';
import type { LeadFields, Person } from '../kernel/types.ts';
import { DEMO_TEAMS, type Pick } from './demo-data.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface HistoryClock {
  /** Sets the demo's clock (never backwards). */
  set(at: number): void;
  now(): number;
}

/**
 * Moves an open deal one stage on at `clock.now()` (won when that stage is the last), or loses it there. Returns
 * false when the deal is no longer open.
 */
export async function stepDeal(
  deps: EngineDeps,
  dealId: number,
  outcome: 'advance' | 'lost',
): Promise<boolean> {
  const now = deps.clock();
  if (outcome === 'lost') {
    const deal = await deps.store.transaction((tx) => tx.deals.get(dealId));
    if (deal?.status !== 'open') return false;
    const closed = await deps.store.transaction(async (tx) => {
      const ok = await tx.deals.update(
        dealId,
        { stage: deal.stage, status: 'open' },
        { status: 'lost', closedAt: now },
      );
      if (ok) await closeStageTasks(tx, deal, deal.stage, now);
      return ok;
    });
    if (closed) await closeLead(deps, { leadId: deal.leadId, outcome: 'lost', actorId: deal.ownerId });
    return closed;
  }
  return deps.store.transaction(async (tx) => {
    const deal = await tx.deals.get(dealId);
    if (deal?.status !== 'open') return false;
    const pipeline = pipelineOf(deps.rules.deals, deal.pipeline);
    const at = pipeline?.stages.findIndex((s) => s.id === deal.stage) ?? -1;
    const next = pipeline?.stages[at + 1];
    if (pipeline === undefined || pipeline === null || next === undefined) return false;
    const won = at + 2 === pipeline.stages.length;
    const zone = await orgTimezone(tx, deps);
    const ok = await tx.deals.update(
      deal.id,
      { stage: deal.stage, status: 'open' },
      {
        stage: next.id,
        stageEnteredAt: now,
        stageDueAt: stageDueAt(now, next, zone, deps.rules.deals),
        stallAlertedAt: null,
        doubtful: false,
        ...(won ? { status: 'won' as const, closedAt: now } : {}),
      },
    );
    if (!ok) return false;
    await tx.events.append({
      type: 'deal.advanced',
      at: now,
      leadId: deal.leadId,
      actorId: deal.ownerId,
      dealId: deal.id,
      from: deal.stage,
      to: next.id,
      skipped: [],
      reason: '',
    });
    await closeStageTasks(tx, deal, deal.stage, now);
    const moved = (await tx.deals.get(deal.id)) as Deal;
    if (won) {
      await winDeal(tx, deps, moved, deal.ownerId, now);
      // Delivery took the hand-over when it was won.
      for (const task of await tx.deals.openTasks(deal.id, 'handover'))
        await tx.deals.finishTask(task.id, now + HOUR, { accepted: true });
    } else await openSopTasks(tx, deps, moved, next, now);
    return true;
  });
}

/** Steps a deal to its last stage (won), one stage each `gap` ms from the clock's time. */
export async function winOutright(deps: EngineDeps, clock: HistoryClock, dealId: number, gap: number) {
  while (await stepDeal(deps, dealId, 'advance')) clock.set(clock.now() + gap);
}

/**
 * Two months of history before the report history starts (`from` to `until`): customers who came in, were
 * claimed, became deals and were won or lost, stage by stage. Returns how many were won and lost.
 */
export async function seedDealHistory(
  deps: EngineDeps,
  clock: HistoryClock,
  input: {
    from: number;
    until: number;
    pick: Pick;
    make: (at: number) => LeadFields;
    reps: readonly Person[];
  },
): Promise<{ won: number; lost: number; leads: number }> {
  const { pick: p } = input;
  const counts = { won: 0, lost: 0, leads: 0 };
  const deals: number[] = [];
  clock.set(input.from);
  for (let i = 0; i < 2 * input.reps.length; i++) {
    clock.set(clock.now() + p.int(2, 9) * HOUR);
    const r = await submitLead(deps, { fields: input.make(clock.now()), via: 'api' });
    if (r.kind !== 'created') continue;
    counts.leads++;
    const to = r.lead.ownerId ?? input.reps[i % input.reps.length]?.id ?? '';
    clock.set(clock.now() + 20 * 60_000);
    if ((await claimLead(deps, { personId: to, leadId: r.lead.id })).kind !== 'claimed') continue;
    clock.set(clock.now() + HOUR);
    await touchLead(deps, { personId: to, leadId: r.lead.id, kind: 'visit', note: '上门拜访，了解需求' });
    clock.set(clock.now() + 2 * HOUR);
    const lead = r.lead;
    const d = await createDeal(deps, {
      personId: to,
      leadId: lead.id,
      amount: lead.budget > 0 ? lead.budget : p.int(5, 60) * 10_000,
      pipeline: p.one(['b2b', 'b2b', 'retail', 'education', 'local']),
    });
    if (d.kind === 'created') deals.push(d.deal.id);
  }
  // Then, in turn, each deal goes through its stages a few days apart, and is won or lost on the way.
  const span = Math.max(DAY, input.until - clock.now());
  // At most one step per stage of the longest pipeline, so the history ends by `until`.
  const longest = Math.max(...deps.rules.deals.pipelines.map((x) => x.stages.length), 1);
  const step = Math.floor(span / (deals.length * (longest + 1) + 1));
  for (const dealId of deals) {
    const lose = p.chance(0.45);
    const before = lose ? p.int(0, 2) : Infinity;
    for (let k = 0; ; k++) {
      clock.set(clock.now() + step);
      if (k >= before) {
        if (await stepDeal(deps, dealId, 'lost')) counts.lost++;
        break;
      }
      const moved = await stepDeal(deps, dealId, 'advance');
      const deal = await deps.store.transaction((tx) => tx.deals.get(dealId));
      if (deal?.status === 'won') counts.won++;
      if (!moved || deal?.status !== 'open') break;
    }
  }
  return counts;
}

/**
 * Targets for this month and this quarter: each team, each rep, and the whole region of each team, in line with
 * what the demo's teams win, so the team board shows progress and a gap.
 */
export async function seedDemoTargets(deps: EngineDeps, at: number, timezone: string): Promise<number> {
  const day = DateTime.fromMillis(at, { zone: timezone });
  const month = day.toFormat('yyyy-MM');
  const quarter = `${day.year}-Q${day.quarter}`;
  const targets: Target[] = [];
  for (const [period, times] of [
    [month, 1],
    [quarter, 3],
  ] as const) {
    for (const team of DEMO_TEAMS) {
      targets.push({ scope: 'team', scopeId: team.id, period, amountCents: 1_600_000_00 * times });
      targets.push({ scope: 'region', scopeId: team.area, period, amountCents: 1_600_000_00 * times });
      for (const [id] of team.reps)
        targets.push({ scope: 'rep', scopeId: id, period, amountCents: 400_000_00 * times });
    }
  }
  const r = await importTargets(deps, targets);
  return r.kind === 'imported' ? r.created + r.updated + r.unchanged : 0;
}
