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
} from '../../src/conversation/conversation.ts';
import { errorCard } from '../../src/conversation/help.ts';
import { firstTimeSeen } from '../../src/conversation/inbound-once.ts';
import type { Reply } from '../../src/kernel/card.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import { sendCards } from '../../src/modules/outbox/use-cases/send-cards.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import { WecomApiError, type WecomApi } from './api.ts';
import { uploadCardMedia } from './media.ts';
import { parseButtonKey, renderFormLink, renderMessage, renderUpdate, taskId } from './render.ts';
import { deliveryOfTask, type ResponseCodes } from './response-codes.ts';
import type { WecomInbound } from './xml.ts';
import { log } from '../../src/log.ts';

/** WeCom's own cap for files sent in chat (images are at most 10 MB). */
const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

export interface InboundDeps {
  chat: ChatDeps;
  api: WecomApi;
  agentId: number;
  taskPrefix: string;
  /** The cards' unused response_codes: a click's code not spent on its own reply is kept for the next update. */
  codes: ResponseCodes;
  /** Forms as signed mobile pages; without it (no PUBLIC_URL) a form reply says the admin must set it. */
  forms?: FormLinks;
}

/** Photos and files sent to the app: fetched with media/get, then evidence like a Slack or playground upload. */
const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'file']);

/** What the person meant, or null for events we do not act on (entering the app, the LOCATION event, video). */
export function toConversation(msg: WecomInbound): Inbound | null {
  if (msg.msgType === 'text') return { kind: 'command', text: msg.content ?? '' };
  // App voice messages carry no transcript (unlike DingTalk's): ask for text.
  if (msg.msgType === 'voice') return { kind: 'voice' };
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

/** Messages WeCom delivers that Leadline cannot use, answered with what to send instead (WeCom passes an app
 * only text, image, voice, video, location and link messages, never files: "接收普通消息",
 * https://developer.work.weixin.qq.com/document/path/90239). */
const UNUSABLE: Readonly<Record<string, 'media.video' | 'media.link'>> = {
  video: 'media.video',
  link: 'media.link',
};

export async function processInbound(deps: InboundDeps, msg: WecomInbound): Promise<void> {
  if (msg.agentId !== null && msg.agentId !== String(deps.agentId)) return;
  const unusable = UNUSABLE[msg.msgType];
  if (unusable !== undefined) {
    if (!(await firstTimeSeen(deps.chat, 'wecom', msg.key))) return;
    const actor = await identify(deps.chat, 'wecom', msg.from);
    const locale = await localeFor(deps.chat, actor);
    const card = { title: t(locale, unusable), level: 'yellow' as const };
    await sendReplies(deps, msg, [{ mode: 'ephemeral', card }], locale, actor?.id ?? null);
    return;
  }
  const isMedia = MEDIA_TYPES.has(msg.msgType) && msg.mediaId !== null && msg.mediaId !== '';
  const early = isMedia ? null : toConversation(msg);
  if (early === null && !isMedia) return;
  if (!(await firstTimeSeen(deps.chat, 'wecom', msg.key))) return;
  const actor = await identify(deps.chat, 'wecom', msg.from);
  const locale = await localeFor(deps.chat, actor);
  let inbound: Inbound;
  if (early !== null) inbound = early;
  // Someone we do not know gets "ask your admin" (any inbound does) without us fetching their file.
  else if (actor === null) inbound = { kind: 'command', text: '' };
  else {
    try {
      inbound = await mediaInbound(deps, msg);
    } catch (err) {
      // Media ids last 3 days; a failed fetch is told, not swallowed: nothing was filed, send it again.
      log({ platform: 'wecom' }).error(
        { err },
        `wecom: fetching media ${msg.mediaId ?? ''} from ${msg.from} failed`,
      );
      await sendReplies(deps, msg, [{ mode: 'ephemeral', card: errorCard(locale) }], locale, actor.id);
      return;
    }
  }
  const replies = await handleInbound(deps.chat, actor, inbound);
  await sendReplies(deps, msg, replies, locale, actor?.id ?? null);
}

/** A photo or file as the conversation layer takes it: no caption (WeCom sends none), the bytes, a name. */
async function mediaInbound(deps: InboundDeps, msg: WecomInbound): Promise<Inbound> {
  const media = await deps.api.media(msg.mediaId as string, MAX_MEDIA_BYTES);
  const ext = EXTENSIONS[media.mime] ?? '';
  const name = msg.fileName ?? media.name ?? `wecom-${msg.key.replace(/\W+/g, '-')}${ext}`;
  return { kind: 'file', text: '', file: { name, bytes: media.bytes, mime: media.mime } };
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'application/pdf': '.pdf',
};

async function sendReplies(
  deps: InboundDeps,
  msg: WecomInbound,
  replies: Reply[],
  locale: Locale,
  personId: string | null,
): Promise<void> {
  // A response_code is single-use: the first in-place reply to a click replaces the clicked card.
  let code = msg.responseCode ?? '';
  const base = `${deps.taskPrefix}-r${createHash('sha1').update(msg.key).digest('hex').slice(0, 16)}`;
  const to = { kind: 'user', id: msg.from } as const;
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
    try {
      await deps.api.send(to, await messagesFor(deps, reply, `${base}-${i}`, locale, personId));
    } catch (err) {
      if (!(err instanceof WecomApiError) || !err.rateLimited) throw err;
      // This member has had all WeCom allows for now (our budget), or WeCom asked us to wait (45009, 45033): the
      // rest wait in the outbox, which sends them when there is room again (nothing is sent that WeCom would drop).
      const rest = replies.slice(i).map((r) => r.card);
      if (personId === null)
        log({ platform: 'wecom' }).error(
          `wecom: ${err.message}; ${rest.length} replies to an unknown member dropped`,
        );
      else await sendCards(deps.chat.engine, personId, rest, 'wecom');
      break;
    }
  }
  // A click's code not spent here updates the card later, when the outbox brings its new state (a release, …).
  const owner = msg.taskId === null ? null : deliveryOfTask(deps.taskPrefix, msg.taskId);
  if (code !== '' && owner !== null) await deps.codes.keep(owner, code);
}

/** One reply as WeCom messages: a form as a link card (no modals on WeCom), else the card with its chart before it
 * and its file after it. */
async function messagesFor(
  deps: InboundDeps,
  reply: Reply,
  task: string,
  locale: Locale,
  personId: string | null,
): Promise<object[]> {
  const form = reply.mode === 'open_form' ? reply.card.form : undefined;
  if (form !== undefined && personId !== null) {
    if (deps.forms === undefined)
      return [
        renderMessage(
          { ...reply.card, body: t(locale, 'mform.noPublicUrl') },
          { chat: false, taskId: taskId(task), locale },
        ),
      ];
    const url = deps.forms.url(personId, 'wecom', form);
    const words = {
      open: t(locale, 'mform.open'),
      hint: t(locale, 'mform.openHint', { minutes: deps.forms.ttlMinutes }),
    };
    return [renderFormLink(reply.card, url, words)];
  }
  const media = await uploadCardMedia(deps.api, reply.card);
  return [
    ...media.before,
    renderMessage(reply.card, { chat: false, taskId: taskId(task), locale }),
    ...media.after,
  ];
}
