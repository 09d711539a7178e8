// A chart through the outbox: a ready-made card notice (template `card`) with its PNG and CSV inline, fanned out
// by the worker to the playground (kept with the delivery, shown in the inbox) and to WeCom (uploaded, sent).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomApi } from '../adapters/wecom/api.ts';
import { wecomDeliverer } from '../adapters/wecom/deliverer.ts';
import { storedResponseCodes } from '../adapters/wecom/response-codes.ts';
import { playgroundInbox } from '../src/conversation/inbox.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { renderChart } from '../src/modules/analytics/charts/render.ts';
import { SAMPLE_DISTRIBUTION } from '../src/modules/analytics/charts/fixtures.ts';
import { distributionSpec } from '../src/modules/analytics/charts/specs.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import type { Card } from '../src/kernel/card.ts';
import { CARD_NOTICE, cardNoticeData } from '../src/kernel/card-json.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { notice } from '../src/modules/notice-data.ts';

let env: TestEnv;
let fake: FakeWecom;

beforeEach(async () => {
  env = testEnv();
  fake = await startFakeWecom();
  await seedOrg(env, [], {
    people: [person('boss', { role: 'manager', name: '王强', identities: { wecom: 'WangQiang' } })],
  });
});

afterEach(async () => {
  await fake.close();
  await env.close();
});

describe('a chart notice in the outbox', () => {
  it('reaches the playground inbox with its PNG and WeCom as an uploaded image', async () => {
    const png = (await renderChart(distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN'))).png;
    const card: Card = {
      title: '线索分配 2026-11',
      level: 'info',
      image: { png, alt: '线索分配 2026-11', reading: '29 条线索分给 3 名销售' },
    };
    await env.deps.store.transaction((tx) =>
      tx.outbox.enqueue(
        notice({ to: { kind: 'person', id: 'boss' }, template: CARD_NOTICE, data: cardNoticeData(card) }),
        0,
      ),
    );
    const api = wecomApi({ corpId: 'corp', secret: 'secret', agentId: 1, apiBase: fake.apiBase });
    const deps = {
      engine: env.deps,
      defaultLocale: 'zh-CN' as const,
      deliverers: [
        playgroundDeliverer,
        wecomDeliverer({ api, agentId: 1, codes: storedResponseCodes(env.deps.store, env.clock) }),
      ],
    };
    const result = await deliverOutbox(deps, { now: env.clock() });
    expect(result).toMatchObject({ dispatched: 1, sent: 2, parked: 0 });

    const inbox = await playgroundInbox({ engine: env.deps, defaultLocale: 'zh-CN' }, 'boss');
    const shown = inbox?.[0]?.card;
    expect(shown?.image?.reading).toBe('29 条线索分给 3 名销售');
    expect(Buffer.compare(Buffer.from(shown?.image?.png ?? []), Buffer.from(png))).toBe(0);

    expect(fake.media).toHaveLength(1);
    expect(Buffer.compare(fake.media[0]?.bytes ?? Buffer.alloc(0), Buffer.from(png))).toBe(0);
    expect(fake.ok('message/send').map((b) => b.msgtype)).toEqual(['image', 'markdown']);
  });
});
