// A chart asked for in WeCom, over real HTTP: an encrypted, signed text callback `分配 2026-11` from a manager →
// the chart uploaded as image media and sent as an image message, then the card with its reading and CSV button;
// the table button's click → the CSV and its Excel workbook uploaded as file media and sent as file messages.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomAdapter, type WecomAdapter } from '../adapters/wecom/index.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { WECOM_APP, wecomCallbacks } from './fixtures/wecom-callback.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { readWorkbook } from './fixtures/workbook.ts';

let env: TestEnv;
let fake: FakeWecom;
let adapter: WecomAdapter;
let server: Server;
let base: string;

const callback = wecomCallbacks({
  base: () => base,
  clock: () => env.clock(),
  settled: () => adapter.settled(),
});

beforeEach(async () => {
  env = testEnv({ start: '2026-11-10T02:00:00Z' });
  fake = await startFakeWecom({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret });
  adapter = wecomAdapter({
    chat: { engine: env.deps, defaultLocale: 'zh-CN' },
    ...WECOM_APP,
    apiBase: fake.apiBase,
    clock: env.clock,
  });
  await seedOrg(env, [], {
    people: [
      person('boss', { role: 'manager', name: '王强', identities: { wecom: 'WangQiang' } }),
      person('li.min', { name: '李敏', identities: { wecom: 'LiMin' } }),
    ],
  });
  await submitLead(env.deps, { fields: leadFields(), via: 'api' });
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

describe('charts in WeCom', () => {
  it('sends a manager the chart as an image message, then the card with its reading and CSV button', async () => {
    const res = await callback({
      FromUserName: 'WangQiang',
      MsgType: 'text',
      Content: '分配 2026-11',
      MsgId: 'm1',
    });
    expect(res.status).toBe(200);
    expect(fake.media.map((m) => [m.type, m.filename])).toEqual([['image', 'chart.png']]);
    expect(fake.media[0]?.bytes.subarray(1, 4).toString()).toBe('PNG');
    const sent = fake.ok('message/send');
    expect(sent.map((b) => [b.touser, b.msgtype])).toEqual([
      ['WangQiang', 'image'],
      ['WangQiang', 'template_card'],
    ]);
    expect(sent[0]).toMatchObject({ image: { media_id: 'media-1' } });
    const card = JSON.stringify(sent[1]);
    expect(card).toContain('1 条线索分给 1 名销售');
    expect(card).toContain('chart.csv');
  });

  it('answers the table button with the CSV and an Excel workbook of the same rows, as two file messages', async () => {
    const res = await callback({
      FromUserName: 'WangQiang',
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: 'chart.csv:distribution 2026-11',
      TaskId: 'll-x',
      CardType: 'button_interaction',
      ResponseCode: fake.issueCode(),
    });
    expect(res.status).toBe(200);
    expect(fake.media.map((m) => [m.type, m.filename, m.bytes.subarray(0, 3).toString('hex')])).toEqual([
      ['file', 'distribution-2026-11.csv', 'efbbbf'],
      ['file', 'distribution-2026-11.xlsx', '504b03'],
    ]);
    expect(fake.ok('message/send').map((b) => b.msgtype)).toEqual(['markdown', 'file', 'file']);
    const { name, rows } = await readWorkbook(fake.media[1]?.bytes ?? new Uint8Array());
    expect(name).toBe('distribution-2026-11');
    expect(rows[0]?.slice(0, 4)).toEqual(['销售编号', '姓名', '团队', '收到线索']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([['li.min', '李敏', 1]]);
  });

  it('gives the workbook for `分配 2026-11 xlsx` typed', async () => {
    await callback({ FromUserName: 'WangQiang', MsgType: 'text', Content: '分配 2026-11 xlsx', MsgId: 'm2' });
    expect(fake.media.map((m) => m.filename)).toEqual([
      'distribution-2026-11.csv',
      'distribution-2026-11.xlsx',
    ]);
    const { rows } = await readWorkbook(fake.media[1]?.bytes ?? new Uint8Array());
    expect(rows[1]?.slice(0, 2)).toEqual(['li.min', '李敏']);
  });
});
