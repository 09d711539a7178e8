// Rewards and the red review in chat (F22, F23): `兑换` / `redeem` (the list, a request, the manager's decision),
// and the manager's Accept on a review slot.
import type { Person } from '../../../kernel/types.ts';
import { ACTIONS, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { bookReview } from '../use-cases/book-review.ts';
import { decideReward, requestReward, rewardsView } from '../use-cases/rewards.ts';
import { declineForm, rewardsListCard, slotText } from '../cards/reward-cards.ts';

export type RedeemCommand =
  | { verb: 'redeem'; action: 'list' }
  | { verb: 'redeem'; action: 'ask'; word: string }
  | { verb: 'redeem'; action: 'approve' | 'decline'; requestId: number; note: string };

const rewardName = (n: { 'zh-CN': string; en: string }, locale: Locale) =>
  locale === 'en' ? n.en : n['zh-CN'];

export async function redeemReplies(
  deps: ChatDeps,
  actor: Person,
  c: RedeemCommand,
  locale: Locale,
): Promise<Reply[]> {
  const word = locale === 'en' ? 'redeem' : '兑换';
  if (c.action === 'list')
    return [
      { mode: 'ephemeral', card: rewardsListCard(await rewardsView(deps.engine, actor.id), locale, word) },
    ];
  if (c.action === 'ask') {
    const r = await requestReward(deps.engine, { personId: actor.id, word: c.word });
    if (r.kind === 'rejected')
      return [
        note(
          locale,
          `kbi.reward.${r.reason}`,
          r.reason === 'INSUFFICIENT'
            ? { reward: rewardName(r.reward.name, locale), cost: r.reward.cost, balance: r.balance }
            : { word: c.word },
          'yellow',
        ),
      ];
    const { names } = await lookupNames(deps.engine);
    return [
      note(
        locale,
        'kbi.reward.requested',
        {
          reward: rewardName(r.reward.name, locale),
          cost: r.reward.cost,
          name: names.get(r.managerId) ?? r.managerId,
        },
        'green',
      ),
    ];
  }
  return decideReplies(deps, actor, c.requestId, c.action === 'approve', c.note, locale);
}

export async function decideReplies(
  deps: ChatDeps,
  actor: Person,
  requestId: number,
  approve: boolean,
  text: string,
  locale: Locale,
): Promise<Reply[]> {
  if (!approve && text.trim() === '')
    return [note(locale, 'kbi.reward.needNote', { id: requestId }, 'yellow')];
  const r = await decideReward(deps.engine, { personId: actor.id, requestId, approve, note: text });
  if (r.kind === 'rejected') return [note(locale, `kbi.reward.${r.reason}`, { id: requestId }, 'yellow')];
  if (r.kind === 'already')
    return [
      note(
        locale,
        'kbi.reward.already',
        { id: requestId, status: t(locale, `kbi.reward.status.${r.request.status}`) },
        'info',
      ),
    ];
  const { names } = await lookupNames(deps.engine);
  return [
    note(
      locale,
      `kbi.reward.done.${r.kind}`,
      {
        id: requestId,
        cost: r.request.cost,
        balance: r.balance,
        name: names.get(r.request.repId) ?? r.request.repId,
      },
      r.kind === 'approved' ? 'green' : 'yellow',
    ),
  ];
}

/** The Decline button: a form asks why (the rep reads it). */
export function declineFormReply(locale: Locale, requestId: number): Reply {
  const form = declineForm(locale, requestId);
  return { mode: 'open_form', card: { title: form.title, level: 'info', form } };
}

/** `复盘 W12 1` / `review W12 1`, or the Accept button (value `12:0`): books the slot once. */
export async function reviewReplies(
  deps: ChatDeps,
  actor: Person,
  warningId: number,
  slot: number,
  locale: Locale,
): Promise<Reply[]> {
  const r = await bookReview(deps.engine, { personId: actor.id, warningId, slot });
  if (r.kind === 'rejected') return [note(locale, `kbi.review.${r.reason}`, { id: warningId }, 'yellow')];
  const { names, timezone } = await lookupNames(deps.engine);
  const at = slotText(r.at, timezone, locale);
  if (r.kind === 'already') return [note(locale, 'kbi.review.already', { at }, 'info')];
  return [
    note(locale, 'kbi.review.done', { at, name: names.get(r.warning.repId) ?? r.warning.repId }, 'green'),
  ];
}

/** Button clicks of this file's cards: Accept a review slot, Approve a reward, Decline one (a form asks why). */
export async function kbiActionReplies(
  deps: ChatDeps,
  actor: Person,
  actionId: string,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  if (actionId === ACTIONS.kbiReview) {
    const m = /^(\d{1,15}):([01])$/.exec(value);
    if (m === null) return [note(locale, 'kbi.review.NOT_FOUND', { id: value.slice(0, 20) }, 'yellow')];
    return reviewReplies(deps, actor, Number(m[1]), Number(m[2]), locale);
  }
  const id = /^\d{1,15}$/.test(value) ? Number(value) : null;
  if (id === null) return [note(locale, 'kbi.reward.NOT_FOUND', { id: value.slice(0, 20) }, 'yellow')];
  if (actionId === ACTIONS.rewardApprove) return decideReplies(deps, actor, id, true, '', locale);
  return [declineFormReply(locale, id)];
}
