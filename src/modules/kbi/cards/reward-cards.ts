// Points, reviews and rewards (F22, F23) as cards: the day's points to the rep, the booked review to both
// people, a reward request to the manager (Approve / Decline) and its outcome to the rep, and the rewards list.
import { DateTime } from 'luxon';
import { ACTIONS, FORMS, type Card, type Form } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import type { NoticeData } from '../../notice-data.ts';
import type { Reward } from '../rules/kbi-rules.ts';
import type { RewardRequest } from '../../ports.ts';

type Ctx = Pick<NoticeContext, 'nameOf' | 'timezone'>;
const name = (n: { 'zh-CN': string; en: string }, locale: Locale) => (locale === 'en' ? n.en : n['zh-CN']);

/** `周一 12-07 09:00` / `Mon 12-07 09:00`: a slot as the reader says it. */
export function slotText(ms: number, timezone: string, locale: Locale): string {
  return DateTime.fromMillis(ms, { zone: timezone })
    .setLocale(locale === 'en' ? 'en-GB' : 'zh-CN')
    .toFormat('ccc MM-dd HH:mm');
}

export function pointsCard(d: NoticeData<'kbi.points'>, locale: Locale): Card {
  const lines = d.entries.map((e) =>
    t(locale, 'kbi.points.line', {
      kbi: name(e.kbi, locale),
      points: e.points,
      lead: e.leadId === null ? '' : ` #${e.leadId}${e.company === '' ? '' : ` ${e.company}`}`,
    }),
  );
  return {
    title: t(locale, 'kbi.points.title', { total: d.total, day: d.day }),
    level: 'win',
    body: [...lines, '', t(locale, 'kbi.points.balance', { balance: d.balance })].join('\n'),
  };
}

export function reviewBookedCard(d: NoticeData<'kbi.review.booked'>, ctx: Ctx, locale: Locale): Card {
  return {
    title: t(locale, 'kbi.review.booked.title', {
      at: slotText(d.at, ctx.timezone, locale),
      minutes: d.minutes,
    }),
    level: 'info',
    body: t(locale, 'kbi.review.booked.body', {
      rep: ctx.nameOf(d.repId),
      manager: ctx.nameOf(d.managerId),
      day: d.day,
      id: d.warningId,
    }),
  };
}

export function rewardRequestCard(d: NoticeData<'kbi.reward.request'>, ctx: Ctx, locale: Locale): Card {
  return {
    title: t(locale, 'kbi.reward.request.title', {
      name: ctx.nameOf(d.repId),
      reward: name(d.reward, locale),
    }),
    level: 'info',
    body: t(locale, 'kbi.reward.request.body', { cost: d.cost, balance: d.balance, id: d.requestId }),
    actions: [
      {
        id: ACTIONS.rewardApprove,
        label: t(locale, 'btn.approve'),
        value: String(d.requestId),
        style: 'primary',
      },
      {
        id: ACTIONS.rewardDecline,
        label: t(locale, 'btn.decline'),
        value: String(d.requestId),
        style: 'danger',
      },
    ],
  };
}

export function rewardDecidedCard(d: NoticeData<'kbi.reward.decided'>, locale: Locale): Card {
  const vars = {
    reward: name(d.reward, locale),
    cost: d.cost,
    balance: d.balance,
    note: d.note === '' ? t(locale, 'kbi.reward.noNote') : d.note,
  };
  return {
    title: t(locale, `kbi.reward.${d.outcome}.title`, vars),
    level: d.outcome === 'approved' ? 'green' : 'yellow',
    body: t(locale, `kbi.reward.${d.outcome}.body`, vars),
  };
}

export function rewardsListCard(
  v: { rewards: Reward[]; balance: number; pending: RewardRequest[] },
  locale: Locale,
  word: string,
): Card {
  const byId = new Map(v.rewards.map((r) => [r.id, r]));
  const lines = v.rewards.map((r) =>
    t(locale, r.cost <= v.balance ? 'kbi.rewards.lineOk' : 'kbi.rewards.lineShort', {
      id: r.id,
      name: name(r.name, locale),
      cost: r.cost,
    }),
  );
  const pending = v.pending.map((q) =>
    t(locale, 'kbi.rewards.pendingLine', {
      name:
        byId.get(q.rewardId) === undefined ? q.rewardId : name((byId.get(q.rewardId) as Reward).name, locale),
      cost: q.cost,
    }),
  );
  return {
    title: t(locale, 'kbi.rewards.title', { balance: v.balance }),
    level: 'info',
    body: [
      ...(lines.length > 0 ? lines : [t(locale, 'kbi.rewards.none')]),
      ...(pending.length > 0 ? ['', t(locale, 'kbi.rewards.pendingHead'), ...pending] : []),
      '',
      t(locale, 'kbi.rewards.how', { word, id: v.rewards[0]?.id ?? 'training' }),
    ].join('\n'),
  };
}

export function declineForm(locale: Locale, requestId: number): Form {
  return {
    id: FORMS.rewardDecline,
    title: t(locale, 'kbi.reward.form.title'),
    submitLabel: t(locale, 'btn.decline'),
    context: String(requestId),
    fields: [{ name: 'note', label: t(locale, 'kbi.reward.form.note'), kind: 'textarea', required: true }],
  };
}
