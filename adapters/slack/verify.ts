// Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack): v0 HMAC-SHA256 over
// `v0:{timestamp}:{raw body}`, compared in constant time, timestamps older than 5 minutes refused (replays).
// Pure: the clock comes in as an argument, so tests sign real payloads at a fixed time.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window. */
export const MAX_AGE_SECONDS = 5 * 60;

export type VerifyFailure = 'MISSING_HEADERS' | 'BAD_TIMESTAMP' | 'STALE' | 'BAD_SIGNATURE';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

export interface SignedRequest {
  /** X-Slack-Signature */
  signature: string | undefined;
  /** X-Slack-Request-Timestamp (seconds) */
  timestamp: string | undefined;
  rawBody: Buffer | string;
}

export function signSlackRequest(
  signingSecret: string,
  timestamp: number | string,
  rawBody: Buffer | string,
): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

export function verifySlackRequest(
  signingSecret: string,
  request: SignedRequest,
  nowMs: number,
): VerifyResult {
  const { signature, timestamp } = request;
  if (signature === undefined || timestamp === undefined || signingSecret === '')
    return { ok: false, reason: 'MISSING_HEADERS' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'BAD_TIMESTAMP' };
  // Stale in either direction: a timestamp far in the future is as suspicious as an old one.
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_AGE_SECONDS)
    return { ok: false, reason: 'STALE' };
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, request.rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'BAD_SIGNATURE' };
  return { ok: true };
}
