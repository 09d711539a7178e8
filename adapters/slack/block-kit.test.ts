import { describe, expect, it } from 'vitest';
import { ACTIONS, FORMS, type Card } from '../../src/kernel/card.ts';
import { checkBlocks, checkView } from './block-kit.ts';
import { renderHome, renderMessage, renderModal } from './render.ts';

const button = (actionId: string, text = 'Open') => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text },
  value: '1',
});

describe('the Block Kit check (what Slack answers invalid_blocks for)', () => {
  it('refuses a repeated action_id within one actions block, and accepts it across blocks', () => {
    const twice = { type: 'actions', elements: [button('deal.open'), button('deal.open')] };
    expect(checkBlocks([twice], 'message')).toEqual([
      'blocks[0].elements[1].action_id: deal.open repeated in its block',
    ]);
    const apart = [
      { type: 'actions', elements: [button('deal.open')] },
      { type: 'actions', elements: [button('deal.open')] },
    ];
    expect(checkBlocks(apart, 'message')).toEqual([]);
  });

  it('refuses a repeated block_id, more than 50 blocks in a message (100 in a view), and overlong texts', () => {
    const divider = { type: 'divider' };
    expect(
      checkBlocks(
        Array.from({ length: 50 }, () => divider),
        'message',
      ),
    ).toEqual([]);
    expect(
      checkBlocks(
        Array.from({ length: 51 }, () => divider),
        'message',
      ),
    ).toHaveLength(1);
    expect(
      checkBlocks(
        Array.from({ length: 100 }, () => divider),
        'home',
      ),
    ).toEqual([]);
    expect(
      checkBlocks(
        [
          { type: 'divider', block_id: 'a' },
          { type: 'divider', block_id: 'a' },
        ],
        'message',
      ),
    ).toEqual(['blocks[1].block_id: a repeated in the message']);
    expect(checkBlocks([{ type: 'actions', elements: [button('x', 'b'.repeat(76))] }], 'message')).toEqual([
      'blocks[0].elements[0].text: 76 characters, over 75',
    ]);
    expect(
      checkBlocks([{ type: 'section', text: { type: 'mrkdwn', text: 'c'.repeat(3001) } }], 'message'),
    ).toEqual(['blocks[0].text: 3001 characters, over 3000']);
    expect(
      checkView({ type: 'modal', title: { type: 'plain_text', text: 't'.repeat(25) }, blocks: [] }),
    ).toEqual(['view.title: 25 characters, over 24']);
  });

  it('passes what render.ts makes of a list of 30 Open buttons, a long card, a modal and a Home tab', () => {
    const card: Card = {
      title: 'T'.repeat(400),
      level: 'info',
      body: 'line\n'.repeat(3000),
      fields: Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: 'v'.repeat(2500) })),
      actions: Array.from({ length: 30 }, (_, i) => ({
        id: ACTIONS.dealOpen,
        label: `D${i} ${'x'.repeat(100)}`,
        value: String(i),
      })),
    };
    expect(checkBlocks(renderMessage(card).blocks, 'message')).toEqual([]);
    expect(checkView(renderHome([card, card, card]))).toEqual([]);
    const form = {
      id: FORMS.leadNew,
      title: 'A very long form title indeed',
      submitLabel: 'Submit this form right now',
      fields: [{ name: 'company', label: 'Company', kind: 'text' as const, required: true }],
    };
    expect(checkView(renderModal(form, 'Please correct'))).toEqual([]);
  });
});
