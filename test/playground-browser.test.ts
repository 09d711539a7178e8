// The playground in a real browser: Debian's headless Chromium driven by playwright-core, against the express
// app on 127.0.0.1 with the demo organisation and the outbox worker delivering to the playground. A rep types
// a command in Chinese and claims a lead from the market; another claims the offer in their DMs; each card turns
// into "claimed by …". Fails (never skips) when Chromium is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { demoOrg } from '../src/demo/demo-data.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { handBackOf } from '../src/kernel/events.ts';
import type { Person } from '../src/kernel/types.ts';
import { listMarket } from '../src/modules/leads/use-cases/market.ts';
import { myLeads } from '../src/modules/leads/use-cases/my-leads.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox, startOutboxWorker } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { testEnv, type TestEnv } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshot is left, to be looked at after a run. */
const SCREENSHOTS = {
  market: join(tmpdir(), 'leadline-playground-market.png'),
  dm: join(tmpdir(), 'leadline-playground-dm.png'),
};
// As on our machines (node-svc.md): no background networking, which the closed network would refuse.
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

let env: TestEnv;
let server: Server;
let base: string;
let context: BrowserContext;
let profile: string;
let worker: { stop(): Promise<void> } | undefined;

const MISSING =
  `Chromium is not installed at ${CHROMIUM}, and the playground browser test needs it. ` +
  'Install it with `.ci/ensure-chromium` (Debian: apt-get install -y chromium fonts-wqy-microhei), ' +
  'or set CHROMIUM_PATH to a Chromium binary.';

beforeAll(async () => {
  // Without Chromium the test itself fails with MISSING (a failure, never a skip).
  if (!existsSync(CHROMIUM)) return;
  env = testEnv({ start: '2026-11-23T06:00:00Z' });
  await seedDemo(env.deps, { leads: 60, seed: 1 });
  const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
  // What the demo's days left in the outbox reaches DMs and team channels first; then the worker keeps going.
  const outbox = { ...chat, deliverers: [playgroundDeliverer] };
  for (let round = 0; round < 500; round++) {
    const r = await deliverOutbox(outbox, { limit: 200 });
    if (r.dispatched + r.sent + r.retried + r.parked === 0) break;
  }
  worker = startOutboxWorker(outbox, { intervalMs: 200, log: () => undefined });
  const app = createApp({
    deps: env.deps,
    locale: 'zh-CN',
    adapters: [playgroundAdapter({ chat, demo: true })],
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
    viewport: { width: 1280, height: 860 },
  });
}, 30_000);

afterAll(async () => {
  await worker?.stop();
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await env?.close();
});

/** A rep who may claim a lead from the market now (room under capacity and the daily cap, no cooldown on it). */
async function claimable(): Promise<{ rep: Person; leadId: number }> {
  const market = (await listMarket(env.deps, { limit: 10 })).leads;
  const { people, handBacks } = await env.deps.store.transaction(async (tx) => ({
    people: await tx.org.people(),
    handBacks: await Promise.all(market.map(async (l) => (await tx.events.forLead(l.id)).map(handBackOf))),
  }));
  for (const rep of people.filter((p) => p.role === 'rep')) {
    const mine = await myLeads(env.deps, rep.id);
    if (mine.leads.length >= rep.capacity || mine.claimsToday >= mine.cap) continue;
    const i = market.findIndex((_, k) => !(handBacks[k] ?? []).some((h) => h?.personId === rep.id));
    if (i >= 0) return { rep, leadId: (market[i] as { id: number }).id };
  }
  throw new Error('the demo left no rep able to claim from the market');
}

