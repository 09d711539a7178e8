// DingTalk robot HTTP callback signing (PROTOCOLS.md, DingTalk): headers `timestamp` (epoch ms) and
// `sign = base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret))`, refused when more than one hour off or
// when the sign differs (constant-time compare). The sign does not cover the body: the 1 h window and the
// msgId de-duplication in routes.ts are what stand between us and a replay.
// Pure: the clock comes in as an argument, so tests sign at a fixed time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** DingTalk's window for a callback's timestamp, either direction. */
export const MAX_SKEW_MS = 60 * 60 * 1000;

export type VerifyFailure = 'MISSING_HEADERS' | 'BAD_TIMESTAMP' | 'STALE' | 'BAD_SIGNATURE';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface SignedCallback {
  /** The `timestamp` header (ms). */
  timestamp: string | undefined;
  /** The `sign` header (base64). */
  sign: string | undefined;
}

export function signDingtalkCallback(appSecret: string, timestamp: number | string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

export function verifyDingtalkCallback(
  appSecret: string,
  request: SignedCallback,
  nowMs: number,
): VerifyResult {
  const { timestamp, sign } = request;
  if (timestamp === undefined || sign === undefined || appSecret === '')
    return { ok: false, reason: 'MISSING_HEADERS' };
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'BAD_TIMESTAMP' };
  if (Math.abs(nowMs - Number(timestamp)) > MAX_SKEW_MS) return { ok: false, reason: 'STALE' };
  const expected = Buffer.from(signDingtalkCallback(appSecret, timestamp));
  const given = Buffer.from(sign);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'BAD_SIGNATURE' };
  return { ok: true };
}
