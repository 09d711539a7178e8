// Control characters (issue 22, finding 11): a NUL was a 500 on PostgreSQL. The HTTP API and the playground answer
// 400 naming the field, chat answers in the person's language naming what held it, a CSV import reports the
// line; nothing is stored. On SQLite and PostgreSQL.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { handleInbound, identify, type ChatDeps } from '../src/conversation/conversation.ts';
import { createApp } from '../src/http/app.ts';
import { t } from '../src/modules/i18n.ts';
import { createApiKey } from '../src/modules/leads/use-cases/api-keys.ts';
import { importLeads } from '../src/modules/leads/use-cases/import-leads.ts';
import { parseLeadCsv } from '../src/modules/leads/intake/csv.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

describe.each(DATABASES)('control characters on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let chat: ChatDeps;
  let server: Server;
  let base: string;
  let key: string;

  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice', { name: 'Alice', locale: 'en' }), person('li', { locale: 'zh-CN' })]);
    chat = { engine: env.deps, defaultLocale: 'en' };
    const k = await createApiKey(env.deps, 'form');
    if (k.kind !== 'created') throw new Error('no key');
    key = k.key;
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

  const stored = () =>
    env.deps.store.transaction(async (tx) => ({
      events: await tx.events.count(),
      outbox: (await tx.outbox.list({ limit: 1000 })).length,
    }));
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('POST /api/leads: 400 naming each field with a control character; tabs and line breaks in the need are fine', async () => {
    const { trialEndsAt: _t, ...fields } = leadFields();
    const before = await stored();
    const r = await post(
      '/api/leads',
      { ...fields, company: 'Acme\u0000', region: '华东\u001b[31m', need: 'ok' },
      { authorization: `Bearer ${key}` },
    );
    expect(r.status).toBe(400);
    expect(r.json.fields).toEqual([
      { field: 'company', message: 'a control character (U+0000) is not allowed here' },
      { field: 'region', message: 'a control character (U+001B) is not allowed here' },
    ]);
    expect(await stored()).toEqual(before);
    const ok = await post(
      '/api/leads',
      { ...leadFields(), trialEndsAt: null, need: '两行\r\n需求\t缩进' },
      { authorization: `Bearer ${key}` },
    );
    expect(ok.status).toBe(201);
  });

  it('the playground API: 400 naming the field, nothing stored', async () => {
    const before = await stored();
    for (const [path, body, field] of [
      ['/playground/api/say', { as: 'alice\u0000', text: 'mine' }, 'as'],
      ['/playground/api/say', { as: 'alice', text: 'touch 1 call \u0000' }, 'text'],
      [
        '/playground/api/submit',
        { as: 'alice', formId: 'lead.new', values: { company: 'A\u0000' } },
        'values.company',
      ],
      ['/playground/api/click', { as: 'alice', actionId: 'lead.claim', value: '1\u0000' }, 'value'],
    ] as const) {
      const r = await post(path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.json.problems), JSON.stringify(body)).toContain(
        `${field}: a control character`,
      );
    }
    expect(await stored()).toEqual(before);
  });

  it('chat: refuses a message, a click or a form holding one, in the person’s language, and changes nothing', async () => {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    expect(r.kind).toBe('created');
    const alice = await identify(chat, 'playground', 'alice');
    const li = await identify(chat, 'playground', 'li');
    const before = await stored();
    const command = await handleInbound(chat, alice, { kind: 'command', text: 'touch 1 call rang\u0000' });
    expect(command.map((x) => x.card.title)).toEqual([
      t('en', 'chat.controlChar', { field: 'message', char: 'U+0000' }),
    ]);
    const form = await handleInbound(chat, li, {
      kind: 'submit',
      formId: 'lead.new',
      values: { company: '甲\u0000', phone: '1380', source: 'chat', campaign: 'C' },
    });
    expect(form.map((x) => x.card.title)).toEqual([
      t('zh-CN', 'chat.controlChar', { field: '“company”', char: 'U+0000' }),
    ]);
    expect(form[0]?.card.title).toMatch(/控制字符/);
    const click = await handleInbound(chat, alice, {
      kind: 'action',
      actionId: 'lead.claim',
      value: '1\u0007',
    });
    expect(click[0]?.card.title).toContain('U+0007');
    expect(await stored()).toEqual(before);
    // A multi-line note is still a note.
    const note = await handleInbound(chat, alice, { kind: 'command', text: 'claim 1' });
    expect(note[0]?.card.title).not.toContain('control');
  });

  it('CSV import: the line with a NUL is reported and the others are stored', async () => {
    const csv = [
      'company,phone,source,campaign',
      'Acme,13800000001,web,W',
      'Bad\u0000Co,13800000002,web,W',
      'Cole,13800000003,web,W',
    ].join('\n');
    const parsed = parseLeadCsv(new TextEncoder().encode(csv));
    expect(parsed.errors).toEqual([
      { line: 3, reason: 'company: a control character (U+0000) is not allowed here' },
    ]);
    const r = await importLeads(env.deps, parsed.rows);
    expect(r.imported).toBe(2);
    expect(r.leadIds.map((l) => l.line)).toEqual([2, 4]);
  });
});
