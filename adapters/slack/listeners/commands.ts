import type { App } from '@slack/bolt';
import { handleInbound, localeFor } from '../../../src/conversation/conversation.ts';
import { commandText, SLASH_COMMANDS } from '../payloads.ts';
import { whoIs } from '../people.ts';
import { openPlaceholder, sendReplies } from '../replies.ts';
import { opensForm } from '../../../src/conversation/parse-command.ts';
import type { SlackContext } from './context.ts';
import { pagesFor } from '../pages.ts';

const ANY_COMMAND = new RegExp(`^(${SLASH_COMMANDS.join('|')})$`);

/** Slash commands: ack at once (Slack waits 3 s), then answer through the response_url or a modal. */
export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(ANY_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const text = commandText(command.command, command.text);
    // A form must open within 3 s of the command: a placeholder first, filled when the answer is ready.
    const viewId = opensForm(text) ? await openPlaceholder(client, command.trigger_id) : undefined;
    const actor = await whoIs(ctx.chat, client, command.user_id);
    const replies = await handleInbound(ctx.chat, actor, { kind: 'command', text });
    const pages = await pagesFor(ctx.chat, ctx.forms, actor, replies);
    await sendReplies(
      {
        client,
        userId: command.user_id,
        respond,
        triggerId: command.trigger_id,
        ...(pages === undefined ? {} : { pages }),
        ...(viewId === undefined ? {} : { viewId, locale: await localeFor(ctx.chat, actor) }),
      },
      replies,
    );
  });
}
