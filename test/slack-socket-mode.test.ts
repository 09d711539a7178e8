// With SLACK_APP_TOKEN set, the adapter connects over Socket Mode (through SLACK_API_URL, here the local fake)
// and the HTTP endpoint stays unmounted: Slack need not reach the server.
import { LogLevel } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { slackAdapter } from '../adapters/slack/index.ts';
import { createApp } from '../src/http/app.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { eventually } from './fixtures/slack-sender.ts';
import { testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeSlack;

beforeEach(async () => {
  env = testEnv();
  fake = await startFakeSlack();
});

afterEach(async () => {
  await fake.close();
  await env.close();
});

it('opens a Socket Mode connection with the app token and mounts no HTTP endpoint', async () => {
  const adapter = slackAdapter({
    chat: { engine: env.deps, defaultLocale: 'en' },
    signingSecret: '',
    botToken: 'xoxb-test',
    appToken: 'xapp-test',
    apiUrl: fake.apiUrl,
    logLevel: LogLevel.ERROR,
  });
  // The fake refuses to hand out a WebSocket URL, so start() fails — after asking the right API for one.
  await expect(adapter.start()).rejects.toThrow();
  expect(fake.calls.map((c) => c.method)).toContain('apps.connections.open');

  // Mounting tries to connect again (refused again: a refused token is not retried), and adds no route.
  const app = createApp({ deps: env.deps, locale: 'en', adapters: [adapter] });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    await eventually(() => fake.calls.filter((c) => c.method === 'apps.connections.open').length === 2);
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, {
      method: 'POST',
      body: 'x',
    });
    expect(res.status).toBe(404);
  } finally {
    await adapter.stop();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
