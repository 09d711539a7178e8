// KBI warning notices (F22) → cards: the rep's, and the copy to their manager.
import { defineNotices } from '../notice-kit.ts';
import { warningCard } from './cards/kbi-notices.ts';
import { KBI_NOTICE_DATA } from './notice-data.ts';
import { pointsCard, rewardDecidedCard, rewardRequestCard, reviewBookedCard } from './cards/reward-cards.ts';

export const KBI_NOTICES = defineNotices(KBI_NOTICE_DATA, {
  'kbi.warning': (d, ctx, locale) => warningCard(d, 'rep', ctx, locale),
  'kbi.warning.manager': (d, ctx, locale) => warningCard(d, 'manager', ctx, locale),
  'kbi.points': (d, _ctx, locale) => pointsCard(d, locale),
  'kbi.review.booked': (d, ctx, locale) => reviewBookedCard(d, ctx, locale),
  'kbi.reward.request': (d, ctx, locale) => rewardRequestCard(d, ctx, locale),
  'kbi.reward.decided': (d, _ctx, locale) => rewardDecidedCard(d, locale),
});
