// The weekly digest's notices (F30–F33): the figures the use case queued, drawn into the summary and the
// charts when the outbox delivers them (a chart takes tens of milliseconds: never inside the use case).
import type { Card } from '../../kernel/card.ts';
import type { Locale } from '../i18n.ts';
import { teamBoardCard } from '../kbi/cards/kbi-cards.ts';
import { defineNotices, type NoticeContext, type NoticeDef } from '../notice-kit.ts';
import { digestJourneyCard, digestSummaryCard } from './charts/digest-card.ts';
import { dwellCard, funnelCard } from './charts/funnel-card.ts';
import { radarTeamCard } from './charts/radar-card.ts';
import { ANALYTICS_NOTICE_DATA, type DigestPart } from './notice-data.ts';

export const ANALYTICS_NOTICES = defineNotices(ANALYTICS_NOTICE_DATA, {
  'digest.summary': (d, ctx, locale) => digestSummaryCard(d, ctx.rules, locale),
  'digest.funnel': (d, ctx, locale) => funnelCard(ctx.rules, d.report, locale, d.csv),
  'digest.dwell': (d, _ctx, locale) => dwellCard(d.report, locale),
  'digest.radar': (d, _ctx, locale) => radarTeamCard(d.report, locale, d.csv),
  'digest.journey': (d, ctx, locale) => digestJourneyCard(d, ctx.rules, locale),
  'digest.board': (d, ctx, locale) => teamBoardCard(d.board, locale, ctx.nameOf),
});

/** The digest's cards in order, as the `digest` command shows them at once. */
export async function digestCards(
  parts: readonly DigestPart[],
  ctx: NoticeContext,
  locale: Locale,
): Promise<Card[]> {
  const cards: Card[] = [];
  for (const part of parts) {
    const def = ANALYTICS_NOTICES[part.template] as unknown as NoticeDef;
    cards.push(await def.render(part.data, ctx, locale));
  }
  return cards;
}
