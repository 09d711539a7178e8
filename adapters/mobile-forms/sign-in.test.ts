import { describe, expect, it } from 'vitest';
import {
  jsapiSignature,
  readCookies,
  signInCookieName,
  signInCookieValid,
  signInCookieValue,
} from './sign-in.ts';

const SECRET = Buffer.from('form-secret-for-tests');
const claims = { jti: 'jti-1', personId: 'li.min', platform: 'wecom' };

describe('jsapiSignature', () => {
  it('matches the worked example of WeCom’s “JS-SDK 签名算法” (path/96909)', () => {
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    expect(
      jsapiSignature(ticket, 'Wm3WZYTPz0wzccnW', 1414587457, 'http://mp.weixin.qq.com?params=value'),
    ).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs the address without its #fragment', () => {
    expect(jsapiSignature('t', 'n', 1, 'https://a.example/p?x=1#y')).toBe(
      jsapiSignature('t', 'n', 1, 'https://a.example/p?x=1'),
    );
  });
});

describe('the sign-in cookie', () => {
  const exp = 2_000_000_000;
  const value = signInCookieValue(SECRET, claims, exp);

  it('signs one link’s person in until the link expires', () => {
    expect(signInCookieValid(SECRET, value, claims, exp * 1000 - 1)).toBe(true);
    expect(signInCookieValid(SECRET, value, claims, exp * 1000)).toBe(false);
  });

  it.each([
    ['another person', { ...claims, personId: 'boss' }],
    ['another link', { ...claims, jti: 'jti-2' }],
    ['another messenger', { ...claims, platform: 'dingtalk' }],
  ])('does not sign in %s', (_, other) => {
    expect(signInCookieValid(SECRET, value, other, 0)).toBe(false);
  });

  it('refuses a forged expiry, another key and junk', () => {
    const [, sig] = value.split('.');
    expect(signInCookieValid(SECRET, `${exp + 1000}.${sig}`, claims, 0)).toBe(false);
    expect(signInCookieValid(Buffer.from('other'), value, claims, 0)).toBe(false);
    for (const junk of [undefined, '', 'x', `${exp}`, `${exp}.${sig}.x`, 'a'.repeat(500)])
      expect(signInCookieValid(SECRET, junk, claims, 0)).toBe(false);
  });

  it('is named per link, and read back from a Cookie header', () => {
    expect(signInCookieName('jti-1')).toMatch(/^ll_f_[0-9a-f]{16}$/);
    expect(signInCookieName('jti-1')).not.toBe(signInCookieName('jti-2'));
    const cookies = readCookies(`a=1; ${signInCookieName('jti-1')}=${value}; b`);
    expect(cookies.get(signInCookieName('jti-1'))).toBe(value);
    expect(cookies.get('a')).toBe('1');
  });
});
