import { describe, expect, it } from 'vitest';
import { formSecret, signFormToken, verifyFormToken } from './token.ts';

const secret = formSecret(null, 'app-secret');
const now = Date.parse('2026-11-23T02:00:00Z');
const claims = {
  personId: 'li.min',
  platform: 'wecom' as const,
  formId: 'deal.evidence',
  context: '12',
  jti: 'j1',
};
const TTL = 30 * 60_000;

describe('form link tokens', () => {
  it('carry the person, platform, form and context until they expire', () => {
    const token = signFormToken(secret, claims, now, TTL);
    expect(verifyFormToken(secret, token, now + TTL - 1000)).toEqual({
      ok: true,
      claims: { ...claims, exp: Math.floor((now + TTL) / 1000) },
    });
    expect(verifyFormToken(secret, token, now + TTL + 1000)).toEqual({ ok: false, reason: 'EXPIRED' });
  });

  it('refuse a changed payload, another secret and garbage as a bad signature', () => {
    const token = signFormToken(secret, claims, now, TTL);
    const [head, body, sig] = token.split('.') as [string, string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'boss' }),
    ).toString('base64url');
    expect(verifyFormToken(secret, `${head}.${forged}.${sig}`, now)).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyFormToken(formSecret(null, 'other'), token, now)).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
    expect(verifyFormToken(secret, 'not-a-token', now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.`;
    expect(verifyFormToken(secret, unsigned, now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });

  it('use FORM_SECRET when it is set, else a key derived from the app secret', () => {
    expect(formSecret('explicit', 'app-secret').toString()).toBe('explicit');
    expect(formSecret('', 'app-secret')).toEqual(formSecret(undefined, 'app-secret'));
    expect(formSecret(null, 'app-secret')).not.toEqual(formSecret(null, 'app-secret-2'));
    expect(formSecret(null, 'app-secret').toString('utf8')).not.toContain('app-secret');
  });
});
