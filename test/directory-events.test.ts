// Directory events update one person (or department) without a full sync: WeCom change_contact callbacks over
// the real encrypted callback (ids only, so the member is fetched again), DingTalk address-book events over the
// HTTP event subscription, Slack team_join / user_change (the whole user object, nothing fetched).
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkAdapter } from '../adapters/dingtalk/index.ts';
import { dingtalkDirectory } from '../adapters/dingtalk/directory.ts';
import { registerDirectoryEvents } from '../adapters/slack/directory-events.ts';
import type { SlackContext } from '../adapters/slack/listeners/context.ts';
import { decrypt, encrypt, signature } from '../adapters/wecom/crypto.ts';
import { wecomAdapter, type WecomAdapter } from '../adapters/wecom/index.ts';
import { wecomDirectory } from '../adapters/wecom/directory.ts';
import { createApp } from '../src/http/app.ts';
import { syncDirectory } from '../src/modules/org/use-cases/sync-directory.ts';
import {
  startFakeDingtalkDirectory,
  type FakeDingtalkDirectory,
} from './fixtures/fake-directory-dingtalk.ts';
import { startFakeStreamGateway } from './fixtures/fake-dingtalk-stream.ts';
import { startFakeWecomDirectory, type FakeWecomDirectory } from './fixtures/fake-directory-wecom.ts';
import { WECOM_APP, wecomCallbacks } from './fixtures/wecom-callback.ts';
import { testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let server: Server | undefined;
let base = '';
const people = () => env.deps.store.transaction((tx) => tx.org.people());
const on = async (platform: 'wecom' | 'dingtalk' | 'slack', id: string) =>
  (await people()).find((p) => p.identities[platform] === id) ?? null;

async function listen(app: ReturnType<typeof createApp>): Promise<void> {
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(() => {
  env = testEnv();
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
  await env.close();
});

describe('WeCom change_contact', () => {
  let fake: FakeWecomDirectory;
  let adapter: WecomAdapter;
  const callback = wecomCallbacks({
    base: () => base,
    clock: () => env.clock(),
    settled: () => adapter.settled(),
  });
  const change = (fields: Record<string, string>) =>
    callback({ FromUserName: 'sys', MsgType: 'event', Event: 'change_contact', ...fields });

  beforeEach(async () => {
    fake = await startFakeWecomDirectory({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret });
    fake.departments.set(1, { id: 1, name: '公司', parentid: 0, leaders: ['boss'] });
    fake.departments.set(2, { id: 2, name: '华东组', parentid: 1 });
    fake.members.set('boss', { userid: 'boss', name: '老板', department: [1] });
    fake.members.set('limin', { userid: 'limin', name: '李敏', department: [2] });
    fake.visible.add(1);
    await syncDirectory(env.deps, await wecomDirectory({ ...WECOM_APP, apiBase: fake.apiBase }).snapshot());
    adapter = wecomAdapter({
      chat: { engine: env.deps, defaultLocale: 'zh-CN' },
      ...WECOM_APP,
      apiBase: fake.apiBase,
      clock: env.clock,
    });
    await listen(createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter] }));
    fake.calls.length = 0;
  });
  afterEach(() => fake.close());

  it('fetches the one member an update_user names and updates them alone', async () => {
    fake.members.get('limin')!.name = '李敏敏';
    fake.departments.set(3, { id: 3, name: '华南组', parentid: 1 });
    fake.members.get('limin')!.department = [3];
    fake.members.get('boss')!.name = '不该变'; // no event for boss: stays as synced
    const res = await change({ ChangeType: 'update_user', UserID: 'limin' });
    expect(res.status).toBe(200);
    const li = (await on('wecom', 'limin'))!;
    expect(li.name).toBe('李敏敏');
    const teams = await env.deps.store.transaction((tx) => tx.org.teams());
    expect(teams.find((t) => t.id === li.teamId)?.name).toBe('华南组'); // a department first seen here
    expect((await on('wecom', 'boss'))!.name).toBe('老板');
    expect(fake.calls).not.toContain('department/simplelist'); // no full sync
    expect(fake.calls.filter((c) => c === 'user/get')).toHaveLength(1);
  });

  it('makes a deleted member inactive, and follows a renamed account', async () => {
    await change({ ChangeType: 'delete_user', UserID: 'limin' });
    expect((await on('wecom', 'limin'))!.active).toBe(false);

    const boss = (await on('wecom', 'boss'))!;
    fake.members.set('laoban', { ...fake.members.get('boss')!, userid: 'laoban' });
    fake.members.delete('boss');
    await change({ ChangeType: 'update_user', UserID: 'boss', NewUserID: 'laoban' });
    expect(await on('wecom', 'boss')).toBeNull();
    expect((await on('wecom', 'laoban'))!.id).toBe(boss.id);
  });
});

