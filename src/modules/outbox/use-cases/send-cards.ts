// Ready-made cards (answers worked out elsewhere, such as a form page's replies) sent to a person through the
// outbox, so they reach the person's chat like any other notice.
import type { Card } from '../../../kernel/card.ts';
import { CARD_NOTICE, cardNoticeData } from '../../../kernel/card-json.ts';
import type { EngineDeps } from '../../deps.ts';
import { notice } from '../../notice-data.ts';

/** Queues each card for `personId`; with `platform`, on that messenger only. */
export async function sendCards(
  deps: EngineDeps,
  personId: string,
  cards: readonly Card[],
  platform?: string,
): Promise<void> {
  const now = deps.clock();
  await deps.store.transaction(async (tx) => {
    for (const card of cards)
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: personId },
          template: CARD_NOTICE,
          data: cardNoticeData(card, platform),
        }),
        now,
      );
  });
}
