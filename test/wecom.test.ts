// The WeCom adapter end to end: encrypted, signed callbacks over real HTTP into the express app, the engine on a
// fresh SQLite file, and a local fake of WeCom's API recording what the app sent and which cards it updated.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomAdapter, type WecomAdapter } from '../adapters/wecom/index.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox, MAX_ATTEMPTS, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { WECOM_APP, wecomCallbacks } from './fixtures/wecom-callback.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { notice as outboxNotice } from '../src/modules/notice-data.ts';

let env: TestEnv;
let fake: FakeWecom;
let adapter: WecomAdapter;
let server: Server;
let base: string;
let worker: OutboxWorkerDeps;
let seq = 0;

const limin = person('li.min', { name: '李敏', locale: 'zh-CN', identities: { wecom: 'LiMin' } });

const callback = wecomCallbacks({
  base: () => base,
  clock: () => env.clock(),
  settled: () => adapter.settled(),
});

const text = (content: string, msgId = String(++seq)) =>
  callback({ FromUserName: 'LiMin', MsgType: 'text', Content: content, MsgId: msgId });

const click = (leadId: number, taskId: string, responseCode: string) =>
  callback({
    FromUserName: 'LiMin',
    MsgType: 'event',
    Event: 'template_card_event',
    EventKey: `lead.claim:${leadId}`,
    TaskId: taskId,
    CardType: 'button_interaction',
    ResponseCode: responseCode,
  });

async function offeredLead(): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  return r.lead.id;
}

const lead = (id: number) => env.deps.store.transaction((tx) => tx.leads.get(id));
const stateOf = (id: number) =>
  env.deps.store.transaction(async (tx) => ({
    lead: await tx.leads.get(id),
    events: await tx.events.count(),
    outbox: (await tx.outbox.list({ limit: 1000 })).length,
  }));

async function drain(maxRounds = 100) {
  for (let i = 0; i < maxRounds; i++) {
    const r = await deliverOutbox(worker, { now: env.clock(), limit: 200 });
    const pending = await env.deps.store.transaction(
      async (tx) =>
        (await tx.deliveries.list({ status: 'pending', limit: 1 })).length +
        (await tx.outbox.list({ status: 'pending', limit: 1 })).length,
    );
    if (pending === 0 && r.dispatched + r.sent + r.retried === 0) return;
    env.clock.advance(1000);
  }
  throw new Error('outbox not drained');
}

