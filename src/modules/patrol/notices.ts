// The patrol's notices → cards (issue 21).
import { defineNotices } from '../notice-kit.ts';
import { nudgeCard, patrolCard } from './cards/patrol-card.ts';
import { PATROL_NOTICE_DATA } from './notice-data.ts';

export const PATROL_NOTICES = defineNotices(PATROL_NOTICE_DATA, {
  'patrol.card': (d, ctx, locale) => patrolCard(d, ctx, locale),
  'patrol.nudge': (d, ctx, locale) => nudgeCard(d, ctx, locale),
});
