// KBI warning cards (F22): the outbox notices `kbi.warning` (to the rep) and `kbi.warning.manager` (the copy
// to the manager, both in ../notices.ts), and the same card once acknowledged.
// The data is the engine's WarningView, as JSON.
import type { Card } from '../../../kernel/card.ts';
import { ACTIONS } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import { slotText } from './reward-cards.ts';

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
const list = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.map(rec) : []);

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export type Audience = 'rep' | 'manager';

/** After a click: who acknowledged and how many minutes after the warning went out. */
export interface AckNote {
  key: 'kbi.ack.done' | 'kbi.ack.already';
  minutes: number;
}

/** The card of a warning for its rep or the copied manager; with `ack`, the button gives way to the record. */
export function warningCard(
  data: Record<string, unknown>,
  audience: Audience,
  ctx: Pick<NoticeContext, 'nameOf' | 'timezone'>,
  locale: Locale,
  ack?: AckNote,
): Card {
  const tier = str(data.tier);
  const name = ctx.nameOf(str(data.repId));
  const vars = {
    name,
    day: str(data.day),
    rate: percent(num(data.rate)),
    below: percent(num(data.below)),
    days: str(data.days),
    minutes: str(data.reviewMinutes),
  };
  const when = (ms: unknown) => formatTime(num(ms), ctx.timezone);
  const label = (x: Record<string, unknown>) => str(rec(x.kbi)[locale] ?? rec(x.kbi).en ?? x.kbiId);
  const todo = list(data.todo).map((x) =>
    t(locale, 'kbi.line.todo', {
      kbi: label(x),
      lead: str(x.leadId),
      company: str(x.company) === '' ? '' : ` ${str(x.company)}`,
      due: when(x.deadline),
    }),
  );
  const misses = list(data.deviations).map((x) =>
    t(locale, 'kbi.line.miss', {
      kbi: label(x),
      lead: str(x.leadId),
      company: str(x.company) === '' ? '' : ` ${str(x.company)}`,
      from: when(x.triggerAt),
      due: when(x.deadline),
      late: x.lateAt == null ? '' : t(locale, 'kbi.line.late', { at: when(x.lateAt) }),
    }),
  );
  const run = list(data.run)
    .map((r) => `${str(r.day).slice(5)} ${percent(num(r.rate))}`)
    .join(' · ');
  const todoPart = [t(locale, 'kbi.warning.todoHead'), ...todo].join('\n');
  const parts: string[] = [];
  if (tier === 'green') {
    parts.push(
      t(locale, 'kbi.warning.green', vars),
      todo.length > 0 ? todo.join('\n') : t(locale, 'kbi.warning.noTodo'),
    );
  } else {
    const head =
      tier === 'red'
        ? 'kbi.warning.red'
        : audience === 'rep'
          ? 'kbi.warning.yellowRep'
          : 'kbi.warning.yellow';
    parts.push(t(locale, head, vars), misses.join('\n'), t(locale, 'kbi.warning.run', { run }));
    if (audience === 'rep' && todo.length > 0) parts.push(todoPart);
  }
  // Red, to the manager: the review as two concrete slots, each with its Accept button (F22).
  const slots =
    tier === 'red' && audience === 'manager' && Array.isArray(data.reviewSlots)
      ? data.reviewSlots.map(num).filter((n) => Number.isFinite(n))
      : [];
  if (slots.length > 0)
    parts.push(
      t(locale, 'kbi.review.slots', {
        minutes: vars.minutes,
        slots: slots.map((s) => slotText(s, ctx.timezone, locale)).join(locale === 'en' ? ' or ' : ' 或 '),
      }),
    );
  if (ack !== undefined) parts.push(`✓ ${t(locale, ack.key, { minutes: ack.minutes })}`);
  const level = tier === 'red' ? 'red' : tier === 'yellow' ? 'yellow' : 'green';
  return {
    title: t(locale, `kbi.card.title.${level}`, vars),
    level,
    body: parts.filter((p) => p !== '').join('\n\n'),
    ...(ack === undefined
      ? {
          actions: [
            {
              id: ACTIONS.kbiAck,
              label: t(locale, 'btn.acknowledge'),
              value: str(data.warningId),
              style: 'primary' as const,
            },
            ...slots.map((s, i) => ({
              id: ACTIONS.kbiReview,
              label: t(locale, 'btn.acceptSlot', { at: slotText(s, ctx.timezone, locale) }),
              value: `${str(data.warningId)}:${i}`,
            })),
          ],
        }
      : {}),
  };
}
