// Slack's side of the Slack bench, in processes of its own (started by bench/slack.ts as
// `node --import tsx bench/slack-side.ts fake|clicker`), so that neither Slack's work nor the timing of the clicks
// runs on the event loop of the app being measured, nor on each other's:
// - `fake`: the local fake Slack Web API and response_urls (test/fixtures/fake-slack.ts); for the outbox part a
//   second fake behind a proxy that answers a share of calls 429.
// - `clicker`: Slack's interactivity client: signs block_actions payloads, sends them all at once, times each.
// Protocol: one JSON line per command on stdin (SideCommand), one JSON line per answer on stdout (SideAnswer).
import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { signSlackRequest } from '../adapters/slack/verify.ts';
import { startFakeSlack, type FakeSlack } from '../test/fixtures/fake-slack.ts';

export interface Click {
  /** The clicking rep's Slack user id. */
  user: string;
  /** The lead id on the Claim button. */
  leadId: number;
  /** Where the app answers (a response_url of the fake). */
  responseUrl: string;
  /** The message the button is on. */
  channel: string;
  messageTs: string;
}

export interface ClickJob {
  /** POST /slack/events of the app (or of a bare server, for the floor). */
  url: string;
  signingSecret: string;
  /** X-Slack-Request-Timestamp, seconds (the app's injected clock). */
  timestamp: number;
  clicks: Click[];
}

export interface ClickReport {
  /** Per click, in job order: from its http.request() call to the whole response read. */
  ackMs: number[];
  /** Per click: from the moment the burst started (the first request sent) to its response. */
  sinceBurstMs: number[];
  statuses: number[];
  /** How long issuing all the requests took (the burst's own spread). */
  sendLoopMs: number;
  /** The burst's start, epoch ms (performance.timeOrigin + now(): comparable across processes). */
  burstAt: number;
}

export interface AnswersReport {
  /** Epoch ms when the last of the clicks had its first answer on its response_url. */
  allAnsweredAt: number;
  /** Clicks answered with replace_original (the claimed card replaces the clicked message: a win). */
  replaced: string[];
  /** Clicks that got an answer of any kind. */
  answered: string[];
}

export interface OutboxReport {
  /** delivery_id of every chat.postMessage the fake accepted, in order. */
  deliveryIds: number[];
  /** Messages per channel (a DM is D + the user id). */
  perChannel: Record<string, number>;
  /** Web API calls per method: forwarded to the fake (ok) and refused by the proxy with 429. */
  calls: Record<string, { ok: number; rate_limited: number }>;
}

export type SideCommand =
  /** clicker: send a burst. */
  | { cmd: 'clicks'; job: ClickJob }
  /** fake: wait until each of these response_url ids had an answer. */
  | { cmd: 'answers'; ids: string[] }
  /** fake: a fresh fake behind a proxy that answers this share of Web API calls 429 (Retry-After 0 or 1). */
  | { cmd: 'outbox-start'; failRate: number; seed: number }
  | { cmd: 'outbox-report' };

export type SideAnswer =
  | { kind: 'ready'; apiUrl: string; responseBase: string }
  | { kind: 'clicks'; report: ClickReport }
  | { kind: 'answers'; report: AnswersReport }
  | { kind: 'outbox-started'; apiUrl: string }
  | { kind: 'outbox-report'; report: OutboxReport }
  | { kind: 'error'; message: string };

const epochNow = () => performance.timeOrigin + performance.now();

