// The patrol's cards (issue 21): a page of items, each a numbered line with its buttons. Two items a page keep the
// buttons (open, nudge, got it) within WeCom's and DingTalk's six a card; every line says why it is there.
import { DateTime } from 'luxon';
import { ACTIONS, type Card, type CardAction, type Level } from '../../../kernel/card.ts';
import { messageKey, t, type Locale } from '../../i18n.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import { yuan } from '../../deals/cards/deal-card.ts';
import type { PatrolItem, PatrolPage, PatrolReason } from '../rules/patrol.ts';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
/** `①` … `⑳`, then `21.`: the number a line and its buttons share. */
export function itemMark(n: number): string {
  return n >= 1 && n <= 20 ? (CIRCLED[n - 1] as string) : `${n}.`;
}

function reasonText(r: PatrolReason, zone: string, locale: Locale): string {
  const time = r.at === undefined ? '' : DateTime.fromMillis(r.at, { zone }).toFormat('MM-dd HH:mm');
  const key = r.what === undefined ? null : messageKey('patrol.night', r.what);
  const known = t(locale, key ?? 'patrol.night.other');
  return t(locale, `patrol.reason.${r.code}`, {
    count: r.count ?? 0,
    date: r.date ?? '',
    time,
    what: known,
  });
}

export function reasonsText(reasons: readonly PatrolReason[], zone: string, locale: Locale): string {
  return reasons.map((r) => reasonText(r, zone, locale)).join(t(locale, 'patrol.sep'));
}

/** What a line is about: the customer and its rep, or the rep alone. */
export function subjectOf(item: PatrolItem, ctx: Pick<NoticeContext, 'nameOf'>, locale: Locale): string {
  const rep = item.repId === null ? '' : ctx.nameOf(item.repId);
  const parts = [item.subject, rep].filter((p) => p !== '');
  if (item.amount > 0) parts.push(t(locale, 'patrol.amount', { amount: yuan(item.amount, locale) }));
  return parts.join(' · ');
}

function levelOf(items: readonly PatrolItem[]): Level {
  const codes = items.flatMap((i) => i.reasons.map((r) => r.code));
  if (codes.some((c) => c === 'dealRed' || c === 'kbiRed' || c === 'takeBack')) return 'red';
  return codes.length === 0 ? 'green' : 'yellow';
}

function buttons(item: PatrolItem, n: number, manage: boolean, locale: Locale): CardAction[] {
  const mark = itemMark(n);
  const out: CardAction[] = [];
  if (item.dealId !== null)
    out.push({
      id: ACTIONS.dealOpen,
      label: t(locale, 'patrol.btn.open', { n: mark }),
      value: String(item.dealId),
    });
  if (!manage) return out;
  if (item.repId !== null && item.kind !== 'night')
    out.push({ id: ACTIONS.patrolNudge, label: t(locale, 'patrol.btn.nudge', { n: mark }), value: item.key });
  out.push({ id: ACTIONS.patrolAck, label: t(locale, 'patrol.btn.ack', { n: mark }), value: item.key });
  return out;
}

export function patrolCard(
  p: PatrolPage,
  ctx: Pick<NoticeContext, 'nameOf' | 'timezone'>,
  locale: Locale,
): Card {
  const team = p.team ?? '';
  if (p.total === 0)
    return p.team === null
      ? { title: t(locale, 'patrol.mineClear'), level: 'green' }
      : {
          title: t(locale, 'patrol.clear', { team }),
          level: 'green',
          body: t(locale, 'patrol.clearBody', { date: p.date }),
        };
  const title =
    p.team === null
      ? t(locale, 'patrol.mine', { count: p.total })
      : p.pages > 1
        ? t(locale, 'patrol.titlePage', { team, count: p.total, page: p.page, pages: p.pages })
        : t(locale, 'patrol.title', { team, count: p.total });
  const lines = p.items.map((item, i) =>
    t(locale, 'patrol.line', {
      n: itemMark(p.first + i),
      subject: subjectOf(item, ctx, locale),
      reasons: reasonsText(item.reasons, ctx.timezone, locale),
    }),
  );
  if (p.page === p.pages) lines.push('', t(locale, p.manage ? 'patrol.foot' : 'patrol.repNote'));
  return {
    title,
    level: levelOf(p.items),
    body: lines.join('\n'),
    actions: p.items.flatMap((item, i) => buttons(item, p.first + i, p.manage, locale)),
  };
}

/** A rep's nudge: what their manager asks them to look at, and why it was on the patrol. */
export function nudgeCard(
  d: { managerId: string; subject: string; reasons: PatrolReason[]; dealId: number | null },
  ctx: Pick<NoticeContext, 'nameOf' | 'timezone'>,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'patrol.nudge.title', {
      manager: ctx.nameOf(d.managerId),
      subject: d.subject === '' ? reasonsText(d.reasons, ctx.timezone, locale) : d.subject,
    }),
    level: 'yellow',
    body: t(locale, 'patrol.nudge.body', { reasons: reasonsText(d.reasons, ctx.timezone, locale) }),
    ...(d.dealId === null
      ? {}
      : {
          actions: [
            {
              id: ACTIONS.dealOpen,
              label: t(locale, 'patrol.btn.open', { n: '' }).trim(),
              value: String(d.dealId),
            },
          ],
        }),
  };
}
