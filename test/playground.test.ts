// The playground's JSON API over real HTTP: the express app with the playground adapter, on a real SQLite file.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { helpBody } from '../src/conversation/help.ts';
import { HOUR, leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  mode?: string;
  title: string;
  level: string;
  body?: string;
  leadId?: number;
  actions?: Array<{ id: string; label: string; value: string; style?: string }>;
  form?: { id: string; fields: Array<{ name: string }> };
}
/** Every field any playground API answer has; each test reads the ones its route returns. */
interface ApiJson {
  replies: CardJson[];
  messages: Array<{ id: number; where: string; at: number; card: CardJson }>;
  people: Array<{ id: string; name: string; role: string; team: string | null; teamName: string | null }>;
  teams: unknown[];
  locale: string;
  demo: boolean;
  messageId?: string | number;
  error?: string;
  message: string;
  problems: string[];
}

/** The i-th item, or a failed test saying which was missing. */
function nth<T>(items: readonly T[] | undefined, i: number): T {
  const item = items?.[i];
  if (item === undefined) throw new Error(`expected an item at ${i} in ${JSON.stringify(items)}`);
  return item;
}

let env: TestEnv;
let server: Server;
let base: string;
let chat: ChatDeps;

beforeEach(async () => {
  env = testEnv();
  // Two reps of 华东一组 (manager 王强, id boss); the org's language is Chinese.
  await seedOrg(env, [person('alice', { name: '李敏', skills: ['家装'] }), person('bob', { name: '张伟' })]);
  chat = { engine: env.deps, defaultLocale: 'en' };
  const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: ApiJson }> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as ApiJson };
}

async function get(path: string): Promise<{ status: number; json: ApiJson }> {
  const res = await fetch(`${base}/playground/api/${path}`);
  return { status: res.status, json: (await res.json()) as ApiJson };
}

/** A lead offered first, left unclaimed past the offer window, released to the pool by the sweep. */
async function poolLead(): Promise<{ id: number; lapsedFrom: string }> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: '翠湖天地 王女士' }), via: 'api' });
  if (r.kind !== 'created' || r.lead.ownerId === null) throw new Error('expected an offered lead');
  env.clock.advance(3 * HOUR);
  await sweep(env.deps);
  return { id: r.lead.id, lapsedFrom: r.lead.ownerId };
}

describe('playground page', () => {
  it('serves one page, its script and style, and allows nothing from elsewhere', async () => {
    const page = await fetch(`${base}/playground`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('/playground/playground.js');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['playground.js', 'playground.css']) {
      const res = await fetch(`${base}/playground/${asset}`);
      expect(res.status).toBe(200);
      expect(await res.text()).not.toMatch(/https?:\/\/(?!localhost)/);
    }
  });

  it('lists who you can be, the teams and the org language', async () => {
    const { status, json } = await get('people');
    expect(status).toBe(200);
    expect(json.locale).toBe('zh-CN');
    expect(json.demo).toBe(false);
    expect(json.teams).toEqual([{ id: 'east-1', name: '华东一组', managerId: 'boss' }]);
    expect(json.people.map((p) => p.id)).toEqual(['boss', 'alice', 'bob']);
    expect(json.people[1]).toEqual({
      id: 'alice',
      name: '李敏',
      // Her language (the org's here): the page's own words follow the person chosen.
      locale: 'zh-CN',
      role: 'rep',
      team: 'east-1',
      teamName: '华东一组',
    });
  });
});

