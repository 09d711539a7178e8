// WeCom's response_codes (each updates a card once, within 72 h: path/94945), as the store keeps them on SQLite
// and PostgreSQL, and as the deliverer spends them against the strict fake over real HTTP.
import { beforeEach, describe, expect, it } from 'vitest';
import { wecomApi } from '../adapters/wecom/api.ts';
import { wecomDeliverer } from '../adapters/wecom/deliverer.ts';
import { memoryResponseCodes, RESPONSE_CODE_TTL_MS } from '../adapters/wecom/response-codes.ts';
import type { Card } from '../src/kernel/card.ts';
import { t } from '../src/modules/i18n.ts';
import { startFakeWecom } from './fixtures/fake-wecom.ts';
import { DATABASES, testClock, useTestEnv, type TestEnv } from './helpers.ts';

const HOUR = 3_600_000;

describe.each(DATABASES)('response codes kept on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  beforeEach(() => {
    env = current();
  });

  const post = () =>
    env.deps.store.transaction((tx) =>
      tx.deliveries.add(
        {
          noticeId: 1,
          platform: 'wecom',
          address: { kind: 'user', id: 'LiMin' },
          recipient: { kind: 'person', id: 'li.min' },
          leadId: null,
          action: 'post',
          targetId: null,
        },
        0,
      ),
    );

  it('hands out the oldest valid code once, drops expired ones, and keeps codes added by two callers', async () => {
    const id = await post();
    const now = 100 * HOUR;
    await Promise.all([
      env.deps.store.transaction((tx) => tx.deliveries.addResponseCode(id, 'stale', now - 73 * HOUR)),
      env.deps.store.transaction((tx) => tx.deliveries.addResponseCode(id, 'click', now - HOUR)),
      env.deps.store.transaction((tx) => tx.deliveries.addResponseCode(id, 'send', now - 2 * HOUR)),
    ]);
    const take = () =>
      env.deps.store.transaction((tx) => tx.deliveries.takeResponseCode(id, now - RESPONSE_CODE_TTL_MS));
    expect(await take()).toEqual({ code: 'send', issuedAt: now - 2 * HOUR });
    expect((await take())?.code).toBe('click');
    expect(await take()).toBeNull();
    await env.deps.store.transaction((tx) => tx.deliveries.setRef(id, 'u|LiMin|ll-d1-u2|'));
    expect((await env.deps.store.transaction((tx) => tx.deliveries.get(id)))?.platformRef).toBe(
      'u|LiMin|ll-d1-u2|',
    );
  });
});

describe('the WeCom deliverer spending codes', () => {
  const card: Card = {
    title: 'Lead #1 Acme',
    level: 'info',
    body: 'offered',
    actions: [{ id: 'lead.claim', label: 'Claim', value: '1' }],
  };
  const meta = (deliveryId: number) => ({ deliveryId, locale: 'en' as const });
  const to = { kind: 'user' as const, id: 'LiMin' };

  async function setup() {
    const clock = testClock();
    const fake = await startFakeWecom({ clock });
    const api = wecomApi({ corpId: 'c', secret: 's', agentId: 1, apiBase: fake.apiBase, clock });
    const deliverer = wecomDeliverer({ api, agentId: 1, codes: memoryResponseCodes(clock) });
    return { clock, fake, deliverer };
  }

  it('updates with the send’s code once, then sends a fresh card saying the old one is out of date', async () => {
    const { fake, deliverer } = await setup();
    try {
      const ref = await deliverer.send(to, card, meta(1));
      expect(await deliverer.update(ref, to, { ...card, body: 'claimed' }, meta(2))).toBeUndefined();
      const fresh = await deliverer.update(ref, to, { ...card, body: 'released' }, meta(3));
      expect(fresh).toBe('u|LiMin|ll-d1-u3|');
      const last = fake.ok('message/send').at(-1);
      expect(JSON.stringify(last)).toContain(t('en', 'card.replaced').slice(0, 30));
      expect(fake.calls.filter((c) => c.outcome !== 0)).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it('does not spend a code past 72 hours, and puts a code back when WeCom only failed to answer', async () => {
    const { clock, fake, deliverer } = await setup();
    try {
      const ref = await deliverer.send(to, card, meta(1));
      fake.failNext('message/update_template_card', { status: 502 });
      await expect(deliverer.update(ref, to, card, meta(2))).rejects.toThrow(/502/);
      expect(await deliverer.update(ref, to, card, meta(2))).toBeUndefined();
      expect(fake.calls.map((c) => [c.method, c.body.response_code, c.outcome]).slice(-2)).toEqual([
        ['message/update_template_card', 'rc-1', 502],
        ['message/update_template_card', 'rc-1', 0],
      ]);

      const second = await deliverer.send(to, card, meta(4));
      clock.advance(73 * HOUR);
      expect(await deliverer.update(second, to, card, meta(5))).toBe('u|LiMin|ll-d4-u5|');
      expect(fake.calls.filter((c) => c.outcome !== 0 && c.outcome !== 502)).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
