// Slack figures.
// 1. Claim-click ack latency: the server as src/main.ts builds it (requestListener + slackAdapter) on 127.0.0.1,
//    a temp SQLite store, 200 linked reps. Slack's side runs in two child processes (bench/slack-side.ts): the fake
//    Web API and response_urls, and a client that sends 200 properly signed block_actions Claim clicks at once and
//    times each one to its HTTP response (the ack; the claim itself runs after it). Bursts: a floor (a bare
//    server), a warm-up, all 200 on one pool lead (the headline: one winner), and 200 on 200 different pool leads
//    (all win).
// 2. Outbox throughput: 1,000 notices to 200 people, delivered by deliverOutbox rounds through the adapter's
//    Deliverer to the fake, with a tenth of the Web API calls refused with 429 (Retry-After 0 or 1) by a proxy in
//    front of the fake; the injected clock moves 1 s per round (the worker paces 1 message/s per DM).
import { LogLevel } from '@slack/bolt';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { slackAdapter } from '../adapters/slack/index.ts';
import { DEFAULT_RULES, type Rules } from '../src/modules/rules.ts';
import type { Person, Team } from '../src/kernel/types.ts';
import type { EngineDeps } from '../src/modules/deps.ts';
import { importOrg, type Org } from '../src/modules/org/use-cases/import-org.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { requestListener } from '../src/http/app.ts';
import { deliverOutbox, type DeliverResult, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';
import { BENCH_EPOCH, benchClock, leadFields, tempDir, TEAM_COUNT } from './common.ts';
import type { ClickJob, SideAnswer, SideCommand } from './slack-side.ts';
import { notice } from '../src/modules/notice-data.ts';
import { loggerFromEnv, setLogger } from '../src/log.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SLACK_SIDE = fileURLToPath(new URL('./slack-side.ts', import.meta.url));
const SIGNING_SECRET = 'bench-signing-secret';
/**
 * The token the fake's auth.test accepts (test/fixtures/fake-slack.ts, since 8a2137a). With any other it answers
 * invalid_auth, and the adapter's authorize (which caches only a success) asks again before every ack.
 */
const BOT_TOKEN = 'xoxb-test';

export interface SlackBenchOptions {
  /** Clicks per burst, and the number of linked reps (default 200). */
  clicks: number;
  /** A first, untimed-for-the-figures burst on its own lead, so the figures are not about a cold server. */
  warmupClicks: number;
  /** Notices through the outbox (default 1,000), to `clicks` different people. */
  notices: number;
  /** Share of Web API calls the proxy answers with 429 (default 0.1). */
  failRate: number;
  log: (msg: string) => void;
}

export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ClickScenario {
  clicks: number;
  /** Distinct leads clicked (1: everyone on the same lead). */
  leads: number;
  ack: LatencyStats;
  /** From the start of the burst (the first click sent) to each ack: includes the burst's own spread. */
  sinceBurst: LatencyStats;
  /** How long the clicker took to issue all its requests. */
  sendLoopMs: number;
  /**
   * Inside the app's process: from the connection being accepted to the ack written (res.end) (`fromAccept`),
   * and from the request reaching the app (its request listener) to the same (`inApp`).
   */
  server: { fromAccept: LatencyStats; inApp: LatencyStats; cpuToLastAckMs: number };
  /** Acks that were not HTTP 200. */
  non200: number;
  /** Clicks answered with the claimed card in place of the clicked message (replace_original). */
  winners: number;
  /** lead.claimed events on the clicked leads, from the database. */
  claimedEvents: number;
  /** Clicks answered only with an ephemeral (for one lead: "already claimed by …"). */
  refused: number;
  /** From the start of the burst until every click had its answer on its response_url (work after the ack). */
  allAnsweredMs: number;
}

/** The same burst against a bare node:http server in the app's process that answers 200 at once. */
export interface FloorBurst {
  clicks: number;
  ack: LatencyStats;
  sinceBurst: LatencyStats;
  sendLoopMs: number;
}

export interface OutboxBench {
  notices: number;
  recipients: number;
  failRate: number;
  rounds: number;
  ms: number;
  perS: number;
  exactlyOnce: boolean;
  /** chat.postMessage that reached the fake, and their distinct delivery ids. */
  posted: number;
  distinctDeliveryIds: number;
  /** Every recipient's DM got exactly notices / recipients messages. */
  evenPerRecipient: boolean;
  totals: DeliverResult;
  /** Web API calls per method: forwarded to the fake (ok) and refused by the proxy with 429. */
  calls: Record<string, { ok: number; rate_limited: number }>;
  roundMs: { mean: number; max: number };
}

export interface SlackBench {
  floor: FloorBurst;
  warmup: ClickScenario;
  oneLead: ClickScenario;
  manyLeads: ClickScenario;
  outbox: OutboxBench;
  ms: number;
}

export async function benchSlack(opts: SlackBenchOptions): Promise<SlackBench> {
  const t0 = performance.now();
  // The server's logger (src/main.ts): JSON lines written asynchronously.
  const previousLogger = setLogger(loggerFromEnv(process.env, false, true));
  const fake = await startSlackSide('fake');
  let clicker: SlackSide | undefined;
  try {
    clicker = await startSlackSide('clicker');
    const clicks = await benchClicks(opts, fake, clicker);
    const outbox = await benchOutbox(opts, fake);
    return { ...clicks, outbox, ms: performance.now() - t0 };
  } finally {
    await clicker?.close();
    await fake.close();
    setLogger(previousLogger);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The org and the store

function slackId(r: number): string {
  return `UB${String(r + 1).padStart(7, '0')}`;
}

function repOf(r: number): string {
  return `srep-${String(r + 1).padStart(3, '0')}`;
}

/** `reps` reps over 20 teams (plus a manager each), every one linked to a Slack user; capacity unlimited. */
function slackOrg(reps: number): Org {
  const teams: Team[] = [];
  const people: Person[] = [];
  const base = { skills: [], capacity: 100_000, locale: 'en', active: true, outOfOffice: false } as const;
  for (let t = 0; t < TEAM_COUNT; t++) {
    const team = `steam-${String(t + 1).padStart(2, '0')}`;
    teams.push({ id: team, name: `Team ${t + 1}`, managerId: `smgr-${t + 1}`, channels: {} });
    people.push({
      ...base,
      skills: [],
      id: `smgr-${t + 1}`,
      name: `Manager ${t + 1}`,
      teamId: team,
      role: 'manager',
      email: `smgr-${t + 1}@example.com`,
      identities: {},
    });
  }
  for (let r = 0; r < reps; r++)
    people.push({
      ...base,
      skills: [],
      id: repOf(r),
      name: `Rep ${r + 1}`,
      teamId: teams[r % TEAM_COUNT]?.id ?? null,
      role: 'rep',
      email: `${repOf(r)}@example.com`,
      identities: { slack: slackId(r) },
    });
  return { timezone: 'Asia/Shanghai', locale: 'en', teams, people };
}

/**
 * Default rules, except that routing offers to no role: every new lead goes straight to the pool, where any rep
 * may claim it (claims only read the pool rules: capacity, 3 market claims a day, cooldown after a hand-back).
 */
const POOL_RULES: Rules = { ...DEFAULT_RULES, routing: { ...DEFAULT_RULES.routing, roles: [] } };

async function slackStore(prefix: string, reps: number, leads: number) {
  const tmp = tempDir(prefix);
  const store = openSqliteStore(`file:${tmp.dir}/leadline.db`);
  const clock = benchClock(BENCH_EPOCH);
  const deps: EngineDeps = { store, rules: POOL_RULES, clock, defaultTimezone: 'Asia/Shanghai' };
  try {
    await importOrg(deps, slackOrg(reps));
    const leadIds: number[] = [];
    for (let i = 0; i < leads; i++) {
      clock.advance(1_000);
      const r = await submitLead(deps, { fields: leadFields(i), via: 'api' });
      if (r.kind !== 'created' || r.lead.status !== 'pool')
        throw new Error(`lead ${i}: expected a new pool lead, got ${r.kind}`);
      leadIds.push(r.lead.id);
    }
    return {
      store,
      clock,
      deps,
      leadIds,
      close: async () => {
        await store.close();
        tmp.remove();
      },
    };
  } catch (err) {
    await store.close();
    tmp.remove();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Slack's side (bench/slack-side.ts): the fake Web API (+ 429 proxy) and the clicking client, each its own process

interface SlackSide {
  /** The fake Web API the click part's adapter talks to ('' from the clicker). */
  apiUrl: string;
  /** The fake's response_urls: this + '/' + id. */
  responseBase: string;
  ask<K extends SideAnswer['kind']>(cmd: SideCommand, kind: K): Promise<Extract<SideAnswer, { kind: K }>>;
  close(): Promise<void>;
}

async function startSlackSide(role: 'fake' | 'clicker'): Promise<SlackSide> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SLACK_SIDE, role], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: Array<{ resolve: (a: SideAnswer) => void; reject: (e: Error) => void }> = [];
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of waiting.splice(0)) w.reject(err);
  };
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      fail(new Error(`bench/slack-side.ts exited (${signal ?? code})`));
      resolve();
    });
  });
  child.on('error', fail);
  const next = () =>
    new Promise<SideAnswer>((resolve, reject) => {
      if (failure !== null) reject(failure);
      else waiting.push({ resolve, reject });
    });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      waiting.shift()?.resolve(JSON.parse(line) as SideAnswer);
    } catch {
      fail(new Error(`bench/slack-side.ts printed ${line}`));
    }
  });
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      // Only our own child, by handle, if it does not leave by itself.
      const timer = setTimeout(() => child.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const expect = <K extends SideAnswer['kind']>(a: SideAnswer, kind: K) => {
    if (a.kind === 'error') throw new Error(`bench/slack-side.ts: ${a.message}`);
    if (a.kind !== kind) throw new Error(`bench/slack-side.ts answered ${a.kind}, expected ${kind}`);
    return a as Extract<SideAnswer, { kind: K }>;
  };
  try {
    const ready = expect(await next(), 'ready');
    return {
      apiUrl: ready.apiUrl,
      responseBase: ready.responseBase,
      async ask(cmd, kind) {
        const answer = next();
        child.stdin?.write(`${JSON.stringify(cmd)}\n`);
        return expect(await answer, kind);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Claim clicks

async function listen(handler: RequestListener): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

async function benchClicks(
  opts: SlackBenchOptions,
  fake: SlackSide,
  clicker: SlackSide,
): Promise<Omit<SlackBench, 'outbox' | 'ms'>> {
  const reps = opts.clicks;
  // Lead 0: the warm-up burst's; lead 1: everyone's; leads 2…: one per rep.
  const env = await slackStore('slack-click', reps, 2 + reps);
  let server: Server | undefined;
  let floorServer: Server | undefined;
  try {
    const adapter = slackAdapter({
      chat: { engine: env.deps, defaultLocale: 'en' },
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      apiUrl: fake.apiUrl,
      clock: env.clock,
      logLevel: LogLevel.ERROR,
    });
    // What src/main.ts serves (Slack's events ahead of express), with each request timed inside this process.
    const app = requestListener({ deps: env.deps, locale: 'en', adapters: [adapter] });
    const timings: Array<{ accepted: number; entered: number; finished: number }> = [];
    // The app process's CPU (every thread) from a burst's start to its last ack: the work each ack waited
    // behind, less sensitive to other processes on the machine than the latencies are.
    const cpu = { want: 0, start: process.cpuUsage(), toLastAck: process.cpuUsage() };
    const acceptedAt = new WeakMap<Socket, number>();
    server = await listen((req, res) => {
      const entered = performance.now();
      const accepted = acceptedAt.get(req.socket) ?? entered;
      // When the ack is written ('finish' could fire much later on a busy event loop).
      const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        timings.push({ accepted, entered, finished: performance.now() });
        if (timings.length === cpu.want) cpu.toLastAck = process.cpuUsage(cpu.start);
        return end(...args);
      }) as ServerResponse['end'];
      app(req, res);
    });
    server.on('connection', (socket: Socket) => acceptedAt.set(socket, performance.now()));
    const url = `http://127.0.0.1:${portOf(server)}/slack/events`;

    floorServer = await listen((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    const job = (
      target: string,
      name: string,
      clickers: number[],
      leadOf: (r: number) => number,
    ): ClickJob => ({
      url: target,
      signingSecret: SIGNING_SECRET,
      timestamp: Math.floor(env.clock() / 1000),
      clicks: clickers.map((r) => ({
        user: slackId(r),
        leadId: leadOf(r),
        responseUrl: `${fake.responseBase}/${encodeURIComponent(`${name}:${r}`)}`,
        channel: 'CPOOL',
        messageTs: `1700000000.${String(leadOf(r)).padStart(6, '0')}`,
      })),
    });
    const floorUrl = `http://127.0.0.1:${portOf(floorServer)}/slack/events`;
    const floorBurst = async (clickers: number[]): Promise<FloorBurst> => {
      const { report } = await clicker.ask(
        { cmd: 'clicks', job: job(floorUrl, 'floor', clickers, () => 1) },
        'clicks',
      );
      return {
        clicks: clickers.length,
        ack: stats(report.ackMs),
        sinceBurst: stats(report.sinceBurstMs),
        sendLoopMs: report.sendLoopMs,
      };
    };

    const burst = async (name: string, clickers: number[], leadOf: (r: number) => number) => {
      const leads = [...new Set(clickers.map(leadOf))];
      timings.length = 0;
      cpu.want = clickers.length;
      cpu.start = process.cpuUsage();
      const profiling = name === 'one' ? await startProfile() : null;
      const { report } = await clicker.ask(
        { cmd: 'clicks', job: job(url, name, clickers, leadOf) },
        'clicks',
      );
      if (profiling !== null) await profiling();
      const answers = (
        await fake.ask({ cmd: 'answers', ids: clickers.map((r) => `${name}:${r}`) }, 'answers')
      ).report;
      const mine = timings.splice(0);
      if (mine.length !== clickers.length)
        throw new Error(`the app answered ${mine.length} requests, expected ${clickers.length}`);
      const events = await env.store.transaction((tx) => tx.events.forLeads(leads));
      const winners = new Set(answers.replaced);
      return {
        clicks: clickers.length,
        leads: leads.length,
        ack: stats(report.ackMs),
        sinceBurst: stats(report.sinceBurstMs),
        sendLoopMs: report.sendLoopMs,
        server: {
          fromAccept: stats(mine.map((t) => t.finished - t.accepted)),
          inApp: stats(mine.map((t) => t.finished - t.entered)),
          cpuToLastAckMs: (cpu.toLastAck.user + cpu.toLastAck.system) / 1000,
        },
        non200: report.statuses.filter((x) => x !== 200).length,
        winners: winners.size,
        claimedEvents: events.filter((e) => e.type === 'lead.claimed').length,
        refused: answers.answered.filter((id) => !winners.has(id)).length,
        allAnsweredMs: answers.allAnsweredAt - report.burstAt,
      } satisfies ClickScenario;
    };

    const everyone = Array.from({ length: reps }, (_, r) => r);
    const [warmLead, oneLead, ...own] = env.leadIds as [number, number, ...number[]];
    opts.log(`  floor: ${reps} requests at once to a bare node:http server (twice; the second counts)`);
    await floorBurst(everyone);
    const floor = await floorBurst(everyone);
    opts.log(`    p50 ${floor.ack.p50.toFixed(1)} ms, p99 ${floor.ack.p99.toFixed(1)} ms`);
    opts.log(`  warm-up: ${opts.warmupClicks} clicks on one lead`);
    const warmup = await burst('warmup', everyone.slice(0, opts.warmupClicks), () => warmLead);
    opts.log(`  ${reps} clicks at once on one pool lead`);
    const one = await burst('one', everyone, () => oneLead);
    opts.log(
      `    ack p50 ${one.ack.p50.toFixed(1)} ms, p99 ${one.ack.p99.toFixed(1)} ms; ${one.winners} winner(s)`,
    );
    opts.log(`  ${reps} clicks at once on ${reps} different pool leads`);
    const many = await burst('many', everyone, (r) => own[r] as number);
    opts.log(
      `    ack p50 ${many.ack.p50.toFixed(1)} ms, p99 ${many.ack.p99.toFixed(1)} ms; ${many.winners} winner(s)`,
    );
    return { floor, warmup, oneLead: one, manyLeads: many };
  } finally {
    if (floorServer !== undefined) await closeServer(floorServer);
    if (server !== undefined) await closeServer(server);
    await env.close();
  }
}

/** Nearest-rank percentiles. */
export function stats(xs: readonly number[]): LatencyStats {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return {
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox

async function benchOutbox(opts: SlackBenchOptions, fake: SlackSide): Promise<OutboxBench> {
  const recipients = opts.clicks;
  // A few pool leads for the notices to show (each DM is the lead's card with its Claim button).
  const env = await slackStore('slack-outbox', recipients, 20);
  try {
    const proxy = await fake.ask(
      { cmd: 'outbox-start', failRate: opts.failRate, seed: 20261123 },
      'outbox-started',
    );
    const adapter = slackAdapter({
      chat: { engine: env.deps, defaultLocale: 'en' },
      signingSecret: SIGNING_SECRET,
      botToken: BOT_TOKEN,
      apiUrl: proxy.apiUrl,
      clock: env.clock,
      logLevel: LogLevel.ERROR,
    });
    const worker: OutboxWorkerDeps = {
      engine: env.deps,
      defaultLocale: 'en',
      deliverers: [adapter.deliverer],
    };
    // The leads' pool announcements go to team channels, which have no Slack channel here: dispatch them
    // (nothing to send) before the timed part.
    for (let i = 0; i < 1_000 && (await pendingCount(env)) > 0; i++) {
      const r = await deliverOutbox(worker, { now: env.clock(), limit: 200 });
      if (r.sent + r.retried + r.parked > 0)
        throw new Error('expected the pool announcements to send nothing');
    }

    await env.store.transaction(async (tx) => {
      for (let n = 0; n < opts.notices; n++) {
        const leadId = env.leadIds[n % env.leadIds.length] as number;
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: repOf(n % recipients) },
            template: 'lead.pooled',
            data: { leadId, company: leadFields(n % env.leadIds.length).company },
            leadId,
          }),
          env.clock(),
        );
      }
    });
    opts.log(
      `  ${opts.notices} notices to ${recipients} people, ${Math.round(opts.failRate * 100)}% of calls answered 429`,
    );

    const totals: DeliverResult = { dispatched: 0, sent: 0, retried: 0, parked: 0, lost: 0 };
    const roundMs: number[] = [];
    const t0 = performance.now();
    for (;;) {
      if (roundMs.length >= 500)
        throw new Error(`outbox not drained after 500 rounds: ${JSON.stringify(totals)}`);
      const r0 = performance.now();
      const r = await deliverOutbox(worker, { now: env.clock(), limit: 200 });
      roundMs.push(performance.now() - r0);
      for (const k of Object.keys(totals) as Array<keyof DeliverResult>) totals[k] += r[k];
      env.clock.advance(1_000);
      if ((await pendingCount(env)) === 0) break;
    }
    const ms = performance.now() - t0;

    const { report } = await fake.ask({ cmd: 'outbox-report' }, 'outbox-report');
    const ids = report.deliveryIds;
    const distinct = new Set(ids).size;
    const perChannel = Object.values(report.perChannel);
    const each = opts.notices / recipients;
    const evenPerRecipient = perChannel.length === recipients && perChannel.every((v) => v === each);
    const sentRows = await env.store.transaction(
      async (tx) => (await tx.deliveries.list({ status: 'sent', limit: opts.notices * 2 })).length,
    );
    const exactlyOnce =
      ids.length === opts.notices &&
      distinct === opts.notices &&
      sentRows === opts.notices &&
      totals.parked === 0 &&
      (Number.isInteger(each) ? evenPerRecipient : true);
    const out: OutboxBench = {
      notices: opts.notices,
      recipients,
      failRate: opts.failRate,
      rounds: roundMs.length,
      ms,
      perS: (ids.length * 1000) / ms,
      exactlyOnce,
      posted: ids.length,
      distinctDeliveryIds: distinct,
      evenPerRecipient,
      totals,
      calls: report.calls,
      roundMs: { mean: roundMs.reduce((a, b) => a + b, 0) / roundMs.length, max: Math.max(...roundMs) },
    };
    opts.log(
      `    ${out.perS.toFixed(0)} messages/s over ${out.rounds} rounds; exactly once: ${String(exactlyOnce)}`,
    );
    return out;
  } finally {
    await env.close();
  }
}

async function pendingCount(env: { store: EngineDeps['store'] }): Promise<number> {
  return env.store.transaction(
    async (tx) =>
      (await tx.deliveries.list({ status: 'pending', limit: 1 })).length +
      (await tx.outbox.list({ status: 'pending', limit: 1 })).length,
  );
}

/**
 * BENCH_SLACK_PROFILE=DIR: a CPU profile of the app's process (its main thread) over the one-lead burst alone,
 * from before the first click is sent until the clicker has every ack, written to DIR/slack-one-lead.cpuprofile
 * (read it with bench/summarize-profile.ts). Null when not asked for.
 */
async function startProfile(): Promise<(() => Promise<void>) | null> {
  const dir = process.env.BENCH_SLACK_PROFILE;
  if (dir === undefined || dir === '') return null;
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/slack-one-lead.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}
