// Issue 20, the proof: the daily-report page in headless Chromium, opened from the playground as WeCom and
// DingTalk open it. The rep checks in with the browser's position (a fixed WGS-84 point), attaches two photos
// from disk and files the report; the store then holds the check-in (converted to GCJ-02, with its accuracy and
// time) and both photos. The same link sent again, and forged or foreign links, are refused and change nothing.
// Fails (never skips) when Chromium is missing. Screenshots of the page (zh-CN and en) go to /tmp/shots-mforms/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobileFormsAdapter } from '../adapters/mobile-forms/index.ts';
import { formSecret, signFormToken } from '../adapters/mobile-forms/token.ts';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { FORMS } from '../src/kernel/card.ts';
import { distanceMeters } from '../src/kernel/geo.ts';
import { t } from '../src/modules/i18n.ts';
import type { Person } from '../src/kernel/types.ts';
import { ownedLead as ownedLeadOf, scenePhoto, storedDay } from './fixtures/report-page.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = '/tmp/shots-mforms';
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
  `Chromium is not installed at ${CHROMIUM}, and this browser test needs it. ` +
  'Install it with `.ci/ensure-chromium` (Debian: apt-get install -y chromium fonts-wqy-microhei), ' +
  'or set CHROMIUM_PATH to a Chromium binary.';

const alice = person('alice', { name: '李敏' });
const bob = person('bob', { name: 'Bob', locale: 'en' });
/** Where the browser says it is (WGS-84, People's Square, Shanghai) and how sure it is. */
const GPS = { latitude: 31.2304, longitude: 121.4737, accuracy: 25 };
const secret = formSecret('browser-test-secret', '');

let env: TestEnv;
let server: Server;
let base: string;
let context: BrowserContext;
let profile: string;
let shop: number;
let forms: ReturnType<typeof mobileFormsAdapter>;

const photo = scenePhoto;
const ownedLead = (rep: Person, company: string) => ownedLeadOf(env, rep, company);
const stored = (repId: string) => storedDay(env, repId, '2026-11-23');

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  mkdirSync(SHOTS, { recursive: true });
  env = testEnv({ start: '2026-11-23T02:00:00Z' });
  await seedOrg(env, [alice, bob]);
  shop = await ownedLead(alice, '全家便利店');
  await ownedLead(bob, 'FamilyMart Pudong');
  const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
  forms = mobileFormsAdapter({ chat, publicUrl: '', secret, clock: env.clock });
  const app = createApp({
    deps: env.deps,
    locale: 'zh-CN',
    adapters: [forms, playgroundAdapter({ chat, forms })],
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), 'leadline-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 390, height: 844 },
  });
  await context.grantPermissions(['geolocation'], { origin: base });
  await context.setGeolocation(GPS);
}, 30_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await env?.close();
});

