// The team's daily reports through the playground's HTTP API (issue 21, item 2; issue 25, item 16): the manager's
// table shows the four states (to check, missing, late, on time) problems first, pages a big team with Next, opens
// one report with each flag's evidence (both photos side by side, whose and when), and the rep sees the read
// receipt and answers in the comment thread.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { passLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
  actions?: Array<{ id: string; label: string; value: string }>;
  image?: { src: string; alt: string; reading?: string };
}

let env: TestEnv;
let server: Server;
let base: string;
let chat: ChatDeps;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

async function inbox(as: string): Promise<CardJson[]> {
  for (let i = 0; i < 20; i++) {
    const r = await deliverOutbox({ ...chat, deliverers: [playgroundDeliverer] }, { now: env.clock() });
    if (r.sent === 0 && r.dispatched === 0) break;
  }
  const res = await fetch(`${base}/playground/api/inbox?as=${as}`);
  return ((await res.json()) as { messages: Array<{ card: CardJson }> }).messages.map((m) => m.card);
}

async function post(path: string, body: unknown): Promise<CardJson[]> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: CardJson[] }).replies;
}
const say = (as: string, text: string) => post('say', { as, text });
const click = (as: string, actionId: string, value: string) => post('click', { as, actionId, value });
const upload = (as: string, text: string, bytes: Uint8Array) =>
  post('upload', { as, text, fileName: 'visit.jpg', data: Buffer.from(bytes).toString('base64') });

/** A shop-front scene; `width` resizes and recompresses it (the same photo again). */
async function shopFront(width = 640): Promise<Uint8Array> {
  const W = 640;
  const H = 480;
  const px = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const t = 12 * Math.sin(x / 7) * Math.cos(y / 11);
      let rgb = [120 + y / 5 + t, 160 + y / 8 + t, 230 - y / 4 + t];
      if (y > 180) rgb = [150 + t, 110 + t, 80 + t];
      if (y > 260 && x > 260 && x < 380) rgb = [40, 35, 30];
      if (y > 200 && y < 240 && x > 120 && x < 520) rgb = [230, 40, 40];
      for (let c = 0; c < 3; c++) px[i + c] = Math.max(0, Math.min(255, rgb[c]!));
    }
  return new Uint8Array(
    await sharp(px, { raw: { width: W, height: H, channels: 3 } })
      .resize(width)
      .jpeg({ quality: width === 640 ? 92 : 55 })
      .toBuffer(),
  );
}

async function heldBy(rep: string, company: string): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company, industry: '便利店' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  let holder = r.lead.ownerId;
  while (holder !== null && holder !== rep) {
    const p = await passLead(env.deps, { personId: holder, leadId: r.lead.id });
    holder = p.kind === 'passed' ? p.lead.ownerId : null;
  }
  expect(await claimLead(env.deps, { personId: rep, leadId: r.lead.id })).toMatchObject({ kind: 'claimed' });
  return r.lead.id;
}

const reportId = async (rep: string, date: string) =>
  (await env.deps.store.transaction((tx) => tx.reports.of(rep, date)))!.id;

/** 2026-11-23 in team east-1: Alice's photo is Bob's of 11-20 (to check), Li files at 20:30 (late), Bob on time,
 * Dan not at all. */
async function dayOfFour(): Promise<void> {
  env.clock.set(at('2026-11-20T11:00'));
  const lawson = await heldBy('bob', 'Lawson');
  await say('bob', `touch ${lawson} visit`);
  await upload('bob', 'report', await shopFront());
  await say('bob', 'report submit');

  env.clock.set(at('2026-11-23T11:00'));
  const shop = await heldBy('alice', 'FamilyMart Xuhui');
  await say('alice', `checkin ${shop} 31.2304,121.4737`);
  await say('alice', `report 1 Restocked the drinks shelf with the store manager`);
  await upload('alice', `report ${shop}`, await shopFront(320));
  env.clock.set(at('2026-11-23T17:00'));
  await say('alice', 'report submit');
  await say('bob', `touch ${lawson} visit checked the promotion`);
  await say('bob', 'report 1 Promotion is running well');
  await say('bob', 'report submit');
  env.clock.set(at('2026-11-23T18:00'));
  const quan = await heldBy('li', '全家便利店');
  await say('li', `签到 ${quan} 31.2304,121.4737`);
  env.clock.set(at('2026-11-23T20:30'));
  await say('li', '日报 1 陈列调整完毕');
  await say('li', '日报 提交');
}