describe('DingTalk address-book events over HTTP', () => {
  let fake: FakeDingtalkDirectory;
  const crypto = {
    token: 'evtoken',
    encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    receiveId: 'dingapp',
  };

  beforeEach(async () => {
    fake = await startFakeDingtalkDirectory();
    fake.departments.set(1, { id: 1, name: '总公司', parentId: 0 });
    fake.users.set('u1', { userid: 'u1', name: '甲', deptIds: [1] });
    const options = { clientId: 'dingapp', clientSecret: 'dingsecret', apiBase: fake.apiBase };
    await syncDirectory(env.deps, await dingtalkDirectory(options).snapshot());
    const adapter = dingtalkAdapter({
      chat: { engine: env.deps, defaultLocale: 'zh-CN' },
      ...options,
      robotCode: 'dingapp',
      clock: env.clock,
      events: { token: crypto.token, aesKey: crypto.encodingAesKey },
    });
    await listen(createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter] }));
    fake.calls.length = 0;
  });
  afterEach(() => fake.close());

  async function post(event: object) {
    const encrypted = encrypt(crypto, JSON.stringify(event), randomBytes(16));
    const ts = String(Math.floor(env.clock() / 1000));
    const sig = signature(crypto.token, ts, 'n1', encrypted);
    const res = await fetch(`${base}/dingtalk/events?msg_signature=${sig}&timestamp=${ts}&nonce=n1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt: encrypted }),
    });
    return { status: res.status, body: (await res.json()) as { encrypt?: string } };
  }
  /** The event is worked on after the answer: wait for the change (bounded; no time is asserted). */
  async function until(check: () => Promise<boolean>) {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await check()).toBe(true);
  }

  it('answers `success` encrypted, fetches the user an event names and adds them', async () => {
    fake.users.set('u2', { userid: 'u2', name: '乙', deptIds: [1] });
    const r = await post({ EventType: 'user_add_org', UserId: ['u2'], CorpId: 'ding1', TimeStamp: '1' });
    expect(r.status).toBe(200);
    expect(decrypt(crypto, r.body.encrypt ?? '')).toEqual({ ok: true, message: 'success' });
    await until(async () => (await on('dingtalk', 'u2')) !== null);
    expect(fake.calls).toEqual(['oauth2/accessToken', 'user/get', 'department/get']);
  });

  it('makes a leaver inactive, and refuses an event with a wrong signature', async () => {
    await post({ EventType: 'user_leave_org', UserId: ['u1'] });
    await until(async () => (await on('dingtalk', 'u1'))?.active === false);
    const encrypted = encrypt(
      crypto,
      JSON.stringify({ EventType: 'user_leave_org', UserId: ['u1'] }),
      randomBytes(16),
    );
    const res = await fetch(`${base}/dingtalk/events?msg_signature=bad&timestamp=1&nonce=n`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ encrypt: encrypted }),
    });
    expect(res.status).toBe(401);
  });
});

describe('DingTalk address-book events in Stream mode', () => {
  it('acknowledges an EVENT frame and makes the leaver it names inactive', async () => {
    const fake = await startFakeDingtalkDirectory();
    const gateway = await startFakeStreamGateway();
    fake.streamEndpoint = gateway.endpoint;
    fake.departments.set(1, { id: 1, name: '总公司', parentId: 0 });
    fake.users.set('u1', { userid: 'u1', name: '甲', deptIds: [1] });
    const options = { clientId: 'dingapp', clientSecret: 'dingsecret', apiBase: fake.apiBase };
    await syncDirectory(env.deps, await dingtalkDirectory(options).snapshot());
    const adapter = dingtalkAdapter({
      chat: { engine: env.deps, defaultLocale: 'zh-CN' },
      ...options,
      robotCode: 'dingapp',
      clock: env.clock,
      mode: 'stream',
    });
    try {
      await adapter.start();
      await gateway.connections(1);
      gateway.send({
        specVersion: '1.0',
        type: 'EVENT',
        headers: {
          messageId: 'ev-1',
          eventType: 'user_leave_org',
          topic: '*',
          contentType: 'application/json',
        },
        data: JSON.stringify({ userId: ['u1'], corpId: 'ding1' }),
      });
      expect((await gateway.replyTo('ev-1')).code).toBe(200);
      for (let i = 0; i < 200 && (await on('dingtalk', 'u1'))?.active !== false; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect((await on('dingtalk', 'u1'))!.active).toBe(false);
    } finally {
      await adapter.stop();
      await gateway.close();
      await fake.close();
    }
  });
});

describe('Slack team_join and user_change', () => {
  it('adds a member who joined and deactivates one who was deactivated, from the event alone', async () => {
    const handlers = new Map<string, (a: { event: { user: unknown } }) => Promise<void>>();
    const app = {
      event: (name: string, fn: (a: { event: { user: unknown } }) => Promise<void>) => handlers.set(name, fn),
    };
    registerDirectoryEvents(
      app as unknown as App,
      {
        chat: { engine: env.deps, defaultLocale: 'en' },
      } as unknown as SlackContext,
    );
    const user = { id: 'U9', name: 'nine', profile: { real_name: 'Nine', email: 'nine@example.com' } };
    await handlers.get('team_join')!({ event: { user } });
    expect(await on('slack', 'U9')).toMatchObject({ id: 'nine', name: 'Nine', active: true });
    await handlers.get('user_change')!({ event: { user: { ...user, deleted: true } } });
    expect((await on('slack', 'U9'))!.active).toBe(false);
  });
});
