import { describe, expect, it } from 'vitest';
import { MAX_SKEW_MS, signDingtalkCallback, verifyDingtalkCallback } from './verify.ts';

const SECRET = 's3cret';
const TS = 1795399200000; // 2026-11-23T02:00:00Z
// Computed independently: printf '1795399200000\ns3cret' | openssl dgst -sha256 -hmac s3cret -binary | base64
const SIGN = 'FqcLNZuphtd7o6Maoe+5QCt1a0/lbdr0J/23Doxiy0s=';

describe('DingTalk callback signature', () => {
  it('signs base64(HMAC-SHA256(secret, timestamp \\n secret))', () => {
    expect(signDingtalkCallback(SECRET, TS)).toBe(SIGN);
  });

  it('accepts a correct sign within the hour, either direction', () => {
    for (const now of [TS, TS + MAX_SKEW_MS, TS - MAX_SKEW_MS])
      expect(verifyDingtalkCallback(SECRET, { timestamp: String(TS), sign: SIGN }, now)).toEqual({
        ok: true,
      });
  });

  it.each([
    ['no headers', { timestamp: undefined, sign: undefined }, TS, 'MISSING_HEADERS'],
    ['no sign', { timestamp: String(TS), sign: undefined }, TS, 'MISSING_HEADERS'],
    ['a timestamp that is not a number', { timestamp: '17953992e5', sign: SIGN }, TS, 'BAD_TIMESTAMP'],
    ['a timestamp over an hour old', { timestamp: String(TS), sign: SIGN }, TS + MAX_SKEW_MS + 1, 'STALE'],
    ['a timestamp over an hour ahead', { timestamp: String(TS), sign: SIGN }, TS - MAX_SKEW_MS - 1, 'STALE'],
    ['a wrong sign', { timestamp: String(TS), sign: SIGN.replace('F', 'G') }, TS, 'BAD_SIGNATURE'],
    ['a sign of another length', { timestamp: String(TS), sign: 'abc' }, TS, 'BAD_SIGNATURE'],
    ['a sign for another timestamp', { timestamp: String(TS + 1), sign: SIGN }, TS, 'BAD_SIGNATURE'],
  ] as const)('refuses %s', (_name, headers, now, reason) => {
    expect(verifyDingtalkCallback(SECRET, headers, now)).toEqual({ ok: false, reason });
  });

  it('refuses everything when no secret is configured', () => {
    expect(verifyDingtalkCallback('', { timestamp: String(TS), sign: SIGN }, TS)).toEqual({
      ok: false,
      reason: 'MISSING_HEADERS',
    });
  });
});
