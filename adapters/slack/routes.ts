// POST /slack/events: commands, interactivity and events on one URL, as Bolt does. We read the raw body and
// verify the signature ourselves (verify.ts, with the injected clock), then hand the request to our Bolt
// receiver (receiver.ts), which parses the raw body we kept and answers url_verification and ssl_check itself.
//
// On node's own request and response, without express (issue 23, item 3): the server answers this route ahead of
// express (src/http/app.ts, requestListener), so 200 simultaneous clicks are acked at 1.3–1.7× a bare server's
// floor instead of 2.4–3.5×. The app mounts the same handler for servers that serve the express app alone.
import type express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeRoute } from '../../src/http/options.ts';
import { log } from '../../src/log.ts';
import { verifySlackRequest } from './verify.ts';

export const EVENTS_PATH = '/slack/events';
/** Slack's payloads are small; a modal submission is the largest. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

function answerJson(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * Reads the whole body, at most `limit` bytes: past it the request is answered 413, nothing more of it is read and
 * the connection is closed once the answer is out (a client could otherwise stream for ever). Slack sends its
 * bodies uncompressed.
 */
function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  then: (body: Buffer) => void,
): void {
  const refuse = (status: number, body: object) => {
    req.removeAllListeners('data');
    req.pause();
    res.setHeader('Connection', 'close');
    answerJson(res, status, body);
  };
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') {
    refuse(415, {
      error: 'unsupported_encoding',
      message: 'Slack sends its requests uncompressed: send the body as it is, without Content-Encoding.',
    });
    return;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooLarge = () =>
    refuse(413, { error: 'too_large', message: 'A Slack request body is at most 1 MiB.' });
  if (declared > limit) {
    tooLarge();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on('data', (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size > limit) {
      over = true;
      chunks.length = 0;
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!over) then(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
  });
  // A client that went away: nothing to answer.
  req.on('error', () => undefined);
}

/** The route: the body read, the signature checked, then the receiver (which acks). */
export function eventsRoute(
  signingSecret: string,
  clock: () => number,
  receiver: (req: IncomingMessage & { rawBody: Buffer }, res: ServerResponse) => void,
): NodeRoute {
  const handle: NodeHandler = (req, res) =>
    readBody(req, res, BODY_LIMIT_BYTES, (rawBody) => {
      const header = (name: string) => {
        const v = req.headers[name];
        return typeof v === 'string' ? v : undefined;
      };
      const verdict = verifySlackRequest(
        signingSecret,
        {
          signature: header('x-slack-signature'),
          timestamp: header('x-slack-request-timestamp'),
          rawBody,
        },
        clock(),
      );
      if (!verdict.ok) {
        answerJson(res, 401, { error: 'unauthorized', reason: verdict.reason });
        return;
      }
      // The receiver parses `rawBody` (Bolt's parseHTTPRequestBody), comparing the content type exactly; Slack
      // sends it bare, some proxies add a charset.
      const type = header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded'))
        req.headers['content-type'] = 'application/x-www-form-urlencoded';
      try {
        receiver(Object.assign(req, { rawBody }), res);
      } catch (err) {
        // The receiver answers its own failures: this is a defect in it. The request still gets an answer.
        log({ platform: 'slack' }).error({ err }, 'slack: the receiver failed on a request');
        answerJson(res, 500, {
          error: 'internal',
          message: 'Something went wrong on our side; nothing was saved. Try again.',
        });
      }
    });
  return { method: 'POST', path: EVENTS_PATH, handle };
}

/** The same route on an express app (for a server that serves the app alone). */
export function mountEvents(app: express.Express, route: NodeRoute): void {
  app.post(route.path, (req, res) => route.handle(req, res));
}
