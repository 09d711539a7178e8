// Issue 20 §2 in a real browser: Debian's headless Chromium (playwright-core) opens a form page as it would be opened
// inside DingTalk and inside WeCom. The platforms' JS-SDKs are stubbed at the browser boundary (page.route serves a
// small `dd` / `wx` instead of DingTalk's and WeCom's CDN scripts); the sign-in goes to the local fakes of their
// APIs. The page signs in, shows the form, and window.LeadlinePlatform.getLocation() answers the position the
// platform's JSAPI gives, in GCJ-02, after a JS-SDK configuration signed with the fake's ticket. A replayed or
// foreign sign-in is refused. Fails (never skips) when Chromium is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const MISSING =
  `Chromium is not installed at ${CHROMIUM}, and the form sign-in browser test needs it. ` +
  'Install it with `.ci/ensure-chromium` (Debian: apt-get install -y chromium fonts-wqy-microhei), ' +
  'or set CHROMIUM_PATH to a Chromium binary.';

/** Where the platform puts the phone (GCJ-02, as both platforms' JSAPIs answer here): 上海人民广场. */
const HERE = { latitude: 31.2304, longitude: 121.4737, accuracy: 35 };

let env: TestEnv;
let wecom: FakeWecom;
let ding: FakeDingtalk;
let dingApp: DingtalkAdapter;
let forms: MobileFormsAdapter;
let server: Server;
let base: string;
let profile: string;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  env = testEnv();
  wecom = await startFakeWecom({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret, clock: env.clock });
  ding = await startFakeDingtalk({ clock: env.clock });
  const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
  // A bare server first: the links carry its address (PUBLIC_URL), so the app is attached once it listens.
  server = await new Promise<Server>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  forms = mobileFormsAdapter({
    chat,
    publicUrl: base,
    secret: formSecret(null, 'app-secret'),
    clock: env.clock,
  });
  const wecomApp = wecomAdapter({ chat, ...WECOM_APP, apiBase: wecom.apiBase, clock: env.clock, forms });
  dingApp = dingtalkAdapter({
    chat,
    clientId: 'ding-app',
    clientSecret: 'ding-secret',
    robotCode: 'ding-app',
    apiBase: ding.apiBase,
    clock: env.clock,
    forms,
    pageApp: { corpId: 'ding-corp', agentId: '3001' },
  });
  for (const m of [wecomApp, dingApp]) if (m.pageSignIn !== undefined) forms.attachSignIn(m.pageSignIn);
  await seedOrg(env, [
    person('li.min', { name: '李敏', locale: 'zh-CN', identities: { wecom: 'LiMin', dingtalk: '0211' } }),
    person('boss', { name: '王总', locale: 'zh-CN', identities: { wecom: 'Boss', dingtalk: '0999' } }),
  ]);
  server.on('request', createApp({ deps: env.deps, locale: 'zh-CN', adapters: [wecomApp, dingApp, forms] }));
  profile = mkdtempSync(join(tmpdir(), 'leadline-chromium-sso-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
  });
}, 30_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await dingApp?.stop();
  server?.closeAllConnections();
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await wecom?.close();
  await ding?.close();
  await env?.close();
});

/** A stub of DingTalk's dd JSAPI: its 免登 code is `code`; dd.config is recorded; the position is HERE. */
function ddStub(code: string): string {
  return `window.__dd = { configs: [] };
window.dd = {
  ready: function (f) { setTimeout(f, 0); },
  error: function () {},
  config: function (c) { window.__dd.configs.push(c); },
  runtime: { permission: { requestAuthCode: function (o) {
    if (o.corpId !== 'ding-corp') return o.onFail({ errorMessage: 'corpId' });
    setTimeout(function () { o.onSuccess({ code: ${JSON.stringify(code)} }); }, 0);
  } } },
  device: { geolocation: { get: function (o) {
    if (o.coordinate !== 1) return o.onFail({ errorMessage: 'not gcj02' });
    setTimeout(function () { o.onSuccess(${JSON.stringify(HERE)}); }, 0);
  } } }
};`;
}

/** A stub of WeCom's wx (jweixin + jwxwork): config and agentConfig recorded; getLocation answers HERE for gcj02. */
const WX_STUB = `window.__wx = { configs: [], agentConfigs: [] };
window.wx = {
  config: function (c) { window.__wx.configs.push(c); },
  ready: function (f) { setTimeout(f, 0); },
  error: function () {},
  agentConfig: function (c) { window.__wx.agentConfigs.push(c); setTimeout(function () { c.success({}); }, 0); },
  getLocation: function (o) {
    if (o.type !== 'gcj02') return o.fail({ errMsg: 'getLocation:fail type' });
    setTimeout(function () { o.success(${JSON.stringify(HERE)}); }, 0);
  }
};`;

async function stubDingtalk(page: Page, code: string): Promise<void> {
  await page.route('https://g.alicdn.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: ddStub(code) }),
  );
}

