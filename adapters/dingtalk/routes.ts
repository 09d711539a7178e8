// POST /dingtalk/callback: robot messages and interactive card clicks, both signed with the timestamp + sign
// headers (verify.ts, injected clock). We act, then answer 200; replies go back through the API (sender).
import express, { type RequestHandler } from 'express';
import type { Address } from '../../src/chat/delivery.ts';
import {
  handleInbound,
  identify,
  localeFor,
  type ChatDeps,
  type Inbound,
} from '../../src/chat/conversation.ts';
import { firstTimeSeen } from '../../src/chat/inbound-once.ts';
import type { Reply } from '../../src/messages/card.ts';
import { t, type Locale } from '../../src/messages/catalog.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import type { DingtalkSender } from './deliverer.ts';
import { cardActionParam, cardCallbackSchema, commandText, robotMessageSchema } from './payloads.ts';
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
      onCallback(deps, req.body).then((answer) => res.status(answer.status).json(answer.body), next);
    },
  );
}

type Answer = { status: number; body: object };
const OK: Answer = { status: 200, body: {} };

async function onCallback(deps: CallbackDeps, body: unknown): Promise<Answer> {
  const card = cardCallbackSchema.safeParse(body);
  if (card.success) {
    const param = cardActionParam(card.data.content);
    const action = param === null ? null : parseAction(param);
    if (action === null) return OK;
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
  if (text === null) return OK; // pictures and files: evidence uploads are not done yet
  // A redelivered message acts once, whichever instance it reaches.
  if (!(await firstTimeSeen(deps.chat, 'dingtalk', m.msgId))) return OK;
  const where: Address =
    m.conversationType === '2'
      ? { kind: 'channel', id: m.conversationId }
      : { kind: 'user', id: m.senderStaffId };
  await act(deps, m.senderStaffId, { kind: 'command', text }, where, null);
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
  const replies = await handleInbound(deps.chat, actor, inbound);
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
