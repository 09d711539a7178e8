// POST /slack/events: commands, interactivity and events on one URL, as Bolt does. We read the raw body and
// verify the signature ourselves (verify.ts, with the injected clock), then hand the request to our Bolt
// receiver (receiver.ts), which parses the raw body we kept and answers url_verification and ssl_check itself.
import express, { type RequestHandler } from 'express';
import { verifySlackRequest } from './verify.ts';

export const EVENTS_PATH = '/slack/events';
/** Slack's payloads are small; a modal submission is the largest. */
const BODY_LIMIT = '1mb';

export function verifySignature(signingSecret: string, clock: () => number): RequestHandler {
  return (req, res, next) => {
    const rawBody: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifySlackRequest(
      signingSecret,
      { signature: req.get('x-slack-signature'), timestamp: req.get('x-slack-request-timestamp'), rawBody },
      clock(),
    );
    if (!verdict.ok) {
      res.status(401).json({ error: 'unauthorized', reason: verdict.reason });
      return;
    }
    // The receiver parses `rawBody` (Bolt's parseHTTPRequestBody), comparing the content type exactly; Slack
    // sends it bare, some proxies add a charset.
    Object.assign(req, { rawBody });
    const type = req.get('content-type') ?? '';
    if (type.startsWith('application/x-www-form-urlencoded'))
      req.headers['content-type'] = 'application/x-www-form-urlencoded';
    next();
  };
}

export function mountEvents(
  app: express.Express,
  signingSecret: string,
  clock: () => number,
  receiver: RequestHandler,
): void {
  app.post(
    EVENTS_PATH,
    express.raw({ type: () => true, limit: BODY_LIMIT }),
    verifySignature(signingSecret, clock),
    receiver,
  );
}
