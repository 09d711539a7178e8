// Issue 23, item 3: the server answers POST /slack/events ahead of express (src/http/app.ts, requestListener),
// on node's own request and response. What express gave every request must still be there: the request id, the
// `request answered` line, the metrics; a body that is too large, compressed or unsigned is refused in words; any
// other path still reaches express.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackAdapter } from '../adapters/slack/index.ts';
import { signSlackRequest } from '../adapters/slack/verify.ts';
import { requestListener } from '../src/http/app.ts';
import { captureLog, type LogCapture } from './log-capture.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const SECRET = 'node-route-secret';

let env: TestEnv;
let fake: FakeSlack;
let server: Server;
let base: string;
let logs: LogCapture;

beforeEach(async () => {
  env = testEnv();
  await seedOrg(env, [person('alice', { identities: { slack: 'UALICE' } })]);
  fake = await startFakeSlack();
  const adapter = slackAdapter({
    chat: { engine: env.deps, defaultLocale: 'en' },
    signingSecret: SECRET,
    botToken: 'xoxb-test',
    apiUrl: fake.apiUrl,
    clock: env.clock,
  });
  logs = captureLog({ level: 'info' });
  server = createServer(requestListener({ deps: env.deps, locale: 'en', adapters: [adapter] }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  logs.restore();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
  await env.close();
});

function post(body: string | Buffer, headers: Record<string, string> = {}, sign = true): Promise<Response> {
  const ts = Math.floor(env.clock() / 1000);
  return fetch(`${base}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
      ...(sign ? { 'x-slack-signature': signSlackRequest(SECRET, ts, body) } : {}),
      ...headers,
    },
    body,
  });
}

const answered = () => logs.entries().filter((e) => e.msg === 'request answered');

describe('POST /slack/events ahead of express', () => {
  it('answers Slack’s url_verification, with a request id, one log line and a metric, as express did', async () => {
    const res = await post(JSON.stringify({ type: 'url_verification', challenge: 'c-123' }), {
      'x-request-id': 'lb-42',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
    expect(res.headers.get('x-request-id')).toBe('lb-42');
    expect(answered()).toEqual([
      expect.objectContaining({
        requestId: 'lb-42',
        platform: 'slack',
        method: 'POST',
        path: '/slack/events',
        route: '/slack/events',
        status: 200,
      }),
    ]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/route="\/slack\/events",outcome="2xx"[^\n]*\} 1\n/);
  });

  it('refuses an unsigned or wrongly signed request with 401 and the reason, and does nothing', async () => {
    const unsigned = await post(JSON.stringify({ type: 'url_verification', challenge: 'x' }), {}, false);
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: 'unauthorized', reason: 'MISSING_HEADERS' });
    const forged = await post(JSON.stringify({ type: 'url_verification', challenge: 'x' }), {
      'x-slack-signature': `v0=${'0'.repeat(64)}`,
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'unauthorized', reason: 'BAD_SIGNATURE' });
    expect(answered().map((e) => e.status)).toEqual([401, 401]);
  });

  it('refuses a body over 1 MiB with 413, whether its length is declared or streamed', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 'a');
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: 'too_large' });
    // Chunked: no Content-Length to refuse it by, so the reading stops at the limit.
    const streamed = await fetch(`${base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 17; i++) controller.enqueue(new Uint8Array(64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    // Nothing more of it is read: the connection is closed once the answer is out.
    expect(streamed.headers.get('connection')).toBe('close');
    expect(declared.headers.get('connection')).toBe('close');
  });

  it('refuses a compressed body with 415 (Slack sends its bodies as they are)', async () => {
    const res = await post(JSON.stringify({ type: 'url_verification', challenge: 'x' }), {
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: 'unsupported_encoding' });
  });

  it('leaves every other route to express: GET /slack/events and other paths get express’s answers', async () => {
    const get = await fetch(`${base}/slack/events`);
    expect(get.status).toBe(404);
    expect(await get.text()).toContain('Cannot GET /slack/events');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // The API's own answer: no key.
    const api = await fetch(`${base}/api/leads/1`);
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: expect.any(String) as unknown });
    // With a query string, still the node route (the path alone decides).
    const res = await fetch(`${base}/slack/events?x=1`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });
});

describe('requestListener', () => {
  it('answers 500 in words, and logs it, when a node route throws instead of answering', async () => {
    const broken = requestListener({
      deps: env.deps,
      locale: 'en',
      adapters: [
        {
          name: 'broken',
          mount: () => undefined,
          nodeRoutes: [
            {
              method: 'POST',
              path: '/broken',
              handle: () => {
                throw new Error('a defect in the route');
              },
            },
          ],
        },
      ],
    });
    const other = createServer(broken);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/broken`, {
        method: 'POST',
        body: '{}',
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({
        error: 'internal',
        message: expect.stringContaining('Try again'),
      });
      expect(answered()).toEqual([expect.objectContaining({ route: '/broken', status: 500 })]);
      expect(logs.text()).toContain('a defect in the route');
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
