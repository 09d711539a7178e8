// The App Home tab: the rep's market claims left today and running clocks, then a card per lead they hold and
// their open deals.
import type { WebClient } from '@slack/web-api';
import { handleInbound, localeFor, type ChatDeps } from '../../src/conversation/conversation.ts';
import type { Person } from '../../src/kernel/types.ts';
import { lookupNames, myLeads } from '../../src/modules/leads/use-cases/my-leads.ts';
import type { Card } from '../../src/kernel/card.ts';
import { t } from '../../src/modules/i18n.ts';
import { leadCard } from '../../src/modules/leads/cards/lead-card.ts';
import { dealCard } from '../../src/modules/deals/cards/deal-card.ts';
import { myDeals } from '../../src/modules/deals/use-cases/deal-view.ts';
import { whoIs } from './people.ts';
import { renderHome } from './render.ts';

export async function homeCards(chat: ChatDeps, person: Person): Promise<Card[]> {
  const locale = await localeFor(chat, person);
  const mine = await myLeads(chat.engine, person.id);
  const { names, timezone } = await lookupNames(chat.engine);
  const summary: Card = {
    title: t(locale, 'home.title'),
    level: mine.clocksRunning > 0 ? 'yellow' : 'info',
    body: [
      t(locale, 'mine.claimsLeft', { left: Math.max(0, mine.cap - mine.claimsToday), cap: mine.cap }),
      t(locale, 'home.warnings', { count: mine.clocksRunning }),
      ...(mine.leads.length === 0 ? [t(locale, 'mine.empty')] : []),
    ].join('\n'),
  };
  const leads = mine.leads.map((lead) =>
    leadCard(
      {
        lead,
        ownerName: lead.ownerId === null ? null : (names.get(lead.ownerId) ?? null),
        timezone,
        viewerId: person.id,
      },
      locale,
    ),
  );
  // Open deals follow, with what each still needs (a Home view holds 100 blocks: a few cards only).
  const deals = (await myDeals(chat.engine, person.id, HOME_DEALS)).map((view) =>
    dealCard(view, locale, chat.engine.clock()),
  );
  return [summary, ...leads, ...deals];
}

const HOME_DEALS = 6;

/** Publishes the Home tab of one Slack user (views.publish replaces it whole, so publishing twice is harmless). */
export async function publishHome(chat: ChatDeps, client: WebClient, slackUserId: string): Promise<void> {
  const person = await whoIs(chat, client, slackUserId);
  const cards =
    person === null
      ? (await handleInbound(chat, null, { kind: 'command', text: 'help' })).map((r) => r.card)
      : await homeCards(chat, person);
  await client.views.publish({ user_id: slackUserId, view: renderHome(cards) });
}
