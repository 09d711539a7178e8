import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackRequest } from './verify.ts';

// Slack's documented example (PROTOCOLS.md, "Signature").
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TS) * 1000;

describe('Slack request signatures', () => {
  it("computes Slack's documented example signature", () => {
    expect(signSlackRequest(SECRET, TS, BODY)).toBe(SIGNATURE);
    expect(signSlackRequest(SECRET, TS, Buffer.from(BODY))).toBe(SIGNATURE);
  });

  it('accepts the documented example at its own time and up to 5 minutes either side', () => {
    for (const skew of [0, 299_000, -299_000, 300_999])
      expect(
        verifySlackRequest(SECRET, { signature: SIGNATURE, timestamp: TS, rawBody: BODY }, AT + skew),
      ).toEqual({
        ok: true,
      });
  });

  it.each([
    ['a changed body', { signature: SIGNATURE, timestamp: TS, rawBody: `${BODY}x` }, AT, 'BAD_SIGNATURE'],
    [
      'another secret',
      { signature: signSlackRequest('other', TS, BODY), timestamp: TS, rawBody: BODY },
      AT,
      'BAD_SIGNATURE',
    ],
    [
      'a truncated signature',
      { signature: SIGNATURE.slice(0, 20), timestamp: TS, rawBody: BODY },
      AT,
      'BAD_SIGNATURE',
    ],
    [
      'a timestamp over 5 minutes old',
      { signature: SIGNATURE, timestamp: TS, rawBody: BODY },
      AT + 301_000,
      'STALE',
    ],
    [
      'a timestamp over 5 minutes ahead',
      { signature: SIGNATURE, timestamp: TS, rawBody: BODY },
      AT - 301_000,
      'STALE',
    ],
    ['no signature header', { signature: undefined, timestamp: TS, rawBody: BODY }, AT, 'MISSING_HEADERS'],
    [
      'no timestamp header',
      { signature: SIGNATURE, timestamp: undefined, rawBody: BODY },
      AT,
      'MISSING_HEADERS',
    ],
    [
      'a timestamp that is not a number',
      { signature: SIGNATURE, timestamp: '15314x0618', rawBody: BODY },
      AT,
      'BAD_TIMESTAMP',
    ],
  ])('refuses %s', (_what, request, now, reason) => {
    expect(verifySlackRequest(SECRET, request, now)).toEqual({ ok: false, reason });
  });
});
