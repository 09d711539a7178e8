// Issue 25 item 4: a lead a rep enters is theirs by default (routing.ownLeads), and the reply says where it went
// and why. Through the playground's JSON API over real HTTP, on a real SQLite file.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { t } from '../src/modules/i18n.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { parseRules } from '../src/config.ts';
import { formatTime } from '../src/modules/leads/cards/lead-card.ts';
import { claimBoard } from '../src/modules/leads/use-cases/market.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface Reply {
  mode?: string;
  title: string;
  level: string;
  body?: string;
  leadId?: number;
}

let env: TestEnv;
let server: Server;
let base: string;

async function start(ownLeads: 'keep' | 'route'): Promise<void> {
  env = testEnv({ rules: { routing: { ...DEFAULT_RULES.routing, ownLeads } } });
  // 李敏 works in 华东 on 家装; 张伟 is the one whose skills match a 医疗 lead.
  await seedOrg(env, [
    person('alice', { name: '李敏', skills: ['家装'] }),
    person('bob', { name: '张伟', skills: ['医疗基建'] }),
  ]);
  const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
  const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

async function post(path: string, body: unknown): Promise<Reply[]> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: Reply[] }).replies;
}

/** A 医疗 lead: routing alone would give it to 张伟, whose skills match. */
const hospital = {
  company: '南京市第三人民医院',
  phone: '13912345678',
  industry: '医疗基建',
  need: '门诊楼改造',
  source: 'chat',
  campaign: 'WALK-IN',
};

async function lead(id: number) {
  return env.deps.store.transaction((tx) => tx.leads.get(id));
}

describe('a lead a rep enters', () => {
  it('is theirs, not routed to a colleague, and the reply says so with the follow-up deadline', async () => {
    await start('keep');
    const [reply] = await post('submit', { as: 'alice', formId: 'lead.new', values: hospital });
    expect(reply).toMatchObject({ mode: 'ephemeral', level: 'green', leadId: 1 });
    const stored = await lead(1);
    expect(stored).toMatchObject({ ownerId: 'alice', status: 'owned' });
    // The 24-hour follow-up clock runs from now, and the reply names its end.
    expect(stored?.followUpDueAt).toBe(env.clock() + DEFAULT_RULES.pool.followUpTimeoutHours * 3_600_000);
    expect(reply?.body).toContain('这条线索归你');
    expect(reply?.body).toContain(formatTime(stored?.followUpDueAt ?? 0, 'Asia/Shanghai'));

    // `why` tells how it reached her, and nobody else was offered it.
    const [why] = await post('say', { as: 'alice', text: '为什么 1' });
    expect(why?.body).toContain(t('zh-CN', 'why.entered.you'));
    const events = await env.deps.store.transaction((tx) => tx.events.forLead(1));
    expect(events.map((e) => e.type)).not.toContain('lead.offered');
    expect(events.find((e) => e.type === 'lead.claimed')).toMatchObject({ by: 'alice', via: 'entered' });
    // Her own customer is not a claim on the shared flow of leads.
    const board = await claimBoard(env.deps);
    expect(board.rows.find((r) => r.personId === 'alice')?.week).toBe(0);
  });

  it('shows in `我的线索` as a card with its next steps, after the list (issue 21 item 6)', async () => {
    await start('keep');
    await post('submit', { as: 'alice', formId: 'lead.new', values: hospital });
    const replies = await post('say', { as: 'alice', text: '我的线索' });
    expect(replies).toHaveLength(2);
    expect(replies[0]?.title).toBe(t('zh-CN', 'mine.title', { count: 1 }));
    const card = replies[1] as Reply & { actions?: Array<{ id: string }> };
    expect(card.leadId).toBe(1);
    expect(card.actions?.map((a) => a.id)).toEqual(['lead.touch', 'deal.new', 'lead.release']);
    expect(card.body).toContain(t('zh-CN', 'lead.claimedByYou'));
    const due = (await lead(1))?.followUpDueAt ?? 0;
    expect(card.body).toContain(t('zh-CN', 'mine.dueLine', { until: formatTime(due, 'Asia/Shanghai') }));
  });

  it('turns into a deal from its card: 转商机 opens a form for the amount and the close date', async () => {
    await start('keep');
    await post('submit', { as: 'alice', formId: 'lead.new', values: hospital });
    const [form] = await post('click', { as: 'alice', actionId: 'deal.new', value: '1' });
    expect(form).toMatchObject({ mode: 'open_form', form: { id: 'deal.new' } });
    // A wrong amount sends the form back with what to write, and creates nothing.
    const [again] = await post('submit', {
      as: 'alice',
      formId: 'deal.new',
      context: '1',
      values: { amount: '很多', close: '' },
    });
    expect(again).toMatchObject({
      mode: 'open_form',
      level: 'yellow',
      title: t('zh-CN', 'form.dealNew.badAmount'),
    });
    expect(await env.deps.store.transaction((tx) => tx.deals.byLead(1))).toBeNull();
    const [made] = await post('submit', {
      as: 'alice',
      formId: 'deal.new',
      context: '1',
      values: { amount: '30万', close: '2027-03-31' },
    });
    expect(made?.level).toBe('green');
    const deal = await env.deps.store.transaction((tx) => tx.deals.byLead(1));
    expect(deal).toMatchObject({ amount: 300_000, ownerId: 'alice', expectedCloseSource: 'given' });
  });

  it('is routed when the rules say so, and the reply names who got it and why', async () => {
    await start('route');
    const [reply] = await post('submit', { as: 'alice', formId: 'lead.new', values: hospital });
    const stored = await lead(1);
    expect(stored).toMatchObject({ ownerId: 'bob', status: 'offered' });
    expect(reply?.body).toContain('已分配给 张伟');
    expect(reply?.body).toContain('医疗基建');
  });

  it('entered by a manager, who takes no leads, is routed and the reply says where it went', async () => {
    await start('keep');
    const [reply] = await post('submit', { as: 'boss', formId: 'lead.new', values: hospital });
    expect((await lead(1))?.ownerId).toBe('bob');
    expect(reply?.body).toContain('已分配给 张伟');
  });

  it('reads `ownLeads` from the rules file, `keep` when left out, and refuses anything else', () => {
    expect(parseRules('scoring: { highScore: 60 }\n').routing.ownLeads).toBe('keep');
    expect(parseRules('routing: { ownLeads: route }\n').routing.ownLeads).toBe('route');
    let problems: string[] = [];
    try {
      parseRules('routing: { ownLeads: mine }\n');
    } catch (e) {
      problems = (e as { problems: string[] }).problems;
    }
    expect(problems.join('\n')).toMatch(/routing\.ownLeads/);
  });
});
