import express, { type ErrorRequestHandler } from 'express';
import { apiRateLimit, DEFAULT_API_RATE_LIMIT, requireApiKey } from './api-auth.ts';
import { leadsRouter } from './leads-routes.ts';
import type { RequestListener } from 'node:http';
import type { AppOptions, NodeRoute } from './options.ts';
import { poolRouter } from './pool-routes.ts';
import { reportsRouter } from './reports-routes.ts';
import { createMetrics } from './metrics.ts';
import { logRequest, requestLog } from './request-log.ts';
import { log } from '../log.ts';

/** The express app: health, the intake API; messenger adapters mount here too (each with its own body parsing). */
export function createApp(options: AppOptions): express.Express {
  return buildApp(options).app;
}

/**
 * What the server answers each request with (src/main.ts): the adapters' node routes (Slack's events) on the bare
 * node:http request, logged and counted as express's are, and everything else through the express app. Slack's
 * 200 simultaneous clicks were acked 2.4–3.5× slower than a bare server's floor through express (its router, the
 * raw-body stream, a promise chain a request) and 1.3–1.7× without it (issue 23, item 3).
 */
export function requestListener(options: AppOptions): RequestListener {
  const { app, countRequest } = buildApp(options);
  const routes = new Map<string, NodeRoute>();
  for (const adapter of options.adapters ?? [])
    for (const route of adapter.nodeRoutes ?? []) routes.set(`${route.method} ${route.path}`, route);
  return (req, res) => {
    const url = req.url ?? '';
    const route = routes.get(`${req.method} ${url.split('?')[0]}`);
    if (route === undefined) {
      void app(req, res);
      return;
    }
    logRequest(
      req,
      res,
      url,
      () => route.path,
      countRequest,
      () => {
        try {
          route.handle(req, res);
        } catch (err) {
          // A route must answer its own failures; one that throws still gets the request an answer (express would).
          log().error({ err }, 'request failed');
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify(INTERNAL));
        }
      },
    );
  };
}

function buildApp(options: AppOptions): {
  app: express.Express;
  countRequest: (route: string, outcome: string) => void;
} {
  const app = express();
  app.disable('x-powered-by');
  const metrics = createMetrics(options.deps, options.metricsToken ?? null);
  // First, so every line logged while a request is handled carries its id (issue 22, item 18).
  app.use(requestLog(metrics.countRequest));
  app.get('/metrics', metrics.handler);
  // For a load balancer: 200 only while this instance can reach its database.
  app.get('/healthz', async (_req, res) => {
    try {
      await options.deps.store.ping();
      res.json({ ok: true });
    } catch (err) {
      // The reason is for the admin's log: it can name hosts, users and paths (issue 22).
      log().error({ err }, 'healthz: the database is unreachable');
      res.status(503).json({ ok: false });
    }
  });
  for (const adapter of options.adapters ?? []) adapter.mount(app);
  // Body parsers are scoped to /api: Slack's Bolt must read the raw body of its own requests to verify them.
  app.use(
    '/api',
    express.json({ limit: '1mb' }),
    requireApiKey(options.deps),
    apiRateLimit(options.apiRateLimit ?? DEFAULT_API_RATE_LIMIT),
    leadsRouter(options),
    poolRouter(options),
    reportsRouter(options),
  );
  app.use('/api', (_req, res) => {
    res.status(404).json({
      error: 'not_found',
      message:
        'No such API route. See README: POST /api/leads, GET /api/leads/:id, GET /api/market, GET /api/board, GET /api/reports?date=YYYY-MM-DD.',
    });
  });
  app.use(jsonErrors);
  return { app, countRequest: metrics.countRequest };
}

const INTERNAL = {
  error: 'internal',
  message:
    'Something went wrong on our side; nothing was saved. Try again, and tell your admin if it persists.',
};

/** What a client did wrong, by body-parser's error type (issue 22, finding 17: each was a 500). */
const CLIENT_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  'charset.unsupported': {
    status: 415,
    error: 'unsupported_charset',
    message: 'Send the body as UTF-8 (Content-Type: application/json; charset=utf-8).',
  },
  'encoding.unsupported': {
    status: 415,
    error: 'unsupported_encoding',
    message: 'This Content-Encoding is not supported: send the body as it is, or gzip, deflate or br.',
  },
};

const jsonErrors: ErrorRequestHandler = (
  err: { type?: string; status?: number; statusCode?: number },
  _req,
  res,
  _next,
) => {
  if (res.headersSent) return;
  if (err.type === 'entity.too.large') {
    res.status(413).json({
      error: 'too_large',
      message:
        'The request body is over 1 MiB. Send leads one at a time, or import a CSV file with `npx leadline import`.',
    });
    return;
  }
  if (err.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid_json', message: 'The body is not valid JSON.' });
    return;
  }
  const known = err.type === undefined ? undefined : CLIENT_ERRORS[err.type];
  if (known !== undefined) {
    res.status(known.status).json({ error: known.error, message: known.message });
    return;
  }
  // Other request errors (a body that does not inflate, a path with a bad %-escape, a body cut short): the client's.
  const status = err.status ?? err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    res.status(status).json({
      error: 'bad_request',
      message: 'The request could not be read (its path, headers or body are malformed); nothing was done.',
    });
    return;
  }
  log().error({ err }, 'request failed');
  res.status(500).json(INTERNAL);
};

export type { AppOptions, HttpAdapter, NodeRoute } from './options.ts';
