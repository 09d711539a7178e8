// Requests a client got wrong are the client's (issue 22, finding 17): body-parser failures, bad %-escapes,
// ids beyond any lead, impossible dates and overlong emails answer 4xx with a JSON error, never a 500, and
// nothing is stored; on SQLite and PostgreSQL.
import { gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { createApiKey } from '../src/modules/leads/use-cases/api-keys.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

describe.each(DATABASES)('malformed requests on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let server: Server;
  let base: string;
  let auth: Record<string, string>;

  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice', { name: 'Alice' })]);
    const k = await createApiKey(env.deps, 'ops', ['admin']);
    if (k.kind !== 'created') throw new Error('no key');
    auth = { authorization: `Bearer ${k.key}` };
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const lead = () => {
    const { trialEndsAt: _t, ...fields } = leadFields();
    return JSON.stringify(fields);
  };
  const stored = () =>
    env.deps.store.transaction(async (tx) => ({
      events: await tx.events.count(),
      outbox: (await tx.outbox.list({ limit: 100 })).length,
    }));

  it.each([
    ['a charset body-parser cannot read', { 'content-type': 'application/json; charset=gbk' }, 415],
    ['an unknown Content-Encoding', { 'content-type': 'application/json', 'content-encoding': 'x-zip' }, 415],
    ['gzip that is not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 400],
  ])(
    'answers %s with a JSON %s, on the API and the playground, storing nothing',
    async (_what, headers, status) => {
      const before = await stored();
      for (const [path, extra] of [
        ['/api/leads', auth],
        ['/playground/api/say', {}],
      ] as const) {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { ...extra, ...headers },
          body: path === '/api/leads' ? lead() : JSON.stringify({ as: 'alice', text: 'new' }),
        });
        expect(res.status, path).toBe(status);
        const json = (await res.json()) as { error: string; message: string };
        expect(json.error, path).toMatch(/^(unsupported_charset|unsupported_encoding|bad_request)$/);
        expect(json.message, path).not.toMatch(/at \w+ \(|node_modules/);
      }
      expect(await stored()).toEqual(before);
    },
  );

  it('still takes a gzip body that is one', async () => {
    const res = await fetch(`${base}/api/leads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(lead()),
    });
    expect(res.status).toBe(201);
  });

  it('answers a bad %-escape in a path with 400, an id past any lead with 404', async () => {
    const bad = await fetch(`${base}/api/leads/%ZZ`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('bad_request');
    for (const id of ['99999999999999999999', '9223372036854775808', '0', '-1', '1e3']) {
      const res = await fetch(`${base}/api/leads/${id}`, { headers: auth });
      expect(res.status, id).toBe(404);
      expect(((await res.json()) as { error: string }).error, id).toBe('not_found');
    }
  });

  it('refuses a day that is not in the calendar', async () => {
    for (const date of ['2026-02-31', '2026-04-31', '2025-02-29']) {
      const res = await fetch(`${base}/api/reports?date=${date}`, { headers: auth });
      expect(res.status, date).toBe(400);
    }
    expect((await fetch(`${base}/api/reports?date=2028-02-29`, { headers: auth })).status).toBe(200);
  });

  it('refuses an email longer than 254 characters, naming the field', async () => {
    const { trialEndsAt: _t, ...fields } = leadFields();
    const before = await stored();
    const res = await fetch(`${base}/api/leads`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...fields, email: `${'a'.repeat(250)}@example.com` }),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { fields: Array<{ field: string; message: string }> };
    expect(json.fields.map((f) => f.field)).toEqual(['email']);
    expect(await stored()).toEqual(before);
  });
});
