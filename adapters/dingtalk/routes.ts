// POST /dingtalk/callback: robot messages and interactive card clicks, both signed with the timestamp + sign
// headers (verify.ts, injected clock). We act, then answer 200; replies go back through the API (sender).
// Stream mode (stream.ts) hands its frames' bodies to the same handleCallbackBody.
import express, { type RequestHandler } from 'express';
import type { Address } from '../../src/conversation/delivery.ts';
import {
  handleInbound,
  identify,
  localeFor,
  type ChatDeps,
  type Inbound,
} from '../../src/conversation/conversation.ts';
import { errorCard } from '../../src/conversation/help.ts';
import { firstTimeSeen } from '../../src/conversation/inbound-once.ts';
import type { Person } from '../../src/kernel/types.ts';
import type { Reply } from '../../src/kernel/card.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import type { DownloadedFile } from './api.ts';
import type { DingtalkSender } from './deliverer.ts';
import {
  cardActionParam,
  cardCallbackSchema,
  commandText,
  messageFiles,
  robotMessageSchema,
  type MessageFile,
} from './payloads.ts';
import { parseAction, withFormLink } from './render.ts';
import { verifyDingtalkCallback } from './verify.ts';

export const CALLBACK_PATH = '/dingtalk/callback';
const BODY_LIMIT = '1mb';

export interface CallbackDeps {
  chat: ChatDeps;
  sender: DingtalkSender;
  clientSecret: string;
  clock: () => number;
  /** Ids for the outTrackId of replies (random in production). */
  newId: () => string;
  /** The bytes behind a message's downloadCode (api.downloadMessageFile with our robot code). */
  download: (downloadCode: string) => Promise<DownloadedFile>;
  /** Forms as signed mobile pages (PUBLIC_URL); without it a form reply asks the admin to set it. */
  forms?: FormLinks;
}

function verifySignature(clientSecret: string, clock: () => number): RequestHandler {
  return (req, res, next) => {
    const verdict = verifyDingtalkCallback(
      clientSecret,
      { timestamp: req.get('timestamp'), sign: req.get('sign') },
      clock(),
    );
    if (!verdict.ok) {
      res.status(401).json({ error: 'unauthorized', reason: verdict.reason });
      return;
    }
    next();
  };
}

export function mountCallback(app: express.Express, deps: CallbackDeps): void {
  app.post(
    CALLBACK_PATH,
    verifySignature(deps.clientSecret, deps.clock),
    express.json({ limit: BODY_LIMIT, type: () => true }),
    (req, res, next) => {
      handleCallbackBody(deps, req.body).then((answer) => res.status(answer.status).json(answer.body), next);
    },
  );
}

export type Answer = { status: number; body: object };
const OK: Answer = { status: 200, body: {} };

/** One robot message or card click, whether it came over HTTP or Stream mode; 400 for a body of neither shape. */
export async function handleCallbackBody(
  deps: CallbackDeps,
  body: unknown,
  /** A Stream frame's messageId: a redelivered card click acts once (a click carries no id of its own). */
  frameId?: string,
): Promise<Answer> {
  const card = cardCallbackSchema.safeParse(body);
  if (card.success) {
    const param = cardActionParam(card.data.content);
    const action = param === null ? null : parseAction(param);
    if (action === null) return OK;
    if (frameId !== undefined && !(await firstTimeSeen(deps.chat, 'dingtalk', `frame:${frameId}`))) return OK;
    const inbound: Inbound = { kind: 'action', ...action };
    await act(deps, card.data.userId, inbound, { kind: 'user', id: card.data.userId }, card.data.outTrackId);
    return OK;
  }
  const message = robotMessageSchema.safeParse(body);
  if (!message.success) return { status: 400, body: { error: 'bad_request' } };
  const m = message.data;
  // In a group the robot acts only when @-mentioned (DingTalk sends it little else, but says so in isInAtList).
  if (m.conversationType === '2' && m.isInAtList !== true) return OK;
  if (m.senderStaffId === undefined) return OK; // people outside the organisation
  const text = commandText(m);
  const files = messageFiles(m);
  if (text === null && files.length === 0) return OK; // nothing we read (a sticker, a link card)
  // A redelivered message acts once, whichever instance it reaches.
  if (!(await firstTimeSeen(deps.chat, 'dingtalk', m.msgId))) return OK;
  const where: Address =
    m.conversationType === '2'
      ? { kind: 'channel', id: m.conversationId }
      : { kind: 'user', id: m.senderStaffId };
  if (files.length === 0 && m.msgtype === 'audio')
    // DingTalk's transcript: a command when it is one, else the day's report summary.
    await act(deps, m.senderStaffId, { kind: 'spoken', text: text ?? '' }, where, null);
  else if (files.length === 0)
    await act(deps, m.senderStaffId, { kind: 'command', text: text ?? '' }, where, null);
  else await actOnFiles(deps, m.senderStaffId, files, text ?? '', where);
  return OK;
}

