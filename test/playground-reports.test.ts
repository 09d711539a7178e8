// The daily report through the playground's HTTP API (F28–F29): a normal day filed in at most 5 interactions,
// a photo upload, a check-in from a place sent on its own, and a low score answered with a polite question.
import { DateTime } from 'luxon';
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
import { sendReportDigests } from '../src/modules/reports/use-cases/report-digest.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
  actions?: Array<{ id: string; label: string; value: string }>;
  form?: { id: string; context?: string };
}

let env: TestEnv;
let server: Server;
let base: string;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
/** Every message or click a rep sends, counted. */
let interactions = 0;
let chat: ChatDeps;

async function inbox(as: string): Promise<CardJson[]> {
  for (let i = 0; i < 20; i++) {
    const r = await deliverOutbox({ ...chat, deliverers: [playgroundDeliverer] }, { now: env.clock() });
    if (r.sent === 0 && r.dispatched === 0) break;
  }
  const res = await fetch(`${base}/playground/api/inbox?as=${as}`);
  return ((await res.json()) as { messages: Array<{ card: CardJson }> }).messages.map((m) => m.card);
}

beforeEach(async () => {
  env = testEnv({ start: at('2026-11-23T08:00') });
  await seedOrg(env, [
    person('alice', { name: 'Alice', locale: 'en' }),
    person('bob', { name: 'Bob', locale: 'en' }),
    person('li', { name: '李雷', locale: 'zh-CN' }),
  ]);
  chat = { engine: env.deps, defaultLocale: 'en' };
  const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  interactions = 0;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

async function post(path: string, body: unknown): Promise<CardJson[]> {
  interactions += 1;
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
const all = (replies: CardJson[]) => replies.map((r) => `${r.title}\n${r.body ?? ''}`).join('\n');

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
  // Routing offers it to someone: until it is offered to `rep` (or pooled), whoever has it passes.
  let holder = r.lead.ownerId;
  while (holder !== null && holder !== rep) {
    const p = await passLead(env.deps, { personId: holder, leadId: r.lead.id });
    holder = p.kind === 'passed' ? p.lead.ownerId : null;
  }
  expect(await claimLead(env.deps, { personId: rep, leadId: r.lead.id })).toMatchObject({ kind: 'claimed' });
  return r.lead.id;
}

describe('daily report in the playground', () => {
  it('a normal day is filed in 4 interactions: open, tick + summary, photo, Submit', async () => {
    const shop = await heldBy('alice', 'FamilyMart Xuhui');
    // The day's work (not part of filing): a check-in at the shop, typed with map coordinates.
    env.clock.set(at('2026-11-23T10:00'));
    const checked = await say('alice', `checkin ${shop} 31.2304,121.4737`);
    // Issue 20: a check-in alone never becomes the customer's address; the rep is offered to make it so.
    expect(all(checked)).toContain(`Checked in at #${shop} FamilyMart Xuhui.`);
    expect(all(checked)).toContain('No address on file for this customer yet');

    env.clock.set(at('2026-11-23T17:30'));
    interactions = 0;
    // Before the report is open, a photo on its own is not taken for it (it may be meant for a deal).
    expect(all(await upload('alice', '', await shopFront()))).toContain('To add a file to a deal');
    interactions = 0;
    const draft = await say('alice', 'report');
    expect(draft[0]!.title).toBe('Daily report 2026-11-23 — draft');
    expect(draft[0]!.body).toContain('From your day so far: 1 visit, 0 calls, 1 lead claimed');
    expect(draft[0]!.body).toContain('• 10:00 FamilyMart Xuhui (checked in)');
    expect(draft[0]!.body).toContain('✓ 1. Visited FamilyMart Xuhui');
    expect(draft[0]!.body).toContain(`✓ 2. Claimed lead #${shop} FamilyMart Xuhui`);
    expect(draft[0]!.body).toContain('Summary: none yet');
    expect(draft[0]!.actions).toEqual([
      expect.objectContaining({ id: 'report.submit', value: '2026-11-23' }),
      // Issue 20: the same report as a page (check-in with the phone's position, photos).
      expect.objectContaining({ id: 'report.form', label: 'Fill in on the page (check-in, photos)' }),
    ]);

    const filled = await say('alice', 'report 1 restocked the shelves, store manager agreed a new display');
    expect(filled[0]!.body).toContain('✓ 1. Visited FamilyMart Xuhui');
    expect(filled[0]!.body).toContain('○ 2. Claimed lead');
    expect(filled[0]!.body).toContain('Summary: restocked the shelves, store manager agreed a new display');

    const photo = await upload('alice', '', await shopFront());
    expect(all(photo)).toContain('Photo added to your report of 2026-11-23.');
    expect(all(photo)).toContain('Photo: attached');

    const filed = await click('alice', 'report.submit', '2026-11-23');
    expect(filed[0]!.title).toBe('Daily report 2026-11-23 filed — health 100/100');
    expect(filed[0]!.level).toBe('green');
    expect(filed[0]!.body).toContain('Nothing to check in this report.');
    expect(interactions).toBeLessThanOrEqual(5);
    expect(interactions).toBe(4);

    const stored = await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23'));
    expect(stored).toMatchObject({
      status: 'filed',
      score: 100,
      late: false,
      summary: expect.stringContaining('restocked'),
    });
    expect(stored?.keyActions.map((a) => a.kind)).toEqual(['visit']);
  });

  it("a photo like a teammate's asks politely to resend, and the rep can confirm instead", async () => {
    env.clock.set(at('2026-11-20T11:00'));
    const bobShop = await heldBy('bob', 'Lawson');
    await say('bob', `touch ${bobShop} visit`);
    await upload('bob', 'report', await shopFront());
    await say('bob', 'report submit');

    env.clock.set(at('2026-11-23T11:00'));
    const shop = await heldBy('alice', 'FamilyMart Xuhui');
    await say('alice', `touch ${shop} visit talked to the store manager`);
    await upload('alice', `report ${shop}`, await shopFront(320));
    env.clock.set(at('2026-11-23T18:00'));
    const filed = await say('alice', 'report submit');
    expect(filed[0]!.title).toBe('Daily report 2026-11-23 filed — health 65/100');
    expect(filed[0]!.level).toBe('yellow');
    expect(filed[0]!.body).toContain(
      'This photo looks like the one from 11-20 — resend a photo from this visit to FamilyMart Xuhui?',
    );
    expect(filed[0]!.body).not.toMatch(/fake|fraud|lie/i);
    expect(filed[0]!.actions).toEqual([
      expect.objectContaining({ id: 'report.confirm', value: '2026-11-23' }),
    ]);

    const confirmed = await click('alice', 'report.confirm', '2026-11-23');
    expect(all(confirmed)).toContain('Thanks — your report of 2026-11-23 is confirmed as it is.');
    const stored = await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23'));
    expect(stored?.confirmedAt).toBe(at('2026-11-23T18:00'));
  });

  it('a place sent on its own waits for the customer: `checkin LEAD` then uses it', async () => {
    const shop = await heldBy('alice', 'FamilyMart Xuhui');
    expect(all(await say('alice', `checkin ${shop}`))).toContain('Send your location first');
    const noted = await post('location', { as: 'alice', lat: 31.2304, lng: 121.4737 });
    expect(all(noted)).toContain('Got your location. Which customer are you at?');
    const checked = await say('alice', `checkin ${shop}`);
    expect(all(checked)).toContain(`Checked in at #${shop} FamilyMart Xuhui`);
    const customerPlace = () => env.deps.store.transaction((tx) => tx.reports.customerPlace(shop));
    expect(await customerPlace()).toBeNull();
    // The rep says this is the customer's address: only then is it the reference.
    const button = checked.flatMap((c) => c.actions ?? []).find((a) => a.id === 'report.place');
    expect(button?.label).toBe("This is the customer's address");
    const confirmed = await post('click', { as: 'alice', actionId: 'report.place', value: button?.value });
    expect(all(confirmed)).toContain(`Saved as the address of #${shop}`);
    expect(await customerPlace()).toEqual({ lat: 31.2304, lng: 121.4737, datum: 'GCJ02' });
    // Used once: the next check-in needs a new place.
    expect(all(await say('alice', `checkin ${shop}`))).toContain('Send your location first');
  });

  it('the same flow answers in Chinese: 日报, 签到, 日报 提交', async () => {
    const shop = await heldBy('li', '全家便利店');
    env.clock.set(at('2026-11-23T10:00'));
    expect(all(await say('li', `签到 ${shop} 31.2304,121.4737`))).toContain(`已在 #${shop} 全家便利店 签到`);
    const draft = await say('li', '日报');
    expect(draft[0]!.title).toBe('日报 2026-11-23（草稿）');
    expect(draft[0]!.body).toContain('✓ 1. 拜访 全家便利店');
    const filed = await say('li', '日报 提交');
    expect(filed[0]!.title).toBe('日报 2026-11-23 已提交 — 健康度 100/100');
  });

  it('at the reminder time the late ones are reminded and the manager gets one summary with Read and Comment', async () => {
    env.clock.set(at('2026-11-20T11:00'));
    const bobShop = await heldBy('bob', 'Lawson');
    await say('bob', `touch ${bobShop} visit`);
    await upload('bob', 'report', await shopFront());
    await say('bob', 'report submit');
    env.clock.set(at('2026-11-23T11:00'));
    const shop = await heldBy('alice', 'FamilyMart Xuhui');
    await say('alice', `touch ${shop} visit`);
    await upload('alice', '日报', await shopFront(320));
    await say('alice', 'report submit');

    env.clock.set(at('2026-11-23T18:29'));
    expect(await sendReportDigests(env.deps)).toEqual({ date: null, reminded: 0, digests: 0 });
    env.clock.set(at('2026-11-23T18:30'));
    expect(await sendReportDigests(env.deps)).toEqual({ date: '2026-11-23', reminded: 2, digests: 1 });
    // Once a day, however many instances sweep.
    expect(await sendReportDigests(env.deps)).toEqual({ date: null, reminded: 0, digests: 0 });

    expect((await inbox('bob')).map((c) => c.title)).toContain(
      'Your daily report for 2026-11-23 is not filed yet: send `report` to open it pre-filled.',
    );
    const digest = (await inbox('boss')).find((c) => c.title === '日报 2026-11-23 — 华东一组');
    expect(digest?.body).toContain('按时提交：1 人（Alice）');
    expect(digest?.body).toContain('未提交：2 人（Bob\u3001李雷）— 已提醒');
    expect(digest?.body).toContain('平均健康度：65');
    expect(digest?.body).toContain('Alice — 健康度 65，已请其确认或更正：');
    expect(digest?.body).toContain('FamilyMart Xuhui 的照片与 11-20 Bob 为 Lawson 发送的照片相似');
    const reportId = (await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23')))!.id;
    expect(digest?.actions).toEqual([
      expect.objectContaining({ id: 'report.read', label: '已阅 Alice', value: String(reportId) }),
      expect.objectContaining({ id: 'report.comment', label: '点评 Alice', value: String(reportId) }),
    ]);

    expect(all(await click('bob', 'report.read', String(reportId)))).toContain(
      "Only the rep's manager (or a director) can review this report.",
    );
    expect(all(await click('boss', 'report.read', String(reportId)))).toContain(
      '已标记为已阅，Alice 会看到。',
    );
    const form = await click('boss', 'report.comment', String(reportId));
    expect(form[0]!.form).toMatchObject({ id: 'report.comment', context: String(reportId) });
    const sent = await post('submit', {
      as: 'boss',
      formId: 'report.comment',
      values: { text: '照片请补拍一张门头' },
      context: String(reportId),
    });
    expect(all(sent)).toContain('点评已发送给 Alice。');
    const aliceInbox = await inbox('alice');
    expect(aliceInbox.map((c) => c.title)).toEqual(
      expect.arrayContaining([
        '王强 read your daily report of 2026-11-23.',
        '王强 commented on your daily report of 2026-11-23:',
      ]),
    );
    expect(aliceInbox.find((c) => c.title.startsWith('王强 commented'))?.body).toBe('照片请补拍一张门头');
    const notes = await env.deps.store.transaction((tx) => tx.reports.notes(reportId));
    expect(notes.map((n) => [n.authorId, n.kind, n.text])).toEqual([
      ['boss', 'read', ''],
      ['boss', 'comment', '照片请补拍一张门头'],
    ]);
  });

  it('visits typed at 23:20 for the whole day ask the rep to check the times, never accuse', async () => {
    const leads = [
      await heldBy('alice', 'Shop A'),
      await heldBy('alice', 'Shop B'),
      await heldBy('alice', 'Shop C'),
    ];
    env.clock.set(at('2026-11-23T23:20'));
    for (const [i, lead] of leads.entries()) {
      await say('alice', `touch ${lead} visit ${9 + 3 * i}:00 restock`);
      env.clock.advance(60_000);
    }
    expect((await say('alice', 'report')).at(0)?.body).toContain('• 09:00 Shop A — restock');
    env.clock.set(at('2026-11-23T23:30'));
    const filed = await say('alice', 'report submit');
    expect(filed[0]!.title).toBe('Daily report 2026-11-23 filed — health 60/100');
    expect(filed[0]!.body).toContain(
      'This report was filed at 11-23 23:30 for visits from 11-23 09:00. Please check the times are right, or correct them.',
    );
    expect(filed[0]!.body).toContain('3 visits were logged within a few minutes (23:20–23:22).');
    expect(filed[0]!.body).not.toMatch(/fake|fraud|lie/i);
    const t = await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23'));
    expect(t?.late).toBe(true);
  });

  it('no reminder on a weekend day', async () => {
    env.clock.set(at('2026-11-21T19:00'));
    expect(await sendReportDigests(env.deps)).toEqual({ date: null, reminded: 0, digests: 0 });
  });
});
