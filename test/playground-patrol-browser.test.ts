// The morning patrol in the playground, in headless Chromium (issue 21): a manager reading English and a director
// reading Chinese type `today` / `今日` and see the stalled deal, the red warning and the missing report; Got it
// answers in place. Screenshots are left in /tmp/shots-patrol/ to be looked at. Fails (never skips) without Chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { handleInbound } from '../src/conversation/conversation.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { isWorkingDay } from '../src/kernel/calendar.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = '/tmp/shots-patrol';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];
const zone = 'Asia/Shanghai';

let env: TestEnv;
let server: Server;
let base: string;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  mkdirSync(SHOTS, { recursive: true });
  env = testEnv({ start: DateTime.fromISO('2026-11-16T10:00', { zone }).toMillis() });
  await seedOrg(env, [], {
    teams: [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} }],
    people: [
      person('boss', { role: 'manager', name: 'Wang Qiang', locale: 'en' }),
      person('sun', { role: 'director', name: '孙总', teamId: null, locale: 'zh-CN' }),
      person('alice', { name: '李娜', locale: 'zh-CN' }),
      person('bob', { name: '赵磊', locale: 'zh-CN', capacity: 0 }),
    ],
  });
  const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
  const lead = await submitLead(env.deps, { fields: leadFields({ company: '明远科技' }), via: 'api' });
  if (lead.kind !== 'created') throw new Error('expected a lead');
  const alice = await env.deps.store.transaction((tx) => tx.org.person('alice'));
  await handleInbound(chat, alice, { kind: 'command', text: `领取 ${lead.lead.id}` });
  await handleInbound(chat, alice, { kind: 'command', text: `deal new ${lead.lead.id} 30万` });
  const deal = await env.deps.store.transaction(async (tx) => (await tx.deals.ownedBy('alice'))[0]);
  if (deal === undefined) throw new Error('expected a deal');
  env.clock.set(deal.stageDueAt);
  await sweepDeals(env.deps);
  const dueDay = DateTime.fromMillis(deal.stageDueAt, { zone }).startOf('day');
  const yesterday = dueDay.toISODate() as string;
  await env.deps.store.transaction(async (tx) => {
    const r = await tx.reports.openDraft({
      repId: 'alice',
      teamId: 'east-1',
      date: yesterday,
      openedAt: deal.stageDueAt,
    });
    await tx.reports.update(r.id, { status: 'filed', submittedAt: deal.stageDueAt, late: false, score: 90 });
    await tx.kbi.addWarning({
      repId: 'bob',
      day: yesterday,
      tier: 'red',
      managerId: 'boss',
      reason: { code: 'KBI_RATE_LOW', tier: 'red', below: 0.5, days: 3, run: [] },
      deviations: [],
      todo: [],
      reviewMinutes: 15,
      sentAt: deal.stageDueAt,
    });
  });
  let day = dueDay.plus({ days: 1 });
  while (!isWorkingDay(day, DEFAULT_RULES.deals.calendar)) day = day.plus({ days: 1 });
  env.clock.set(day.plus({ hours: 8, minutes: 40 }).toMillis());
  const outbox = { ...chat, deliverers: [playgroundDeliverer] };
  for (let round = 0; round < 50; round++) {
    const r = await deliverOutbox(outbox, { limit: 200, now: env.clock() });
    if (r.dispatched + r.sent + r.retried + r.parked === 0) break;
  }
  const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = mkdtempSync(join(tmpdir(), 'leadline-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 1100 },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  await env?.close();
});

describe('the morning patrol in headless Chromium', () => {
  it.each([
    // The director first: a manager's Got it on a KBI warning acknowledges the warning itself, for everyone.
    ['sun', '今日', 'zh', '今日巡检 · 华东一组：3 项待看（1/2）', '①知悉'],
    ['boss', 'today', 'en', 'Morning patrol · 华东一组: 3 to look at (1/2)', '① Got it'],
  ])(
    '%s types %s and sees the patrol (%s)',
    async (who, word, lang, title, ack) => {
      if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}`);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/playground`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.selectOption('#who', who);
      await page.fill('#command', word);
      await page.press('#command', 'Enter');
      const first = page.locator('#private article', { hasText: title });
      await first.waitFor({ timeout: 10_000 });
      const text = await page.locator('#private').innerText();
      expect(text).toContain(lang === 'en' ? 'stalled in its stage' : '阶段停滞');
      expect(text).toContain(lang === 'en' ? 'red KBI warning' : '指标红色预警');
      expect(text).toContain(lang === 'en' ? 'no daily report for' : '日报未交');
      await page.screenshot({ path: join(SHOTS, `patrol-${lang}.png`), fullPage: true });
      await first.locator('button', { hasText: ack }).click();
      await page
        .locator('#private', { hasText: lang === 'en' ? '✓ Got it' : '✓ 已知悉' })
        .waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(SHOTS, `patrol-${lang}-ack.png`), fullPage: true });
      expect(errors).toEqual([]);
    },
    60_000,
  );
});
