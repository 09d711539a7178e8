// `team plan TARGET` / `规划 目标` (F25): from the stage conversion of the deals created in the last
// rules.kbi.funnel.lookbackMonths, work back from what is left of a revenue target this month (or quarter) to
// the deals each stage needs per week, and name the bottleneck stage.
import { DateTime } from 'luxon';
import { isWorkingDay } from '../../../kernel/calendar.ts';
import { dealPaths } from '../rules/forecast.ts';
import { planFunnel, stageConversions, type FunnelPlan, type StageConversion } from '../rules/funnel-plan.ts';
import { periodOf, toCents, wonCents, type Period, type PeriodKind } from '../rules/targets.ts';
import type { Pipeline } from '../../deals/rules/deal-rules.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { FORECAST_ROLES } from './team-forecast.ts';

const PATH_EVENTS = ['deal.created', 'deal.advanced', 'deal.won', 'lead.closed'] as const;

export interface TeamPlan {
  pipeline: Pipeline;
  period: Period;
  targetCents: number;
  /** Won in the period so far: the plan covers what is left. */
  wonCents: number;
  leftCents: number;
  /** Working days left in the period (today included) and the whole weeks they make (at least 1). */
  workingDaysLeft: number;
  weeks: number;
  /** Deals won since the lookback start in this pipeline, and their average size. */
  sample: number;
  averageDealCents: number;
  lookbackFrom: number;
  conversions: StageConversion[];
  plan: FunnelPlan;
}

export type TeamPlanResult =
  | { kind: 'plan'; plan: TeamPlan }
  | { kind: 'reached'; targetCents: number; wonCents: number; period: Period }
  | { kind: 'rejected'; reason: 'NOT_ALLOWED' | 'NO_SUCH_PIPELINE' };

export async function teamPlan(
  deps: EngineDeps,
  input: { viewerId: string; targetYuan: number; kind: PeriodKind; pipeline: string | null },
): Promise<TeamPlanResult> {
  const now = deps.clock();
  const calendar = deps.rules.deals.calendar;
  return deps.store.transaction(async (tx): Promise<TeamPlanResult> => {
    const viewer = await tx.org.person(input.viewerId);
    if (viewer === null || !FORECAST_ROLES.has(viewer.role))
      return { kind: 'rejected', reason: 'NOT_ALLOWED' };
    const id = input.pipeline ?? deps.rules.deals.defaultPipeline;
    const pipeline = deps.rules.deals.pipelines.find((p) => p.id === id);
    if (pipeline === undefined) return { kind: 'rejected', reason: 'NO_SUCH_PIPELINE' };
    const zone = await orgTimezone(tx, deps);
    const period = periodOf(input.kind, now, zone);
    const targetCents = toCents(input.targetYuan);
    const won = wonCents(await tx.deals.wonBetween(period.start, period.end), period.start, period.end);
    if (won >= targetCents) return { kind: 'reached', targetCents, wonCents: won, period };
    let workingDaysLeft = 0;
    for (
      let d = DateTime.fromMillis(now, { zone }).startOf('day');
      d.toMillis() < period.end;
      d = d.plus({ days: 1 })
    )
      if (isWorkingDay(d, calendar)) workingDaysLeft++;
    const perWeek = Math.max(1, 7 - calendar.weekend.length);
    const weeks = Math.max(1, Math.round(workingDaysLeft / perWeek));
    const lookbackFrom = DateTime.fromMillis(now, { zone })
      .minus({ months: deps.rules.kbi.funnel.lookbackMonths })
      .toMillis();
    const paths = dealPaths(await tx.events.between(lookbackFrom, now + 1, PATH_EVENTS));
    const conversions = stageConversions(pipeline, paths);
    const recentWins = (await tx.deals.wonBetween(lookbackFrom, now + 1)).filter(
      (d) => d.pipeline === pipeline.id,
    );
    const averageDealCents =
      recentWins.length === 0
        ? 0
        : Math.round(wonCents(recentWins, lookbackFrom, now + 1) / recentWins.length);
    const leftCents = targetCents - won;
    return {
      kind: 'plan',
      plan: {
        pipeline,
        period,
        targetCents,
        wonCents: won,
        leftCents,
        workingDaysLeft,
        weeks,
        sample: recentWins.length,
        averageDealCents,
        lookbackFrom,
        conversions,
        plan: planFunnel(pipeline, conversions, { targetCents: leftCents, averageDealCents, weeks }),
      },
    };
  });
}
