// Charts and CSV files through each messenger's deliverer, over real HTTP to the local fakes of their APIs: the
// fake records the upload (the exact bytes) and the messages that show it, in order.
import { LogLevel } from '@slack/bolt';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkApi } from '../adapters/dingtalk/api.ts';
import { dingtalkDeliverer, dingtalkSender } from '../adapters/dingtalk/deliverer.ts';
import { slackAdapter } from '../adapters/slack/index.ts';
import { wecomApi } from '../adapters/wecom/api.ts';
import { wecomDeliverer } from '../adapters/wecom/deliverer.ts';
import { memoryResponseCodes } from '../adapters/wecom/response-codes.ts';
import { csvBytes, distributionTable } from '../src/modules/analytics/charts/csv.ts';
import { SAMPLE_DISTRIBUTION } from '../src/modules/analytics/charts/fixtures.ts';
import { distributionReading } from '../src/modules/analytics/charts/readings.ts';
import { renderChart } from '../src/modules/analytics/charts/render.ts';
import { distributionSpec } from '../src/modules/analytics/charts/specs.ts';
import type { Card } from '../src/kernel/card.ts';
import { startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { readWorkbook } from './fixtures/workbook.ts';
import { XLSX_MIME } from '../src/modules/analytics/charts/xlsx.ts';
import { testClock, testEnv, type TestEnv } from './helpers.ts';

let png: Uint8Array;
let chartCard: Card;
let csvCard: Card;
const table = distributionTable(SAMPLE_DISTRIBUTION);
const csv = csvBytes(table);
const meta = (deliveryId: number) => ({ deliveryId, locale: 'zh-CN' as const });

beforeAll(async () => {
  png = (await renderChart(distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN'))).png;
  chartCard = {
    title: '线索分配 2026-11',
    level: 'info',
    image: { png, alt: '线索分配 2026-11', reading: distributionReading(SAMPLE_DISTRIBUTION, 'zh-CN') },
    actions: [{ id: 'chart.csv', label: 'Excel / CSV', value: 'distribution 2026-11' }],
  };
  csvCard = {
    title: '表格导出',
    level: 'info',
    body: '表格 distribution-2026-11 已导出,可用 Excel 或其他表格软件打开。',
    file: { name: 'distribution-2026-11.csv', mime: 'text/csv; charset=utf-8', bytes: csv, table },
  };
});

/** The rows of the first sheet of a workbook, as exceljs reads them back. */
async function sheetRows(bytes: Uint8Array): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('Slack', () => {
  let fake: FakeSlack;
  let env: TestEnv;
  beforeAll(async () => {
    fake = await startFakeSlack();
    env = testEnv();
  });
  afterAll(async () => {
    await fake.close();
    await env.close();
  });

  it('uploads the chart (getUploadURLExternal → upload → completeUploadExternal) before the card', async () => {
    const { deliverer } = slackAdapter({
      chat: { engine: env.deps, defaultLocale: 'zh-CN' },
      signingSecret: 's',
      botToken: 'xoxb-test',
      apiUrl: fake.apiUrl,
      logLevel: LogLevel.ERROR,
    });
    const ref = await deliverer.send({ kind: 'user', id: 'UBOSS' }, chartCard, meta(1));
    await deliverer.send({ kind: 'channel', id: 'CTEAM' }, csvCard, meta(2));
    expect(fake.files).toHaveLength(3);
    const [chart, file, workbook] = fake.files;
    expect(chart).toMatchObject({
      filename: 'chart.png',
      channel: 'DUBOSS',
      altText: '线索分配 2026-11',
      initialComment: `*线索分配 2026-11*\n${chartCard.image?.reading ?? ''}`,
    });
    expect(Buffer.compare(chart?.bytes ?? Buffer.alloc(0), Buffer.from(png))).toBe(0);
    expect(file).toMatchObject({ filename: 'distribution-2026-11.csv', channel: 'CTEAM' });
    expect([...(file?.bytes.subarray(0, 3) ?? [])]).toEqual([0xef, 0xbb, 0xbf]);
    // The table's workbook is shared with the CSV, in the same completeUploadExternal (one message, both files).
    expect(workbook).toMatchObject({ filename: 'distribution-2026-11.xlsx', channel: 'CTEAM' });
    const completes = fake.ok('files.completeUploadExternal') as Array<{ files: unknown[] }>;
    expect(completes.map((c) => c.files.length)).toEqual([1, 2]);
    const { rows } = await readWorkbook(workbook?.bytes ?? new Uint8Array());
    expect(rows[0]).toEqual(table.header);
    expect(rows[1]?.slice(0, 5)).toEqual(['li.min', '李敏', 'east-1', 14, 12.5]);
    expect(rows).toHaveLength(1 + SAMPLE_DISTRIBUTION.rows.length);
    // The card follows with its reading and the CSV button; its ts is what later updates refer to.
    const posted = fake.ok('chat.postMessage')[0] as { blocks: unknown[] };
    expect(JSON.stringify(posted.blocks)).toContain('chart.csv');
    expect(JSON.stringify(posted.blocks)).toContain('29 条线索分给 3 名销售');
    expect(ref).toBe(`DUBOSS:${fake.messages[0]?.ts ?? ''}`);
    const order = fake.calls.filter((c) => c.outcome === 'ok').map((c) => c.method);
    expect(order.indexOf('files.completeUploadExternal')).toBeLessThan(order.indexOf('chat.postMessage'));
  });
});

describe('WeCom', () => {
  let fake: FakeWecom;
  beforeAll(async () => {
    fake = await startFakeWecom();
  });
  afterAll(() => fake.close());

  it('uploads the chart as image media and sends an image message, then the card; a table as CSV and xlsx files', async () => {
    const api = wecomApi({ corpId: 'corp', secret: 'secret', agentId: 1000002, apiBase: fake.apiBase });
    const deliverer = wecomDeliverer({ api, agentId: 1000002, codes: memoryResponseCodes() });
    // appchat/send reaches only a chat the app created (the fake is as strict).
    await api.post('appchat/create', {
      chatid: 'wrTeam',
      owner: 'WangQiang',
      userlist: ['WangQiang', 'LiMin'],
    });
    fake.reset();
    await deliverer.send({ kind: 'user', id: 'WangQiang' }, chartCard, meta(1));
    await deliverer.send({ kind: 'channel', id: 'wrTeam' }, csvCard, meta(2));
    expect(fake.media.map((m) => [m.type, m.filename, m.mime])).toEqual([
      ['image', 'chart.png', 'image/png'],
      ['file', 'distribution-2026-11.csv', 'text/csv; charset=utf-8'],
      ['file', 'distribution-2026-11.xlsx', XLSX_MIME],
    ]);
    expect(Buffer.compare(fake.media[0]?.bytes ?? Buffer.alloc(0), Buffer.from(png))).toBe(0);
    expect(Buffer.compare(fake.media[1]?.bytes ?? Buffer.alloc(0), Buffer.from(csv))).toBe(0);
    const sends = fake.calls.filter((c) => c.outcome === 0 && c.method !== 'media/upload');
    expect(sends.map((c) => [c.method, c.body.msgtype])).toEqual([
      ['message/send', 'image'],
      ['message/send', 'template_card'],
      ['appchat/send', 'markdown'],
      ['appchat/send', 'file'],
      ['appchat/send', 'file'],
    ]);
    expect(sends[0]?.body).toMatchObject({ touser: 'WangQiang', image: { media_id: 'media-1' } });
    expect(sends[3]?.body).toMatchObject({ chatid: 'wrTeam', file: { media_id: 'media-2' } });
    expect(sends[4]?.body).toMatchObject({ chatid: 'wrTeam', file: { media_id: 'media-3' } });
    const { rows } = await readWorkbook(fake.media[2]?.bytes ?? new Uint8Array());
    expect(rows[0]).toEqual(table.header);
    expect(rows).toHaveLength(1 + SAMPLE_DISTRIBUTION.rows.length);
    expect(JSON.stringify(sends[1]?.body)).toContain('29 条线索分给 3 名销售');
  });
});

describe('WeCom group chats', () => {
  let fake: FakeWecom;
  beforeAll(async () => {
    fake = await startFakeWecom();
  });
  afterAll(() => fake.close());

  it('on a retry, sends a group only the messages the failed try did not (appchat/send has no duplicate check)', async () => {
    const api = wecomApi({ corpId: 'corp', secret: 'secret', agentId: 1000002, apiBase: fake.apiBase });
    await api.post('appchat/create', {
      chatid: 'wrTeam',
      owner: 'WangQiang',
      userlist: ['WangQiang', 'LiMin'],
    });
    fake.reset();
    // The delivery's progress as the outbox worker keeps it; the card's message fails after the chart's went out.
    const done: Record<string, unknown> = {};
    const progress = {
      done,
      save(step: string, value: unknown) {
        done[step] = value;
        if (step === 'wecom.groupSent' && value === 1) fake.failNext('appchat/send', { errcode: -1 });
        return Promise.resolve();
      },
    };
    const full: Card = { ...chartCard, body: csvCard.body ?? '', file: csvCard.file! };
    const first = wecomDeliverer({ api, agentId: 1000002, codes: memoryResponseCodes() });
    const to = { kind: 'channel' as const, id: 'wrTeam' };
    await expect(first.send(to, full, { ...meta(8), progress })).rejects.toThrow();
    expect(fake.ok('appchat/send').map((b) => b.msgtype)).toEqual(['image']);
    const again = wecomDeliverer({ api, agentId: 1000002, codes: memoryResponseCodes() });
    await again.send(to, full, { ...meta(8), progress });
    expect(fake.ok('appchat/send').map((b) => b.msgtype)).toEqual(['image', 'markdown', 'file', 'file']);
    // And no media uploaded twice: the chart and both table files once each.
    expect(fake.media.map((m) => m.filename)).toEqual([
      'chart.png',
      'distribution-2026-11.csv',
      'distribution-2026-11.xlsx',
    ]);
  });
});

describe('DingTalk', () => {
  let fake: FakeDingtalk;
  beforeAll(async () => {
    fake = await startFakeDingtalk();
  });
  afterAll(() => fake.close());

  it('uploads media, sends sampleImageMsg with the media id, then the card; the table as an xlsx sampleFile', async () => {
    const api = dingtalkApi({
      clientId: 'ding-app',
      clientSecret: 'ding-secret',
      apiBase: fake.apiBase,
      clock: testClock(),
    });
    const deliverer = dingtalkDeliverer(dingtalkSender(api, { robotCode: 'ding-app' }));
    await deliverer.send({ kind: 'user', id: 'staff-boss' }, chartCard, meta(1));
    await deliverer.send({ kind: 'channel', id: 'cidTeam1==' }, csvCard, meta(2));
    expect(fake.media.map((m) => [m.type, m.filename])).toEqual([
      ['image', 'chart.png'],
      ['file', 'distribution-2026-11.xlsx'],
    ]);
    expect(Buffer.compare(fake.media[0]?.bytes ?? Buffer.alloc(0), Buffer.from(png))).toBe(0);
    expect(fake.messages.map((m) => [m.kind, m.to, m.msgKey])).toEqual([
      ['o2o', 'staff-boss', 'sampleImageMsg'],
      ['o2o', 'staff-boss', 'sampleMarkdown'],
      ['group', 'cidTeam1==', 'sampleMarkdown'],
      ['group', 'cidTeam1==', 'sampleFile'],
    ]);
    expect(fake.messages[0]?.msgParam).toEqual({ photoURL: '@media-1' });
    // DingTalk's sampleFile takes no CSV: the same rows go as a workbook, which the (strict) fake accepted.
    expect(fake.refused).toEqual([]);
    expect(fake.messages[3]?.msgParam).toEqual({
      mediaId: '@media-2',
      fileName: 'distribution-2026-11.xlsx',
      fileType: 'xlsx',
    });
    expect(fake.media[1]?.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await sheetRows(fake.media[1]?.bytes ?? new Uint8Array());
    expect(rows[0]?.slice(0, 4)).toEqual(['rep', 'name', 'team', 'received']);
    // Numbers stay numbers in the workbook (a spreadsheet can sum them).
    expect(rows[1]?.slice(0, 5)).toEqual(['li.min', '李敏', 'east-1', 14, 12.5]);
    expect(rows).toHaveLength(1 + SAMPLE_DISTRIBUTION.rows.length);
    // Without an interactive card template the CSV button becomes the command that does the same.
    expect(fake.messages[1]?.msgParam.text).toContain('`distribution 2026-11 csv`');
  });

  it('on a retry, sends only what the failed try did not: the chart and the card are in its progress', async () => {
    const api = dingtalkApi({
      clientId: 'ding-app',
      clientSecret: 'ding-secret',
      apiBase: fake.apiBase,
      clock: testClock(),
    });
    fake.reset();
    // The delivery's progress as the outbox worker keeps it; the file's message fails once the card is out.
    const done: Record<string, unknown> = {};
    const progress = {
      done,
      save(step: string, value: unknown) {
        done[step] = value;
        if (step === 'dingtalk.card') fake.failNext(1, 503, 'ServiceUnavailable');
        return Promise.resolve();
      },
    };
    const full: Card = { ...chartCard, body: csvCard.body ?? '', file: csvCard.file! };
    const images = () => fake.media.filter((m) => m.type === 'image').length;
    const imagesBefore = images();
    const first = dingtalkDeliverer(dingtalkSender(api, { robotCode: 'ding-app' }));
    await expect(
      first.send({ kind: 'user', id: 'staff-boss' }, full, { ...meta(7), progress }),
    ).rejects.toThrow();
    expect(fake.messages.map((m) => m.msgKey)).toEqual(['sampleImageMsg', 'sampleMarkdown']);
    // A new deliverer (a restarted process) with the same progress: the file alone goes out.
    const again = dingtalkDeliverer(dingtalkSender(api, { robotCode: 'ding-app' }));
    const ref = await again.send({ kind: 'user', id: 'staff-boss' }, full, { ...meta(7), progress });
    expect(ref).toBe(done['dingtalk.card']);
    expect(fake.messages.map((m) => m.msgKey)).toEqual(['sampleImageMsg', 'sampleMarkdown', 'sampleFile']);
    expect(images()).toBe(imagesBefore + 1);
  });

  it('refuses a CSV file with no rows behind it instead of sending a file DingTalk would refuse', async () => {
    const api = dingtalkApi({
      clientId: 'ding-app',
      clientSecret: 'ding-secret',
      apiBase: fake.apiBase,
      clock: testClock(),
    });
    const deliverer = dingtalkDeliverer(dingtalkSender(api, { robotCode: 'ding-app' }));
    fake.reset();
    const bare: Card = { ...csvCard, file: { name: 'notes.csv', mime: 'text/csv', bytes: csv } };
    await expect(deliverer.send({ kind: 'user', id: 'staff-boss' }, bare, meta(3))).rejects.toMatchObject({
      message: expect.stringContaining('notes.csv') as unknown,
      options: { permanent: true },
    });
    // Nothing half-sent: the card did not go out without its file.
    expect(fake.messages).toEqual([]);
  });
});
