// The Slack part's knobs, figures, aims, table rows and results.json details (used by run.ts and slack-run.ts).
import { round } from './common.ts';
import type { ClickScenario, FloorBurst, LatencyStats, SlackBench, SlackBenchOptions } from './slack.ts';

/** Slack allows 3 s; we aim for much less. */
export const ACK_P99_AIM_MS = 50;

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
}

/** BENCH_SLACK=off (or 0 / false / no) skips the Slack part. */
export function slackEnabled(): boolean {
  return !['off', '0', 'false', 'no'].includes((process.env.BENCH_SLACK ?? '').toLowerCase());
}

export function slackOptions(): Omit<SlackBenchOptions, 'log'> {
  const clicks = envInt('BENCH_SLACK_CLICKS', 200);
  return {
    clicks,
    warmupClicks: Math.min(clicks, envInt('BENCH_SLACK_WARMUP', 50)),
    notices: envInt('BENCH_SLACK_NOTICES', 1_000),
    failRate: 0.1,
  };
}

export interface SlackFigures {
  slack_click_ack_p50_ms: number | null;
  slack_click_ack_p99_ms: number | null;
  slack_click_winners: number | null;
  slack_click_in_app_p99_ms: number | null;
  slack_click_floor_p99_ms: number | null;
  slack_outbox_per_s: number | null;
  slack_outbox_rounds: number | null;
  slack_outbox_exactly_once: boolean | null;
}

export function slackFigures(b: SlackBench | null): SlackFigures {
  return {
    slack_click_ack_p50_ms: b && round(b.oneLead.ack.p50, 1),
    slack_click_ack_p99_ms: b && round(b.oneLead.ack.p99, 1),
    slack_click_winners: b && b.oneLead.winners,
    slack_click_in_app_p99_ms: b && round(b.oneLead.server.inApp.p99, 1),
    slack_click_floor_p99_ms: b && round(b.floor.ack.p99, 1),
    slack_outbox_per_s: b && round(b.outbox.perS, 1),
    slack_outbox_rounds: b && b.outbox.rounds,
    slack_outbox_exactly_once: b && b.outbox.exactlyOnce,
  };
}

export function slackAims(f: SlackFigures, b: SlackBench | null) {
  const met = <T>(v: T | null, ok: (v: T) => boolean) => (v === null ? null : ok(v));
  return {
    slack_click_ack_p99_ms: {
      aim: `<= ${ACK_P99_AIM_MS}`,
      met: met(f.slack_click_ack_p99_ms, (v) => v <= ACK_P99_AIM_MS),
    },
    slack_click_winners: {
      aim: '== 1 (and exactly one lead.claimed event)',
      met: met(f.slack_click_winners, (v) => v === 1 && b?.oneLead.claimedEvents === 1),
    },
    slack_outbox_exactly_once: { aim: 'true', met: f.slack_outbox_exactly_once },
  };
}

type Row = { value: number | boolean | null; note: string };

/** The Slack rows of the table: values, or null with the reason. */
export function slackTable(b: SlackBench | null, why = 'skipped: BENCH_SLACK=off'): Record<string, Row> {
  const f = slackFigures(b);
  if (b === null) return Object.fromEntries(Object.keys(f).map((n) => [n, { value: null, note: why }]));
  const a = slackAims(f, b);
  const verdict = (m: boolean | null) => (m === true ? 'met' : 'NOT met');
  const one = b.oneLead;
  return {
    slack_click_ack_p50_ms: {
      value: f.slack_click_ack_p50_ms,
      note: `signed Claim click → HTTP ack, ${one.clicks} reps at once on 1 pool lead`,
    },
    slack_click_ack_p99_ms: {
      value: f.slack_click_ack_p99_ms,
      note: `aim <= ${ACK_P99_AIM_MS} (Slack: 3000): ${verdict(a.slack_click_ack_p99_ms.met)}; max ${round(one.ack.max, 1)}`,
    },
    slack_click_winners: {
      value: f.slack_click_winners,
      note: `${one.refused} told "already claimed"; ${one.non200} acks not 200: ${verdict(a.slack_click_winners.met)}`,
    },
    slack_click_in_app_p99_ms: {
      value: f.slack_click_in_app_p99_ms,
      note: `same clicks, request in the app → ack written; from accept: p99 ${round(one.server.fromAccept.p99, 1)}`,
    },
    slack_click_floor_p99_ms: {
      value: f.slack_click_floor_p99_ms,
      note: `${b.floor.clicks} same requests to a bare node:http server: this machine's floor`,
    },
    slack_outbox_per_s: {
      value: f.slack_outbox_per_s,
      note: `${b.outbox.notices} notices to ${b.outbox.recipients} people, ${Math.round(b.outbox.failRate * 100)}% of calls 429, wall clock`,
    },
    slack_outbox_rounds: {
      value: f.slack_outbox_rounds,
      note: `deliverOutbox rounds (limit 200), clock +1 s each`,
    },
    slack_outbox_exactly_once: {
      value: f.slack_outbox_exactly_once,
      note: `${b.outbox.distinctDeliveryIds} distinct of ${b.outbox.posted} chat.postMessage; ${b.outbox.totals.parked} parked`,
    },
  };
}

