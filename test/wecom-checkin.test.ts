// A WeCom location message reaches the check-in (F28): encrypted, signed callbacks over real HTTP, a local fake of
// WeCom's API. The periodic LOCATION event is not taken (nothing tracks a rep).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomAdapter, type WecomAdapter } from '../adapters/wecom/index.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { WECOM_APP, wecomCallbacks } from './fixtures/wecom-callback.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeWecom;
let adapter: WecomAdapter;
let server: Server;
let base: string;
let seq = 0;

const limin = person('li.min', { name: '李敏', locale: 'zh-CN', identities: { wecom: 'LiMin' } });

const callback = wecomCallbacks({
  base: () => base,
  clock: () => env.clock(),
  settled: () => adapter.settled(),
});

const text = (content: string, msgId = String(++seq)) =>
  callback({ FromUserName: 'LiMin', MsgType: 'text', Content: content, MsgId: msgId });

describe('WeCom check-in', () => {
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
    const teams = [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: { wecom: 'wrEAST' } }];
    await seedOrg(env, [limin], { teams });
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
    await env.close();
  });

  it('a location message then `签到 LEAD` checks in with the place in GCJ-02; a LOCATION event is ignored', async () => {
    const r = await submitLead(env.deps, { fields: leadFields({ company: '全家便利店' }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a new lead');
    expect(await claimLead(env.deps, { personId: 'li.min', leadId: r.lead.id })).toMatchObject({
      kind: 'claimed',
    });
    // The app's periodic location report: not a check-in, nothing kept, nothing answered.
    await callback({
      FromUserName: 'LiMin',
      MsgType: 'event',
      Event: 'LOCATION',
      Latitude: '31.2304',
      Longitude: '121.4737',
      Precision: '30',
    });
    expect(fake.ok('message/send')).toEqual([]);
    await callback({
      FromUserName: 'LiMin',
      MsgType: 'location',
      Location_X: '31.2304',
      Location_Y: '121.4737',
      Scale: '15',
      Label: '上海市徐汇区',
      MsgId: '9001',
    });
    expect(JSON.stringify(fake.ok('message/send'))).toContain('已收到你的位置');
    await text(`签到 ${r.lead.id}`);
    expect(JSON.stringify(fake.ok('message/send'))).toContain(`已在 #${r.lead.id} 全家便利店 签到`);
    // Stored in GCJ-02 as WeCom sent it; not yet the customer's address (the rep confirms that, issue 20).
    const checkIns = await env.deps.store.transaction((tx) =>
      tx.reports.checkIns('li.min', 0, env.clock() + 1),
    );
    expect(checkIns.map((c) => c.place)).toEqual([{ lat: 31.2304, lng: 121.4737, datum: 'GCJ02' }]);
    expect(await env.deps.store.transaction((tx) => tx.reports.customerPlace(r.lead.id))).toBeNull();
  });
});
