import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { handleInbound, MAX_INBOUND_TEXT } from '../../../src/conversation/conversation.ts';
import { firstTimeSeen } from '../../../src/conversation/inbound-once.ts';
import { whoIs } from '../people.ts';
import { sendReplies, sendThreadReplies } from '../replies.ts';
import type { SlackContext } from './context.ts';
import { pagesFor } from '../pages.ts';

/** The fields of a `message.im` or `app_mention` event that decide whether and how it is read. */
interface TypedMessage {
  subtype?: string;
  channel_type?: string;
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
}

/** A Slack user id is short (U… or W…, about 11 characters): a longer "mention" is not one. */
const MAX_MENTION = 64;

/**
 * Text typed to the bot, read as the same command language as slash commands and the other platforms: in its
 * Messages tab (`message.im`, answered in the DM) and `@Leadline claim 12` in a channel (`app_mention`, answered
 * in that message's thread, what is meant for the speaker alone privately). Only plain messages from people
 * are read: edits, joins, bot messages (our own included) and file shares (listeners/files.ts) are not.
 * Slack redelivers an event it saw no 2xx for; each message acts once across instances (inbound_events, keyed by
 * channel and ts, so a mention delivered both ways would also act once).
 */
export function registerMessages(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, client, context }) => {
    const e = event as unknown as TypedMessage;
    if (e.channel_type !== 'im' || !fromPerson(e, context.botUserId)) return;
    await act(ctx, client, e, e.text ?? '', null);
  });
  app.event('app_mention', async ({ event, client, context }) => {
    const e = event as unknown as TypedMessage;
    if (!fromPerson(e, context.botUserId)) return;
    const text = withoutMention(e.text ?? '', context.botUserId);
    await act(ctx, client, e, text, e.thread_ts ?? e.ts);
  });
}

/** A plain message a person typed (no subtype: not an edit, a join, a bot's post or a file share). */
function fromPerson(e: TypedMessage, botUserId: string | undefined): e is TypedMessage & { user: string } {
  return e.subtype === undefined && e.bot_id === undefined && e.user !== undefined && e.user !== botUserId;
}

async function act(
  ctx: SlackContext,
  client: WebClient,
  e: TypedMessage & { user: string },
  text: string,
  threadTs: string | null,
): Promise<void> {
  if (!(await firstTimeSeen(ctx.chat, 'slack', `text:${e.channel}:${e.ts}`))) return;
  const actor = await whoIs(ctx.chat, client, e.user);
  const replies = await handleInbound(ctx.chat, actor, { kind: 'command', text });
  const pages = await pagesFor(ctx.chat, ctx.forms, actor, replies);
  if (threadTs === null)
    await sendReplies({ client, userId: e.user, ...(pages === undefined ? {} : { pages }) }, replies);
  else await sendThreadReplies({ client, userId: e.user, channel: e.channel, threadTs }, replies);
}

/**
 * The text after a leading `<@BOTID>` (or `<@BOTID|name>`) mention of the bot. One forward pass over at most
 * MAX_MENTION characters, no regex: a hostile message cannot make it work for long. Text longer than
 * MAX_INBOUND_TEXT is cut by handleInbound anyway; the slice here only bounds the copy.
 */
export function withoutMention(text: string, botUserId: string | undefined): string {
  let i = 0;
  while (i < text.length && i < MAX_INBOUND_TEXT && isSpace(text.charCodeAt(i))) i++;
  if (botUserId === undefined || !text.startsWith(`<@${botUserId}`, i)) return text.slice(i).trim();
  const after = i + 2 + botUserId.length;
  const next = text[after];
  let end = -1;
  if (next === '>') end = after;
  else if (next === '|') {
    for (let j = after + 1; j < text.length && j < after + MAX_MENTION; j++) {
      if (text[j] === '>') {
        end = j;
        break;
      }
    }
  }
  // `<@UBOTX>` is another user, not the bot: the text is left as it is.
  return end === -1 ? text.slice(i).trim() : text.slice(end + 1).trim();
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}
