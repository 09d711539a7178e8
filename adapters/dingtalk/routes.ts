// POST /dingtalk/callback: robot messages and interactive card clicks, signed with the timestamp + sign headers
// (verify.ts, injected clock) or, for clicks, sent to the URL registered with our card key. Each is kept, acted on,
// then answered 200 (kept.ts, which Stream mode's frames go through too); replies go back through the API.
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Address } from '../../src/conversation/delivery.ts';
import {
  handleInbound,
  identify,
  localeFor,
  type ChatDeps,
  type Inbound,
} from '../../src/conversation/conversation.ts';
import { errorCard } from '../../src/conversation/help.ts';
import { signatureFits } from '../../src/conversation/inbound-once.ts';
import type { Person } from '../../src/kernel/types.ts';
import type { Card, Reply } from '../../src/kernel/card.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import type { DownloadedFile } from './api.ts';
import type { DingtalkSender } from './deliverer.ts';
import {
  cardActionParam,
  cardCallbackSchema,
  commandText,
  messageFiles,
  type CardCallback,
  type MessageFile,
  type RobotMessage,
} from './payloads.ts';
import { parseAction, withFormLink } from './render.ts';
import { verifyDingtalkCallback } from './verify.ts';
import { log } from '../../src/log.ts';

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
  /** The `k` of the card callback URL we registered with DingTalk (HTTP card callbacks), if any. */
  cardCallbackKey?: string;
}

/** What let a request in: DingTalk's robot signature (timestamp + sign), or the card callback key in its URL. */
type Door = { kind: 'signed'; timestamp: string; sign: string } | { kind: 'cardKey' };

/**
 * POST /dingtalk/callback: robot messages signed with `timestamp` + `sign` (verify.ts), and card clicks, signed
 * the same way or sent to the URL we registered for them (`?k=<card callback key>`, index.ts). The signature
 * does not cover the body, so a pair once seen with one body is refused with any other (issue 22: a captured pair
 * was good for any message for an hour); the pairs live in the inbound table, shared by every instance.
 */
