// What the express app is built from: the use cases' dependencies, the default language and the messengers'
// HTTP sides. Apart from app.ts so that its routers can name it without importing the app.
import type express from 'express';
import type { EngineDeps } from '../modules/deps.ts';

/** A messenger adapter's HTTP side (Slack events, WeCom/DingTalk callbacks, the playground). */
export interface HttpAdapter {
  readonly name: string;
  /** Adds its routes, with its own body parsing (Slack must see raw bodies to verify signatures). */
  mount(app: express.Express): void;
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
