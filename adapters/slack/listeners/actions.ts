import type { App, BlockAction } from '@slack/bolt';
import { handleInbound, localeFor } from '../../../src/conversation/conversation.ts';
import { publishHome } from '../home.ts';
import { whoIs } from '../people.ts';
import { neutralActionId } from '../render.ts';
import { openPlaceholder, sendReplies } from '../replies.ts';
import { FORM_ACTIONS } from '../../../src/kernel/card.ts';
import { PAGE_ACTIONS, pagesFor } from '../pages.ts';
import type { SlackContext } from './context.ts';

/** Button clicks: action_id is one of our ACTIONS ids (with `:index` when repeated in its block), value the lead id. */
export function registerActions(app: App, ctx: SlackContext): void {
  app.action<BlockAction>({ type: 'block_actions' }, async ({ ack, body, action, respond, client }) => {
    await ack();
    // A link button (the report's page) opens in the browser: Slack tells us of the click, there is nothing to do.
    if (action.type !== 'button' || action.url !== undefined) return;
    const actionId = neutralActionId(action.action_id);
    // The report's form is a link to its page when there are pages: no modal, so no placeholder.
    const page = ctx.forms !== undefined && PAGE_ACTIONS.has(actionId);
    // A form must open within 3 s of the click: a placeholder first, filled when the answer is ready.
    const viewId =
      FORM_ACTIONS.has(actionId) && !page ? await openPlaceholder(client, body.trigger_id) : undefined;
    const actor = await whoIs(ctx.chat, client, body.user.id);
    const inbound = { kind: 'action', actionId, value: action.value ?? '' } as const;
    const replies = await handleInbound(ctx.chat, actor, inbound);
    const pages = await pagesFor(ctx.chat, ctx.forms, actor, replies);
    // A click on the Home tab has no message to replace and no response_url: its answer goes to the DM.
    const fromHome = body.container.type === 'view';
    await sendReplies(
      {
        client,
        userId: body.user.id,
        triggerId: body.trigger_id,
        ...(fromHome ? {} : { respond }),
        ...(pages === undefined ? {} : { pages }),
        ...(viewId === undefined ? {} : { viewId, locale: await localeFor(ctx.chat, actor) }),
      },
      replies,
    );
    if (fromHome) await publishHome(ctx.chat, client, body.user.id);
  });
}