describe('playground API: say', () => {
  it.each(['help', '帮助'])(
    'answers `%s` with the command list, only to the speaker, in the org language',
    async (text) => {
      const { status, json } = await post('say', { as: 'alice', text });
      expect(status).toBe(200);
      expect(json.replies).toEqual([
        { mode: 'ephemeral', title: t('zh-CN', 'help.title'), level: 'info', body: helpBody('zh-CN') },
      ]);
    },
  );

  it('shows the market: a heading and one card per pool lead with a Claim button', async () => {
    const lead = await poolLead();
    const { json } = await post('say', { as: 'bob', text: 'market' });
    expect(json.replies[0]).toMatchObject({
      mode: 'ephemeral',
      title: t('zh-CN', 'market.title', { count: 1 }),
    });
    const card = nth(json.replies, 1);
    expect(card).toMatchObject({
      mode: 'ephemeral',
      leadId: lead.id,
      title: t('zh-CN', 'lead.title', { id: lead.id, company: '翠湖天地 王女士' }),
    });
    expect(card.actions).toEqual([
      { id: 'lead.claim', label: t('zh-CN', 'btn.claim'), value: String(lead.id), style: 'primary' },
    ]);
    expect(card.body).toContain(t('zh-CN', 'lead.inPool'));
    // Chinese commands are the same commands.
    const zh = await post('say', { as: 'bob', text: '集市' });
    expect(zh.json.replies).toEqual(json.replies);
  });
});

describe('playground API: click and submit', () => {
  it('claims a pool lead from its card: the card turns into "claimed by", a latecomer is told who won', async () => {
    const lead = await poolLead();
    const claimer = lead.lapsedFrom === 'alice' ? 'bob' : 'alice';
    const name = claimer === 'alice' ? '李敏' : '张伟';
    const market = await post('say', { as: claimer, text: 'market' });
    const claim = nth(nth(market.json.replies, 1).actions, 0);

    const { status, json } = await post('click', {
      as: claimer,
      messageId: 'local-2',
      actionId: claim.id,
      value: claim.value,
    });
    expect(status).toBe(200);
    expect(json.messageId).toBe('local-2');
    const [inPlace, note] = json.replies;
    // The claimer's own copy says "you" and keeps the next steps.
    expect(inPlace).toMatchObject({ mode: 'in_place', leadId: lead.id, level: 'green' });
    expect(inPlace?.actions?.map((a) => a.id)).toEqual(['lead.touch', 'deal.new', 'lead.release']);
    expect(inPlace?.body).toContain(t('zh-CN', 'lead.claimedByYou'));
    expect(inPlace?.body).not.toContain(name);
    expect(note).toMatchObject({ mode: 'ephemeral', level: 'green' });
    expect(note?.title).toBe(
      t('zh-CN', 'reply.claimed', {
        id: lead.id,
        company: '翠湖天地 王女士',
        // Claimed Monday 13:00 in Shanghai (the offer lapsed at 12:00): due Tuesday 13:00.
        until: '11-24 13:00',
      }),
    );

    const late = await post('click', { as: 'boss', messageId: 7, actionId: 'lead.claim', value: lead.id });
    expect(late.json.replies).toEqual([
      {
        mode: 'ephemeral',
        level: 'yellow',
        title: t('zh-CN', 'refuse.ALREADY_CLAIMED', { id: lead.id, owner: name }),
      },
    ]);
  });

  it('opens the new-lead form for `new` and creates the lead from its submission', async () => {
    const open = await post('say', { as: 'alice', text: '新线索' });
    const form = nth(open.json.replies, 0);
    expect(form).toMatchObject({ mode: 'open_form', form: { id: 'lead.new' } });
    expect(form.form?.fields.map((f) => f.name)).toContain('company');

    const { status, json } = await post('submit', {
      as: 'alice',
      formId: 'lead.new',
      values: {
        company: '上海华瑞科技有限公司',
        phone: '13912345678',
        budget: 300000,
        need: '办公室装修',
        source: 'chat',
        campaign: 'PLAY-1',
      },
    });
    expect(status).toBe(200);
    expect(json.replies[0]).toMatchObject({ mode: 'ephemeral', level: 'green', leadId: 1 });
  });

  it('sends a form back with the problems when a submission is incomplete', async () => {
    const { json } = await post('submit', {
      as: 'alice',
      formId: 'lead.new',
      values: { company: '缺少来源的公司' },
    });
    expect(json.replies[0]).toMatchObject({ mode: 'open_form', level: 'yellow', form: { id: 'lead.new' } });
  });
});

