// Issue 20 §2: form pages opened inside WeCom and DingTalk sign their reader in through the messenger, over real
// HTTP into the express app, against local fakes as strict as the platforms (single-use codes that expire after 5
// minutes, tickets). A page opened by someone else, with a spent code, without sign-in, or after the link expired
// is refused and changes nothing; the link stays usable by its owner.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkAdapter, type DingtalkAdapter } from '../adapters/dingtalk/index.ts';
import { mobileFormsAdapter, type MobileFormsAdapter } from '../adapters/mobile-forms/index.ts';
import { jsapiSignature } from '../adapters/mobile-forms/sign-in.ts';
import { formSecret } from '../adapters/mobile-forms/token.ts';
import { wecomAdapter } from '../adapters/wecom/index.ts';
import { createApp } from '../src/http/app.ts';
import { t } from '../src/modules/i18n.ts';
import { newLeadForm } from '../src/modules/leads/chat/forms.ts';
import { startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { WECOM_APP } from './fixtures/wecom-callback.ts';
import { MINUTE, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const limin = person('li.min', {
  name: '李敏',
  locale: 'zh-CN',
  identities: { wecom: 'LiMin', dingtalk: '0211' },
});
const boss = person('boss', {
  name: '王总',
  locale: 'zh-CN',
  identities: { wecom: 'Boss', dingtalk: '0999' },
});

let env: TestEnv;
let wecom: FakeWecom;
let ding: FakeDingtalk;
let dingAdapter: DingtalkAdapter;
let forms: MobileFormsAdapter;
let server: Server;
let base: string;

const NEW_LEAD = { company: '华东医疗器械有限公司', contact: '王五', source: 'chat', campaign: 'EXPO-2026' };
const leadCount = () =>
  env.deps.store.transaction(async (tx) =>
    Object.values(await tx.leads.countByStatus()).reduce((a, b) => a + b, 0),
  );
const get = (url: string, cookie?: string) =>
  fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } });
const post = (url: string, values: Record<string, string>, cookie?: string) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie === undefined ? {} : { cookie }),
    },
    body: new URLSearchParams(values).toString(),
  });
/** The cookie a response set, as a browser would send it back (name=value). */
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

beforeEach(async () => {
  env = testEnv();
  wecom = await startFakeWecom({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret, clock: env.clock });
  ding = await startFakeDingtalk({ clock: env.clock });
  server = await new Promise<Server>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
  forms = mobileFormsAdapter({
    chat,
    publicUrl: `${base}/`,
    secret: formSecret(null, 'app-secret'),
    clock: env.clock,
  });
  const wecomApp = wecomAdapter({ chat, ...WECOM_APP, apiBase: wecom.apiBase, clock: env.clock, forms });
  dingAdapter = dingtalkAdapter({
    chat,
    clientId: 'ding-app',
    clientSecret: 'ding-secret',
    robotCode: 'ding-app',
    apiBase: ding.apiBase,
    clock: env.clock,
    forms,
    pageApp: { corpId: 'ding-corp', agentId: '3001' },
  });
  for (const m of [wecomApp, dingAdapter]) if (m.pageSignIn !== undefined) forms.attachSignIn(m.pageSignIn);
  await seedOrg(env, [limin, boss]);
  server.on(
    'request',
    createApp({ deps: env.deps, locale: 'zh-CN', adapters: [wecomApp, dingAdapter, forms] }),
  );
});

afterEach(async () => {
  await dingAdapter.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await wecom.close();
  await ding.close();
  await env.close();
});

