// Forecast and funnel plan answers (F25, F26): the engine's results as plain data → cards.
import type { FunnelPlan, StageConversion } from '../rules/funnel-plan.ts';
import type { MonthGroup, SnapshotScore, StageProbability } from '../rules/forecast.ts';
import type { Period } from '../rules/targets.ts';
import type { Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { yuan } from './kbi-cards.ts';
import { percent } from './kbi-notices.ts';

export interface ForecastView {
  probabilities: Record<string, StageProbability[]>;
  /** The open deals by month, team and rep (not one line a deal: see MonthGroup). */
  monthGroups: MonthGroup[];
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

/** How many months ahead of the current one the forecast lists one by one (later ones are summed). */
const MONTHS_SHOWN = 6;

/** `2026-11` + n months, as `yyyy-MM`. */
function monthPlus(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * The weighted open deals month by month from the current one, each split by team and, within a team, by rep;
 * a month with nothing expected says so (never a silent ¥0).
 */
function monthLines(f: ForecastView, first: string, locale: Locale, names: Names): string[] {
  const out: string[] = [t(locale, 'kbi.fc.byMonthHead')];
  const groups = f.monthGroups;
  const deals = (gs: readonly MonthGroup[]) => gs.reduce((s, g) => s + g.deals, 0);
  const cents = (gs: readonly MonthGroup[]) => gs.reduce((s, g) => s + g.weightedCents, 0);
  const scheduled = groups.filter((g) => g.month !== 'unscheduled');
  const last = scheduled.reduce((m, g) => (g.month > m ? g.month : m), first);
  for (let i = 0; i < MONTHS_SHOWN; i++) {
    const month = monthPlus(first, i);
    if (month > last && i > 0) break;
    const inMonth = scheduled.filter((g) => g.month === month);
    if (inMonth.length === 0) {
      out.push(t(locale, 'kbi.fc.monthEmpty', { month }));
      continue;
    }
    out.push(
      t(locale, 'kbi.fc.month', { month, amount: yuan(cents(inMonth), locale), count: deals(inMonth) }),
    );
    const teams = new Map<string, MonthGroup[]>();
    for (const g of inMonth) {
      const id = g.teamId ?? '';
      const known = teams.get(id);
      if (known === undefined) teams.set(id, [g]);
      else known.push(g);
    }
    const teamSums = [...teams.entries()]
      .map(([id, gs]) => [id, gs, cents(gs)] as const)
      .sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
    for (const [teamId, gs, sum] of teamSums) {
      const reps: Record<string, number> = {};
      for (const g of gs) reps[g.repId] = (reps[g.repId] ?? 0) + g.weightedCents;
      out.push(
        t(locale, 'kbi.fc.teamLine', {
          team: teamId === '' ? t(locale, 'kbi.fc.noTeam') : names.team(teamId),
          amount: yuan(sum, locale),
          reps: sorted(reps)
            .map(([id, c]) =>
              t(locale, 'kbi.fc.repPart', { name: names.person(id), amount: yuan(c, locale) }),
            )
            .join(locale === 'en' ? ', ' : '、'),
        }),
      );
    }
  }
  const later = scheduled.filter((g) => g.month >= monthPlus(first, MONTHS_SHOWN));
  if (later.length > 0)
    out.push(
      t(locale, 'kbi.fc.later', {
        month: monthPlus(first, MONTHS_SHOWN),
        amount: yuan(cents(later), locale),
        count: deals(later),
      }),
    );
  const unscheduled = groups.filter((g) => g.month === 'unscheduled');
  if (unscheduled.length > 0)
    out.push(
      t(locale, 'kbi.fc.line', {
        name: t(locale, 'kbi.fc.unscheduled'),
        amount: yuan(cents(unscheduled), locale),
      }),
    );
  const defaulted = groups.reduce((s, g) => s + g.defaulted, 0);
  const overdue = groups.reduce((s, g) => s + g.overdue, 0);
  if (defaulted > 0) out.push(t(locale, 'kbi.fc.defaulted', { count: defaulted }));
  if (overdue > 0) out.push(t(locale, 'kbi.fc.overdue', { count: overdue, month: first }));
  return out;
}

export function forecastCard(f: ForecastView, locale: Locale, names: Names): Card {
  const lines: string[] = [];
  for (const p of f.periods)
    lines.push(
      p.totalCents === 0
        ? t(locale, 'kbi.fc.periodEmpty', { period: p.period.key })
        : t(locale, 'kbi.fc.period', {
            period: p.period.key,
            total: yuan(p.totalCents, locale),
            won: yuan(p.wonCents, locale),
            weighted: yuan(p.weightedCents, locale),
          }),
    );
  const month = f.periods[0];
  if (month !== undefined) {
    const teams = sorted(month.byTeam);
    if (teams.length > 0)
      lines.push(
        '',
        t(locale, 'kbi.fc.byTeamHead', { period: month.period.key }),
        ...teams.map(([id, c]) =>
          t(locale, 'kbi.fc.line', { name: names.team(id), amount: yuan(c, locale) }),
        ),
      );
    const reps = sorted(month.byRep);
    if (reps.length > 0)
      lines.push(
        '',
        t(locale, 'kbi.fc.byRepHead', { period: month.period.key }),
        ...reps.map(([id, c]) =>
          t(locale, 'kbi.fc.line', { name: names.person(id), amount: yuan(c, locale) }),
        ),
      );
    if (f.monthGroups.length > 0) lines.push('', ...monthLines(f, month.period.key, locale, names));
    else lines.push('', t(locale, 'kbi.fc.noOpen'));
  }
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
