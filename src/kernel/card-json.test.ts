import { describe, expect, it } from 'vitest';
import type { Card } from './card.ts';
import { cardFromJson, cardToJson, MAX_INLINE_BYTES } from './card-json.ts';

const card = (png: Uint8Array): Card => ({
  title: '线索分配 2026-11',
  level: 'info',
  image: { png, alt: 'chart', reading: '29 条线索' },
  file: { name: 'd.csv', mime: 'text/csv', bytes: new Uint8Array([0xef, 0xbb, 0xbf, 0x61]) },
  actions: [{ id: 'chart.csv', label: 'CSV', value: 'distribution 2026-11' }],
});

describe('cards as JSON', () => {
  it('keeps the PNG and the file bytes through JSON', () => {
    const original = card(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    const json = cardToJson(original);
    expect(json).toContain('"$base64":"iVBORwECAw=="');
    expect(cardFromJson(json)).toEqual(original);
  });

  it('drops the bytes of an oversized card but keeps what it says', () => {
    const big = cardFromJson(cardToJson(card(new Uint8Array(MAX_INLINE_BYTES + 1))));
    expect(big.image).toEqual({ png: new Uint8Array(), alt: 'chart', reading: '29 条线索' });
    expect(big.file?.name).toBe('d.csv');
    expect(big.file?.bytes.length).toBe(0);
  });
});
