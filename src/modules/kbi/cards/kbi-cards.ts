// Performance feedback answers in chat (F21–F26): my indicators and points, the team board.
import type { Localized } from '../../reports/rules/authenticity-rules.ts';
import type { Pace, Period, TargetProgress, VisitGap } from '../rules/targets.ts';
import type { Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { percent } from './kbi-notices.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';

/** What `kbi` shows (the engine's MyKbi, as plain data). */
export interface MyKbiView {
  day: string;
  indicators: Array<{ kbiId: string; label: Localized; due: number; met: number }>;
  due: number;
  met: number;
  rate: number | null;
  open: Array<{ kbi: Localized; leadId: number | null; company: string; deadline: number }>;
  pointsMonth: number;
  pointsTotal: number;
  unacknowledged: { warningId: number; day: string } | null;
}

const points = (n: number) => String(Math.round(n * 100) / 100);

export function myKbiCard(v: MyKbiView, locale: Locale, timezone: string, greenBelow: number): Card {
  const open = v.open.map((o) =>
    t(locale, 'kbi.line.todo', {
      kbi: o.kbi[locale],
      lead: o.leadId ?? '-',
      company: o.company === '' ? '' : ` ${o.company}`,
      due: formatTime(o.deadline, timezone),
    }),
  );
  const body = [
    v.rate === null
      ? t(locale, 'kbi.mine.noneDue')
      : t(locale, 'kbi.mine.rate', { met: v.met, due: v.due, rate: percent(v.rate) }),
    open.length === 0
      ? t(locale, 'kbi.mine.noOpen')
      : [t(locale, 'kbi.mine.openHead', { count: open.length }), ...open].join('\n'),
    t(locale, 'kbi.mine.points', { month: points(v.pointsMonth), total: points(v.pointsTotal) }),
    ...(v.unacknowledged === null
      ? []
      : [t(locale, 'kbi.mine.unacked', { id: v.unacknowledged.warningId, day: v.unacknowledged.day })]),
  ];
  return {
    title: t(locale, 'kbi.mine.title', { day: v.day }),
    level: v.rate === null ? 'info' : v.rate < greenBelow ? 'yellow' : 'green',
    fields: v.indicators.map((k) => ({
      label: k.label[locale],
      value:
        k.due === 0
          ? t(locale, 'kbi.mine.fieldNone')
          : t(locale, 'kbi.mine.field', { met: k.met, due: k.due }),
    })),
    body: body.join('\n\n'),
  };
}

/** What `team board` shows (the engine's TeamBoard, as plain data). */
export interface BoardView {
  periods: Array<{ period: Period; pace: Pace }>;
  rows: Array<{
    scope: 'region' | 'team' | 'rep';
    name: string;
    period: string;
    progress: TargetProgress;
    tiers: Record<'A' | 'B' | 'C', { targetCents: number; wonCents: number }>;
    process: { share: number | null; score: number | null; weight: number } | null;
  }>;
  visitGaps: Array<VisitGap & { ownerId: string; dealId: number }>;
}

/** Cents → whole yuan with thousands separators. */
export function yuan(cents: number, locale: Locale): string {
  return Math.round(cents / 100).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
}

export function teamBoardCard(b: BoardView, locale: Locale, nameOf: (id: string) => string): Card {
  const [month, quarter] = b.periods;
  const vars = {
    month: month?.period.key ?? '',
    quarter: quarter?.period.key ?? '',
    monthDone: month?.pace.elapsedDays ?? 0,
    monthDays: month?.pace.totalDays ?? 0,
    quarterDone: quarter?.pace.elapsedDays ?? 0,
    quarterDays: quarter?.pace.totalDays ?? 0,
  };
  const lines: string[] = [t(locale, 'kbi.board.pace', vars)];
  if (b.rows.length === 0) lines.push(t(locale, 'kbi.board.none', vars));
  for (const r of b.rows) {
    const p = r.progress;
    const scope = t(locale, `kbi.scope.${r.scope}`, { name: r.name });
    lines.push(
      '',
      t(locale, `kbi.target.${p.status}`, { scope, period: r.period, off: percent(Math.max(0, -p.off)) }),
      t(locale, 'kbi.board.amounts', {
        won: yuan(p.wonCents, locale),
        target: yuan(p.targetCents, locale),
        progress: percent(p.progress),
        expected: yuan(p.expectedCents, locale),
      }),
      t(locale, 'kbi.board.tiers', {
        a: yuan(r.tiers.A.wonCents, locale),
        ta: yuan(r.tiers.A.targetCents, locale),
        b: yuan(r.tiers.B.wonCents, locale),
        tb: yuan(r.tiers.B.targetCents, locale),
        c: yuan(r.tiers.C.wonCents, locale),
        tc: yuan(r.tiers.C.targetCents, locale),
      }),
    );
    if (r.process !== null)
      lines.push(
        t(locale, 'kbi.board.process', {
          share: r.process.share === null ? '-' : percent(r.process.share),
          score: r.process.score === null ? '-' : String(Math.round(r.process.score * 100)),
          weight: percent(r.process.weight),
        }),
      );
  }
  if (b.visitGaps.length > 0)
    lines.push(
      '',
      t(locale, 'kbi.board.gapsHead'),
      ...b.visitGaps.map((g) =>
        t(locale, 'kbi.board.gap', {
          customer: g.customer,
          deal: g.dealId,
          owner: nameOf(g.ownerId),
          done: g.done,
          required: g.required,
        }),
      ),
    );
  const worst = b.rows.some((r) => r.progress.status === 'red')
    ? 'red'
    : b.rows.some((r) => r.progress.status === 'yellow')
      ? 'yellow'
      : b.rows.length > 0
        ? 'green'
        : 'info';
  return { title: t(locale, 'kbi.board.title', vars), level: worst, body: lines.join('\n') };
}
