import { alreadySeen, firstTime, signatureFitsBody } from '../modules/inbound/use-cases/once.ts';
import { keepOnce, keptDone, keptFailed, takeDue } from '../modules/inbound/use-cases/kept.ts';
import type { PendingInbound } from '../modules/ports.ts';
import type { ChatDeps } from './context.ts';

/**
 * True the first time a platform callback is seen, in any instance: platforms redeliver what they did not see
 * answered in time (WeCom, DingTalk), and a redelivery must act once. Recorded before the work is done, so a
 * crash in between loses that one message rather than doing it twice.
 */
export function firstTimeSeen(chat: ChatDeps, platform: string, key: string): Promise<boolean> {
  return firstTime(chat.engine, platform, key);
}

/** Whether a platform callback was already recorded (without recording it): to skip work before it is claimed. */
export function seenBefore(chat: ChatDeps, platform: string, key: string): Promise<boolean> {
  return alreadySeen(chat.engine, platform, key);
}

/**
 * Whether a signature (`pair`) that does not cover the body may come with this body: once seen with one body it
 * is refused with any other (DingTalk's timestamp + sign, replayed within its hour with a forged message).
 */
export function signatureFits(
  chat: ChatDeps,
  platform: string,
  pair: string,
  bodyHash: string,
): Promise<boolean> {
  return signatureFitsBody(chat.engine, platform, pair, bodyHash);
}

/**
 * For messages a platform sends once (DingTalk Stream robot messages): records it as seen and keeps its body until
 * it has been acted on; true the first time, false for one seen before. Throws when the database cannot be reached.
 */
export function keepInbound(chat: ChatDeps, platform: string, key: string, body: string): Promise<boolean> {
  return keepOnce(chat.engine, platform, key, body);
}

/** Kept messages due for another try, taken by this instance. */
export function dueInbound(chat: ChatDeps, platform: string, limit: number): Promise<PendingInbound[]> {
  return takeDue(chat.engine, platform, limit);
}

/** A kept message was acted on. */
export function inboundDone(chat: ChatDeps, platform: string, key: string): Promise<void> {
  return keptDone(chat.engine, platform, key);
}

/** A kept message failed its `attempts`-th try: tried again later, or given up after the last. */
export function inboundFailed(
  chat: ChatDeps,
  platform: string,
  key: string,
  attempts: number,
  error: string,
): Promise<'later' | 'given-up'> {
  return keptFailed(chat.engine, platform, key, attempts, error);
}
