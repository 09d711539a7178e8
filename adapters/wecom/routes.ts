// GET/POST /wecom/callback (https://developer.work.weixin.qq.com/document/path/90930). GET answers the URL
// verification with the bare decrypted echostr. POST checks signature and receiveid, answers 200 with an empty
// body at once (WeCom waits 5 s, then retries up to 3 times) and hands the message over to be worked on after.
import express, { type Request } from 'express';
import { verifyAndDecrypt, type DecryptFailure, type WecomCryptoConfig } from './crypto.ts';
import { parseXmlFields, toInbound, type WecomInbound } from './xml.ts';

export const CALLBACK_PATH = '/wecom/callback';
/** Text messages are at most 2048 bytes; events are smaller. */
const BODY_LIMIT = '64kb';

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
