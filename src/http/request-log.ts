// A request id for every inbound HTTP call (issue 22, item 18): the caller's X-Request-Id when it is a sane
// token (a reverse proxy's), else a fresh one; sent back on the response, and on every line logged while the
// request is handled (AsyncLocalStorage, src/log.ts), with the platform its path belongs to. One line per request
// when it is answered: method, path (never the query string: WeCom and DingTalk put signatures there), route,
// status and duration.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { currentLogFields, getRoot, withLogFields } from '../log.ts';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The platform a path belongs to, for the log line and the metrics (null: none of them). */
function platformOf(path: string): string | null {
  const first = /^\/([a-z-]+)/.exec(path)?.[1];
  switch (first) {
    case 'slack':
    case 'wecom':
    case 'dingtalk':
    case 'playground':
    case 'api':
      return first;
    case 'm':
      return 'forms';
    default:
      return null;
  }
}

/** The route that answered, as written in the code (`/api/leads/:id`), so a metric label stays bounded. */
export function routeOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  const platform = platformOf(req.originalUrl);
  return platform === null ? 'unmatched' : `/${platform === 'forms' ? 'm' : platform}/*`;
}

export function outcomeOf(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export function requestLog(onDone?: (route: string, outcome: string) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) =>
    logRequest(req, res, req.originalUrl, () => routeOf(req), onDone, next);
}

/**
 * The same for a request answered on the bare node:http server (src/http/app.ts's requestListener): `url` is the
 * request's path and query, `route` names the route when it is answered.
 */
export function logRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  route: () => string,
  onDone: ((route: string, outcome: string) => void) | undefined,
  next: () => void,
): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  const path = url.split('?')[0] ?? '';
  const platform = platformOf(path);
  const started = process.hrtime.bigint();
  const fields: Record<string, unknown> = platform === null ? { requestId } : { requestId, platform };
  withLogFields(fields, () => {
    const live = currentLogFields() ?? fields;
    res.on('finish', () => {
      const answered = route();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The request's fields read at the end (the person is added once the platform's payload names one), on the
      // line itself: a child logger a request cost a few % of a burst of Slack acks (issue 23, item 3).
      const entry = {
        ...live,
        method: req.method,
        path,
        route: answered,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (res.statusCode >= 500) getRoot().error(entry, 'request answered');
      else getRoot().info(entry, 'request answered');
      onDone?.(answered, outcomeOf(res.statusCode));
    });
    next();
  });
}