describe('the daily-report page in headless Chromium', () => {
  let link = '';

  it('checks in with the position, attaches two photos and files the report from the playground', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const chatPage = await context.newPage();
    const errors: string[] = [];
    chatPage.on('pageerror', (e) => errors.push(e.message));
    await chatPage.goto(`${base}/playground`);
    await chatPage.waitForSelector('body[data-ready="true"]');
    await chatPage.selectOption('#who', 'alice');
    await chatPage.fill('#command', '日报');
    await chatPage.press('#command', 'Enter');
    const open = chatPage.locator('#private button[data-action="report.form"]');
    await open.waitFor();
    expect(await open.textContent()).toBe(t('zh-CN', 'report.form.open'));
    await open.click();
    const anchor = chatPage.locator('#private .page-link a').last();
    await anchor.waitFor();
    link = (await anchor.getAttribute('href')) ?? '';
    expect(link).toMatch(/^\/m\/form\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const [page] = await Promise.all([context.waitForEvent('page'), anchor.click()]);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.waitForLoadState('domcontentloaded');
    expect(await page.title()).toBe(t('zh-CN', 'report.form.title', { date: '2026-11-23' }));

    await page.selectOption('select[name="lead"]', String(shop));
    const button = page.locator('[data-place-button]');
    await button.waitFor({ state: 'visible' });
    await button.click();
    const status = page.locator('[data-place-status]');
    await status.filter({ hasText: '±25' }).waitFor({ timeout: 10_000 });
    await page.fill('input[name="note"]', '门店补货，店长在');
    await page.setInputFiles('input[name="photos"]', [
      { name: 'door.jpg', mimeType: 'image/jpeg', buffer: await photo(0) },
      { name: 'shelf.jpg', mimeType: 'image/jpeg', buffer: await photo(1) },
    ]);
    await page.fill('textarea[name="summary"]', '拜访全家便利店，确认下周进货');
    await page.screenshot({ path: join(SHOTS, 'report-page-zh-CN.png'), fullPage: true });
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    expect(await page.locator('h1').textContent()).toBe(t('zh-CN', 'mform.done.title'));
    await page.screenshot({ path: join(SHOTS, 'report-done-zh-CN.png'), fullPage: true });
    expect(errors).toEqual([]);

    const { report, photos, checkIns } = await stored('alice');
    expect(report).toMatchObject({ status: 'filed', summary: '拜访全家便利店，确认下周进货' });
    expect(photos).toHaveLength(2);
    expect(new Set(photos.map((p) => p.hash)).size).toBe(2);
    expect(photos.every((p) => p.leadId === shop)).toBe(true);
    expect(checkIns).toHaveLength(1);
    const place = checkIns[0]!.place;
    // Stored as GCJ-02, as WeCom gives it: hundreds of metres from the raw GPS numbers, the same place in fact.
    expect(place.datum).toBe('GCJ02');
    expect(place.lat).not.toBe(GPS.latitude);
    expect(distanceMeters(place, { lat: GPS.latitude, lng: GPS.longitude, datum: 'WGS84' })).toBeLessThan(1);
    expect(report?.visits).toEqual([
      expect.objectContaining({ customerId: String(shop), checkIn: place, photo: expect.anything() }),
    ]);
    const events = await env.deps.store.transaction((tx) =>
      tx.events.between(0, Date.parse('2027-01-01'), ['report.checked_in']),
    );
    expect(events).toEqual([expect.objectContaining({ accuracy: 25, placeLearnt: false })]);
    expect((events[0] as { fixedAt?: number }).fixedAt).toBeGreaterThan(0);
  }, 60_000);

  it('refuses the same link a second time and changes nothing', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    expect(link).not.toBe('');
    const before = await stored('alice');
    const body = new FormData();
    body.set('lead', String(shop));
    body.set('place.lat', '31.3');
    body.set('place.lng', '121.5');
    body.set('place.accuracy', '10');
    body.set('place.time', String(env.clock()));
    body.set('place.datum', 'wgs84');
    body.set('photos', new Blob([await photo(1)], { type: 'image/jpeg' }), 'again.jpg');
    const res = await fetch(`${base}${link}`, { method: 'POST', body });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(t('zh-CN', 'mform.bad.USED'));
    expect((await fetch(`${base}${link}`)).status).toBe(409);
    expect(await stored('alice')).toEqual(before);
  });

  it('refuses a forged link and one for somebody not in the organisation; nothing changes', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const before = await stored('alice');
    const claims = {
      personId: 'alice',
      platform: 'playground' as const,
      formId: FORMS.reportDaily,
      jti: 'x1',
    };
    const forged = signFormToken(formSecret('another-secret', ''), claims, env.clock(), 600_000);
    const stranger = signFormToken(
      secret,
      { ...claims, personId: 'mallory', jti: 'x2' },
      env.clock(),
      600_000,
    );
    for (const [token, status] of [
      [forged, 403],
      [stranger, 403],
    ] as const) {
      const body = new FormData();
      body.set('lead', String(shop));
      body.set('summary', 'not mine');
      const res = await fetch(`${base}/m/form/${token}`, { method: 'POST', body });
      expect(res.status).toBe(status);
    }
    expect(await stored('alice')).toEqual(before);
    expect((await stored('mallory')).report).toBeNull();
  });

  it('shows the page in English for an English-speaking rep (screenshot)', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const path = forms.path('bob', 'playground', {
      id: FORMS.reportDaily,
      title: '',
      submitLabel: '',
      fields: [],
    });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    expect(await page.locator('h1').textContent()).toBe(t('en', 'report.form.title', { date: '2026-11-23' }));
    await page.locator('[data-place-button]').click();
    await page.locator('[data-place-status]').filter({ hasText: '±25' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'report-page-en.png'), fullPage: true });
  });

  it('takes the form without a script: the visit is logged with no position and the report says so', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const lead = (await env.deps.store.transaction((tx) => tx.leads.heldBy('bob')))[0]!;
    const path = forms.path('bob', 'playground', {
      id: FORMS.reportDaily,
      title: '',
      submitLabel: '',
      fields: [],
    });
    // What a browser without scripts sends: the position's hidden parts empty, no file chosen.
    const body = new FormData();
    body.set('lead', String(lead.id));
    for (const p of ['lat', 'lng', 'accuracy', 'time', 'datum']) body.set(`place.${p}`, '');
    body.set('photos', new Blob([]), '');
    body.set('summary', 'Visited the shop');
    const res = await fetch(`${base}${path}`, { method: 'POST', body });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(
      t('en', 'report.form.noPosition', { id: lead.id, customer: lead.company }),
    );
    const { report, photos, checkIns } = await stored('bob');
    expect(report).toMatchObject({ status: 'filed', summary: 'Visited the shop' });
    expect(report?.visits).toEqual([expect.objectContaining({ customerId: String(lead.id), checkIn: null })]);
    expect(report?.result?.notChecked).toContainEqual(expect.objectContaining({ reason: 'NO_CHECKIN' }));
    expect(photos).toEqual([]);
    expect(checkIns).toEqual([]);
  });
});