describe('WeCom: OAuth2 sign-in on form pages', () => {
  /** The link WeCom shows li.min, and the page it leads back to. */
  function wecomLink() {
    const link = forms.url('li.min', 'wecom', newLeadForm('zh-CN'));
    const u = new URL(link);
    const page = u.searchParams.get('redirect_uri') ?? '';
    const state = u.searchParams.get('state') ?? '';
    return { link, page, state, withCode: (code: string) => `${page}?code=${code}&state=${state}` };
  }

  it('sends WeCom links as OAuth2 authorize URLs, and a page opened without a code to the same URL', async () => {
    const { link, page, state } = wecomLink();
    expect(link.startsWith('https://open.weixin.qq.com/connect/oauth2/authorize?appid=')).toBe(true);
    expect(link.endsWith('#wechat_redirect')).toBe(true);
    const u = new URL(link);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      appid: WECOM_APP.corpId,
      response_type: 'code',
      scope: 'snsapi_base',
      agentid: String(WECOM_APP.agentId),
    });
    expect(link).toContain(`redirect_uri=${encodeURIComponent(page)}&`);
    expect(page.startsWith(`${base}/m/form/`)).toBe(true);
    expect(state).toMatch(/^[A-Za-z0-9]{1,128}$/);

    const res = await get(page);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(link);
  });

  it('opens the form for its own person, sets a sign-in cookie, and takes the POST with it once', async () => {
    const { withCode } = wecomLink();
    const res = await get(withCode(wecom.issueOAuthCode({ userid: 'LiMin' })));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`>${t('zh-CN', 'field.company')}`);
    expect(html).toContain('<script src="https://res.wx.qq.com/open/js/jweixin-1.2.0.js" defer></script>');
    expect(html).toMatch(
      /<script src="\/m\/assets\/wecom\.js\?corpId=[^"]+&amp;agentId=\d+&amp;mode=form" defer><\/script>/,
    );
    expect(res.headers.get('content-security-policy')).toContain(
      "script-src 'self' https://res.wx.qq.com https://open.work.weixin.qq.com; connect-src 'self'",
    );
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^ll_f_[0-9a-f]{16}=\d+\.[\w-]+; Max-Age=1800; Path=\/m; Expires=.+; HttpOnly; SameSite=Lax$/,
    );
    const cookie = cookieOf(res);

    // A reload keeps the spent code in the address: the cookie lets it through without asking WeCom again.
    const calls = wecom.calls.filter((c) => c.method === 'auth/getuserinfo').length;
    expect((await get(withCode('spent'), cookie)).status).toBe(200);
    expect(wecom.calls.filter((c) => c.method === 'auth/getuserinfo')).toHaveLength(calls);

    const before = await leadCount();
    expect((await post(withCode('x'), NEW_LEAD)).status).toBe(403); // no cookie: not signed in
    expect(await leadCount()).toBe(before);
    const done = await post(withCode('x'), NEW_LEAD, cookie);
    expect(done.status).toBe(200);
    expect(await leadCount()).toBe(before + 1);
    expect((await post(withCode('x'), NEW_LEAD, cookie)).status).toBe(409);
    expect(await leadCount()).toBe(before + 1);
  });

  it('refuses a replayed code, changing nothing', async () => {
    const { withCode } = wecomLink();
    const code = wecom.issueOAuthCode({ userid: 'LiMin' });
    expect((await get(withCode(code))).status).toBe(200);
    const replay = await get(withCode(code));
    expect(replay.status).toBe(403);
    expect(replay.headers.get('set-cookie')).toBeNull();
    const html = await replay.text();
    expect(html).toContain(t('zh-CN', 'mform.bad.SIGNIN'));
    expect(html).toContain(t('en', 'mform.bad.SIGNIN'));
    expect(html).not.toContain('<form');
    expect(wecom.calls.filter((c) => c.method === 'auth/getuserinfo').map((c) => c.outcome)).toEqual([
      0, 40029,
    ]);
  });

  it('refuses a code older than 5 minutes and a state that is not the link’s', async () => {
    const { withCode, page } = wecomLink();
    const code = wecom.issueOAuthCode({ userid: 'LiMin' });
    env.clock.advance(6 * MINUTE);
    expect((await get(withCode(code))).status).toBe(403);
    const fresh = wecom.issueOAuthCode({ userid: 'LiMin' });
    expect((await get(`${page}?code=${fresh}&state=other`)).status).toBe(403);
    expect((await get(withCode(fresh))).status).toBe(200); // the state check did not spend the code
  });

  it('refuses the page to another member or a non-member; its owner can still open it', async () => {
    const { withCode } = wecomLink();
    const before = await leadCount();
    for (const who of [{ userid: 'Boss' }, { openid: 'oOUTSIDER' }] as const) {
      const res = await get(withCode(wecom.issueOAuthCode(who)));
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain(t('zh-CN', 'mform.bad.FOREIGN'));
    }
    expect(await leadCount()).toBe(before);
    const own = await get(withCode(wecom.issueOAuthCode({ userid: 'LiMin' })));
    expect(own.status).toBe(200);
    expect((await post(withCode('x'), NEW_LEAD, cookieOf(own))).status).toBe(200);
    expect(await leadCount()).toBe(before + 1);
  });

  it('refuses an expired link even to its signed-in owner', async () => {
    const { withCode } = wecomLink();
    const res = await get(withCode(wecom.issueOAuthCode({ userid: 'LiMin' })));
    const cookie = cookieOf(res);
    env.clock.advance(31 * MINUTE);
    const late = await post(withCode('x'), NEW_LEAD, cookie);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain(t('zh-CN', 'mform.bad.EXPIRED'));
    expect((await get(withCode(wecom.issueOAuthCode({ userid: 'LiMin' })))).status).toBe(410);
    expect(await leadCount()).toBe(0);
  });

  it('signs the JS-SDK for a signed-in page only, under PUBLIC_URL, with cached tickets', async () => {
    const { withCode } = wecomLink();
    const url = withCode(wecom.issueOAuthCode({ userid: 'LiMin' }));
    const cookie = cookieOf(await get(url));
    const ask = (u: string, c?: string) => get(`${base}/m/jsapi/wecom?url=${encodeURIComponent(u)}`, c);

    const res = await ask(url, cookie);
    expect(res.status).toBe(200);
    const c = (await res.json()) as {
      corpId: string;
      agentId: number;
      config: { timestamp: number; nonceStr: string; signature: string };
      agentConfig: { timestamp: number; nonceStr: string; signature: string };
    };
    expect(c.corpId).toBe(WECOM_APP.corpId);
    expect(c.agentId).toBe(WECOM_APP.agentId);
    expect(c.config.timestamp).toBe(Math.floor(env.clock() / 1000));
    expect(c.config.signature).toBe(
      jsapiSignature(wecom.tickets.corp, c.config.nonceStr, c.config.timestamp, url),
    );
    expect(c.agentConfig.signature).toBe(
      jsapiSignature(wecom.tickets.agent, c.agentConfig.nonceStr, c.agentConfig.timestamp, url),
    );
    expect(c.agentConfig.signature).not.toBe(c.config.signature);

    expect((await ask(`${url}#frag`, cookie)).status).toBe(200);
    const fetched = (m: string) => wecom.calls.filter((x) => x.method === m && x.outcome === 0).length;
    expect([fetched('get_jsapi_ticket'), fetched('ticket/get')]).toEqual([1, 1]);

    expect((await ask(url)).status).toBe(403);
    expect((await ask(url.replace(base, 'https://evil.example'), cookie)).status).toBe(404);
    expect((await get(`${base}/m/jsapi/dingtalk?url=${encodeURIComponent(url)}`, cookie)).status).toBe(404);
  });
});

