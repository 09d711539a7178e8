// Customer tier cards (F24): the B repurchase reminder, the C product pack offer, and `tiers` / `客户分级`.
import type { Card } from '../../../kernel/card.ts';
import { ACTIONS } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import type { TierView } from '../use-cases/tier-view.ts';

/** Whole yuan with thousands separators. */
export function money(yuan: number, locale: Locale): string {
  return Math.round(yuan).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
}

export function repurchaseCard(
  d: { customer: string; yearlyValue: number; quarter: string; lastDealId: number | null },
  ctx: Pick<NoticeContext, 'rules'>,
  locale: Locale,
): Card {
  const { a, b } = ctx.rules.deals.tiers;
  return {
    title: t(locale, 'customers.repurchase.title', { customer: d.customer }),
    level: 'info',
    body: t(locale, 'customers.repurchase.body', {
      customer: d.customer,
      value: money(d.yearlyValue, locale),
      a: money(a, locale),
      b: money(b, locale),
      quarter: d.quarter,
    }),
    ...(d.lastDealId === null
      ? {}
      : { actions: [{ id: ACTIONS.dealOpen, label: `D${d.lastDealId}`, value: String(d.lastDealId) }] }),
  };
}

/** The product pack text is the rules' at delivery, in the reader's language, for the rep to copy and send. */
export function productPackCard(
  d: { customer: string; yearlyValue: number; b: number },
  ctx: Pick<NoticeContext, 'rules'>,
  locale: Locale,
): Card {
  const pack = ctx.rules.customers.productPack[locale];
  return {
    title: t(locale, 'customers.pack.title', { customer: d.customer }),
    level: 'info',
    body: `${t(locale, 'customers.pack.body', {
      customer: d.customer,
      value: money(d.yearlyValue, locale),
      b: money(d.b, locale),
    })}\n\n${pack
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n')}`,
  };
}

export function tiersCard(
  v: TierView,
  ctx: { nameOf: (id: string) => string; rules: NoticeContext['rules'] },
  locale: Locale,
): Card {
  const { a, b } = ctx.rules.deals.tiers;
  const money2 = { a: money(a, locale), b: money(b, locale) };
  const title = t(locale, v.team ? 'customers.list.team' : 'customers.list.title');
  if (v.customers.length === 0)
    return { title, level: 'info', body: t(locale, 'customers.list.none', money2) };
  const owner = (id: string) => (v.team ? t(locale, 'customers.list.owner', { owner: ctx.nameOf(id) }) : '');
  const lines: string[] = [];
  for (const tier of ['A', 'B', 'C'] as const) {
    const rows = v.customers.filter((c) => c.tier === tier);
    if (rows.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(t(locale, `customers.list.head${tier}`, { ...money2, count: rows.length }));
    for (const c of rows) {
      const q = v.quotas.find((x) => x.key === c.key);
      const vars = { customer: c.customer, owner: owner(c.ownerId), value: money(c.yearlyValue, locale) };
      if (q === undefined || q.required === 0) lines.push(t(locale, 'customers.list.line', vars));
      else
        lines.push(
          t(locale, q.reason.missing > 0 ? 'customers.list.quotaShort' : 'customers.list.quotaMet', {
            ...vars,
            month: q.reason.month,
            done: q.done,
            required: q.required,
            missing: q.reason.missing,
          }),
        );
    }
  }
  const short = v.quotas.some((q) => q.reason.missing > 0);
  return {
    title,
    level: short ? 'yellow' : 'green',
    body: [...lines, '', t(locale, 'customers.list.foot')].join('\n'),
  };
}
