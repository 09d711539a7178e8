// Issue 22, item 18: structured logs an admin can read — a request id per inbound call (in the log line and the
// response header), the platform and person when known, and never a secret.
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/app.ts';
import { log, scrub, withLogFields } from '../src/log.ts';
import { startSlackApp, type SlackApp } from './fixtures/slack-app.ts';
import { person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';
import { captureLog, type LogCapture } from './log-capture.ts';

describe('structured logs', () => {
  const current = useTestEnv('sqlite');
  let env: TestEnv;
  let logs: LogCapture;
  let server: Server | undefined;
  let slackApp: SlackApp | undefined;
  beforeEach(() => {
    env = current();
    logs = captureLog();
  });
  afterEach(async () => {
    logs.restore();
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise((r) => server?.close(r));
      server = undefined;
    }
    await slackApp?.close();
    slackApp = undefined;
  });

  async function listen(): Promise<string> {
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const answered = () => logs.entries().filter((e) => e.msg === 'request answered');

  it('gives each request an id, on the response and on its log line', async () => {
    const base = await listen();
    const first = await fetch(`${base}/healthz`);
    const second = await fetch(`${base}/healthz`);
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(answered()).toEqual([
      expect.objectContaining({
        level: 'info',
        requestId: ids[0],
        method: 'GET',
        path: '/healthz',
        route: '/healthz',
        status: 200,
      }),
      expect.objectContaining({ requestId: ids[1], status: 200 }),
    ]);
    expect(typeof answered()[0]?.time).toBe('string');
  });

  it("keeps a proxy's sane X-Request-Id and replaces one that is not", async () => {
    const base = await listen();
    const kept = await fetch(`${base}/api/nothing`, { headers: { 'x-request-id': 'edge-7f3a:42' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-7f3a:42');
    const replaced = await fetch(`${base}/healthz`, { headers: { 'x-request-id': `${'x'.repeat(200)}` } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'a b"c' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(answered().map((e) => e.requestId)).toEqual([
      'edge-7f3a:42',
      replaced.headers.get('x-request-id'),
      odd.headers.get('x-request-id'),
    ]);
    // An API route nobody has: 401 without a key, counted under its platform, the query string never logged.
    expect(answered()[0]).toMatchObject({ platform: 'api', status: 401 });
  });

  it('writes no secret from a request: API keys, Slack signatures and tokens, query-string tokens', async () => {
    await seedOrg(env, [person('alice', { identities: { slack: 'UALICE' } })]);
    slackApp = await startSlackApp(env);
    const base = `http://127.0.0.1:${(slackApp.server.address() as AddressInfo).port}`;
    const apiKey = 'll_live_9f8e7d6c5b4a3210secretkey';
    const res = await fetch(`${base}/api/leads/1?access_token=qs-token-5ecret&password=pw-5ecret`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(res.status).toBe(401);
    const signature = 'v0=' + 'ab12'.repeat(16);
    // A Slack command with a forged signature (refused), and a rightly signed one with its legacy token field.
    const forged = await slackApp.slack.command('UALICE', '/lead', 'help', 'r1', { signature });
    expect(forged.status).toBe(401);
    const signed = await slackApp.slack.command('UALICE', '/lead', 'help', 'r2', {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(signed.status).toBe(200);
    await expect.poll(() => slackApp?.fake.responses.some((r) => r.id === 'r2')).toBe(true);
    // Lines about the work, as code in the adapters writes them: errors carrying what an HTTP client hangs on them.
    const axiosLike = Object.assign(new Error('Request failed with status code 401'), {
      code: 'ERR_BAD_REQUEST',
      config: {
        url: 'https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=wecom-at-5ecret',
        headers: { Authorization: 'Bearer xoxb-1234-5678-5ecretbot' },
      },
      response: { status: 401, data: { access_token: 'wecom-at-5ecret' } },
    });
    log().error({ err: axiosLike, headers: { 'x-slack-signature': signature } }, 'wecom: send failed');
    log().warn(
      `store: postgres://leadline:db-pa55word@db.internal:5432/leadline unreachable; token=legacy-5ecret xoxb-99-5ecretbot`,
    );
    const text = logs.text();
    expect(answered().length).toBe(3);
    expect(answered().map((e) => e.platform)).toEqual(['api', 'slack', 'slack']);
    for (const secret of [
      apiKey,
      'qs-token-5ecret',
      'pw-5ecret',
      signature,
      'ab12ab12',
      'wecom-at-5ecret',
      '5ecretbot',
      'db-pa55word',
      'legacy-5ecret',
      'test-signing-secret',
    ])
      expect(text, secret).not.toContain(secret);
    // What is logged is still useful: the error's message and code, the URL's host with its password masked.
    const failed = logs.entries().find((e) => e.msg === 'wecom: send failed');
    expect(failed?.err).toMatchObject({
      message: 'Request failed with status code 401',
      code: 'ERR_BAD_REQUEST',
      status: 401,
    });
    expect(text).toContain('postgres://leadline:***@db.internal:5432/leadline');
  });

  it('puts the fields of the work at hand on every line inside it', () => {
    withLogFields({ requestId: 'r-1', platform: 'wecom' }, () => {
      log().info({ person: 'alice' }, 'card sent');
    });
    log().info('outside');
    // A field the code names and the work already carries is written once.
    withLogFields({ platform: 'slack' }, () => log({ platform: 'slack' }).warn('twice named'));
    expect(
      logs
        .text()
        .split('\n')[2]
        ?.match(/"platform"/g),
    ).toHaveLength(1);
    expect(logs.entries()).toEqual([
      expect.objectContaining({ requestId: 'r-1', platform: 'wecom', person: 'alice', msg: 'card sent' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
      expect.objectContaining({ platform: 'slack', msg: 'twice named' }),
    ]);
  });

  it('writes plain lines with LOG_FORMAT=pretty, scrubbed the same way', () => {
    logs.restore();
    logs = captureLog({ format: 'pretty' });
    withLogFields({ requestId: 'r-2' }, () => log().warn({ secret: 'abc', n: 3 }, 'Bearer xyz123 refused'));
    expect(logs.text()).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} WARN {2}Bearer \*\*\* refused requestId=r-2 secret=\[redacted\] n=3\n$/,
    );
  });

  it.each([
    ['postgres://u:p4ss@h/db', 'postgres://u:***@h/db'],
    ['GET /cgi-bin/gettoken?corpid=ww1&corpsecret=S3cr3t', 'GET /cgi-bin/gettoken?corpid=ww1&corpsecret=***'],
    ['{"appSecret":"x\\"y","n":1}', '{"appSecret":"***","n":1}'],
    ['sig v0=0123456789abcdef0123', 'sig v0=***'],
    ['nothing to hide', 'nothing to hide'],
  ])('scrubs %s', (input, output) => {
    expect(scrub(input)).toBe(output);
  });
});

describe("the server's asynchronous log lines", () => {
  // src/main.ts writes JSON lines asynchronously (pino.destination({ sync: false })); pino flushes what is
  // still buffered when the process exits, on process.exit and on a crash alike.
  const run = (ending: string) =>
    new Promise<{ lines: string[]; code: number | null }>((resolve, reject) => {
      const code = [
        `const { loggerFromEnv } = await import(${JSON.stringify(new URL('../src/log.ts', import.meta.url).href)});`,
        `const logger = loggerFromEnv({ LOG_FORMAT: 'json' }, false, true);`,
        `for (let i = 0; i < 3000; i++) logger.info({ i, token: 'xoxb-1234-secret' }, 'line');`,
        ending,
      ].join('\n');
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ lines: out.split('\n').filter((l) => l !== ''), code: exit }));
    });

  for (const [how, ending, exitCode] of [
    ['exits at once', 'process.exit(0);', 0],
    ['crashes', "setImmediate(() => { throw new Error('boom'); });", 1],
  ] as const)
    it(`are all written, in order and scrubbed, when the process ${how}`, async () => {
      const { lines, code } = await run(ending);
      expect(code).toBe(exitCode);
      expect(lines).toHaveLength(3000);
      const entries = lines.map((l) => JSON.parse(l) as { i: number; token: string; msg: string });
      expect(entries.map((e) => e.i)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
      expect(new Set(entries.map((e) => e.token))).toEqual(new Set(['[redacted]']));
    }, 30_000);
});

describe('the log format', () => {
  it('is plain lines at a terminal and JSON elsewhere, unless LOG_FORMAT chooses', async () => {
    const { logFormatOf } = await import('../src/log.ts');
    expect(logFormatOf({}, true)).toBe('pretty');
    expect(logFormatOf({}, false)).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
  });
});
