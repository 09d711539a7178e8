// WeCom's one HTTP client (adapters/wecom/http.ts through api.ts), over real HTTP to the fake: the token added
// and refreshed once, WeCom's errcode and errmsg on every failure, rate limits marked, a hung call given up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomApi, type WecomApi } from '../adapters/wecom/api.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { testClock } from './helpers.ts';

let fake: FakeWecom;
let api: WecomApi;
const clock = testClock();
const limin = { kind: 'user', id: 'LiMin' } as const;
const text = [{ msgtype: 'text', text: { content: 'hi' } }];

beforeEach(async () => {
  fake = await startFakeWecom({ corpId: 'corp', secret: 'secret', clock });
  api = wecomApi({
    corpId: 'corp',
    secret: 'secret',
    agentId: 7,
    apiBase: fake.apiBase,
    clock,
    timeoutMs: 300,
  });
});
afterEach(() => fake.close());

describe('the WeCom HTTP client', () => {
  it.each([40001, 40014, 41001, 42001])(
    'answers errcode %i with one fresh token and the same call again',
    async (errcode) => {
      await api.send(limin, text);
      fake.failNext('message/send', { errcode });
      await api.send(limin, text);
      expect(fake.tokenFetches).toBe(2);
      expect(fake.ok('message/send')).toHaveLength(2);
      expect(fake.calls.map((c) => c.outcome)).toEqual([0, errcode, 0]);
    },
  );

  it('uploads media again with a fresh token when the old one expired, and downloads a member’s file', async () => {
    await api.send(limin, text);
    fake.expireTokens();
    // A PNG's signature: over WeCom's 5-byte minimum and recognisably a PNG (the fake is as strict as media/upload).
    const png = [137, 80, 78, 71, 13, 10, 26, 10];
    const id = await api.upload('image', 'chart.png', 'image/png', new Uint8Array(png));
    expect(fake.media.find((m) => m.mediaId === id)).toMatchObject({
      filename: 'chart.png',
      mime: 'image/png',
    });
    expect([...(fake.media.find((m) => m.mediaId === id)?.bytes ?? [])]).toEqual(png);
    expect(fake.tokenFetches).toBe(2);
    fake.hostMedia('M1', new Uint8Array([1, 2, 3]), 'image/jpeg', 'photo.jpg');
    expect(await api.media('M1', 100)).toMatchObject({ mime: 'image/jpeg', name: 'photo.jpg' });
    await expect(api.media('M1', 2)).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    await expect(api.media('nope', 100)).rejects.toMatchObject({
      code: 'ERRCODE',
      details: { errcode: 40007 },
    });
  });

  it('refuses media as WeCom does: 5 bytes or fewer, an image that is no PNG or JPG', async () => {
    await expect(api.upload('file', 'a.csv', 'text/csv', new Uint8Array(5))).rejects.toMatchObject({
      details: { errcode: 40006 },
    });
    await expect(
      api.upload('image', 'chart.png', 'image/png', new Uint8Array(Buffer.from('GIF89a-not-a-png'))),
    ).rejects.toMatchObject({ details: { errcode: 40005 } });
    expect(fake.media).toEqual([]);
  });

  it('refreshes once only: a token refused twice is an error with WeCom’s own words', async () => {
    fake.failNext('message/send', { errcode: 42001 });
    fake.failNext('message/send', { errcode: 42001 });
    await expect(api.send(limin, text)).rejects.toMatchObject({
      code: 'ERRCODE',
      details: { errcode: 42001, errmsg: 'injected failure' },
      rateLimited: false,
    });
    expect(fake.tokenFetches).toBe(2);
  });

  it('gives concurrent calls refused for one token a single refresh', async () => {
    await api.send(limin, text);
    fake.expireTokens();
    await Promise.all([
      api.send(limin, text),
      api.send({ kind: 'user', id: 'Boss' }, text),
      api.post('appchat/create', { userlist: ['a', 'b'] }),
    ]);
    expect(fake.tokenFetches).toBe(2);
  });

  it('maps errcodes, HTTP statuses and a hung call to WecomApiError; rate limits are marked', async () => {
    fake.failNext('message/send', { errcode: 45033 });
    await expect(api.send(limin, text)).rejects.toMatchObject({
      code: 'ERRCODE',
      details: { errcode: 45033 },
      rateLimited: true,
      retryAfterMs: 1000,
    });
    fake.failNext('message/send', { status: 502 });
    await expect(api.send(limin, text)).rejects.toMatchObject({ code: 'HTTP', details: { status: 502 } });
    fake.hangNext('message/send');
    await expect(api.send(limin, text)).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('sends messages only through send(), so each one is budgeted', async () => {
    await expect(api.post('message/send', { touser: 'LiMin' })).rejects.toThrow(/send\(\)/);
    await expect(api.post('appchat/send', { chatid: 'x' })).rejects.toThrow(/send\(\)/);
    expect(fake.calls).toEqual([]);
  });

  it('refuses a send the budget cannot take, sending none of its messages', async () => {
    const held = wecomApi({
      corpId: 'corp',
      secret: 'secret',
      agentId: 7,
      apiBase: fake.apiBase,
      clock,
      budget: { take: () => Promise.resolve({ ok: false, retryAt: clock() + 42_000, reason: 'test' }) },
    });
    await expect(held.send(limin, [...text, ...text])).rejects.toMatchObject({
      code: 'BUDGET',
      rateLimited: true,
      retryAfterMs: 42_000,
    });
    expect(fake.calls).toEqual([]);
  });
});
