import type { App, BlockAction } from '@slack/bolt';
import { handleInbound, localeFor } from '../../../src/conversation/conversation.ts';
import { publishHome } from '../home.ts';
import { whoIs } from '../people.ts';
import { neutralActionId } from '../render.ts';
import { openPlaceholder, sendReplies } from '../replies.ts';
import { FORM_ACTIONS } from '../../../src/kernel/card.ts';
import type { SlackContext } from './context.ts';

/** Button clicks: action_id is one of our ACTIONS ids (with `:index` when repeated in its block), value the lead id. */
export function registerActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction>({ type: 'block_actions' }, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (action.type !== 'button') return;
    const actionId = neutralActionId(action.action_id);
    // A form must open within 3 s of the click: a placeholder first, filled when the answer is ready.
    const viewId = FORM_ACTIONS.has(actionId) ? await openPlaceholder(client, body.trigger_id) : undefined;
    const actor = await whoIs(ctx.chat, client, body.user.id);
    const inbound = { kind: 'action', actionId, value: action.value ?? '' } as const;
    const replies = await handleInbound(ctx.chat, actor, inbound);
    // A click on the Home tab has no message to replace and no response_url: its answer goes to the DM.
    const fromHome = body.container.type === 'view';
    await sendReplies(
      {
        client,
        userId: body.user.id,
        triggerId: body.trigger_id,
        ...(fromHome ? {} : { respond }),
        ...(viewId === undefined ? {} : { viewId, locale: await localeFor(ctx.chat, actor) }),
      },
      replies,
    );
    if (fromHome) await publishHome(ctx.chat, client, body.user.id);
  });
}
