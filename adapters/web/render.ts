// The playground's "platform format": the neutral Card as JSON, with any PNG inlined as a data: URL so the
// page needs nothing but this answer. Pure; the browser turns it into HTML (public/playground.js).
import type { Card, Reply } from '../../src/messages/card.ts';

export interface WireCard extends Omit<Card, 'image'> {
  image?: { src: string; alt: string };
}

/** A reply is its card plus how to show it: `ephemeral`, `in_place` (replace the clicked card), `open_form`. */
export type WireReply = WireCard & { mode: Reply['mode'] };

export function toWireCard(card: Card): WireCard {
  const { image, ...rest } = card;
  // Cards stored by the outbox worker keep no PNG bytes (JSON); such a card is shown without its image.
  if (image === undefined || !((image.png as unknown) instanceof Uint8Array)) return rest;
  return {
    ...rest,
    image: { src: `data:image/png;base64,${Buffer.from(image.png).toString('base64')}`, alt: image.alt },
  };
}

export function toWireReplies(replies: readonly Reply[]): WireReply[] {
  return replies.map((r) => ({ mode: r.mode, ...toWireCard(r.card) }));
}
