// Issue 22, item 18: GET /metrics in Prometheus's text format, over real HTTP into the express app, on both
// databases: the outbox backlog and parked deliveries per platform, inbound requests by route and outcome,
// platform errors by code, the sweep's lateness, the event loop's delay; loopback only unless METRICS_TOKEN.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toDeliveryError as dingtalkError } from '../adapters/dingtalk/http.ts';
import { createApp } from '../src/http/app.ts';
import { CARD_NOTICE, cardNoticeData } from '../src/kernel/card-json.ts';
import { notice } from '../src/modules/notice-data.ts';
import { recordSweepStart } from '../src/observe.ts';
import { DATABASES, useTestEnv, type TestEnv } from './helpers.ts';

describe.each(DATABASES)('/metrics on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let server: Server | undefined;
  beforeEach(() => {
    env = current();
  });
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => (server === undefined ? r(undefined) : server.close(r)));
    server = undefined;
  });

  async function listen(metricsToken?: string): Promise<string> {
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [], metricsToken });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** The value of one sample, or undefined when the scrape has no such line. */
  function sample(text: string, name: string, labels = ''): number | undefined {
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  it('shows notices waiting, the backlog and parked deliveries per platform, from the store at scrape time', async () => {
    const base = await listen();
    const empty = await (await fetch(`${base}/metrics`)).text();
    expect(sample(empty, 'leadline_outbox_pending_notices')).toBe(0);
    expect(sample(empty, 'leadline_outbox_backlog', '{platform="wecom"}')).toBeUndefined();

    const ids = await env.deps.store.transaction(async (tx) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++)
        out.push(
          await tx.outbox.enqueue(
            notice({
              to: { kind: 'person', id: 'alice' },
              template: CARD_NOTICE,
              data: cardNoticeData({ title: `n${i}`, level: 'info' }),
            }),
            1000,
          ),
        );
      return out;
    });
    // Two of them fanned out (as the outbox worker does): three deliveries on WeCom, one on Slack, one parked.
    const deliveryIds = await env.deps.store.transaction(async (tx) => {
      expect(await tx.outbox.markDispatched(ids[0] ?? 0, 2000)).toBe(true);
      expect(await tx.outbox.markDispatched(ids[1] ?? 0, 2000)).toBe(true);
      const add = (platform: string, user: string) =>
        tx.deliveries.add(
          {
            noticeId: ids[0] ?? 0,
            platform,
            address: { kind: 'user', id: user },
            recipient: { kind: 'person', id: 'alice' },
            leadId: null,
            action: 'post',
            targetId: null,
          },
          2000,
        );
      return [
        await add('wecom', 'u1'),
        await add('wecom', 'u2'),
        await add('wecom', 'u3'),
        await add('slack', 'U1'),
      ];
    });
    await env.deps.store.transaction((tx) => tx.deliveries.park(deliveryIds[2] ?? 0, 'errcode 81013'));

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE leadline_outbox_backlog gauge');
    expect(sample(text, 'leadline_outbox_pending_notices')).toBe(1);
    expect(sample(text, 'leadline_outbox_backlog', '{platform="wecom"}')).toBe(2);
    expect(sample(text, 'leadline_outbox_backlog', '{platform="slack"}')).toBe(1);
    expect(sample(text, 'leadline_outbox_parked', '{platform="wecom"}')).toBe(1);
    expect(sample(text, 'leadline_outbox_parked', '{platform="slack"}')).toBeUndefined();
    // prom-client's default metrics: the event loop's delay.
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts inbound requests by route and outcome', async () => {
    const base = await listen();
    await fetch(`${base}/healthz`);
    await fetch(`${base}/healthz`);
    await fetch(`${base}/api/leads/1`); // no key: 401
    await fetch(`${base}/nowhere/${'x'.repeat(20)}`); // 404, counted without its path
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(sample(text, 'leadline_http_requests_total', '{route="/healthz",outcome="2xx"}')).toBe(2);
    expect(sample(text, 'leadline_http_requests_total', '{route="/api/*",outcome="4xx"}')).toBe(1);
    expect(sample(text, 'leadline_http_requests_total', '{route="unmatched",outcome="4xx"}')).toBe(1);
    expect(text).not.toContain('xxxxxxxxxxxxxxxxxxxx');
  });

  it("counts platform errors by the platform's code, and shows how late the last sweep ran", async () => {
    const base = await listen();
    const before = await (await fetch(`${base}/metrics`)).text();
    const label = '{platform="dingtalk",code="Forbidden.AccessDenied.AccessTokenPermissionDenied"}';
    const was = sample(before, 'leadline_platform_errors_total', label) ?? 0;
    const err = dingtalkError('/v1.0/robot/oToMessages/batchSend', 403, {
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      message: 'no permission',
    });
    expect(err.options.permanent).toBe(true);
    const due = Date.now() - 10_000;
    recordSweepStart(due, due + 2500);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(sample(text, 'leadline_platform_errors_total', label)).toBe(was + 1);
    expect(sample(text, 'leadline_sweep_lag_seconds')).toBe(2.5);
    expect(sample(text, 'leadline_sweep_age_seconds')).toBeGreaterThan(0);
  });

  it('answers loopback only without METRICS_TOKEN, and only the token when it is set', async () => {
    const open = await listen();
    expect((await fetch(`${open}/metrics`)).status).toBe(200);
    // Through a reverse proxy the client is not this machine, whatever the socket says.
    const proxied = await fetch(`${open}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    expect(await proxied.text()).not.toContain('leadline_');
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));

    const guarded = await listen('s3cret-metrics-token');
    const none = await fetch(`${guarded}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.text()).not.toContain('leadline_');
    const wrong = await fetch(`${guarded}/metrics`, {
      headers: { authorization: 'Bearer s3cret-metrics-tokeN' },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${guarded}/metrics`, {
      headers: { authorization: 'Bearer s3cret-metrics-token', 'x-forwarded-for': '203.0.113.9' },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('leadline_outbox_pending_notices');
  });
});
