// Forecast and funnel plan answers (F25, F26): the engine's results as plain data → cards.
import type { FunnelPlan, StageConversion } from '../rules/funnel-plan.ts';
import type { SnapshotScore, StageProbability, WeightedPipeline } from '../rules/forecast.ts';
import type { Period } from '../rules/targets.ts';
import type { Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { yuan } from './kbi-cards.ts';
import { percent } from './kbi-notices.ts';

export interface ForecastView {
  probabilities: Record<string, StageProbability[]>;
  pipeline: WeightedPipeline;
  periods: Array<{
    period: Period;
    wonCents: number;
    weightedCents: number;
    totalCents: number;
    byRep: Record<string, number>;
    byTeam: Record<string, number>;
  }>;
  accuracy: Array<{ period: string; takenAt: number; score: SnapshotScore }>;
}

export interface Names {
  person: (id: string) => string;
  team: (id: string) => string;
  pipeline: (id: string) => string;
  stage: (pipelineId: string, stageId: string) => string;
}

const sorted = (r: Record<string, number>) =>
  Object.entries(r).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export function forecastCard(f: ForecastView, locale: Locale, names: Names): Card {
  const lines: string[] = [];
  for (const p of f.periods)
    lines.push(
      t(locale, 'kbi.fc.period', {
        period: p.period.key,
        total: yuan(p.totalCents, locale),
        won: yuan(p.wonCents, locale),
        weighted: yuan(p.weightedCents, locale),
      }),
    );
  const month = f.periods[0];
  if (month !== undefined) {
    const reps = sorted(month.byRep);
    if (reps.length > 0)
      lines.push(
        '',
        t(locale, 'kbi.fc.byRepHead', { period: month.period.key }),
        ...reps.map(([id, c]) =>
          t(locale, 'kbi.fc.line', { name: names.person(id), amount: yuan(c, locale) }),
        ),
      );
    const teams = sorted(month.byTeam);
    if (teams.length > 1)
      lines.push(
        '',
        t(locale, 'kbi.fc.byTeamHead', { period: month.period.key }),
        ...teams.map(([id, c]) =>
          t(locale, 'kbi.fc.line', { name: names.team(id), amount: yuan(c, locale) }),
        ),
      );
  }
  const months = Object.entries(f.pipeline.byMonth).sort((a, b) =>
    a[0] === 'unscheduled' ? 1 : b[0] === 'unscheduled' ? -1 : a[0].localeCompare(b[0]),
  );
  if (months.length > 0)
    lines.push(
      '',
      t(locale, 'kbi.fc.byMonthHead'),
      ...months.map(([m, c]) =>
        t(locale, 'kbi.fc.line', {
          name: m === 'unscheduled' ? t(locale, 'kbi.fc.unscheduled') : m,
          amount: yuan(c, locale),
        }),
      ),
    );
  // Only pipelines with closed deals behind them: the others are their defaults, nothing learned.
  for (const id of Object.keys(f.probabilities)) {
    const probs = f.probabilities[id] ?? [];
    if (!probs.some((p) => p.reason.closed > 0)) continue;
    lines.push(
      '',
      t(locale, 'kbi.fc.probHead', { pipeline: names.pipeline(id) }),
      probs
        .map((p) =>
          t(locale, 'kbi.fc.prob', {
            stage: names.stage(id, p.stage),
            p: percent(p.probability),
            won: p.reason.won,
            closed: p.reason.closed,
          }),
        )
        .join(' · '),
    );
  }
  lines.push('');
  if (f.accuracy.length === 0) lines.push(t(locale, 'kbi.fc.accNone'));
  else
    lines.push(
      t(locale, 'kbi.fc.accHead'),
      ...f.accuracy.map((a) =>
        t(locale, 'kbi.fc.acc', {
          period: a.period,
          forecast: yuan(a.score.total.forecastCents, locale),
          actual: yuan(a.score.total.actualCents, locale),
          accuracy: percent(a.score.total.accuracy),
        }),
      ),
    );
  return {
    title: t(locale, 'kbi.fc.title', { month: month?.period.key ?? '' }),
    level: 'info',
    body: lines.join('\n'),
  };
}

export interface PlanView {
  pipelineId: string;
  period: Period;
  targetCents: number;
  wonCents: number;
  leftCents: number;
  workingDaysLeft: number;
  weeks: number;
  sample: number;
  averageDealCents: number;
  lookbackFrom: string;
  lookbackMonths: number;
  conversions: StageConversion[];
  plan: FunnelPlan;
}

export function planCard(v: PlanView, locale: Locale, names: Names): Card {
  const title = t(locale, 'kbi.plan.title', { target: yuan(v.targetCents, locale), period: v.period.key });
  const lines = [
    t(locale, 'kbi.plan.left', {
      won: yuan(v.wonCents, locale),
      left: yuan(v.leftCents, locale),
      days: v.workingDaysLeft,
      weeks: v.weeks,
    }),
  ];
  const pipeline = names.pipeline(v.pipelineId);
  const p = v.plan;
  if (p.kind === 'cannot_plan') {
    lines.push(
      t(locale, `kbi.plan.${p.reason}`, {
        pipeline,
        months: v.lookbackMonths,
        stage: p.stage === null ? '' : names.stage(v.pipelineId, p.stage),
        period: v.period.key,
      }),
    );
    return { title, level: 'yellow', body: lines.join('\n') };
  }
  lines.push(
    t(locale, 'kbi.plan.basis', {
      pipeline,
      sample: v.sample,
      from: v.lookbackFrom,
      avg: yuan(v.averageDealCents, locale),
      wins: p.wins,
    }),
    '',
    ...p.stages.map((s) =>
      t(locale, 'kbi.plan.stage', {
        stage: names.stage(v.pipelineId, s.stage),
        total: s.total,
        perWeek: s.perWeek,
      }),
    ),
  );
  if (p.bottleneck !== null)
    lines.push(
      '',
      t(locale, 'kbi.plan.bottleneck', {
        from: names.stage(v.pipelineId, p.bottleneck.from),
        to: names.stage(v.pipelineId, p.bottleneck.to),
        rate: percent(p.bottleneck.rate),
        settled: p.bottleneck.settled,
      }),
    );
  return { title, level: 'info', body: lines.join('\n') };
}
