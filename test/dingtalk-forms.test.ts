// DingTalk has no modals either: a reply that opens a form (新线索) arrives as a message with a link to the signed
// mobile page; the page is filled in over real HTTP, and the answer goes back to the person on DingTalk through
// the outbox. Signed robot callbacks, a local fake of DingTalk's API, a fresh SQLite file.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkAdapter, type DingtalkAdapter } from '../adapters/dingtalk/index.ts';
import { signDingtalkCallback } from '../adapters/dingtalk/verify.ts';
import { mobileFormsAdapter } from '../adapters/mobile-forms/index.ts';
import { formSecret } from '../adapters/mobile-forms/token.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const SECRET = 'ding-secret';
const alice = person('alice', { name: '艾丽', locale: 'zh-CN', identities: { dingtalk: '0211' } });

let env: TestEnv;
let fake: FakeDingtalk;
let server: Server;
let base: string;
let adapter: DingtalkAdapter;

let signed = 0;
/** Each message signed a millisecond apart: a timestamp + sign pair is accepted with one body only. */
function say(text: string, msgId: string) {
  signed += 1;
  const timestamp = String(env.clock() - signed);
  return fetch(`${base}/dingtalk/callback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', timestamp, sign: signDingtalkCallback(SECRET, timestamp) },
    body: JSON.stringify({
      msgId,
      msgtype: 'text',
      text: { content: text },
      conversationType: '1',
      conversationId: 'cidSINGLE',
      senderStaffId: '0211',
      senderNick: 'Alice',
      robotCode: 'ding-app',
    }),
  });
}

describe('DingTalk forms as signed mobile pages', () => {
  beforeEach(async () => {
    env = testEnv();
    fake = await startFakeDingtalk();
    server = await new Promise<Server>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const forms = mobileFormsAdapter({
      chat,
      publicUrl: base,
      secret: formSecret(null, SECRET),
      clock: env.clock,
    });
    adapter = dingtalkAdapter({
      chat,
      clientId: 'ding-app',
      clientSecret: SECRET,
      robotCode: 'ding-app',
      apiBase: fake.apiBase,
      clock: env.clock,
      forms,
    });
    server.on('request', createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter, forms] }));
    await seedOrg(env, [alice]);
  });

  afterEach(async () => {
    await adapter.stop(); // its sweep of kept messages
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
    await env.close();
  });

  it('answers 新线索 with a link to the signed page, whose submission creates the lead and answers on DingTalk', async () => {
    expect((await say('新线索', 'm1')).status).toBe(200);
    const text = fake.messages.at(-1)?.msgParam.text ?? '';
    const link = /\[([^\]]+)\]\((http:\/\/127\.0\.0\.1:\d+\/m\/form\/[^)\s]+)\)/.exec(text);
    expect(link?.[1]).toBe(t('zh-CN', 'mform.open'));
    const url = link?.[2] as string;

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`>${t('zh-CN', 'field.company')}`);

    const done = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ company: '钉钉测试公司', source: 'chat', campaign: 'C-1' }).toString(),
    });
    expect(done.status).toBe(200);
    const created = await env.deps.store.transaction((tx) => tx.leads.get(1));
    expect(created).toMatchObject({ company: '钉钉测试公司' });

    fake.messages.length = 0;
    const worker = { engine: env.deps, defaultLocale: 'zh-CN' as const, deliverers: [adapter.deliverer] };
    for (let i = 0; i < 10; i++) {
      const r = await deliverOutbox(worker, { now: env.clock() });
      if (r.dispatched + r.sent === 0) break;
      env.clock.advance(1000);
    }
    expect(fake.messages.map((m) => m.to)).toEqual(['0211']);
    expect(fake.messages[0]?.msgParam.text).toContain('#1');
  });
});
