// GET/POST /wecom/callback (https://developer.work.weixin.qq.com/document/path/90930). GET answers the URL
// verification with the bare decrypted echostr. POST checks signature and receiveid, answers 200 with an empty
// body at once (WeCom waits 5 s, then retries up to 3 times) and hands the message over to be worked on after.
import express, { type Request } from 'express';
import { verifyAndDecrypt, type DecryptFailure, type WecomCryptoConfig } from './crypto.ts';
import { parseXmlFields, toInbound, type WecomInbound } from './xml.ts';

export const CALLBACK_PATH = '/wecom/callback';
/** Text messages are at most 2048 bytes; events are smaller. */
const BODY_LIMIT = '64kb';
/**
 * How far a callback's signed timestamp may be from our clock, either way. WeCom sends at once and retries within
 * seconds; without a window a captured callback was accepted again once the message-id memory forgot it (issue 22).
 */
export const TIMESTAMP_WINDOW_MS = 5 * 60_000;

/** Whether the signed `timestamp` (epoch seconds) is within the window around `now` (epoch ms). */
export function timestampFresh(timestamp: string | undefined, now: number): boolean {
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) * 1000 - now) <= TIMESTAMP_WINDOW_MS;
}

function query(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' ? v : undefined;
}

function status(reason: DecryptFailure): number {
  return reason === 'BAD_SIGNATURE' || reason === 'WRONG_RECEIVER' ? 401 : 400;
}

export function mountCallback(
  app: express.Express,
  crypto: WecomCryptoConfig,
  accept: (inbound: WecomInbound) => void,
  /** Epoch ms. */
  now: () => number = Date.now,
): void {
  app.get(CALLBACK_PATH, (req, res) => {
    const echostr = query(req, 'echostr') ?? '';
    const result = verifyAndDecrypt(crypto, signed(req), echostr);
    if (!result.ok) {
      res.status(status(result.reason)).type('text/plain').send(result.reason);
      return;
    }
    res.status(200).type('text/plain').send(result.message);
  });

  app.post(CALLBACK_PATH, express.text({ type: () => true, limit: BODY_LIMIT }), (req, res) => {
    const body = typeof req.body === 'string' ? req.body : '';
    const outer = parseXmlFields(body);
    const encrypted = outer.Encrypt;
    if (encrypted === undefined || encrypted === '') {
      res.status(400).type('text/plain').send('BAD_BODY');
      return;
    }
    if (outer.ToUserName !== undefined && outer.ToUserName !== crypto.receiveId) {
      res.status(401).type('text/plain').send('WRONG_RECEIVER');
      return;
    }
    const result = verifyAndDecrypt(crypto, signed(req), encrypted);
    if (!result.ok) {
      res.status(status(result.reason)).type('text/plain').send(result.reason);
      return;
    }
    // Only messages: a replayed URL verification (GET) changes nothing and only echoes what it carries.
    if (!timestampFresh(query(req, 'timestamp'), now())) {
      res.status(401).type('text/plain').send('STALE_TIMESTAMP');
      return;
    }
    const inbound = toInbound(parseXmlFields(result.message));
    if (inbound === null) {
      res.status(400).type('text/plain').send('BAD_MESSAGE');
      return;
    }
    // Empty 200 = "received, no passive reply"; answers go out as app messages.
    res.status(200).type('text/plain').send('');
    accept(inbound);
  });
}

function signed(req: Request) {
  return {
    msgSignature: query(req, 'msg_signature'),
    timestamp: query(req, 'timestamp'),
    nonce: query(req, 'nonce'),
  };
}
