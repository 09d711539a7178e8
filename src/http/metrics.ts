// GET /metrics in Prometheus's text format (issue 22, item 18), one registry per app (tests build many apps;
// prom-client's global registry would refuse the second). What the store knows is read at scrape time: notices
// waiting to be fanned out, deliveries waiting and parked per platform. Platform errors and the sweep's lateness
// come from src/observe.ts; the event loop's delay from prom-client's default metrics.
//
// Access: loopback only (and not through a proxy: a request carrying X-Forwarded-For or Forwarded is not the
// local scraper) unless METRICS_TOKEN is set; then `Authorization: Bearer <METRICS_TOKEN>` from anywhere, and
// nothing without it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { EngineDeps } from '../modules/deps.ts';
import { lastSweepTimes, platformErrorCounts } from '../observe.ts';

export interface Metrics {
  countRequest: (route: string, outcome: string) => void;
  handler: RequestHandler;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

function isLoopback(req: Request): boolean {
  if (req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined) return false;
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

function allowed(req: Request, token: string | null): boolean {
  if (token === null) return isLoopback(req);
  const given = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

export function createMetrics(deps: EngineDeps, token: string | null): Metrics {
  const registry = new Registry();
  let defaults = false;
  const requests = new Counter({
    name: 'leadline_http_requests_total',
    help: 'Inbound HTTP requests, by route (as written in the code) and outcome (2xx, 4xx, 5xx, …).',
    labelNames: ['route', 'outcome'] as const,
    registers: [registry],
  });
  const pendingNotices = new Gauge({
    name: 'leadline_outbox_pending_notices',
    help: 'Notices written but not yet fanned out into deliveries (for no platform yet).',
    registers: [registry],
  });
  const backlog = new Gauge({
    name: 'leadline_outbox_backlog',
    help: 'Deliveries waiting to reach their platform (pending or being sent), per platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const parked = new Gauge({
    name: 'leadline_outbox_parked',
    help: 'Deliveries parked after repeated failures (see `npx leadline outbox`), per platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const sweepLag = new Gauge({
    name: 'leadline_sweep_lag_seconds',
    help: 'How late the last minute sweep started after its due time.',
    registers: [registry],
  });
  const sweepAge = new Gauge({
    name: 'leadline_sweep_age_seconds',
    help: 'Seconds since the last minute sweep started (over 60 for long: the scheduler is stuck or stopped).',
    registers: [registry],
  });
  new Counter({
    name: 'leadline_platform_errors_total',
    help: "Failed calls to a messenger's API, by platform and the platform's code (http_<status>, network, …).",
    labelNames: ['platform', 'code'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const e of platformErrorCounts()) this.inc({ platform: e.platform, code: e.code }, e.count);
    },
  });

  const refresh = async () => {
    const [notices, unsent] = await deps.store.transaction(
      async (tx) => [await tx.outbox.countPending(), await tx.deliveries.countUnsent()] as const,
    );
    pendingNotices.set(notices);
    backlog.reset();
    parked.reset();
    for (const row of unsent) {
      if (row.status === 'parked') parked.inc({ platform: row.platform }, row.count);
      else backlog.inc({ platform: row.platform }, row.count);
    }
    const sweep = lastSweepTimes();
    if (sweep !== null) {
      sweepLag.set(Math.max(0, sweep.startedAt - sweep.dueAt) / 1000);
      sweepAge.set(Math.max(0, Date.now() - sweep.startedAt) / 1000);
    }
  };

  const handler: RequestHandler = (req, res, next) => {
    if (!allowed(req, token)) {
      res.status(token === null ? 403 : 401).type('text/plain');
      if (token !== null) res.setHeader('WWW-Authenticate', 'Bearer');
      res.send(
        token === null
          ? 'Metrics answer this machine only; set METRICS_TOKEN to scrape from elsewhere.\n'
          : 'Send Authorization: Bearer <METRICS_TOKEN>.\n',
      );
      return;
    }
    if (!defaults) {
      // On first scrape: nodejs_eventloop_lag_seconds and the event-loop delay percentiles, memory, CPU, GC.
      collectDefaultMetrics({ register: registry });
      defaults = true;
    }
    refresh()
      .then(() => registry.metrics())
      .then((text) => {
        res.setHeader('Content-Type', registry.contentType);
        res.send(text);
      })
      .catch(next);
  };

  return {
    countRequest: (route, outcome) => requests.inc({ route, outcome }),
    handler,
  };
}
