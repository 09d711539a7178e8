// The DingTalk API client against the local fake: one token shared and refreshed, failures sorted for the
// outbox worker (wait / retry / never).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkApi, type DingtalkApi } from '../adapters/dingtalk/api.ts';
import { toDeliveryError } from '../adapters/dingtalk/http.ts';
import { DeliveryError } from '../src/conversation/delivery.ts';
import { startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { testClock, type TestClock } from './helpers.ts';

let fake: FakeDingtalk;
let clock: TestClock;
let api: DingtalkApi;
const send = () =>
  api.call('POST', '/v1.0/robot/groupMessages/send', {
    robotCode: 'ding-app',
    openConversationId: 'cid1',
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify({ title: 't', text: 't' }),
  });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => err as DeliveryError,
  );

describe('DingTalk API client', () => {
  beforeEach(async () => {
    fake = await startFakeDingtalk();
    clock = testClock();
    api = dingtalkApi({ clientId: 'ding-app', clientSecret: 'ding-secret', apiBase: fake.apiBase, clock });
  });
  afterEach(() => fake.close());

  it('fetches one token for many concurrent calls and sends it as x-acs-dingtalk-access-token', async () => {
    await Promise.all(Array.from({ length: 5 }, send));
    expect(fake.tokensIssued).toBe(1);
    expect(fake.calls.map((c) => c.token)).toEqual(Array(5).fill('tok-1'));
  });

  it('refreshes the token before it expires (7200 s), not after', async () => {
    await send();
    clock.advance(7200_000 - 6 * 60_000);
    await send();
    expect(fake.tokensIssued).toBe(1);
    clock.advance(2 * 60_000);
    await send();
    expect(fake.tokensIssued).toBe(2);
  });

  it('fetches a new token once when DingTalk refuses the cached one', async () => {
    await send();
    fake.revokeTokens();
    await send();
    expect(fake.tokensIssued).toBe(2);
    expect(fake.calls.map((c) => c.outcome)).toEqual(['ok', 'unauthorized', 'ok']);
  });

  it.each([
    [429, 'Throttling', 3, { retryAfterMs: 3000, rateLimited: true }],
    [403, 'Forbidden.AccessDenied.QpsLimitForApi', undefined, { retryAfterMs: 1000, rateLimited: true }],
    [
      403,
      'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      undefined,
      { retryAfterMs: 1000, rateLimited: true },
    ],
    [500, 'InternalError', undefined, {}],
    [503, 'ServiceUnavailable', undefined, {}],
    [400, 'invalidParameter', undefined, { permanent: true }],
  ] as const)(
    'maps HTTP %i %s to a DeliveryError the worker understands',
    async (status, code, retry, options) => {
      fake.failNext(1, status, code, retry);
      const err = await failure(send());
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err?.options).toEqual(options);
    },
  );

  it('treats a network failure as worth another try', async () => {
    await fake.close();
    const err = await failure(send());
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err?.options.permanent).toBeUndefined();
  });

  it('uploads media with the token in the query, and fetches a new token once on errcode 40014', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    expect(await api.upload('image', 'chart.png', 'image/png', png)).toBe('@media-1');
    fake.revokeTokens();
    expect(await api.upload('image', 'chart.png', 'image/png', png)).toBe('@media-2');
    expect(fake.tokensIssued).toBe(2);
    expect(fake.media.map((m) => m.bytes.length)).toEqual([4, 4]);
  });

  it("turns the old host's QPS errcode 90018 (HTTP 200) into a rate limit that uses no attempt", async () => {
    fake.uploadErrcodes.push(90018);
    const err = await failure(api.upload('file', 'a.pdf', 'application/pdf', new Uint8Array([1])));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err?.options).toEqual({ retryAfterMs: 1000, rateLimited: true });
    expect(err?.message).toContain('90018');
  });

  it.each([
    [200, { errcode: 88, errmsg: 'ding talk error', sub_code: '90018', sub_msg: '当前企业请求频率超过限制' }],
    [200, { errcode: 90002, errmsg: '服务器繁忙' }],
    [403, { status: 1111, wait: 5, punish: 'deny' }],
  ])('reads the other throttling answers (HTTP %i %j) as rate limits', (status, body) => {
    expect(toDeliveryError('/x', status, body).options.rateLimited).toBe(true);
  });
});