function latency(s: LatencyStats) {
  return {
    p50: round(s.p50, 2),
    p90: round(s.p90, 2),
    p99: round(s.p99, 2),
    max: round(s.max, 2),
    mean: round(s.mean, 2),
  };
}

function clickDetails(c: ClickScenario) {
  return {
    clicks: c.clicks,
    leads: c.leads,
    ack_ms: latency(c.ack),
    since_burst_start_ms: latency(c.sinceBurst),
    send_loop_ms: round(c.sendLoopMs, 1),
    server_from_accept_ms: latency(c.server.fromAccept),
    server_in_app_ms: latency(c.server.inApp),
    server_cpu_to_last_ack_ms: round(c.server.cpuToLastAckMs, 1),
    non_200: c.non200,
    winners: c.winners,
    claimed_events: c.claimedEvents,
    refused: c.refused,
    all_answered_ms: round(c.allAnsweredMs, 1),
  };
}

function floorDetails(f: FloorBurst) {
  return {
    clicks: f.clicks,
    ack_ms: latency(f.ack),
    since_burst_start_ms: latency(f.sinceBurst),
    send_loop_ms: round(f.sendLoopMs, 1),
  };
}

/** One line on the clicks on different leads, for the console. */
export function slackSummary(b: SlackBench): string {
  const m = b.manyLeads;
  return (
    `slack clicks on ${m.leads} different leads: ack p50/p99 ${round(m.ack.p50, 1)}/${round(m.ack.p99, 1)} ms ` +
    `(in app ${round(m.server.inApp.p99, 1)} ms p99), ${m.winners} won; all ${b.oneLead.clicks} one-lead clicks ` +
    `answered on their response_url after ${round(b.oneLead.allAnsweredMs)} ms; outbox: ${b.outbox.totals.retried} ` +
    `retries, ${Object.values(b.outbox.calls).reduce((n, c) => n + c.rate_limited, 0)} calls answered 429`
  );
}

/** What results.json keeps of the Slack part beyond its figures. */
export function slackDetails(b: SlackBench | null, why = 'BENCH_SLACK=off'): Record<string, unknown> {
  if (b === null) return { status: 'skipped', reason: why };
  const o = b.outbox;
  return {
    status: 'ran',
    ms: round(b.ms),
    clicks: {
      how: 'a separate process sends all clicks at once (node:http, one new connection each) and times each from its request() call to the end of its response; the fake Slack Web API and response_urls run in a third process',
      floor: floorDetails(b.floor),
      one_lead: clickDetails(b.oneLead),
      different_leads: clickDetails(b.manyLeads),
      warmup: clickDetails(b.warmup),
    },
    outbox: {
      notices: o.notices,
      recipients: o.recipients,
      fail_rate: o.failRate,
      rounds: o.rounds,
      ms: round(o.ms, 1),
      per_s: round(o.perS, 1),
      round_ms: { mean: round(o.roundMs.mean, 1), max: round(o.roundMs.max, 1) },
      exactly_once: o.exactlyOnce,
      posted: o.posted,
      distinct_delivery_ids: o.distinctDeliveryIds,
      even_per_recipient: o.evenPerRecipient,
      totals: o.totals,
      calls: o.calls,
    },
  };
}