/** A block_actions payload as Slack sends it for a button on a channel message (cf. test/fixtures/slack-sender.ts). */
function clickBody(c: Click, n: number): string {
  const payload = {
    type: 'block_actions',
    team: { id: 'T1', domain: 'acme' },
    user: { id: c.user, username: c.user, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `bench-trigger-${n}`,
    response_url: c.responseUrl,
    container: { type: 'message', message_ts: c.messageTs, channel_id: c.channel, is_ephemeral: false },
    channel: { id: c.channel, name: c.channel },
    message: { type: 'message', ts: c.messageTs, text: '' },
    actions: [
      {
        type: 'button',
        action_id: 'lead.claim',
        block_id: 'b1',
        value: String(c.leadId),
        text: { type: 'plain_text', text: 'Claim' },
        action_ts: `${1_700_000_000 + n}.000001`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

async function clicks(job: ClickJob): Promise<ClickReport> {
  // Built and signed before the burst, as Slack would have them ready.
  const requests = job.clicks.map((c, i) => {
    const body = clickBody(c, i);
    return {
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'x-slack-request-timestamp': String(job.timestamp),
        'x-slack-signature': signSlackRequest(job.signingSecret, job.timestamp, body),
      },
    };
  });
  const url = new URL(job.url);
  // One new connection per click (Slack's requests come from many hosts), over node:http: fetch() costs the
  // client several times more per request, and the client shares this machine's cores with the app.
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const post = (r: (typeof requests)[number]) =>
    new Promise<{ status: number; end: number }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: r.headers },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, end: performance.now() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(r.body);
    });

  const burstAt = epochNow();
  const burst = performance.now();
  const pending = requests.map(async (r) => {
    const t0 = performance.now();
    const { status, end } = await post(r);
    return { ackMs: end - t0, sinceBurstMs: end - burst, status };
  });
  const sendLoopMs = performance.now() - burst;
  const done = await Promise.all(pending);
  agent.destroy();
  return {
    ackMs: done.map((d) => d.ackMs),
    sinceBurstMs: done.map((d) => d.sinceBurstMs),
    statuses: done.map((d) => d.status),
    sendLoopMs,
    burstAt,
  };
}

async function answers(fake: FakeSlack, wanted: string[]): Promise<AnswersReport> {
  const ids = new Set(wanted);
  const answered = new Set<string>();
  let seen = 0;
  let allAnsweredAt = 0;
  const collect = () => {
    for (; seen < fake.responses.length; seen++) {
      const id = fake.responses[seen]?.id ?? '';
      if (ids.has(id) && !answered.has(id)) {
        answered.add(id);
        allAnsweredAt = epochNow();
      }
    }
  };
  const until = performance.now() + 30_000;
  for (collect(); answered.size < ids.size; collect()) {
    if (performance.now() > until)
      throw new Error(`only ${answered.size} of ${ids.size} clicks were answered within 30 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
  // A winner's second answer (the ephemeral note after the card) may still be on its way: let it land.
  let count = fake.responses.length;
  for (let quiet = 0; quiet < 20; quiet++) {
    await new Promise((r) => setTimeout(r, 5));
    if (fake.responses.length !== count) {
      count = fake.responses.length;
      quiet = 0;
    }
  }
  const mine = fake.responses.filter((r) => ids.has(r.id));
  return {
    allAnsweredAt,
    replaced: [...new Set(mine.filter((r) => r.body.replace_original === true).map((r) => r.id))],
    answered: [...answered],
  };
}

/** mulberry32, so the 429s fall the same way on every run (given the same order of calls). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

/**
 * In front of the fake Web API: answers a share of calls 429 with Retry-After 0 or 1 (they never reach the fake)
 * and forwards the rest. The fake's own failWith() splits its failures between 429 and 500; this keeps to 429s.
 */
async function rateLimitingProxy(fake: FakeSlack, rate: number, seed: number) {
  const upstream = new URL(fake.apiUrl);
  const agent = new Agent({ keepAlive: true });
  const random = prng(seed);
  const calls: OutboxReport['calls'] = {};
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const count = (calls[method] ??= { ok: 0, rate_limited: 0 });
    if (random() < rate) {
      count.rate_limited++;
      req.resume();
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': random() < 0.5 ? '0' : '1' })
        .end('{"ok":false,"error":"ratelimited"}');
      return;
    }
    count.ok++;
    const up = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', (err) => res.destroy(err));
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    calls,
    close: async () => {
      await closeServer(server);
      agent.destroy();
    },
  };
}

const say = (a: SideAnswer) => process.stdout.write(`${JSON.stringify(a)}\n`);
const role = process.argv[2];
if (role !== 'fake' && role !== 'clicker') throw new Error('usage: slack-side.ts fake|clicker');

const fake = role === 'fake' ? await startFakeSlack() : null;
let outbox: { fake: FakeSlack; proxy: Awaited<ReturnType<typeof rateLimitingProxy>> } | null = null;
say({
  kind: 'ready',
  apiUrl: fake?.apiUrl ?? '',
  responseBase: fake?.responseUrl('').replace(/\/$/, '') ?? '',
});
try {
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    const c = JSON.parse(line) as SideCommand;
    try {
      if (c.cmd === 'clicks') say({ kind: 'clicks', report: await clicks(c.job) });
      else if (fake === null) throw new Error(`${c.cmd} is for the fake`);
      else if (c.cmd === 'answers') say({ kind: 'answers', report: await answers(fake, c.ids) });
      else if (c.cmd === 'outbox-start') {
        const f = await startFakeSlack();
        outbox = { fake: f, proxy: await rateLimitingProxy(f, c.failRate, c.seed) };
        say({ kind: 'outbox-started', apiUrl: outbox.proxy.apiUrl });
      } else {
        if (outbox === null) throw new Error('outbox-report before outbox-start');
        const perChannel: Record<string, number> = {};
        for (const m of outbox.fake.messages) perChannel[m.channel] = (perChannel[m.channel] ?? 0) + 1;
        const deliveryIds = outbox.fake
          .ok('chat.postMessage')
          .map((b) =>
            Number((b.metadata as { event_payload: { delivery_id: unknown } }).event_payload.delivery_id),
          );
        say({ kind: 'outbox-report', report: { deliveryIds, perChannel, calls: outbox.proxy.calls } });
      }
    } catch (err) {
      say({ kind: 'error', message: (err as Error).message });
    }
  }
} finally {
  if (outbox !== null) {
    await outbox.proxy.close();
    await outbox.fake.close();
  }
  await fake?.close();
}
