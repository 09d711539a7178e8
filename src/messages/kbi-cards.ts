// Performance feedback answers in chat (F21–F26): my indicators and points.
import type { Localized } from '../domain/authenticity-rules.ts';
import type { Card } from './card.ts';
import { t, type Locale } from './catalog.ts';
import { percent } from './kbi-notices.ts';
import { formatTime } from './lead-card.ts';

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
