// The intake API over real HTTP: express app on an ephemeral port, Node's fetch, a real SQLite file per test.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../src/modules/leads/use-cases/api-keys.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { createApp } from '../src/http/app.ts';
import { HOUR, leadFields, org, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let server: Server;
let base: string;
let key: string;

beforeEach(async () => {
  env = testEnv();
  await seedOrg(env, [
    person('alice', { name: 'Alice', skills: ['医疗基建'] }),
    person('bob', { name: 'Bob', skills: ['家装'] }),
  ]);
  const created = await createApiKey(env.deps, 'test', ['intake', 'read']);
  if (created.kind !== 'created') throw new Error('could not create the test API key');
  key = created.key;
  const app = createApp({ deps: env.deps, locale: 'en' });
  server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

/** A lead body as API clients send it (trialEndsAt is an ISO string on the wire). */
function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { trialEndsAt: _t, ...fields } = leadFields();
  return { ...fields, ...overrides };
}

async function post(
  payload: unknown,
  options: { auth?: string | null; raw?: string; idempotencyKey?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
  const auth = options.auth === undefined ? `Bearer ${key}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  const res = await fetch(`${base}/api/leads`, {
    method: 'POST',
    headers,
    body: options.raw ?? JSON.stringify(payload),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function get(path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function urgent(id: unknown): Promise<unknown> {
  return ((await get(`/api/leads/${String(id)}`)).json.lead as { urgent: boolean }).urgent;
}

function fieldNames(json: Record<string, unknown>): string[] {
  return (json.fields as Array<{ field: string }>).map((f) => f.field);
}

describe('GET /healthz', () => {
  it('answers 200 { ok: true } without a key', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('POST /api/leads: authentication', () => {
  it('refuses a request without a key', async () => {
    const r = await post(body(), { auth: null });
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('unauthorized');
  });

  it('refuses a wrong key', async () => {
    expect((await post(body(), { auth: 'Bearer ll_not-a-real-key' })).status).toBe(401);
    expect((await post(body(), { auth: `Basic ${key}` })).status).toBe(401);
  });

  it('refuses a key once it is revoked', async () => {
    expect((await post(body())).status).toBe(201);
    expect(await revokeApiKey(env.deps, 'test')).toBe(true);
    const r = await post(body());
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('unauthorized');
  });

  it('also guards GET /api/leads/:id', async () => {
    const created = await post(body());
    const res = await fetch(`${base}/api/leads/${String(created.json.id)}`);
    expect(res.status).toBe(401);
  });
});

describe('POST /api/leads: intake', () => {
  it('creates, scores and routes a valid lead; the answer says received, GET explains the choice by name', async () => {
    const r = await post(
      body({ company: '华东医疗器械有限公司', industry: '医疗基建', budget: 350_000, tags: ['医疗基建'] }),
    );
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ id: 1, result: 'accepted', message: 'Received as lead #1.' });
    const story = await get('/api/leads/1');
    expect(story.json.lead).toMatchObject({ id: 1, status: 'offered', ownerId: 'alice', urgent: false });
    // 医疗基建 20 + budget 20万+ 30 + frequency 0 + complete 20
    expect((story.json.lead as { score: number }).score).toBe(70);
    const text = (story.json.explanation as Array<{ text: string }>)[0]?.text;
    expect(text).toContain('Routed to Alice');
    expect(text).toContain('skill 医疗基建 matched');
    expect(text).toContain('Bob scored');
  });

  it('names each missing required field (source, campaign) and saves nothing', async () => {
    const { source: _s, campaign: _c, ...rest } = body();
    const r = await post(rest);
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_lead');
    expect(fieldNames(r.json)).toEqual(expect.arrayContaining(['source', 'campaign']));
    expect(fieldNames(r.json)).toHaveLength(2);
    expect((await get('/api/leads/1')).status).toBe(404);
  });

  it('names a bad email and a negative budget', async () => {
    const r = await post(body({ email: 'not-an-email', budget: -5 }));
    expect(r.status).toBe(400);
    expect(fieldNames(r.json).sort()).toEqual(['budget', 'email']);
    const fields = r.json.fields as Array<{ field: string; message: string }>;
    expect(fields.find((f) => f.field === 'email')?.message).toBe('expected an email address');
    expect(fields.find((f) => f.field === 'budget')?.message).toBe('expected a number ≥ 0');
  });

  it('answers 400 to a body that is not JSON', async () => {
    const r = await post(null, { raw: '{"company": "半截' });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_json');
  });

  it('answers 413 to a body over 1 MiB and stores nothing', async () => {
    const big = body({ need: 'x'.repeat(1024 * 1024 + 10) });
    const r = await post(big);
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('too_large');
    expect((await get('/api/leads/1')).status).toBe(404);
    expect(await env.deps.store.transaction((tx) => tx.leads.get(1))).toBeNull();
  });

  it('recognises the same customer (same phone, company spelled with a branch) and merges into the first lead', async () => {
    const first = await post(
      body({ company: '华东医疗器械有限公司（上海分公司）', phone: '13800138000', email: '' }),
    );
    expect(first.status).toBe(201);
    const second = await post(
      body({
        company: '华东医疗器械有限公司',
        phone: '138 0013 8000',
        email: '',
        source: 'expo',
        campaign: 'EXPO-11',
      }),
    );
    expect(second.status).toBe(201);
    // A website is not told that this customer is known already, nor who has them.
    expect(second.json).toEqual({ id: first.json.id, result: 'accepted', message: expect.any(String) });
    // Nothing new was created: lead 2 does not exist, and lead 1 records the merged inquiry.
    expect((await get('/api/leads/2')).status).toBe(404);
    const story = await get(`/api/leads/${String(first.json.id)}`);
    const types = (story.json.events as Array<{ type: string }>).map((e) => e.type);
    expect(types).toContain('lead.inquiry_merged');
  });

  it('answers a retried request with the same Idempotency-Key with the first lead, changing nothing', async () => {
    const payload = body();
    const first = await post(payload, { idempotencyKey: 'form-42' });
    const retry = await post(payload, { idempotencyKey: 'form-42' });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ id: first.json.id, result: 'duplicate' });
    const events = await get(`/api/leads/${String(first.json.id)}`);
    expect((events.json.events as Array<{ type: string }>).map((e) => e.type)).toEqual([
      'lead.created',
      'lead.offered',
    ]);
  });

  it('flags a competitor comparison as urgent', async () => {
    const r = await post(body({ urgency: 'competitor' }));
    expect(r.status).toBe(201);
    expect(await urgent(r.json.id)).toBe(true);
  });

  it('flags a trial ending within 48 h as urgent, and one ending later as not', async () => {
    const soon = await post(
      body({ urgency: 'trial', trialEndsAt: new Date(env.clock() + 24 * HOUR).toISOString() }),
    );
    expect(soon.status).toBe(201);
    expect(await urgent(soon.json.id)).toBe(true);
    const later = await post(
      body({ urgency: 'trial', trialEndsAt: new Date(env.clock() + 96 * HOUR).toISOString() }),
    );
    expect(later.status).toBe(201);
    expect(await urgent(later.json.id)).toBe(false);
  });
});

describe('GET /api/leads/:id', () => {
  it('returns the lead, its score breakdown, the routing explanation and its events', async () => {
    const created = await post(body({ industry: '家装', budget: 80_000 }));
    expect(created.status).toBe(201);
    const r = await get(`/api/leads/${String(created.json.id)}`);
    expect(r.status).toBe(200);
    expect(r.json.lead).toMatchObject({
      id: created.json.id,
      status: 'offered',
      ownerId: 'bob',
      industry: '家装',
      budget: 80_000,
    });
    const breakdown = r.json.scoreBreakdown as {
      total: number;
      parts: Array<{ dimension: string; points: number }>;
    };
    expect(breakdown.parts.map((p) => p.dimension)).toEqual([
      'industry',
      'budget',
      'contactFrequency',
      'completeness',
    ]);
    expect(breakdown.total).toBe((r.json.lead as { score: number }).score);
    expect(breakdown.parts.reduce((sum, p) => sum + p.points, 0)).toBe(breakdown.total);
    const explanation = r.json.explanation as Array<{ at: string; text: string }>;
    expect(explanation).toHaveLength(1);
    expect(explanation[0]?.text).toContain('Routed to Bob');
    expect(explanation[0]?.at).toBe(new Date(env.clock()).toISOString());
    const events = r.json.events as Array<{ type: string; at: string }>;
    expect(events.map((e) => e.type)).toEqual(['lead.created', 'lead.offered']);
    expect(events[0]?.at).toBe(new Date(env.clock()).toISOString());
  });

  it('answers 404 for a lead that does not exist', async () => {
    const r = await get('/api/leads/999');
    expect(r.status).toBe(404);
    expect(r.json.error).toBe('not_found');
    expect((await get('/api/leads/abc')).status).toBe(404);
  });
});

describe('GET /api/market and /api/board', () => {
  it('lists the pool, urgent first, and shows who claimed what', async () => {
    // Nobody can take leads while everyone is out of office: both go to the pool.
    await importOrg(
      env.deps,
      org([
        person('alice', { name: 'Alice', outOfOffice: true }),
        person('bob', { name: 'Bob', outOfOffice: true }),
      ]),
    );
    const plain = await post(body({ tags: ['连锁门店'] }));
    const urgent = await post(body({ urgency: 'competitor' }));
    const market = await get('/api/market');
    expect(market.status).toBe(200);
    expect((market.json.leads as Array<{ id: number }>).map((l) => l.id)).toEqual([
      urgent.json.id,
      plain.json.id,
    ]);
    expect(
      ((await get('/api/market?tag=连锁门店')).json.leads as Array<{ id: number }>).map((l) => l.id),
    ).toEqual([plain.json.id]);

    await importOrg(env.deps, org([person('alice', { name: 'Alice' })]));
    await claimLead(env.deps, { personId: 'alice', leadId: plain.json.id as number });
    const board = await get('/api/board');
    expect(board.json.rows).toContainEqual(
      expect.objectContaining({ personId: 'alice', name: 'Alice', today: 1, week: 1 }),
    );
  });
});

describe('POST /api/leads, many at once (committed as a group, issue 23)', () => {
  it('answers each request with its own result: a retry with the same key and a same-customer inquiry included', async () => {
    const retried = body({ company: '重试公司' });
    const customer = body({ company: '老客户公司', phone: '13912345678' });
    const others = Array.from({ length: 5 }, (_, i) => body({ company: `并发公司${i}` }));
    const answers = await Promise.all([
      post(retried, { idempotencyKey: 'form-7' }),
      post(customer),
      ...others.map((o) => post(o)),
      post(retried, { idempotencyKey: 'form-7' }),
      post({ ...customer, company: '老客户公司(分部)', need: '再询价' }),
    ]);
    const [first, cust, ...rest] = answers;
    const retry = rest[5];
    const again = rest[6];
    // The same Idempotency-Key: one of the two made the lead, the other was told it is that lead.
    expect([first?.json.result, retry?.json.result].sort()).toEqual(['accepted', 'duplicate']);
    expect(first?.json.id).toBe(retry?.json.id);
    // The same customer twice: one lead, the second inquiry merged into it, both answered alike.
    expect([cust?.status, again?.status]).toEqual([201, 201]);
    expect(again?.json.id).toBe(cust?.json.id);
    // Everyone else got a lead of their own, holding what they sent.
    const ids = rest.slice(0, 5).map((a) => a.json.id);
    expect(new Set([...ids, first?.json.id, cust?.json.id]).size).toBe(7);
    for (const [i, id] of ids.entries()) {
      expect(((await get(`/api/leads/${String(id)}`)).json.lead as { company: string }).company).toBe(
        `并发公司${i}`,
      );
    }
  });
});
