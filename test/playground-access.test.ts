// Issue 22, finding 1: the playground has no login, so a real organisation's is off unless PLAYGROUND=on, then
// answers this machine only unless PLAYGROUND_REMOTE=on, and always checks Host against DNS rebinding.
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundRefusal, type PlaygroundSettings } from '../adapters/web/access.ts';
import { playgroundAccess, playgroundAdapter } from '../adapters/web/index.ts';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/http/app.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const settings = (over: Partial<PlaygroundSettings> = {}): PlaygroundSettings => ({
  playground: null,
  playgroundRemote: false,
  publicUrl: 'https://crm.example.com',
  ...over,
});
const local = (host: string, extra: Record<string, string> = {}) => ({
  remoteAddress: '127.0.0.1',
  headers: { host, ...extra },
});

describe('when the playground is on', () => {
  it('is on for the demo, off for a real organisation unless PLAYGROUND=on, and PLAYGROUND=off wins', () => {
    expect(playgroundAccess(settings(), true)).toEqual({ on: true, guarded: false });
    expect(playgroundAccess(settings(), false)).toEqual({ on: false });
    expect(playgroundAccess(settings({ playground: 'on' }), false)).toMatchObject({
      on: true,
      guarded: true,
    });
    expect(playgroundAccess(settings({ playground: 'off' }), true)).toEqual({ on: false });
  });

  it('reads PLAYGROUND, PLAYGROUND_REMOTE and HOST from the environment, loopback by default', () => {
    expect(loadConfig({})).toMatchObject({ host: '127.0.0.1', playground: null, playgroundRemote: false });
    expect(loadConfig({ HOST: '0.0.0.0', PLAYGROUND: 'ON', PLAYGROUND_REMOTE: 'on' })).toMatchObject({
      host: '0.0.0.0',
      playground: 'on',
      playgroundRemote: true,
    });
    expect(() => loadConfig({ PLAYGROUND: 'yes' })).toThrow(/environment/);
  });
});

describe('who may use a real organisation’s playground', () => {
  const onLocal = playgroundAccess(settings({ playground: 'on' }), false);
  const onRemote = playgroundAccess(settings({ playground: 'on', playgroundRemote: true }), false);

  it('answers loopback clients that name this machine', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST'])
      expect(playgroundRefusal(onLocal, local(host)), host).toBeNull();
    expect(playgroundRefusal(onLocal, { remoteAddress: '::1', headers: { host: 'localhost' } })).toBeNull();
    expect(
      playgroundRefusal(onLocal, { remoteAddress: '::ffff:127.0.0.1', headers: { host: 'localhost' } }),
    ).toBeNull();
  });

  it('refuses other machines, and what a proxy on this machine forwards, unless PLAYGROUND_REMOTE=on', () => {
    const remote = { remoteAddress: '203.0.113.9', headers: { host: 'crm.example.com' } };
    expect(playgroundRefusal(onLocal, remote)).toBe('NOT_LOCAL');
    expect(playgroundRefusal(onLocal, local('localhost', { 'x-forwarded-for': '203.0.113.9' }))).toBe(
      'NOT_LOCAL',
    );
    expect(playgroundRefusal(onLocal, local('localhost', { forwarded: 'for=203.0.113.9' }))).toBe(
      'NOT_LOCAL',
    );
    expect(playgroundRefusal(onRemote, remote)).toBeNull();
  });

  it('refuses a Host that is not this server (DNS rebinding), even from loopback', () => {
    expect(playgroundRefusal(onLocal, local('attacker.example:3000'))).toBe('BAD_HOST');
    expect(playgroundRefusal(onLocal, local('crm.example.com'))).toBe('BAD_HOST');
    expect(playgroundRefusal(onLocal, local(''))).toBe('BAD_HOST');
    expect(playgroundRefusal(onLocal, local('localhost.attacker.example'))).toBe('BAD_HOST');
    expect(
      playgroundRefusal(onRemote, { remoteAddress: '203.0.113.9', headers: { host: 'evil.example' } }),
    ).toBe('BAD_HOST');
  });

  it('leaves the demo open to anyone', () => {
    const demo = playgroundAccess(settings(), true);
    expect(
      playgroundRefusal(demo, { remoteAddress: '203.0.113.9', headers: { host: 'x.example' } }),
    ).toBeNull();
  });
});

describe('the guarded playground over HTTP', () => {
  let env: TestEnv;
  let server: Server;
  let port: number;
  beforeEach(async () => {
    env = testEnv();
    await seedOrg(env, [person('alice')]);
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    const access = playgroundAccess(settings({ playground: 'on' }), false);
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat }, access)] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await env.close();
  });

  const get = (path: string, host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('answers under localhost and refuses a rebound name, for the page and the API alike', async () => {
    expect(await get('/playground/api/people', `localhost:${port}`)).toBe(200);
    expect(await get('/playground', `127.0.0.1:${port}`)).toBe(200);
    expect(await get('/playground/api/people', `attacker.example:${port}`)).toBe(403);
    expect(await get('/playground/api/inbox?as=alice', `attacker.example:${port}`)).toBe(403);
    expect(await get('/playground/playground.js', `attacker.example:${port}`)).toBe(403);
  });
});
