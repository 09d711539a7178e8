// `tiers` / `客户分级` in chat (F24): the reader's customers by tier and the A customers' deep visits this month.
import type { Reply } from '../../../kernel/card.ts';
import type { Person } from '../../../kernel/types.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import type { Locale } from '../../i18n.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { tiersCard } from '../cards/tier-cards.ts';
import { tierView } from '../use-cases/tier-view.ts';

export async function tierReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const view = await tierView(deps.engine, actor);
  const { names } = await lookupNames(deps.engine);
  const ctx = { nameOf: (id: string) => names.get(id) ?? id, rules: deps.engine.rules };
  return [{ mode: 'ephemeral', card: tiersCard(view, ctx, locale) }];
}
