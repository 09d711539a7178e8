// A Card as JSON, bytes included: how a chart (PNG) or a CSV travels through the outbox and is kept with a sent
// delivery. Bytes become `{ "$base64": "…" }`. Inline, not files under the data folder: the notice is written in
// the same transaction as the change that caused it, and several instances on one PostgreSQL (F40) share no
// folder. Our charts are 40–70 KB as PNG; past MAX_INLINE_BYTES a card keeps its alt text, reading and file
// name but drops the bytes, so one oversized chart cannot bloat the outbox.
import type { Card } from './card.ts';

export const MAX_INLINE_BYTES = 256 * 1024;

type Encoded = { $base64: string };

const isEncoded = (v: unknown): v is Encoded =>
  typeof v === 'object' && v !== null && typeof (v as Encoded).$base64 === 'string';

/** The card as a JSON-safe value. */
export function cardToJsonValue(card: Card): Record<string, unknown> {
  const { image, file, ...rest } = card;
  const out: Record<string, unknown> = { ...rest };
  const size = (image?.png.length ?? 0) + (file?.bytes.length ?? 0);
  const keep = size <= MAX_INLINE_BYTES;
  const enc = (bytes: Uint8Array): Encoded | undefined =>
    keep ? { $base64: Buffer.from(bytes).toString('base64') } : undefined;
  if (image !== undefined) out.image = { ...image, png: enc(image.png) };
  if (file !== undefined) out.file = { ...file, bytes: enc(file.bytes) };
  return out;
}

export function cardToJson(card: Card): string {
  return JSON.stringify(cardToJsonValue(card));
}

/** The card back, bytes as Uint8Array; a part whose bytes were dropped has them empty. */
export function cardFromJsonValue(value: unknown): Card {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const dec = (x: unknown) =>
    isEncoded(x) ? new Uint8Array(Buffer.from(x.$base64, 'base64')) : new Uint8Array();
  const card = { ...v } as unknown as Card;
  const image = v.image as (Omit<NonNullable<Card['image']>, 'png'> & { png?: unknown }) | undefined;
  const file = v.file as (Omit<NonNullable<Card['file']>, 'bytes'> & { bytes?: unknown }) | undefined;
  if (image !== undefined) card.image = { ...image, png: dec(image.png) };
  if (file !== undefined) card.file = { ...file, bytes: dec(file.bytes) };
  return card;
}

export function cardFromJson(json: string): Card {
  return cardFromJsonValue(JSON.parse(json) as unknown);
}

/** The outbox template of a notice that is a ready-made card (a chart for a manager or a team channel). */
export const CARD_NOTICE = 'card';

/**
 * Notice data for a ready-made card: `notice({ to, template: CARD_NOTICE, data: cardNoticeData(card) })`;
 * with `platform`, it goes to that messenger only.
 */
export function cardNoticeData(
  card: Card,
  platform?: string,
): { card: Record<string, unknown>; platform?: string } {
  return { card: cardToJsonValue(card), ...(platform === undefined ? {} : { platform }) };
}
