// A verified message or event from WeCom → one conversation-layer call → replies as app messages. Acts once per
// message: WeCom retries a callback it thinks went unanswered, and the retry carries the same MsgId (events:
// sender + CreateTime), which we record in the database before acting.
import { createHash } from 'node:crypto';
import {
  handleInbound,
  identify,
  localeFor,
  type ChatDeps,
  type Inbound,
} from '../../src/chat/conversation.ts';
import { firstTimeSeen } from '../../src/chat/inbound-once.ts';
import type { Reply } from '../../src/messages/card.ts';
import type { Locale } from '../../src/messages/catalog.ts';
import type { WecomApi } from './api.ts';
import { uploadCardMedia, type WecomMediaMessage } from './media.ts';
import { parseButtonKey, renderMessage, renderUpdate, taskId } from './render.ts';
import type { WecomInbound } from './xml.ts';

/** Settings key prefix for seen callbacks (see the report: a dedicated table with expiry belongs in src/store). */

export interface InboundDeps {
  chat: ChatDeps;
  api: WecomApi;
  agentId: number;
  taskPrefix: string;
}

/** What the person meant, or null for events we do not act on (entering the app, the LOCATION event, media for now). */
export function toConversation(msg: WecomInbound): Inbound | null {
  if (msg.msgType === 'text') return { kind: 'command', text: msg.content ?? '' };
  // A location the person sent for a check-in (F28). The periodic LOCATION event is ignored on purpose:
  // a place is taken only when the rep checks in or files, nothing tracks them.
  if (msg.msgType === 'location' && msg.location !== null)
    return { kind: 'location', place: { ...msg.location, datum: 'GCJ02' } };
  if (msg.msgType !== 'event') return null;
  const key = msg.eventKey ?? '';
  if (msg.event === 'template_card_event' || msg.event === 'click') {
    const action = parseButtonKey(key);
    if (action !== null) return { kind: 'action', ...action };
    // App menu items carry the command as their key (e.g. "我的线索", "集市").
    return msg.event === 'click' && key !== '' ? { kind: 'command', text: key } : null;
  }
  return null;
}

export async function processInbound(deps: InboundDeps, msg: WecomInbound): Promise<void> {
  if (msg.agentId !== null && msg.agentId !== String(deps.agentId)) return;
  const inbound = toConversation(msg);
  if (inbound === null) return;
  if (!(await firstTimeSeen(deps.chat, 'wecom', msg.key))) return;
  const actor = await identify(deps.chat, 'wecom', msg.from);
  const replies = await handleInbound(deps.chat, actor, inbound);
  await sendReplies(deps, msg, replies, await localeFor(deps.chat, actor));
}

async function sendReplies(
  deps: InboundDeps,
  msg: WecomInbound,
  replies: Reply[],
  locale: Locale,
): Promise<void> {
  // A response_code is single-use: the first in-place reply to a click replaces the clicked card.
  let code = msg.responseCode ?? '';
  const base = `${deps.taskPrefix}-r${createHash('sha1').update(msg.key).digest('hex').slice(0, 16)}`;
  for (const [i, reply] of replies.entries()) {
    if (reply.mode === 'in_place' && code !== '' && msg.taskId !== null) {
      await deps.api.post('message/update_template_card', {
        userids: [msg.from],
        agentid: deps.agentId,
        response_code: code,
        ...renderUpdate(reply.card, msg.taskId),
      });
      code = '';
      continue;
    }
    // Forms (mobile web pages) are not built yet: a form reply shows its card, the form is left out.
    const send = (message: object) =>
      deps.api.post('message/send', {
        touser: msg.from,
        agentid: deps.agentId,
        ...message,
        enable_duplicate_check: 1,
        duplicate_check_interval: 1800,
      });
    const media = await uploadCardMedia(deps.api, reply.card);
    for (const m of media.before) await send(m satisfies WecomMediaMessage);
    await send(renderMessage(reply.card, { chat: false, taskId: taskId(`${base}-${i}`), locale }));
    for (const m of media.after) await send(m);
  }
}
