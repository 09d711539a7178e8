import { describe, expect, it } from 'vitest';
import {
  decrypt,
  encrypt,
  pkcs7Unpad,
  signature,
  verifyAndDecrypt,
  type WecomCryptoConfig,
} from './crypto.ts';

// WeCom's published sample (its official sample code), as quoted in PROTOCOLS.md.
const SAMPLE: WecomCryptoConfig = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
const ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';

describe('WeCom callback crypto', () => {
  it('verifies and decrypts WeCom’s published URL-verification sample', () => {
    const query = {
      msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
    };
    expect(verifyAndDecrypt(SAMPLE, query, ECHOSTR)).toEqual({ ok: true, message: '1616140317555161061' });
  });

  it('encrypts a 9-byte Chinese message with 17 bytes of padding to the byte', () => {
    const encrypted = encrypt(SAMPLE, '领取 12', Buffer.from('aaaabbbbccccdddd'));
    expect(encrypted).toBe(
      'ZA4HuQypHxnRrA+A6SOHGFRFMdN5xPrDKV58xWVLTntoNt3T2lM5PsPEuz4QAjWDa9Dz31c0JMA9AH6Knyvtww==',
    );
    expect(signature(SAMPLE.token, '1700000000', '123456', encrypted)).toBe(
      '0dff614d68994776f1a2872d49adf559b152ccff',
    );
    const query = {
      msgSignature: '0dff614d68994776f1a2872d49adf559b152ccff',
      timestamp: '1700000000',
      nonce: '123456',
    };
    expect(verifyAndDecrypt(SAMPLE, query, encrypted)).toEqual({ ok: true, message: '领取 12' });
  });

  it.each([
    ['', 0],
    ['success', 7],
    ['我的线索', 12],
    ['<xml><Content><![CDATA[集市 医疗 🏥]]></Content></xml>'.repeat(20), 0],
    ['x'.repeat(12), 12], // 16 + 4 + 12 + 18 = 50 → 14 bytes of padding
    ['x'.repeat(26), 26], // 16 + 4 + 26 + 18 = 64 → a whole 32-byte block of padding
  ])('round-trips %j with injected random bytes', (message) => {
    for (const seed of [0, 7, 255]) {
      const random = Buffer.alloc(16, seed);
      const encrypted = encrypt(SAMPLE, message, random);
      expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
      expect(decrypt(SAMPLE, encrypted)).toEqual({ ok: true, message });
    }
  });

  it('refuses a message meant for another corp', () => {
    const encrypted = encrypt({ ...SAMPLE, receiveId: 'wwother' }, '领取 12', Buffer.alloc(16));
    expect(decrypt(SAMPLE, encrypted)).toEqual({ ok: false, reason: 'WRONG_RECEIVER' });
  });

  it('refuses a bad signature, a missing one, and garbage', () => {
    const query = { msgSignature: '0'.repeat(40), timestamp: '1409659589', nonce: '263014780' };
    expect(verifyAndDecrypt(SAMPLE, query, ECHOSTR)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(verifyAndDecrypt(SAMPLE, { ...query, msgSignature: undefined }, ECHOSTR)).toMatchObject({
      ok: false,
    });
    expect(decrypt(SAMPLE, 'not base64 at all!')).toMatchObject({ ok: false });
    expect(decrypt(SAMPLE, Buffer.alloc(32, 1).toString('base64'))).toMatchObject({ ok: false });
  });

  it('strips padding up to a whole 32-byte block and rejects malformed padding', () => {
    expect(pkcs7Unpad(Buffer.alloc(32, 32))).toEqual(Buffer.alloc(0));
    expect(pkcs7Unpad(Buffer.from([1, 2, 3, 2, 2]))).toEqual(Buffer.from([1, 2, 3]));
    expect(pkcs7Unpad(Buffer.from([1, 2, 3, 1, 2]))).toBeNull();
    expect(pkcs7Unpad(Buffer.alloc(40, 33))).toBeNull();
  });
});
