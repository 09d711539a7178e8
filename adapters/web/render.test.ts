import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/kernel/card.ts';
import { toWireCard, toWireReplies } from './render.ts';

const card: Card = {
  title: '线索 #12 · 南京市第三人民医院',
  level: 'red',
  fields: [{ label: '预算', value: '¥250,000' }],
  body: '在线索池中，任何人都可领取',
  actions: [{ id: 'lead.claim', label: '领取', value: '12', style: 'primary' }],
  leadId: 12,
};

describe('playground rendering', () => {
  it('sends a reply as its card plus the reply mode', async () => {
    expect(await toWireReplies([{ mode: 'in_place', card }])).toMatchInlineSnapshot(`
      [
        {
          "actions": [
            {
              "id": "lead.claim",
              "label": "领取",
              "style": "primary",
              "value": "12",
            },
          ],
          "body": "在线索池中，任何人都可领取",
          "fields": [
            {
              "label": "预算",
              "value": "¥250,000",
            },
          ],
          "leadId": 12,
          "level": "red",
          "mode": "in_place",
          "title": "线索 #12 · 南京市第三人民医院",
        },
      ]
    `);
  });

  it('inlines a PNG as a data: URL, and leaves out an image whose bytes were not kept', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect((await toWireCard({ ...card, image: { png, alt: '漏斗' } })).image).toEqual({
      src: 'data:image/png;base64,iVBORw==',
      alt: '漏斗',
    });
    const stored = JSON.parse(JSON.stringify({ ...card, image: { alt: '漏斗' } })) as Card;
    expect(await toWireCard(stored)).not.toHaveProperty('image');
  });
});
