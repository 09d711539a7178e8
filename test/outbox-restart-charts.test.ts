// A chart notice whose delivery fails half-way, then the process restarts (issue 19, items 6 and 14): a new app
// instance (new deliverers, nothing in memory) over the same SQLite file delivers it, over real HTTP to the strict
// fakes. The chart's bytes come from the database (the notice's card, card-json.ts), and what the failed try got
// done is in the delivery's progress: Slack does not share the chart twice, WeCom does not upload it twice (and
// the resent image, same media_id, is dropped by WeCom's duplicate check). The table goes as CSV and xlsx.
import { LogLevel } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackAdapter } from '../adapters/slack/index.ts';
import { wecomApi } from '../adapters/wecom/api.ts';
import { wecomDeliverer } from '../adapters/wecom/deliverer.ts';
import { storedResponseCodes } from '../adapters/wecom/response-codes.ts';
import type { Deliverer } from '../src/conversation/delivery.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import type { Card } from '../src/kernel/card.ts';
import { CARD_NOTICE, cardNoticeData } from '../src/kernel/card-json.ts';
import { csvBytes, distributionTable } from '../src/modules/analytics/charts/csv.ts';
import { SAMPLE_DISTRIBUTION } from '../src/modules/analytics/charts/fixtures.ts';
import { renderChart } from '../src/modules/analytics/charts/render.ts';
import { distributionSpec } from '../src/modules/analytics/charts/specs.ts';
import { notice } from '../src/modules/notice-data.ts';
import type { EngineDeps } from '../src/modules/deps.ts';
import type { Store } from '../src/modules/ports.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { readWorkbook } from './fixtures/workbook.ts';
import { MINUTE, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let slack: FakeSlack;
let wecom: FakeWecom;
let second: Store | undefined;

const table = distributionTable(SAMPLE_DISTRIBUTION);

beforeEach(async () => {
  env = testEnv({ start: '2026-11-10T02:00:00Z' });
  slack = await startFakeSlack();
  wecom = await startFakeWecom();
  second = undefined;
  await seedOrg(env, [], {
    people: [
      person('boss', {
        role: 'manager',
        name: '王强',
        identities: { slack: 'UBOSS', wecom: 'WangQiang' },
      }),
    ],
  });
});

afterEach(async () => {
  await second?.close();
  await slack.close();
  await wecom.close();
  await env.close();
});

/** One app instance's outbox deliverers: each call is a fresh process (nothing remembered in memory). */
function instance(engine: EngineDeps): {
  engine: EngineDeps;
  defaultLocale: 'zh-CN';
  deliverers: Deliverer[];
} {
  const { deliverer: slackDeliverer } = slackAdapter({
    chat: { engine, defaultLocale: 'zh-CN' },
    signingSecret: 's',
    botToken: 'xoxb-test',
    apiUrl: slack.apiUrl,
    logLevel: LogLevel.ERROR,
  });
  const api = wecomApi({ corpId: 'corp', secret: 'secret', agentId: 1, apiBase: wecom.apiBase });
  const wecomOne = wecomDeliverer({
    api,
    agentId: 1,
    codes: storedResponseCodes(engine.store, engine.clock),
    clock: engine.clock,
  });
  return { engine, defaultLocale: 'zh-CN', deliverers: [slackDeliverer, wecomOne] };
}

describe('a chart notice delivered after a restart', () => {
  it('is sent by a new instance from the database, without sharing or uploading the chart twice', async () => {
    const png = (await renderChart(distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN'))).png;
    const card: Card = {
      title: '线索分配 2026-11',
      level: 'info',
      body: '表格 distribution-2026-11 已导出,可用 Excel 或其他表格软件打开。',
      image: { png, alt: '线索分配 2026-11', reading: '29 条线索分给 3 名销售' },
      file: {
        name: 'distribution-2026-11.csv',
        mime: 'text/csv; charset=utf-8',
        bytes: csvBytes(table),
        table,
      },
    };
    await env.deps.store.transaction((tx) =>
      tx.outbox.enqueue(
        notice({ to: { kind: 'person', id: 'boss' }, template: CARD_NOTICE, data: cardNoticeData(card) }),
        env.clock(),
      ),
    );
    // First instance: Slack shares the chart and the table, then chat.postMessage fails; WeCom uploads the chart
    // and the table, then message/send fails (system busy).
    slack.failNext('chat.postMessage', { status: 500 });
    wecom.failNext('message/send', { errcode: -1 });
    const first = await deliverOutbox(instance(env.deps), { now: env.clock() });
    expect(first).toMatchObject({ dispatched: 1, sent: 0, retried: 2, parked: 0 });
    expect(slack.files.map((f) => f.filename)).toEqual([
      'chart.png',
      'distribution-2026-11.csv',
      'distribution-2026-11.xlsx',
    ]);
    expect(wecom.media.map((m) => m.filename)).toEqual([
      'chart.png',
      'distribution-2026-11.csv',
      'distribution-2026-11.xlsx',
    ]);

    // The process restarts: another connection to the same file, new deliverers with empty memories.
    second = await env.openAnother();
    env.clock.advance(5 * MINUTE);
    const restarted = await deliverOutbox(instance({ ...env.deps, store: second }), { now: env.clock() });
    expect(restarted).toMatchObject({ sent: 2, parked: 0 });

    // Slack: the card is posted once, the chart and table were not shared again.
    expect(slack.files).toHaveLength(3);
    expect(slack.ok('chat.postMessage')).toHaveLength(1);
    const { rows } = await readWorkbook(slack.files[2]?.bytes ?? new Uint8Array());
    expect(rows[0]).toEqual(table.header);
    expect(rows).toHaveLength(1 + table.rows.length);
    // WeCom: no second upload; the messages name the media uploaded before the restart.
    expect(wecom.media).toHaveLength(3);
    const sent = wecom.ok('message/send');
    expect(sent.map((b) => b.msgtype)).toEqual(['image', 'markdown', 'file', 'file']);
    expect(sent[0]).toMatchObject({ image: { media_id: 'media-1' } });
    expect(sent.slice(2).map((b) => (b.file as { media_id: string }).media_id)).toEqual([
      'media-2',
      'media-3',
    ]);
    // The chart's bytes the new instance sent are the ones drawn before the restart (kept in the database).
    expect(Buffer.compare(wecom.media[0]?.bytes ?? Buffer.alloc(0), Buffer.from(png))).toBe(0);
  });
});