describe('playground API: inbox', () => {
  it("shows a rep's DMs and team channel as delivered, and a click on an inbox card claims it", async () => {
    const r = await submitLead(env.deps, {
      fields: leadFields({ company: '南京市第三人民医院' }),
      via: 'api',
    });
    if (r.kind !== 'created' || r.lead.ownerId === null) throw new Error('expected an offered lead');
    const owner = r.lead.ownerId;
    const worker = { ...chat, deliverers: [playgroundDeliverer] };
    await deliverOutbox(worker, { now: env.clock() });

    const { status, json } = await get(`inbox?as=${owner}`);
    expect(status).toBe(200);
    const offer = nth(
      json.messages.filter((m) => m.where === 'dm'),
      0,
    );
    expect(offer.card).toMatchObject({
      leadId: r.lead.id,
      title: t('zh-CN', 'notice.offered.title', { id: r.lead.id, company: '南京市第三人民医院' }),
    });
    expect(offer.card.actions?.map((a) => a.id)).toEqual(['lead.claim', 'lead.pass']);

    const click = await post('click', {
      as: owner,
      messageId: offer.id,
      actionId: 'lead.claim',
      value: String(r.lead.id),
    });
    expect(nth(click.json.replies, 0).mode).toBe('in_place');
    // The outbox then updates the stored copy, so every later look at the inbox shows the claim too.
    env.clock.advance(1000);
    await deliverOutbox(worker, { now: env.clock() });
    const after = await get(`inbox?as=${owner}`);
    const updated = nth(
      after.json.messages.filter((m) => m.id === offer.id),
      0,
    );
    // The owner's own copy: "you", with the next steps; the team's copies name who claimed it, without buttons.
    expect(updated.card.actions?.map((a) => a.id)).toEqual(['lead.touch', 'deal.new', 'lead.release']);
    expect(updated.card.body).toContain(t('zh-CN', 'lead.claimedByYou'));
    const boss = await get('inbox?as=boss');
    const teamCopies = boss.json.messages.filter((m) => m.card.leadId === r.lead.id);
    for (const copy of teamCopies) {
      expect(copy.card.actions).toEqual([]);
      expect(copy.card.body).toContain(
        t('zh-CN', 'lead.claimedBy', { name: owner === 'alice' ? '李敏' : '张伟' }),
      );
    }
  });
});

describe('playground API: errors', () => {
  it.each([
    ['say', { as: 'nobody', text: 'help' }],
    ['click', { as: 'nobody', actionId: 'lead.claim', value: '1' }],
    ['submit', { as: 'nobody', formId: 'lead.new', values: {} }],
  ])('answers 404 for an unknown person on %s', async (path, body) => {
    const { status, json } = await post(path, body);
    expect(status).toBe(404);
    expect(json.error).toBe('unknown_person');
    expect(json.message).toContain('"nobody"');
    expect(json.message).toContain('/playground/api/people');
  });

  it('answers 404 for the inbox of an unknown person', async () => {
    const { status, json } = await get('inbox?as=nobody');
    expect(status).toBe(404);
    expect(json.error).toBe('unknown_person');
  });

  it.each([
    ['say', { as: 'alice' }, 'text'],
    ['say', { text: 'help' }, 'as'],
    ['click', { as: 'alice', value: '1' }, 'actionId'],
    ['submit', { as: 'alice', formId: 'lead.new', values: 'company=x' }, 'values'],
  ])('answers 400 naming the field for a bad %s body', async (path, body, field) => {
    const { status, json } = await post(path, body);
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_body');
    expect(json.problems.some((p) => p.startsWith(`${field}:`))).toBe(true);
  });

  it('answers 400 for a body that is not JSON, and 404 for an unknown API route', async () => {
    const bad = await post('say', '{"as": "alice", ');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_json');
    const missing = await get('nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json.message).toContain('POST say');
  });
});
