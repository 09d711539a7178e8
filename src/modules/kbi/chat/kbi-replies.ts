// Performance feedback in chat (F21–F23): the Acknowledge button on a KBI warning, my indicators and points.
import type { Person } from '../../../kernel/types.ts';
import { acknowledgeWarning } from '../use-cases/acknowledge-warning.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { myKbi } from '../use-cases/my-kbi.ts';
import { myKbiCard, teamBoardCard, yuan } from '../cards/kbi-cards.ts';
import { teamBoard } from '../use-cases/team-board.ts';
import { teamForecast } from '../use-cases/team-forecast.ts';
import { teamPlan } from '../use-cases/team-plan.ts';
import { forecastCard, planCard, type Names } from '../cards/forecast-cards.ts';
import { DateTime } from 'luxon';
import type { Reply } from '../../../kernel/card.ts';
import type { Locale } from '../../i18n.ts';
import { warningCard } from '../cards/kbi-notices.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { teamNames } from '../../org/use-cases/read-org.ts';

/** An Acknowledge click: recorded once per rep and per manager; the clicked card shows the record. */
export async function acknowledgeReplies(
  deps: ChatDeps,
  actor: Person,
  value: string,
  locale: Locale,
  clicked: boolean,
): Promise<Reply[]> {
  const warningId = Number(value);
  if (!Number.isInteger(warningId) || warningId <= 0)
    return [note(locale, 'kbi.ack.NOT_FOUND', { id: value }, 'yellow')];
  const r = await acknowledgeWarning(deps.engine, { personId: actor.id, warningId });
  if (r.kind === 'rejected' && r.reason !== 'ALREADY')
    return [note(locale, `kbi.ack.${r.reason}`, { id: warningId }, 'yellow')];
  const { names, timezone } = await lookupNames(deps.engine);
  const ctx = { nameOf: (id: string) => names.get(id) ?? id, timezone };
  const key = r.kind === 'acknowledged' ? 'kbi.ack.done' : 'kbi.ack.already';
  const card = warningCard({ ...r.view }, r.as, ctx, locale, { key, minutes: r.minutes });
  // A click replaces the clicked card; a typed `ack W12` gets the card as an answer.
  return [{ mode: clicked ? 'in_place' : 'ephemeral', card }];
}

/** `kbi` / `/kbi` / `我的指标`: my indicators on the KBI day in progress, what is open, my points. */
export async function myKbiReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const view = await myKbi(deps.engine, actor.id);
  const { timezone } = await lookupNames(deps.engine);
  const green = deps.engine.rules.kbi.warnings.green.below;
  return [{ mode: 'ephemeral', card: myKbiCard(view, locale, timezone, green) }];
}

/** `team board` / `团队看板` / `/team board`: targets of this month and quarter against the pace. */
export async function teamBoardReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const board = await teamBoard(deps.engine, actor.id);
  if (board === null) return [];
  const { names } = await lookupNames(deps.engine);
  return [{ mode: 'ephemeral', card: teamBoardCard(board, locale, (id) => names.get(id) ?? id) }];
}

async function namesFor(deps: ChatDeps, locale: Locale): Promise<Names & { timezone: string }> {
  const { names, timezone } = await lookupNames(deps.engine);
  const teams = await teamNames(deps.engine);
  const pipelines = deps.engine.rules.deals.pipelines;
  const en = locale === 'en';
  return {
    timezone,
    person: (id) => names.get(id) ?? id,
    team: (id) => teams.get(id) ?? id,
    pipeline: (id) => {
      const p = pipelines.find((x) => x.id === id);
      return p === undefined ? id : en ? (p.nameEn ?? p.name) : p.name;
    },
    stage: (pid, sid) => {
      const s = pipelines.find((x) => x.id === pid)?.stages.find((x) => x.id === sid);
      return s === undefined ? sid : en ? (s.nameEn ?? s.name) : s.name;
    },
  };
}

/** `team forecast` / `预测`: weighted pipeline, this month's and quarter's forecast, past accuracy. */
export async function forecastReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const r = await teamForecast(deps.engine, actor.id);
  if (r.kind === 'rejected') return [note(locale, `kbi.fc.${r.reason}`, {}, 'yellow')];
  return [{ mode: 'ephemeral', card: forecastCard(r.forecast, locale, await namesFor(deps, locale)) }];
}

/** `team plan TARGET [quarter] [pipeline]` / `规划 目标`: the weekly deals each stage needs, the bottleneck. */
export async function planReplies(
  deps: ChatDeps,
  actor: Person,
  command: { amount: number; period: 'month' | 'quarter'; pipeline: string | null },
  locale: Locale,
): Promise<Reply[]> {
  const r = await teamPlan(deps.engine, {
    viewerId: actor.id,
    targetYuan: command.amount,
    kind: command.period,
    pipeline: command.pipeline,
  });
  const names = await namesFor(deps, locale);
  if (r.kind === 'rejected') {
    if (r.reason === 'NOT_ALLOWED') return [note(locale, 'kbi.fc.NOT_ALLOWED', {}, 'yellow')];
    const list = deps.engine.rules.deals.pipelines.map((p) => `${p.id} (${names.pipeline(p.id)})`).join(', ');
    return [note(locale, 'kbi.plan.NO_SUCH_PIPELINE', { word: command.pipeline ?? '', list }, 'yellow')];
  }
  if (r.kind === 'reached') {
    const vars = { period: r.period.key, won: yuan(r.wonCents, locale), target: yuan(r.targetCents, locale) };
    return [note(locale, 'kbi.plan.reached', vars, 'green')];
  }
  const p = r.plan;
  const card = planCard(
    {
      ...p,
      pipelineId: p.pipeline.id,
      lookbackFrom: DateTime.fromMillis(p.lookbackFrom, { zone: names.timezone }).toISODate() ?? '',
      lookbackMonths: deps.engine.rules.kbi.funnel.lookbackMonths,
    },
    locale,
    names,
  );
  return [{ mode: 'ephemeral', card }];
}
