// Issue 24 item 8, end to end: a rep adds a customer on WeChat through WeCom (客户联系); WeCom's encrypted, signed
// add_external_contact callback comes over real HTTP into the express app; the adapter reads the contact from the
// strict local fake (externalcontact/get) and the engine matches it to a lead by the remark's phone, on SQLite and
// PostgreSQL. The notices go out through the real outbox worker to the fake's message/send.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomAdapter, type WecomAdapter } from '../adapters/wecom/index.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import type { LeadEvent } from '../src/kernel/events.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import type { FakeFollow } from './fixtures/fake-wecom-customers.ts';
import { WECOM_APP, wecomCallbacks } from './fixtures/wecom-callback.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

const limin = person('li.min', { name: '李敏', locale: 'zh-CN', identities: { wecom: 'LiMin' } });
const zhang = person('zhang', {
  name: '张伟',
  locale: 'zh-CN',
  teamId: 'west-1',
  identities: { wecom: 'ZhangWei' },
});
const boss = person('boss', { role: 'manager', name: '王强', identities: { wecom: 'Boss' } });
const chen = person('chen', {
  role: 'manager',
  name: '陈静',
  locale: 'en',
  identities: { wecom: 'ChenJing' },
});

describe.each(DATABASES)('WeCom customer contacts → leads on %s', (kind) => {
  const current = useTestEnv(kind);
  let fake: FakeWecom;
  let adapter: WecomAdapter;
  let server: Server;
  let base = '';
  let worker: OutboxWorkerDeps;
  let seq = 0;

  const callback = wecomCallbacks({
    base: () => base,
    clock: () => current().clock(),
    settled: () => adapter.settled(),
  });

  /** WeCom's 添加企业客户事件 for this member and customer (the fields of path/96361's example). */
  const added = (userId: string, externalUserId: string, extra: Record<string, string> = {}) =>
    callback({
      FromUserName: 'sys',
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: userId,
      ExternalUserID: externalUserId,
      State: 'teststate',
      WelcomeCode: 'WELCOMECODE',
      ...extra,
    });

  /** The customer as the fake will answer for it, added by these members. */
  const customer = (id: string, name: string, follows: FakeFollow[]) =>
    fake.customers.all.set(id, { external_userid: id, name, follow_user: follows });

  async function keptLead(by: string, phone: string, company: string): Promise<number> {
    const r = await submitLead(current().deps, {
      fields: leadFields({ company, phone }),
      via: 'chat',
      enteredBy: by,
    });
    if (r.kind !== 'kept') throw new Error(`expected a kept lead, got ${r.kind}`);
    return r.lead.id;
  }

  const events = (leadId: number) => current().deps.store.transaction((tx) => tx.events.forLead(leadId));
  const ofType = <T extends LeadEvent['type']>(all: LeadEvent[], type: T) =>
    all.filter((e): e is Extract<LeadEvent, { type: T }> => e.type === type);
  const outbox = () => current().deps.store.transaction((tx) => tx.outbox.list({ limit: 100 }));
  const sentTo = (member: string) =>
    fake
      .ok('message/send')
      .filter((m) => m.touser === member)
      .map((m) => JSON.stringify(m));

  async function drain() {
    for (let i = 0; i < 50; i++) {
      const r = await deliverOutbox(worker, { now: current().clock(), limit: 200 });
      if (r.dispatched + r.sent + r.retried === 0) return;
      current().clock.advance(1000);
    }
    throw new Error('outbox not drained');
  }

  beforeEach(async () => {
    const env = current();
    fake = await startFakeWecom({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret, clock: env.clock });
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    adapter = wecomAdapter({ chat, ...WECOM_APP, apiBase: fake.apiBase, clock: env.clock });
    worker = { ...chat, deliverers: [adapter.deliverer] };
    await seedOrg(env, [], {
      teams: [
        { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
        { id: 'west-1', name: '华西一组', managerId: 'chen', channels: {} },
      ],
      people: [boss, chen, limin, zhang],
    });
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter] });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
  });

  it('links the contact to the rep’s own lead by the remark’s phone, as a follow-up, once however often WeCom retries', async () => {
    const id = await keptLead('li.min', '13800138000', '华信科技');
    const other = await keptLead('li.min', '13900000000', '别的公司');
    expect((await current().deps.store.transaction((tx) => tx.leads.get(id)))?.firstTouchAt).toBeNull();
    customer('wmWANG0001', '微信昵称', [
      { userid: 'LiMin', remark: '王总', remark_mobiles: ['+86 138-0013-8000'], add_way: 2 },
    ]);
    const res = await added('LiMin', 'wmWANG0001');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const all = await events(id);
    expect(ofType(all, 'lead.contact_linked')).toEqual([
      expect.objectContaining({
        by: 'li.min',
        externalUserId: 'wmWANG0001',
        name: '王总',
        via: 'remark_mobiles',
        reason: 'remark_mobiles 138…',
      }),
    ]);
    expect(ofType(all, 'lead.touched')).toEqual([expect.objectContaining({ kind: 'message', by: 'li.min' })]);
    const lead = await current().deps.store.transaction((tx) => tx.leads.get(id));
    expect(lead).toMatchObject({ firstTouchAt: current().clock(), followUpDueAt: null });
    expect(ofType(await events(other), 'lead.contact_linked')).toEqual([]);
    // The fake was asked with the app's token for this one customer.
    expect(fake.calls.filter((c) => c.method === 'externalcontact/get')).toEqual([
      expect.objectContaining({ body: { external_userid: 'wmWANG0001', cursor: '' }, outcome: 0 }),
    ]);

    // WeCom retries the same callback (same CreateTime): nothing more is linked, touched or queued.
    const queued = (await outbox()).length;
    await added('LiMin', 'wmWANG0001');
    expect(await events(id)).toHaveLength(all.length);
    expect(await outbox()).toHaveLength(queued);

    await drain();
    const told = sentTo('LiMin');
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('王总');
    expect(told[0]).toContain('已关联到线索');

    // The lead's story (`为什么 N`) shows the link and its reason.
    fake.reset();
    await callback({
      FromUserName: 'LiMin',
      MsgType: 'text',
      Content: `为什么 ${id}`,
      MsgId: `why-${++seq}`,
    });
    const why = sentTo('LiMin').join('\n');
    expect(why).toContain('李敏 按备注手机号 138… 关联了微信客户 王总');
  });

  it('tells both reps and both managers when the phone is on another rep’s lead, and links nothing', async () => {
    const id = await keptLead('zhang', '13800138000', '华信科技');
    customer('wmWANG0002', '王总', [{ userid: 'LiMin', remark_mobiles: ['13800138000'] }]);
    await added('LiMin', 'wmWANG0002');
    const all = await events(id);
    expect(ofType(all, 'lead.contact_linked')).toEqual([]);
    expect(ofType(all, 'lead.touched')).toEqual([]);
    expect(ofType(all, 'lead.contact_elsewhere')).toEqual([
      expect.objectContaining({ by: 'li.min', owner: 'zhang', reason: 'remark_mobiles 138…' }),
    ]);
    const notices = (await outbox()).filter((n) => n.template === 'lead.contact_elsewhere');
    expect(notices.map((n) => [n.to.id, (n.data as { part: string }).part]).sort()).toEqual([
      ['boss', 'manager'],
      ['chen', 'manager'],
      ['li.min', 'adder'],
      ['zhang', 'owner'],
    ]);
    await drain();
    expect(sentTo('LiMin')[0]).toContain('张伟 名下的线索');
    expect(sentTo('ZhangWei')[0]).toContain('李敏 在微信上添加了你的客户 王总');
    expect(sentTo('Boss')[0]).toContain('没有关联');
    expect(sentTo('ChenJing')[0]).toContain('Nothing was linked'); // in the manager's own language
  });

  it('offers the rep’s open leads when nothing matches, and links the one tapped (once)', async () => {
    const first = await keptLead('li.min', '13700000001', '甲公司');
    const second = await keptLead('li.min', '13700000002', '乙公司');
    customer('wmLI0003', '李总', [{ userid: 'LiMin', remark_mobiles: [] }]);
    await added('LiMin', 'wmLI0003');
    expect(ofType(await events(first), 'lead.contact_linked')).toEqual([]);
    await drain();
    const [card] = fake.ok('message/send').filter((m) => m.touser === 'LiMin');
    const tc = card?.template_card as {
      task_id: string;
      button_list: Array<{ key: string; text: string }>;
    };
    expect(tc.button_list.map((b) => b.key)).toEqual([
      `lead.link:${second}|wmLI0003|李总`,
      `lead.link:${first}|wmLI0003|李总`,
    ]);
    expect(JSON.stringify(card)).toContain('联系人备注里没有手机号');

    const tap = async () =>
      callback({
        FromUserName: 'LiMin',
        MsgType: 'event',
        Event: 'template_card_event',
        EventKey: `lead.link:${first}|wmLI0003|李总`,
        TaskId: tc.task_id,
        CardType: 'button_interaction',
        ResponseCode: fake.issueCode(),
        MsgId: `tap-${++seq}`,
      });
    fake.reset();
    await tap();
    const linked = ofType(await events(first), 'lead.contact_linked');
    expect(linked).toEqual([expect.objectContaining({ via: 'tap', reason: 'tap', name: '李总' })]);
    expect(ofType(await events(first), 'lead.touched')).toHaveLength(1);
    expect(JSON.stringify(fake.ok('message/update_template_card'))).toContain('已关联到线索');
    // A second tap (another click on the same card) links nothing more.
    current().clock.advance(2000);
    await tap();
    expect(ofType(await events(first), 'lead.contact_linked')).toHaveLength(1);
    expect(ofType(await events(first), 'lead.touched')).toHaveLength(1);
    expect(ofType(await events(second), 'lead.contact_linked')).toEqual([]);
    fake.reset();
    await callback({
      FromUserName: 'LiMin',
      MsgType: 'text',
      Content: `为什么 ${first}`,
      MsgId: `why-${++seq}`,
    });
    expect(sentTo('LiMin').join('\n')).toContain('李敏 手动关联了微信客户 李总');
  });

  it('refuses a tap on another rep’s lead', async () => {
    const theirs = await keptLead('zhang', '13700000009', '丙公司');
    await callback({
      FromUserName: 'LiMin',
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: `lead.link:${theirs}|wmX0004|某人`,
      TaskId: 'll-x',
      CardType: 'button_interaction',
      ResponseCode: fake.issueCode(),
    });
    expect(ofType(await events(theirs), 'lead.contact_linked')).toEqual([]);
  });

  it('does nothing for a customer WeCom no longer knows (84061) or when the app may not read customers (48002)', async () => {
    const id = await keptLead('li.min', '13800138000', '华信科技');
    await added('LiMin', 'wmGONE0005');
    expect(fake.calls.map((c) => [c.method, c.outcome])).toContainEqual(['externalcontact/get', 84061]);
    customer('wmWANG0006', '王总', [{ userid: 'LiMin', remark_mobiles: ['13800138000'] }]);
    fake.customers.appAllowed = false;
    await added('LiMin', 'wmWANG0006');
    expect(fake.calls.map((c) => [c.method, c.outcome])).toContainEqual(['externalcontact/get', 48002]);
    expect(ofType(await events(id), 'lead.contact_linked')).toEqual([]);
    expect(await outbox()).toEqual([]);
    // Once the admin allows the app, the next add links.
    fake.customers.appAllowed = true;
    current().clock.advance(1000);
    await added('LiMin', 'wmWANG0006');
    expect(ofType(await events(id), 'lead.contact_linked')).toHaveLength(1);
  });

  it('keeps two reps’ adds in the same second apart (every such callback comes from "sys")', async () => {
    const mine = await keptLead('li.min', '13800000001', '甲公司');
    const his = await keptLead('zhang', '13800000002', '乙公司');
    customer('wmA0007', 'A', [{ userid: 'LiMin', remark_mobiles: ['13800000001'] }]);
    customer('wmB0008', 'B', [{ userid: 'ZhangWei', remark_mobiles: ['13800000002'] }]);
    await Promise.all([added('LiMin', 'wmA0007'), added('ZhangWei', 'wmB0008')]);
    expect(ofType(await events(mine), 'lead.contact_linked')).toHaveLength(1);
    expect(ofType(await events(his), 'lead.contact_linked')).toHaveLength(1);
  });

  it('matches again when the rep edits the remark later (edit_external_contact), telling nothing twice', async () => {
    const mine = await keptLead('li.min', '13800000011', '甲公司');
    const his = await keptLead('zhang', '13800000012', '乙公司');
    const follow: FakeFollow = { userid: 'LiMin', remark: '赵总', remark_mobiles: [] };
    customer('wmZHAO0010', '赵', [follow]);
    await added('LiMin', 'wmZHAO0010');
    expect((await outbox()).map((n) => n.template)).toEqual(['lead.contact_unlinked']);
    const edited = () => {
      current().clock.advance(1000);
      return added('LiMin', 'wmZHAO0010', { ChangeType: 'edit_external_contact' });
    };
    // An edit with still no phone sends no second card.
    await edited();
    expect(await outbox()).toHaveLength(1);
    // The phone now on the other rep's lead: told once, however often the remark is edited again.
    follow.remark_mobiles = ['13800000012'];
    await edited();
    await edited();
    expect(ofType(await events(his), 'lead.contact_elsewhere')).toHaveLength(1);
    expect((await outbox()).filter((n) => n.template === 'lead.contact_elsewhere')).toHaveLength(4);
    // The phone of the rep's own lead: linked, as a follow-up, once.
    follow.remark_mobiles = ['13800000011'];
    await edited();
    await edited();
    expect(ofType(await events(mine), 'lead.contact_linked')).toEqual([
      expect.objectContaining({ via: 'remark_mobiles', reason: 'remark_mobiles 138…', name: '赵总' }),
    ]);
    expect(ofType(await events(mine), 'lead.touched')).toHaveLength(1);
    expect(ofType(await events(his), 'lead.contact_linked')).toEqual([]);
  });

  it('finds the member’s own entry past the first page of follow_user (over 500 members)', async () => {
    const id = await keptLead('li.min', '13800138000', '华信科技');
    const others: FakeFollow[] = Array.from({ length: 500 }, (_, i) => ({ userid: `u${i}` }));
    customer('wmBIG0009', '王总', [...others, { userid: 'LiMin', remark_mobiles: ['13800138000'] }]);
    await added('LiMin', 'wmBIG0009');
    expect(
      fake.calls.filter((c) => c.method === 'externalcontact/get').map((c) => [c.body.cursor, c.outcome]),
    ).toEqual([
      ['', 0],
      ['c500', 0],
    ]);
    expect(ofType(await events(id), 'lead.contact_linked')).toHaveLength(1);
  });
});
