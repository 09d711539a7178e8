// The browser playground (F37): GET /playground serves one static page (HTML + vanilla JS + CSS, no build
// step, nothing from the internet) that speaks the JSON API under /playground/api.
import express from 'express';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { HttpAdapter } from '../../src/http/app.ts';
import { playgroundGuard, type PlaygroundAccess } from './access.ts';
import { playgroundApi, type PlaygroundOptions } from './routes.ts';

export type { PlaygroundOptions } from './routes.ts';
export { playgroundAccess, type PlaygroundAccess } from './access.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

// The page may load only itself: no fonts, scripts or styles from elsewhere; images only inline (charts).
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

/** `access` (from playgroundAccess) guards every route; tests leave it out for an open playground. */
export function playgroundAdapter(options: PlaygroundOptions, access?: PlaygroundAccess): HttpAdapter {
  return {
    name: 'playground',
    mount(app) {
      if (access !== undefined) app.use('/playground', playgroundGuard(access));
      app.use('/playground/api', playgroundApi(options));
      const headers = (res: ServerResponse) => {
        res.setHeader('Content-Security-Policy', CSP);
        res.setHeader('Cache-Control', 'no-cache');
      };
      app.get(['/playground', '/playground/'], (_req, res) => {
        headers(res);
        res.sendFile('index.html', { root: PUBLIC_DIR });
      });
      app.use('/playground', express.static(PUBLIC_DIR, { index: false, setHeaders: headers }));
    },
  };
}