export function mountCallback(app: express.Express, deps: CallbackDeps, receive: Receive): void {
  app.post(
    CALLBACK_PATH,
    (req, res, next) => {
      const door = doorOf(deps, req);
      if ('reason' in door) {
        res.status(401).json({ error: 'unauthorized', reason: door.reason });
        return;
      }
      res.locals.door = door;
      next();
    },
    express.json({
      limit: BODY_LIMIT,
      type: () => true,
      verify: (req, _res, buf) => {
        (req as unknown as { rawBody: Buffer }).rawBody = buf;
      },
    }),
    (req, res, next) => {
      const door = res.locals.door as Door;
      const raw = (req as unknown as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
      const hash = createHash('sha256').update(raw).digest('hex');
      void (async () => {
        if (door.kind === 'signed') {
          const pair = `${door.timestamp}:${door.sign}`;
          if (!(await signatureFits(deps.chat, 'dingtalk', pair, hash))) {
            res.status(401).json({ error: 'unauthorized', reason: 'REPLAYED' });
            return;
          }
        } else if (!cardCallbackSchema.safeParse(req.body).success) {
          // The card key opens the door to card clicks only.
          res.status(401).json({ error: 'unauthorized', reason: 'MISSING_HEADERS' });
          return;
        }
        // A click carries no id of its own: the same request again (a replay, a retry) acts once. Signed, its
        // pair + body name it; over the card URL (no timestamp of DingTalk's we could rely on), its body within
        // ten minutes.
        const clickKey =
          door.kind === 'signed'
            ? `click:${door.timestamp}:${hash}`
            : `click:${hash}:${Math.floor(deps.clock() / CLICK_WINDOW_MS)}`;
        // Kept first (kept.ts: a failure is tried again by the sweep), acted on, then answered.
        const answer = await receive(req.body, clickKey);
        await answer.after?.();
        res.status(answer.status).json(answer.body);
      })().catch(next);
    },
  );
}

const CLICK_WINDOW_MS = 10 * 60 * 1000;

function doorOf(deps: CallbackDeps, req: express.Request): Door | { reason: string } {
  const timestamp = req.get('timestamp');
  const sign = req.get('sign');
  const k = typeof req.query.k === 'string' ? req.query.k : undefined;
  if (k !== undefined && deps.cardCallbackKey !== undefined && sameSecret(k, deps.cardCallbackKey))
    return { kind: 'cardKey' };
  const verdict = verifyDingtalkCallback(deps.clientSecret, { timestamp, sign }, deps.clock());
  if (!verdict.ok) return { reason: verdict.reason };
  return { kind: 'signed', timestamp: timestamp as string, sign: sign as string };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export type Answer = { status: number; body: object };
/** How a message was taken in; `after`, when set, is the acting on it, once it is safely kept. */
export type FrameAnswer = Answer & { after?: () => Promise<void> };
/** Takes in one robot message or click (kept.ts): `clickKey` names a click, which carries no id of its own. */
export type Receive = (body: unknown, clickKey: string) => Promise<FrameAnswer>;

/** A card button click already recorded as seen: acted on, its card updated in place. Throws when it could not be. */
export async function actOnClick(deps: CallbackDeps, click: CardCallback): Promise<void> {
  const param = cardActionParam(click.content);
  const action = param === null ? null : parseAction(param);
  if (action === null) return;
  const inbound: Inbound = { kind: 'action', ...action };
  await act(deps, click.userId, inbound, { kind: 'user', id: click.userId }, click.outTrackId);
}

/**
 * A robot message already recorded as seen: acted on. Throws when it could not be (the database is down), so the
 * caller can keep it and try again (Stream mode's messages come once).
 */
export async function actOnMessage(deps: CallbackDeps, m: RobotMessage): Promise<void> {
  // In a group the robot acts only when @-mentioned (DingTalk sends it little else, but says so in isInAtList).
  if (m.conversationType === '2' && m.isInAtList !== true) return;
  if (m.senderStaffId === undefined) return; // people outside the organisation
  const text = commandText(m);
  const files = messageFiles(m);
  if (text === null && files.length === 0) return; // nothing we read (a sticker, a link card)
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
  await answer(
    deps,
    actor,
    await handleInbound(deps.chat, actor, inbound),
    { where, speaker: staffId },
    clickedCard,
  );
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
    const replies = await handleInbound(deps.chat, actor, { kind: 'command', text });
    await answer(deps, actor, replies, { where, speaker: staffId }, null);
    return;
  }
  for (const f of files) {
    let downloaded: DownloadedFile;
    try {
      downloaded = await deps.download(f.downloadCode);
    } catch (err) {
      log({ platform: 'dingtalk' }).error({ err }, `dingtalk: downloading a file from ${staffId} failed`);
      const locale = await localeFor(deps.chat, actor).catch(() => deps.chat.defaultLocale);
      await answer(
        deps,
        actor,
        [{ mode: 'ephemeral', card: errorCard(locale) }],
        { where, speaker: staffId },
        null,
      );
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
      { where, speaker: staffId },
      null,
    );
  }
}

/** Where a message came from (a single chat, or a group) and who said it. */
interface Conversation {
  where: Address;
  speaker: string;
}

/**
 * The replies to one message or click. In a group chat only a reply marked `shared` (a claim done) is for the
 * group: what is meant for the speaker alone (their KBIs, a forecast, a deal card, an error, a form link) goes to
 * their single chat with the robot (oToMessages/batchSend), DingTalk having no message only one member of a group
 * sees, and the group is told in one line that the answer went there.
 */
async function answer(
  deps: CallbackDeps,
  actor: Person | null,
  replies: Reply[],
  conversation: Conversation,
  clickedCard: string | null,
): Promise<void> {
  const { where, speaker } = conversation;
  const locale = await localeFor(deps.chat, actor).catch(() => deps.chat.defaultLocale);
  const inGroup = where.kind === 'channel';
  const privateSends: boolean[] = [];
  for (const reply of replies) {
    const r = formReply(deps, reply, actor?.id ?? null, locale);
    const privately = inGroup && r.shared !== true;
    const to: Address = privately ? { kind: 'user', id: speaker } : where;
    const sent = await deliverReply(deps, r, to, clickedCard, locale);
    if (privately) privateSends.push(sent);
  }
  if (privateSends.length > 0) {
    // Never the answer itself in the group: only where it went, or that it could not go there.
    const key = privateSends.every((sent) => sent) ? 'chat.sentPrivately' : 'chat.privateFailed';
    const name = actor?.name ?? '';
    const card: Card = {
      title: name === '' ? 'Leadline' : name,
      level: 'info',
      body: t(locale, key, { name }).trim(),
    };
    await deliverReply(deps, { mode: 'ephemeral', card, shared: true }, where, null, locale);
  }
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
): Promise<boolean> {
  try {
    if (reply.mode === 'in_place' && clickedCard !== null) {
      const updated = await deps.sender
        .updateCard(`card:${clickedCard}`, reply.card)
        .catch((err: unknown) => {
          log({ platform: 'dingtalk' }).error(
            { err },
            `dingtalk: updating card ${clickedCard} failed, sending the reply instead`,
          );
          return false;
        });
      if (updated) return true;
    }
    await deps.sender.send(where, reply.card, locale, `leadline-r${deps.newId()}`);
    return true;
  } catch (err) {
    log({ platform: 'dingtalk' }).error({ err }, `dingtalk: a reply to ${where.kind} ${where.id} failed`);
    return false;
  }
}