/** One inbound → the engine → replies: in place on the clicked card, else to the conversation it came from. */
async function act(
  deps: CallbackDeps,
  staffId: string,
  inbound: Inbound,
  where: Address,
  clickedCard: string | null,
): Promise<void> {
  const actor = await identify(deps.chat, 'dingtalk', staffId);
  await answer(deps, actor, await handleInbound(deps.chat, actor, inbound), where, clickedCard);
}

/**
 * Each file of a message (with its words, e.g. `证据 D12`, as the caption) to the conversation layer, as Slack's
 * DM file listener does. Someone we cannot identify gets the "not linked" answer and nothing is downloaded.
 */
async function actOnFiles(
  deps: CallbackDeps,
  staffId: string,
  files: MessageFile[],
  text: string,
  where: Address,
): Promise<void> {
  const actor = await identify(deps.chat, 'dingtalk', staffId);
  if (actor === null) {
    await answer(deps, actor, await handleInbound(deps.chat, actor, { kind: 'command', text }), where, null);
    return;
  }
  for (const f of files) {
    let downloaded: DownloadedFile;
    try {
      downloaded = await deps.download(f.downloadCode);
    } catch (err) {
      console.error(`dingtalk: downloading a file from ${staffId} failed:`, err);
      const locale = await localeFor(deps.chat, actor).catch(() => deps.chat.defaultLocale);
      await answer(deps, actor, [{ mode: 'ephemeral', card: errorCard(locale) }], where, null);
      continue;
    }
    const file = {
      name: f.name,
      bytes: downloaded.bytes,
      ...(downloaded.mime === undefined ? {} : { mime: downloaded.mime }),
    };
    await answer(
      deps,
      actor,
      await handleInbound(deps.chat, actor, { kind: 'file', text, file }),
      where,
      null,
    );
  }
}

async function answer(
  deps: CallbackDeps,
  actor: Person | null,
  replies: Reply[],
  where: Address,
  clickedCard: string | null,
): Promise<void> {
  const locale = await localeFor(deps.chat, actor).catch(() => deps.chat.defaultLocale);
  for (const reply of replies)
    await deliverReply(deps, formReply(deps, reply, actor?.id ?? null, locale), where, clickedCard, locale);
}

/** A reply that opens a form: its card with a link to the signed form page instead. */
function formReply(deps: CallbackDeps, reply: Reply, personId: string | null, locale: Locale): Reply {
  const form = reply.mode === 'open_form' ? reply.card.form : undefined;
  if (form === undefined || personId === null) return reply;
  if (deps.forms === undefined)
    return { mode: 'ephemeral', card: { ...reply.card, body: t(locale, 'mform.noPublicUrl') } };
  const url = deps.forms.url(personId, 'dingtalk', form);
  const words = {
    open: t(locale, 'mform.open'),
    hint: t(locale, 'mform.openHint', { minutes: deps.forms.ttlMinutes }),
  };
  return { mode: 'ephemeral', card: withFormLink(reply.card, url, words) };
}

async function deliverReply(
  deps: CallbackDeps,
  reply: Reply,
  where: Address,
  clickedCard: string | null,
  locale: Parameters<DingtalkSender['send']>[2],
): Promise<void> {
  try {
    if (reply.mode === 'in_place' && clickedCard !== null) {
      const updated = await deps.sender
        .updateCard(`card:${clickedCard}`, reply.card)
        .catch((err: unknown) => {
          console.error(`dingtalk: updating card ${clickedCard} failed, sending the reply instead:`, err);
          return false;
        });
      if (updated) return;
    }
    // DingTalk has no ephemeral messages in groups: an ephemeral reply is seen by the whole group.
    await deps.sender.send(where, reply.card, locale, `leadline-r${deps.newId()}`);
  } catch (err) {
    console.error(`dingtalk: a reply to ${where.kind} ${where.id} failed:`, err);
  }
}