async function stubWecom(page: Page): Promise<void> {
  await page.route('https://res.wx.qq.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: WX_STUB }),
  );
  // jwxwork-1.0.0.js only adds agentConfig, which the stub above already has.
  await page.route('https://open.work.weixin.qq.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: '' }),
  );
}

type Located = { lat: number; lng: number; accuracy: number; time: number; datum: string };
/** What the wait predicate touches in the page (the tests compile without the DOM library). */
interface InPage {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}

const locate = (page: Page) => page.evaluate<Located>('window.LeadlinePlatform.getLocation()');

describe('form pages in simulated DingTalk and WeCom (headless Chromium)', () => {
  it('DingTalk: signs in with the dd 免登 code, shows the form and reads the position from dd', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await stubDingtalk(page, ding.issueAuthCode('0211'));
    const url = forms.url('li.min', 'dingtalk', newLeadForm('zh-CN'));
    await page.goto(url);
    // The sign-in page posts the code and reloads into the form.
    await page.waitForSelector('form button[type="submit"]');
    expect(await page.textContent('h1')).toBe(newLeadForm('zh-CN').title);

    const before = Date.now();
    const here = await locate(page);
    expect(here).toMatchObject({
      lat: HERE.latitude,
      lng: HERE.longitude,
      accuracy: HERE.accuracy,
      datum: 'gcj02',
    });
    expect(here.time).toBeGreaterThanOrEqual(before);
    const configs = await page.evaluate<Array<Record<string, unknown>>>('window.__dd.configs');
    expect(configs).toHaveLength(1);
    const c = configs[0] as { timeStamp: number; nonceStr: string; signature: string };
    expect(configs[0]).toMatchObject({
      corpId: 'ding-corp',
      agentId: '3001',
      jsApiList: ['device.geolocation.get'],
    });
    expect(c.signature).toBe(jsapiSignature(ding.jsapiTicket, c.nonceStr, c.timeStamp, url));
    expect(errors).toEqual([]);
    await page.close();
  }, 30_000);

  it('DingTalk: a replayed code or someone else’s leaves the page signed out and says why', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const url = forms.url('li.min', 'dingtalk', newLeadForm('zh-CN'));
    const spent = ding.issueAuthCode('0211');
    const first = await fetch(url.replace('/m/form/', '/m/sso/dingtalk/'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: spent }),
    });
    expect(first.status).toBe(204); // used once (by another browser)
    for (const [code, reason] of [
      [spent, 'SIGNIN'],
      [ding.issueAuthCode('0999'), 'FOREIGN'],
    ] as const) {
      const page = await context.newPage();
      await stubDingtalk(page, code);
      await page.goto(url);
      // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
      await page.waitForFunction(
        (want) => (globalThis as unknown as InPage).document.querySelector('.card')?.textContent === want,
        t('zh-CN', `mform.bad.${reason}`),
      );
      expect(await page.locator('form').count()).toBe(0);
      await page.close();
    }
  }, 30_000);

  it('WeCom: back from OAuth2 with a code, shows the form and reads the position from wx.getLocation', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await stubWecom(page);
    const authorize = new URL(forms.url('li.min', 'wecom', newLeadForm('zh-CN')));
    // What WeCom does after the authorize URL: back to redirect_uri with ?code=…&state=….
    const back = `${authorize.searchParams.get('redirect_uri')}?code=${wecom.issueOAuthCode({ userid: 'LiMin' })}&state=${authorize.searchParams.get('state')}`;
    await page.goto(back);
    await page.waitForSelector('form button[type="submit"]');

    const here = await locate(page);
    expect(here).toMatchObject({
      lat: HERE.latitude,
      lng: HERE.longitude,
      accuracy: HERE.accuracy,
      datum: 'gcj02',
    });
    const wx = await page.evaluate<{
      configs: Array<{ appId: string; timestamp: number; nonceStr: string; signature: string }>;
      agentConfigs: Array<{
        corpid: string;
        agentid: string;
        timestamp: number;
        nonceStr: string;
        signature: string;
      }>;
    }>('window.__wx');
    const [config] = wx.configs;
    const [agent] = wx.agentConfigs;
    expect(config?.appId).toBe(WECOM_APP.corpId);
    expect(config?.signature).toBe(
      jsapiSignature(wecom.tickets.corp, config?.nonceStr ?? '', config?.timestamp ?? 0, back),
    );
    expect(String(agent?.agentid)).toBe(String(WECOM_APP.agentId));
    expect(agent?.signature).toBe(
      jsapiSignature(wecom.tickets.agent, agent?.nonceStr ?? '', agent?.timestamp ?? 0, back),
    );
    expect(errors).toEqual([]);

    // The same address in another browser (the code replayed): refused, no form.
    const other = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const replay = await (await other.newContext()).newPage();
    const res = await replay.goto(back);
    expect(res?.status()).toBe(403);
    expect(await replay.textContent('body')).toContain(t('zh-CN', 'mform.bad.SIGNIN'));
    expect(await replay.locator('form').count()).toBe(0);
    await other.close();
    await page.close();
  }, 30_000);
});
