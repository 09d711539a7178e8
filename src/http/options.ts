// What the express app is built from: the use cases' dependencies, the default language and the messengers'
// HTTP sides. Apart from app.ts so that its routers can name it without importing the app.
import type express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineDeps } from '../modules/deps.ts';

/** A messenger adapter's HTTP side (Slack events, WeCom/DingTalk callbacks, the playground). */
export interface HttpAdapter {
  readonly name: string;
  /** Adds its routes, with its own body parsing (Slack must see raw bodies to verify signatures). */
  mount(app: express.Express): void;
  /**
   * Routes the server answers ahead of express (requestListener in app.ts), for a platform whose acks must not
   * queue behind express's work on every request (issue 23, item 3). mount() adds them to the app as well, so an
   * app served by itself answers them the same way.
   */
  readonly nodeRoutes?: readonly NodeRoute[];
}

/** A route answered on the bare node:http server: an exact method and path (any query string). */
export interface NodeRoute {
  method: 'POST';
  path: string;
  /** Answers the request; it must not throw (a request's failure is its own response). */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export interface AppOptions {
  deps: EngineDeps;
  locale: 'zh-CN' | 'en';
  adapters?: readonly HttpAdapter[];
  /** API_RATE_LIMIT: requests per minute per API key (60 when not given). */
  apiRateLimit?: number;
  /** METRICS_TOKEN: /metrics wants it as a Bearer token; without one, /metrics answers loopback only. */
  metricsToken?: string | null;
}
