import { alreadySeen, firstTime } from '../modules/inbound/use-cases/once.ts';
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