describe('DingTalk: 免登 sign-in on form pages', () => {
  const link = () => forms.url('li.min', 'dingtalk', newLeadForm('zh-CN'));
  const sso = (url: string, code: string) =>
    fetch(url.replace('/m/form/', '/m/sso/dingtalk/'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });

  it('shows a sign-in page that loads the dd JSAPI, and nothing of the form, until signed in', async () => {
    const url = link();
    expect(url.startsWith(`${base}/m/form/`)).toBe(true);
    const res = await get(url);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      '<script src="https://g.alicdn.com/dingding/dingtalk-jsapi/3.0.25/dingtalk.open.js" defer></script>',
    );
    expect(html).toContain(
      '<script src="/m/assets/dingtalk.js?corpId=ding-corp&amp;mode=signin" defer></script>',
    );
    expect(html).toContain(t('zh-CN', 'mform.signin.body'));
    expect(html).not.toContain('<form');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self' https://g.alicdn.com;");
    const js = await get(`${base}/m/assets/dingtalk.js?corpId=ding-corp&mode=signin`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(await js.text()).toContain('requestAuthCode');
  });

  it('signs its person in with a 免登 code and opens the form; the POST goes through once', async () => {
    const url = link();
    const ok = await sso(url, ding.issueAuthCode('0211'));
    expect(ok.status).toBe(204);
    const cookie = cookieOf(ok);
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax$/);
    const page = await get(url, cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`>${t('zh-CN', 'field.company')}`);
    expect(html).toContain('/m/assets/dingtalk.js?corpId=ding-corp&amp;mode=form');
    expect((await post(url, NEW_LEAD)).status).toBe(403);
    expect(await leadCount()).toBe(0);
    expect((await post(url, NEW_LEAD, cookie)).status).toBe(200);
    expect(await leadCount()).toBe(1);
  });

  it('refuses a replayed, stale or foreign code, and another link’s platform; the owner can still sign in', async () => {
    const url = link();
    const code = ding.issueAuthCode('0211');
    expect((await sso(url, code)).status).toBe(204);
    const replay = await sso(url, code);
    expect(replay.status).toBe(403);
    expect(await replay.json()).toMatchObject({ error: 'SIGNIN', message: t('zh-CN', 'mform.bad.SIGNIN') });
    expect(replay.headers.get('set-cookie')).toBeNull();

    const stale = ding.issueAuthCode('0211');
    env.clock.advance(6 * MINUTE);
    expect((await sso(url, stale)).status).toBe(403);

    const foreign = await sso(url, ding.issueAuthCode('0999'));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: 'FOREIGN' });
    expect(foreign.headers.get('set-cookie')).toBeNull();
    expect(ding.calls.filter((c) => c.path === '/topapi/v2/user/getuserinfo').map((c) => c.outcome)).toEqual([
      'ok',
      'failed',
      'failed',
      'ok',
    ]);

    const wecomUrl = forms.url('li.min', 'wecom', newLeadForm('zh-CN'));
    const wecomPage = new URL(wecomUrl).searchParams.get('redirect_uri') ?? '';
    expect((await sso(wecomPage, ding.issueAuthCode('0211'))).status).toBe(404);

    const again = await sso(url, ding.issueAuthCode('0211'));
    expect(again.status).toBe(204);
    expect((await get(url, cookieOf(again))).status).toBe(200);
    expect(await leadCount()).toBe(0);
  });

  it('signs dd.config for a signed-in page with the cached JSAPI ticket', async () => {
    const url = link();
    const cookie = cookieOf(await sso(url, ding.issueAuthCode('0211')));
    const ask = (c?: string) => get(`${base}/m/jsapi/dingtalk?url=${encodeURIComponent(url)}`, c);
    expect((await ask()).status).toBe(403);
    const c = (await (await ask(cookie)).json()) as Record<string, string | number>;
    expect(c).toMatchObject({
      corpId: 'ding-corp',
      agentId: '3001',
      timeStamp: Math.floor(env.clock() / 1000),
    });
    expect(c.signature).toBe(jsapiSignature(ding.jsapiTicket, String(c.nonceStr), Number(c.timeStamp), url));
    await ask(cookie);
    expect(ding.calls.filter((x) => x.path === '/get_jsapi_ticket')).toHaveLength(1);
  });
});
