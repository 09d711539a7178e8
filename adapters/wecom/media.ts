// A card's chart and file on WeCom: each uploaded as temporary media (media/upload), then sent as an image or
// file message (msgtype image / file with its media_id) beside the card itself. The chart goes before the card
// (whose text carries the reading and the CSV button), the file after it.
import type { Card } from '../../src/kernel/card.ts';
import type { WecomApi } from './api.ts';

export type WecomMediaMessage =
  { msgtype: 'image'; image: { media_id: string } } | { msgtype: 'file'; file: { media_id: string } };

export interface CardMedia {
  before: WecomMediaMessage[];
  after: WecomMediaMessage[];
}

export async function uploadCardMedia(api: WecomApi, card: Card): Promise<CardMedia> {
  const media: CardMedia = { before: [], after: [] };
  // Empty bytes: a card from the outbox whose chart was too big to keep inline (card-json.ts).
  if (card.image !== undefined && card.image.png.length > 0) {
    const id = await api.upload('image', 'chart.png', 'image/png', card.image.png);
    media.before.push({ msgtype: 'image', image: { media_id: id } });
  }
  if (card.file !== undefined && card.file.bytes.length > 0) {
    const id = await api.upload('file', card.file.name, card.file.mime, card.file.bytes);
    media.after.push({ msgtype: 'file', file: { media_id: id } });
  }
  return media;
}