describe('WeCom adapter', () => {
  beforeEach(async () => {
    env = testEnv();
    fake = await startFakeWecom({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret });
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    adapter = wecomAdapter({
      chat,
      ...WECOM_APP,
      apiBase: fake.apiBase,
      clock: env.clock,
    });
    worker = { ...chat, deliverers: [adapter.deliverer] };
    const teams = [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: { wecom: 'wrEAST' } }];
    await seedOrg(env, [limin], { teams });
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The team's chat, as `leadline wecom create-team-chats` makes it: appchat/send reaches only a chat the app
    // created (path/90244), and the fake refuses any other.
    await adapter.api.post('appchat/create', {
      chatid: 'wrEAST',
      owner: 'Boss',
      userlist: ['Boss', 'LiMin'],
    });
    fake.reset();
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
    await env.close();
  });

  it('answers URL verification with the bare decrypted echostr (WeCom’s published sample)', async () => {
    const q =
      'msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D';
    const res = await fetch(`${base}/wecom/callback?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
    const bad = await fetch(`${base}/wecom/callback?${q.replace('5c45', '5c46')}`);
    expect(bad.status).toBe(401);
  });

  it('refuses a bad signature, another corp’s message and garbage; nothing changes and nothing is sent', async () => {
    const id = await offeredLead();
    const before = await stateOf(id);
    expect(
      (
        await callback(
          { FromUserName: 'LiMin', MsgType: 'text', Content: `领取 ${id}`, MsgId: '1' },
          { signature: '0'.repeat(40) },
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await callback(
          { FromUserName: 'LiMin', MsgType: 'text', Content: `领取 ${id}`, MsgId: '2' },
          { corp: 'wwother' },
        )
      ).status,
    ).toBe(401);
    const garbage = await fetch(`${base}/wecom/callback?msg_signature=x&timestamp=1&nonce=1`, {
      method: 'POST',
      body: 'hello',
    });
    expect(garbage.status).toBe(400);
    await adapter.settled();
    expect(await stateOf(id)).toEqual(before);
    expect(fake.calls).toEqual([]);
  });

  it('refuses a callback signed more than 5 minutes from our clock (a replay); nothing changes', async () => {
    const id = await offeredLead();
    const before = await stateOf(id);
    const claim = { FromUserName: 'LiMin', MsgType: 'text', Content: `领取 ${id}` };
    for (const [offset, msgId] of [
      [-6 * 60_000, '31'],
      [6 * 60_000, '32'],
      [-2 * 86_400_000, '33'],
    ] as const) {
      const res = await callback({ ...claim, MsgId: msgId }, { signedAtOffsetMs: offset });
      expect(res.status, String(offset)).toBe(401);
      expect(await res.text()).toBe('STALE_TIMESTAMP');
    }
    await adapter.settled();
    expect(await stateOf(id)).toEqual(before);
    expect(fake.calls).toEqual([]);
    // Within the window (a callback four minutes on its way, a clock a little ahead) it is acted on.
    expect((await callback({ ...claim, MsgId: '34' }, { signedAtOffsetMs: -4 * 60_000 })).status).toBe(200);
    expect(await lead(id)).toMatchObject({ ownerId: 'li.min', status: 'owned' });
  });

  it('claims with the text “领取 N”, answers at once with an empty 200, and replies by app message', async () => {
    const id = await offeredLead();
    const res = await text(`领取 ${id}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(await lead(id)).toMatchObject({ ownerId: 'li.min', status: 'owned', claimedAt: env.clock() });
    const sent = fake.ok('message/send');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ touser: 'LiMin', agentid: WECOM_APP.agentId, enable_duplicate_check: 1 });
    expect(JSON.stringify(sent[0])).toContain('Acme');
  });

  it('acts once on a retried callback (same MsgId)', async () => {
    const id = await offeredLead();
    await text(`领取 ${id}`, 'm-42');
    const after = await stateOf(id);
    expect((await text(`领取 ${id}`, 'm-42')).status).toBe(200);
    expect(await stateOf(id)).toEqual(after);
    expect(fake.ok('message/send')).toHaveLength(1);
  });

  it('answers a typo with the help card, not silence', async () => {
    await text('领去 12');
    const sent = fake.ok('message/send');
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain(t('zh-CN', 'help.title'));
  });

  it('delivers an offer as a button card through the outbox, claims on its click, and updates the card', async () => {
    const id = await offeredLead();
    await drain();
    const card = fake.ok('message/send').find((m) => m.msgtype === 'template_card');
    expect(card).toMatchObject({
      touser: 'LiMin',
      enable_duplicate_check: 1,
      template_card: {
        card_type: 'button_interaction',
        button_list: expect.arrayContaining([
          expect.objectContaining({ key: `lead.claim:${id}` }),
        ]) as unknown,
      },
    });
    const task = (card?.template_card as { task_id: string }).task_id;
    expect(task).toMatch(/^ll-d\d+$/);
    fake.reset();

    const clickCode = fake.issueCode();
    expect((await click(id, task, clickCode)).status).toBe(200);
    expect(await lead(id)).toMatchObject({ ownerId: 'li.min', status: 'owned', claimedAt: env.clock() });

    await drain();
    const updates = fake.ok('message/update_template_card');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (const u of updates) expect(u).toMatchObject({ userids: ['LiMin'], agentid: WECOM_APP.agentId });
    // First the clicked card in place with the click's code, then the outbox's update with the send's code.
    expect(updates.map((u) => u.response_code)).toEqual([clickCode, 'rc-1']);
    expect(JSON.stringify(updates)).not.toContain('lead.claim');
    // Her own card: "you", with her next steps.
    expect(JSON.stringify(updates.at(-1))).toContain(t('zh-CN', 'lead.claimedByYou'));
    expect(fake.calls.filter((c) => c.outcome !== 0)).toEqual([]);
  });

  it('tells the rep of a claim and then of a release: a click’s own code, then a fresh card', async () => {
    const id = await offeredLead();
    await drain();
    const task = (fake.ok('message/send')[0]?.template_card as { task_id: string }).task_id;
    await click(id, task, fake.issueCode());
    await drain();
    fake.reset();

    // Both codes of the first card are spent (the click's in place, the send's by the outbox): the release comes
    // as a new card that says the old one is out of date, and WeCom refuses nothing.
    await text(`释放 ${id}`);
    await drain();
    expect((await lead(id))?.ownerId).toBeNull();
    const cards = fake.ok('message/send').filter((m) => m.msgtype === 'template_card');
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ touser: 'LiMin' });
    expect(JSON.stringify(cards[0])).toContain(t('zh-CN', 'card.replaced').slice(0, 10));
    expect(fake.ok('message/update_template_card')).toEqual([]);
    expect(fake.calls.filter((c) => c.outcome !== 0)).toEqual([]);
    const parked = await env.deps.store.transaction((tx) =>
      tx.deliveries.list({ status: 'parked', limit: 10 }),
    );
    expect(parked).toEqual([]);

    // The new card stands for the lead's post now: the next update changes that one.
    const fresh = (cards[0]?.template_card as { task_id: string }).task_id;
    expect(fresh).toMatch(new RegExp(`^${task}-u\\d+$`));
    const sent = await env.deps.store.transaction((tx) => tx.deliveries.list({ status: 'sent', limit: 50 }));
    expect(sent.filter((d) => d.action === 'post' && d.platformRef === `u|LiMin|${fresh}|`)).toHaveLength(1);
  });

  it('keeps the code of a click whose reply is not in place, and spends it on a later change of that card', async () => {
    const id = await offeredLead();
    await drain();
    const task = (fake.ok('message/send')[0]?.template_card as { task_id: string }).task_id;
    // The rep hands the offer back (pass): the answer is a message, so the click's code waits with the card.
    const passCode = fake.issueCode();
    await callback({
      FromUserName: 'LiMin',
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: `lead.pass:${id}`,
      TaskId: task,
      CardType: 'button_interaction',
      ResponseCode: passCode,
    });
    await drain();
    expect(fake.ok('message/update_template_card').map((u) => u.response_code)).toEqual(['rc-1']);
    fake.reset();
    // A colleague claims it from the pool: LiMin's card changes again, with the kept code, and WeCom refuses nothing.
    const zhang = person('zhang', { name: '张伟', locale: 'zh-CN', identities: { wecom: 'ZhangWei' } });
    await seedOrg(env, [limin, zhang], {
      teams: [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: { wecom: 'wrEAST' } }],
    });
    await callback({ FromUserName: 'ZhangWei', MsgType: 'text', Content: `领取 ${id}`, MsgId: 'z-1' });
    await drain();
    expect((await lead(id))?.status).toBe('owned');
    expect(fake.ok('message/update_template_card').map((u) => u.response_code)).toEqual([passCode]);
    expect(fake.calls.filter((c) => c.outcome !== 0)).toEqual([]);
  });

  it('refreshes the access token once when WeCom answers 42001, and the message still goes out', async () => {
    await text('帮助');
    expect(fake.tokenFetches).toBe(1);
    fake.expireTokens();
    await Promise.all([text('帮助'), text('我的线索')]);
    expect(fake.tokenFetches).toBe(2);
    expect(fake.ok('message/send')).toHaveLength(3);
  });

  it('answers a form without PUBLIC_URL by saying the admin must set it, not with silence', async () => {
    await text('新线索');
    const sent = fake.ok('message/send');
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain(t('zh-CN', 'mform.noPublicUrl'));
  });

  it('maps an app menu click to the same command as typing it', async () => {
    await callback({ FromUserName: 'LiMin', MsgType: 'event', Event: 'click', EventKey: '我的线索' });
    expect(fake.ok('message/send')).toHaveLength(1);
    await callback({ FromUserName: 'LiMin', MsgType: 'event', Event: 'enter_agent', EventKey: '' });
    expect(fake.ok('message/send')).toHaveLength(1);
  });

  const notice = (to: { kind: 'person' | 'team'; id: string }) =>
    env.deps.store.transaction((tx) =>
      tx.outbox.enqueue(
        outboxNotice({ to, template: 'person.deactivated', data: { personId: 'x', leadIds: [1] } }),
        env.clock(),
      ),
    );

  it('posts team notices to the team’s group chat with appchat/send', async () => {
    await notice({ kind: 'team', id: 'east-1' });
    await drain();
    const sent = fake.ok('appchat/send');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ chatid: 'wrEAST', msgtype: 'markdown' });
  });

  it('waits out a rate limit (45009) and then delivers once, with the duplicate check on', async () => {
    fake.failNext('message/send', { errcode: 45009 });
    fake.failNext('message/send', { status: 502 });
    await notice({ kind: 'person', id: 'li.min' });
    const start = env.clock();
    await drain();
    expect(fake.calls.map((c) => c.outcome)).toEqual([45009, 502, 0]);
    expect(env.clock() - start).toBeGreaterThanOrEqual(60_000); // WeCom's API-frequency wait, not 1 s backoff
    expect(fake.ok('message/send')[0]).toMatchObject({
      enable_duplicate_check: 1,
      duplicate_check_interval: 1800,
    });
  });

  it(`does not park a notice after ${MAX_ATTEMPTS + 1} rate-limit answers (45033, 45009): sent once WeCom stops limiting`, async () => {
    for (let i = 0; i < MAX_ATTEMPTS; i++) fake.failNext('message/send', { errcode: 45033 });
    fake.failNext('message/send', { errcode: 45009 });
    await notice({ kind: 'person', id: 'li.min' });
    await drain(200);
    expect(fake.calls.map((c) => c.outcome)).toEqual([
      ...Array.from({ length: MAX_ATTEMPTS }, () => 45033),
      45009,
      0,
    ]);
    const [sent] = await env.deps.store.transaction((tx) => tx.deliveries.list({ status: 'sent', limit: 5 }));
    expect(sent?.attempts).toBe(1);
    expect(
      await env.deps.store.transaction((tx) => tx.deliveries.list({ status: 'parked', limit: 5 })),
    ).toEqual([]);
  });

  it('parks a notice for a userid WeCom does not know (permanent), without retrying', async () => {
    fake.failNext('message/send', { errcode: 40003 });
    await notice({ kind: 'person', id: 'li.min' });
    await drain();
    expect(fake.calls.map((c) => c.outcome)).toEqual([40003]);
    const parked = await env.deps.store.transaction((tx) =>
      tx.deliveries.list({ status: 'parked', limit: 10 }),
    );
    expect(parked).toHaveLength(1);
  });

  it('fetches the token once for concurrent calls and again 5 minutes before it expires', async () => {
    const hello = [{ msgtype: 'text', text: { content: 'hello' } }];
    await Promise.all([
      adapter.api.send({ kind: 'user', id: 'LiMin' }, hello),
      adapter.api.send({ kind: 'user', id: 'Boss' }, hello),
    ]);
    expect(fake.tokenFetches).toBe(1);
    env.clock.advance(7200_000 - 5 * 60_000 - 1000);
    await adapter.api.send({ kind: 'user', id: 'LiMin' }, hello);
    expect(fake.tokenFetches).toBe(1);
    env.clock.advance(2000);
    await adapter.api.send({ kind: 'user', id: 'LiMin' }, hello);
    expect(fake.tokenFetches).toBe(2);
  });
});
