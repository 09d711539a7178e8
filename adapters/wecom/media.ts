// A card's chart and file on WeCom: each uploaded as temporary media (media/upload), then sent as an image or
// file message (msgtype image / file with its media_id) beside the card itself. The chart goes before the card
// (whose text carries the reading and the CSV button), the file after it (a table as CSV and as xlsx).
import type { DeliveryProgress } from '../../src/conversation/delivery.ts';
import type { Card } from '../../src/kernel/card.ts';
import { exportFiles } from '../../src/modules/analytics/charts/export-files.ts';
import type { WecomApi } from './api.ts';

export type WecomMediaMessage =
  { msgtype: 'image'; image: { media_id: string } } | { msgtype: 'file'; file: { media_id: string } };

export interface CardMedia {
  before: WecomMediaMessage[];
  after: WecomMediaMessage[];
}

/** A media_id lives 3 days (上传临时素材: "media_id仅三天内有效"); reused for a retry until an hour before that. */
export const MEDIA_REUSE_MS = 3 * 24 * 3_600_000 - 3_600_000;

/** Where the media ids of a delivery's earlier try are kept (delivery.ts DeliveryProgress), when there is one. */
export interface MediaRecord {
  progress?: DeliveryProgress;
  now: number;
}

/**
 * The card's chart and file as uploaded media. With `record` (an outbox delivery), each media_id is kept with the
 * delivery: a retry, even after a restart, sends the same media_id instead of uploading again, and WeCom's
 * duplicate check then drops a message that already reached the member (DUPLICATE_CHECK_SECONDS).
 */
export async function uploadCardMedia(api: WecomApi, card: Card, record?: MediaRecord): Promise<CardMedia> {
  const media: CardMedia = { before: [], after: [] };
  const upload = async (
    key: string,
    type: 'image' | 'file',
    name: string,
    mime: string,
    bytes: Uint8Array,
  ) => {
    const step = `wecom.media.${key}`;
    const kept = record?.progress?.done[step] as { id?: unknown; at?: unknown } | undefined;
    if (typeof kept?.id === 'string' && typeof kept.at === 'number' && record!.now - kept.at < MEDIA_REUSE_MS)
      return kept.id;
    const id = await api.upload(type, name, mime, bytes);
    await record?.progress?.save(step, { id, at: record.now });
    return id;
  };
  // Empty bytes: a card from the outbox whose chart was too big to keep inline (card-json.ts).
  if (card.image !== undefined && card.image.png.length > 0) {
    const id = await upload('image', 'image', 'chart.png', 'image/png', card.image.png);
    media.before.push({ msgtype: 'image', image: { media_id: id } });
  }
  // A table's CSV goes with its Excel workbook: `file` media takes any type up to 20 MB (上传临时素材,
  // https://developer.work.weixin.qq.com/document/path/90253), so the manager gets both and opens either.
  for (const file of card.file === undefined ? [] : await exportFiles(card.file)) {
    const id = await upload(`file.${file.name}`, 'file', file.name, file.mime, file.bytes);
    media.after.push({ msgtype: 'file', file: { media_id: id } });
  }
  return media;
}