beforeEach(async () => {
  env = testEnv({ start: at('2026-11-23T08:00') });
  await seedOrg(
    env,
    [
      person('alice', { name: 'Alice', locale: 'en' }),
      person('bob', { name: 'Bob', locale: 'en' }),
      person('li', { name: '李雷', locale: 'zh-CN' }),
      person('dan', { name: 'Dan', locale: 'en' }),
      person('carol', { name: 'Carol', teamId: 'west', locale: 'en' }),
      person('wboss', { name: 'Zhao', teamId: 'west', role: 'manager', locale: 'en' }),
      person('sun', { name: 'Sun', teamId: null, role: 'director', locale: 'en' }),
    ],
    {
      teams: [
        { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
        { id: 'west', name: 'West', managerId: 'wboss', channels: {} },
      ],
    },
  );
  chat = { engine: env.deps, defaultLocale: 'en' };
  const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

describe('team reports in the playground', () => {
  it('shows the four states, problems first, with summary, visits, photos, score and flags (zh-CN)', async () => {
    await dayOfFour();
    env.clock.set(at('2026-11-24T09:00'));
    const [table, ...more] = await say('boss', '团队日报 昨天');
    expect(more).toEqual([]);
    expect(table!.title).toBe('团队日报 2026-11-23 — 华东一组');
    expect(table!.level).toBe('yellow');
    const body = table!.body!;
    expect(body).toContain('按时 1 · 逾时 1 · 未交 1 · 待核实 1 · 平均健康度');
    const order = [
      '⚠ Alice — 待核实，17:00',
      '✗ Dan — 未提交',
      '◔ 李雷 — 逾时提交，20:30',
      '✓ Bob — 按时提交，17:00',
    ];
    const positions = order.map((line) => body.indexOf(line));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).toContain('健康度 65 · 拜访 1 · 照片 1 · 照片疑似重复');
    expect(body).toContain('“Restocked the drinks shelf with the sto…”');
    expect(body).toContain('“陈列调整完毕”');
    // A button per filed report (Dan has none), problems first.
    expect(table!.actions?.map((a) => [a.id, a.label, a.value])).toEqual([
      ['report.open', '查看 Alice', String(await reportId('alice', '2026-11-23'))],
      ['report.open', '查看 李雷', String(await reportId('li', '2026-11-23'))],
      ['report.open', '查看 Bob', String(await reportId('bob', '2026-11-23'))],
    ]);
  });

  it('opens a flagged report with both photos side by side, whose and when, and records the read', async () => {
    await dayOfFour();
    env.clock.set(at('2026-11-24T09:12'));
    const id = await reportId('alice', '2026-11-23');
    // The manager reads in Chinese (the org's language).
    const [open] = await click('boss', 'report.open', String(id));
    expect(open!.title).toBe('Alice 的日报 2026-11-23 — 健康度 65/100');
    expect(open!.level).toBe('yellow');
    expect(open!.body).toContain('总结：Restocked the drinks shelf with the store manager');
    expect(open!.body).toContain('• 11:00 FamilyMart Xuhui — 打卡位置 31.2304, 121.4737');
    expect(open!.body).toContain('FamilyMart Xuhui 的照片与 11-20 Bob 为 Lawson 发送的照片相似');
    expect(open!.body).toContain(
      '左：本日报照片（Alice，11-23 11:00 发送）；右：此前的照片（Bob，11-20 11:00 发送）。',
    );
    expect(open!.image?.src).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(open!.image!.src.split(',')[1]!, 'base64');
    const meta = await sharp(png).metadata();
    // Two panels 360 px high (each photo 4:3, so 480 px wide) and the gap between them.
    expect([meta.width, meta.height]).toEqual([480 * 2 + 12, 360]);
    expect(open!.image?.reading).toBe('左：本日报照片；右：与之相似的此前照片。');
    expect(open!.actions).toEqual([expect.objectContaining({ id: 'report.comment', value: String(id) })]);

    const notes = await env.deps.store.transaction((tx) => tx.reports.notes(id));
    expect(notes.map((n) => [n.authorId, n.kind, n.at])).toEqual([['boss', 'read', at('2026-11-24T09:12')]]);
    // The rep sees it, in English: one message, and the report's own view with the same evidence.
    expect((await inbox('alice')).map((c) => c.title)).toContain(
      '王强 read your daily report of 2026-11-23.',
    );
    const [mine] = await say('alice', 'report view 2026-11-23');
    expect(mine!.title).toBe("Alice's daily report 2026-11-23 — health 65/100");
    expect(mine!.body).toContain('Read by 王强 at 11-24 09:12');
    expect(mine!.body).toContain(
      'Left: this report’s photo (Alice, sent 11-23 11:00). Right: the earlier photo (Bob, sent 11-20 11:00).',
    );
  });

  it('pages a team of 34 (30 more reps) with Next, five reps a card, every rep once', async () => {
    const reps = Array.from({ length: 30 }, (_, i) =>
      person(`r${String(i).padStart(2, '0')}`, { name: `Rep ${i}` }),
    );
    await seedOrg(env, reps);
    const seen = new Set<string>();
    let [card] = await say('boss', 'team reports 2026-11-23');
    for (let page = 1; card !== undefined; page++) {
      expect(card.title).toContain(`（${page}/7）`);
      for (const m of card.body!.matchAll(/^✗ (.+) — /gm)) seen.add(m[1]!);
      expect((card.actions ?? []).length).toBeLessThanOrEqual(6);
      const next = (card.actions ?? []).find((a) => a.id === 'report.team');
      if (next === undefined) break;
      [card] = await click('boss', 'report.team', next.value);
    }
    expect(seen.size).toBe(34);
    expect([...seen].filter((n) => n.startsWith('Rep '))).toHaveLength(30);
  });
});

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Left to be looked at after a run: the table and an opened flagged report, in Chinese and English. */
const SHOTS = process.env.SHOTS_DIR ?? join(tmpdir(), 'shots-teamrep');
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

describe('team reports in headless Chromium', () => {
  it('shows the table with its four states and opens the flagged report with both photos, in zh-CN and en', async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM} (set CHROMIUM_PATH).`);
    await dayOfFour();
    env.clock.set(at('2026-11-24T09:12'));
    mkdirSync(SHOTS, { recursive: true });
    const profile = mkdtempSync(join(tmpdir(), 'leadline-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 1000 },
    });
    try {
      for (const [who, command, locale] of [
        ['boss', '团队日报 昨天', 'zh-CN'],
        ['sun', 'team reports yesterday', 'en'],
      ] as const) {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${base}/playground?as=${who}`);
        await page.waitForSelector('body[data-ready="true"]');
        await page.fill('#command', command);
        await page.press('#command', 'Enter');
        const table = page.locator('#private article').filter({ hasText: '华东一组' }).first();
        await table.waitFor();
        const text = await table.innerText();
        for (const mark of ['⚠ Alice', '✗ Dan', '◔ 李雷', '✓ Bob']) expect(text).toContain(mark);
        await table.screenshot({ path: join(SHOTS, `table-${locale}.png`) });
        await table.locator('button[data-action="report.open"]').first().click();
        const opened = page
          .locator('#private article')
          .filter({ has: page.locator('img') })
          .first();
        await opened.waitFor();
        const img = opened.locator('img');
        // The page's own type: this project's tsconfig has no DOM lib.
        type Img = { complete: boolean; naturalWidth: number; onload: unknown };
        await img.evaluate((el: Img) => (el.complete ? null : new Promise((r) => (el.onload = r))));
        expect(await img.evaluate((el: Img) => el.naturalWidth)).toBe(480 * 2 + 12);
        expect(await opened.innerText()).toContain(
          locale === 'zh-CN' ? '左：本日报照片' : 'Left: this report’s photo',
        );
        await opened.screenshot({ path: join(SHOTS, `report-${locale}.png`) });
        expect(errors).toEqual([]);
        await page.close();
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 60_000);
});
