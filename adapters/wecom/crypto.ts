// WeCom's callback crypto (WXBizMsgCrypt, https://developer.work.weixin.qq.com/document/path/90968), to the byte:
// msg_signature = sha1(sorted [token, timestamp, nonce, encrypt] joined); AES-256-CBC with key =
// base64(EncodingAESKey + '='), IV = the key's first 16 bytes, PKCS#7 padding to 32-byte blocks (not AES's 16,
// so Node's auto padding is off and we pad/strip ourselves); plaintext = random(16) ‖ uint32 BE byte length ‖
// message ‖ receiveid (the corpid). Pure: the 16 random bytes are injected.
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { CodedError } from '../../src/kernel/errors.ts';

const BLOCK = 32;

export interface WecomCryptoConfig {
  token: string;
  /** 43 characters from the WeCom admin console. */
  encodingAesKey: string;
  /** The corpid: the receiveid every message must carry. */
  receiveId: string;
}

export type DecryptFailure =
  'BAD_SIGNATURE' | 'BAD_CIPHERTEXT' | 'BAD_PADDING' | 'BAD_LENGTH' | 'WRONG_RECEIVER';
export type DecryptResult = { ok: true; message: string } | { ok: false; reason: DecryptFailure };

export class WecomCryptoError extends CodedError<'BAD_AES_KEY'> {
  constructor(code: 'BAD_AES_KEY') {
    super(code, `wecom: EncodingAESKey must be 43 base64 characters decoding to 32 bytes (${code})`);
  }
}

export function aesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new WecomCryptoError('BAD_AES_KEY');
  return key;
}

export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const parts = [token, timestamp, nonce, encrypt].sort();
  return createHash('sha1').update(parts.join('')).digest('hex');
}

export function pkcs7Pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

export function pkcs7Unpad(data: Buffer): Buffer | null {
  const n = data.at(-1) ?? 0;
  if (n < 1 || n > BLOCK || n > data.length) return null;
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) return null;
  return data.subarray(0, data.length - n);
}

/** Encrypts `message` for WeCom (or a test posing as WeCom); `random16` is the 16-byte prefix. */
export function encrypt(config: WecomCryptoConfig, message: string, random16: Buffer): string {
  if (random16.length !== 16) throw new Error('wecom encrypt: the random prefix must be 16 bytes');
  const key = aesKey(config.encodingAesKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = pkcs7Pad(Buffer.concat([random16, length, body, Buffer.from(config.receiveId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** Decrypts a ciphertext whose signature was already checked; the receiveid must be ours. */
export function decrypt(config: WecomCryptoConfig, encrypted: string): DecryptResult {
  const key = aesKey(config.encodingAesKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) return { ok: false, reason: 'BAD_CIPHERTEXT' };
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    return { ok: false, reason: 'BAD_CIPHERTEXT' };
  }
  const unpadded = pkcs7Unpad(plain);
  if (unpadded === null) return { ok: false, reason: 'BAD_PADDING' };
  if (unpadded.length < 20) return { ok: false, reason: 'BAD_LENGTH' };
  const length = unpadded.readUInt32BE(16);
  if (20 + length > unpadded.length) return { ok: false, reason: 'BAD_LENGTH' };
  const message = unpadded.subarray(20, 20 + length);
  const receiver = unpadded.subarray(20 + length);
  const expected = Buffer.from(config.receiveId, 'utf8');
  if (receiver.length !== expected.length || !timingSafeEqual(receiver, expected))
    return { ok: false, reason: 'WRONG_RECEIVER' };
  return { ok: true, message: message.toString('utf8') };
}

export interface SignedQuery {
  msgSignature: string | undefined;
  timestamp: string | undefined;
  nonce: string | undefined;
}

/** Checks the signature over `encrypted` (constant time), then decrypts it. */
export function verifyAndDecrypt(
  config: WecomCryptoConfig,
  query: SignedQuery,
  encrypted: string,
): DecryptResult {
  const { msgSignature, timestamp, nonce } = query;
  if (msgSignature === undefined || timestamp === undefined || nonce === undefined || encrypted === '')
    return { ok: false, reason: 'BAD_SIGNATURE' };
  const expected = Buffer.from(signature(config.token, timestamp, nonce, encrypted));
  const given = Buffer.from(msgSignature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'BAD_SIGNATURE' };
  return decrypt(config, encrypted);
}