describe('playground in headless Chromium', () => {
  it('lets a rep claim a lead by clicking its card, and shows the card claimed', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const { rep, leadId } = await claimable();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/playground`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#demo-banner').isVisible()).toBe(true);

    await page.selectOption('#who', rep.id);
    await page.fill('#command', '集市');
    await page.press('#command', 'Enter');
    const card = page.locator(`#private article[data-lead-id="${leadId}"]`);
    const claim = card.locator('button[data-action="lead.claim"]');
    await claim.waitFor();
    expect(await claim.textContent()).toBe(t('zh-CN', 'btn.claim'));
    await claim.click();

    const claimedBy = t('zh-CN', 'lead.claimedByYou');
    // The clicked card is replaced in place by its new state: claimed by you, with the next steps instead of Claim.
    await card.locator('button[data-action="lead.touch"]').waitFor({ timeout: 5000 });
    await card.filter({ hasText: claimedBy }).waitFor({ timeout: 5000 });
    await claim.waitFor({ state: 'detached', timeout: 5000 });
    expect(await card.getAttribute('class')).toContain('level-green');
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOTS.market });
    expect(errors).toEqual([]);
    const owner = await env.deps.store.transaction((tx) => tx.leads.get(leadId));
    expect(owner).toMatchObject({ status: 'owned', ownerId: rep.id });
  }, 30_000);

  it('lets a rep claim the offer in their DMs; every copy of that card then shows the claim', async () => {
    const offered = await env.deps.store.transaction(async (tx) => {
      for (const p of await tx.org.people()) {
        const lead = (await tx.leads.heldBy(p.id)).find((l) => l.status === 'offered');
        if (lead !== undefined) return { rep: p, leadId: lead.id };
      }
      throw new Error('the demo left no open offer');
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/playground?as=${offered.rep.id}`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#who').inputValue()).toBe(offered.rep.id);

    // The DM view is first; the offer arrived there as a card with Claim and Pass.
    const copies = page.locator(`#messages article[data-lead-id="${offered.leadId}"]`);
    const offer = copies.filter({ has: page.locator('button[data-action="lead.claim"]') }).first();
    await offer.waitFor({ timeout: 5000 });
    expect(await offer.locator('button').allTextContents()).toEqual([
      t('zh-CN', 'btn.claim'),
      t('zh-CN', 'btn.pass'),
    ]);
    const messageId = await offer.getAttribute('data-message-id');
    expect(messageId).toMatch(/^\d+$/);
    await offer.locator('button[data-action="lead.claim"]').click();

    // Her own copies say "you", never her own name.
    const claimedBy = t('zh-CN', 'lead.claimedByYou');
    const clicked = page.locator(`#messages article[data-message-id="${messageId}"]`);
    await clicked.filter({ hasText: claimedBy }).waitFor({ timeout: 5000 });
    // The outbox then updates every stored copy, and the page's next poll shows it: the clicked message is the
    // offer notice again (its own title), now saying who claimed it, and no copy offers Claim any more.
    const company = (await env.deps.store.transaction((tx) => tx.leads.get(offered.leadId)))?.company ?? '';
    const noticeTitle = t('zh-CN', 'notice.offered.title', { id: offered.leadId, company });
    await clicked.filter({ hasText: noticeTitle }).filter({ hasText: claimedBy }).waitFor({ timeout: 8000 });
    await copies
      .locator('button[data-action="lead.claim"]')
      .first()
      .waitFor({ state: 'detached', timeout: 8000 });
    expect(await copies.count()).toBeGreaterThan(0);
    for (const text of await copies.allTextContents()) {
      expect(text).toContain(claimedBy);
      expect(text).not.toContain(t('zh-CN', 'lead.claimedBy', { name: offered.rep.name }));
    }
    await clicked.scrollIntoViewIfNeeded();
    await page.screenshot({ path: SCREENSHOTS.dm });
    expect(errors).toEqual([]);
  }, 30_000);

  it('speaks the chosen person’s language on the page itself, not only in the replies (issue 21 item 9)', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(MISSING);
    const org = demoOrg(null);
    const english = org.people.find((p) => p.role === 'rep') as Person;
    await importOrg(env.deps, {
      ...org,
      people: org.people.map((p) => (p.id === english.id ? { ...p, locale: 'en' } : p)),
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/playground?as=${english.id}`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForFunction(
        () => (globalThis as unknown as InPage).document.documentElement.lang === 'en',
      );
      const english1 = await page.locator('#send').textContent();
      expect(english1).not.toMatch(/[\u4e00-\u9fff]/);
      // Someone without a language of their own: the page is Chinese again (the org's).
      const chinese = org.people.find((p) => p.role === 'rep' && p.id !== english.id) as Person;
      await page.selectOption('#who', chinese.id);
      await page.waitForFunction(
        () => (globalThis as unknown as InPage).document.documentElement.lang === 'zh-CN',
      );
      expect(await page.locator('#send').textContent()).toMatch(/[\u4e00-\u9fff]/);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await importOrg(env.deps, org);
    }
  }, 30_000);
});

/** What the wait predicates touch in the page (the tests compile without the DOM library). */
interface InPage {
  document: { documentElement: { lang: string } };
}
