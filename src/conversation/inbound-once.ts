import { alreadySeen, firstTime, signatureFitsBody } from '../modules/inbound/use-cases/once.ts';
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
