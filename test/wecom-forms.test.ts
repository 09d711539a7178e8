// WeCom without modals, end to end: forms open as signed mobile pages from a card (新线索, a deal's evidence), are
// filled in over real HTTP and answered in the chat through the outbox; a replayed, expired or tampered link
// changes nothing. Photos sent to the app after `证据 D12` become evidence on D12, fetched with media/get from a
// local fake of WeCom's API. Callbacks are encrypted and signed as WeCom sends them; a fresh SQLite file per test.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mobileFormsAdapter } from '../adapters/mobile-forms/index.ts';
import { formSecret } from '../adapters/mobile-forms/token.ts';
import { wecomAdapter, type WecomAdapter } from '../adapters/wecom/index.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { WECOM_APP, wecomCallbacks } from './fixtures/wecom-callback.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { leadFields, MINUTE, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeWecom;
let adapter: WecomAdapter;
let server: Server;
let base: string;
let worker: OutboxWorkerDeps;
let seq = 0;

const limin = person('li.min', { name: '李敏', locale: 'zh-CN', identities: { wecom: 'LiMin' } });

const wecomPost = wecomCallbacks({
  base: () => base,
  clock: () => env.clock(),
  settled: () => adapter.settled(),
});
const callback = (fields: Record<string, string>) =>
  wecomPost({ FromUserName: 'LiMin', MsgId: String(++seq), ...fields });

const text = (content: string) => callback({ MsgType: 'text', Content: content });

/** The link of the last form card WeCom was asked to show (a text_notice card opening a URL). */
function lastFormLink(): string {
  const cards = fake
    .ok('message/send')
    .filter((m) => (m.template_card as { card_type?: string } | undefined)?.card_type === 'text_notice');
  const card = cards.at(-1)?.template_card as { card_action: { type: number; url: string } } | undefined;
  if (card === undefined) throw new Error('no form card was sent');
  expect(card.card_action.type).toBe(1);
  return card.card_action.url;
}

const post = (url: string, values: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  });

const sentText = () => JSON.stringify(fake.ok('message/send'));
const leadCount = () =>
  env.deps.store.transaction(async (tx) =>
    Object.values(await tx.leads.countByStatus()).reduce((a, b) => a + b, 0),
  );
const evidenceOf = (dealId: number) => env.deps.store.transaction((tx) => tx.deals.evidence(dealId));
const outboxSize = () =>
  env.deps.store.transaction(async (tx) => (await tx.outbox.list({ limit: 1000 })).length);

async function drain() {
  for (let i = 0; i < 50; i++) {
    const r = await deliverOutbox(worker, { now: env.clock(), limit: 200 });
    if (r.dispatched + r.sent + r.retried === 0) return;
    env.clock.advance(1000);
  }
  throw new Error('outbox not drained');
}

async function deal(): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: '明远科技' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  await claimLead(env.deps, { personId: 'li.min', leadId: r.lead.id });
  const d = await createDeal(env.deps, { personId: 'li.min', leadId: r.lead.id, amount: 300_000 });
  if (d.kind !== 'created') throw new Error('expected a deal');
  return d.deal.id;
}

const NEW_LEAD = {
  company: '华东医疗器械有限公司',
  contact: '王五',
  phone: '13800138000',
  need: '采购 20 台监护仪',
  source: 'chat',
  campaign: 'EXPO-2026',
};

describe('WeCom forms as signed mobile pages, and photos as evidence', () => {
  beforeEach(async () => {
    env = testEnv();
    fake = await startFakeWecom({ corpId: WECOM_APP.corpId, secret: WECOM_APP.secret });
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    // The server listens first: the form links carry its address (PUBLIC_URL).
    server = await new Promise<Server>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const forms = mobileFormsAdapter({
      chat,
      publicUrl: `${base}/`,
      secret: formSecret(null, 'app-secret'),
      clock: env.clock,
    });
    adapter = wecomAdapter({
      chat,
      ...WECOM_APP,
      apiBase: fake.apiBase,
      clock: env.clock,
      forms,
    });
    worker = { ...chat, deliverers: [adapter.deliverer] };
    await seedOrg(env, [limin], {
      teams: [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: { wecom: 'wrEAST' } }],
    });
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter, forms] });
    server.on('request', app);
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
    await env.close();
  });

  it('新线索 sends a link card; the page shows Chinese fields; POST creates the lead once and answers in the chat', async () => {
    await text('新线索');
    const url = lastFormLink();
    expect(url.startsWith(`${base}/m/form/`)).toBe(true);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('name="viewport"');
    for (const field of ['company', 'contact', 'phone', 'need'] as const)
      expect(html).toContain(`>${t('zh-CN', `field.${field}`)}`);
    expect(html).toContain(`<textarea id="f-need" name="need">`);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!127\.0\.0\.1)/);

    const before = await leadCount();
    const done = await post(url, NEW_LEAD);
    expect(done.status).toBe(200);
    const confirmation = await done.text();
    expect(confirmation).toContain(t('zh-CN', 'mform.done.title'));
    expect(await leadCount()).toBe(before + 1);
    const lead = await env.deps.store.transaction((tx) => tx.leads.get(before + 1));
    expect(lead).toMatchObject({ company: NEW_LEAD.company, contact: '王五' });
    expect(confirmation).toContain(`#${lead?.id}`);

    // The answer reaches the chat through the outbox, on WeCom only.
    fake.reset();
    await drain();
    expect(sentText()).toContain(`#${lead?.id}`);
    expect(fake.ok('message/send').every((m) => m.touser === 'LiMin')).toBe(true);

    // The same link again: refused, nothing changes, and the page says how to get a fresh one.
    const outbox = await outboxSize();
    const replay = await post(url, { ...NEW_LEAD, company: '另一家公司' });
    expect(replay.status).toBe(409);
    const replayHtml = await replay.text();
    expect(replayHtml).toContain(t('zh-CN', 'mform.bad.USED'));
    expect(replayHtml).toContain('新线索');
    expect(await leadCount()).toBe(before + 1);
    expect(await outboxSize()).toBe(outbox);
    expect((await fetch(url)).status).toBe(409);
  });

  it('re-renders the form with the problems and the values typed; the link still works afterwards', async () => {
    await text('新线索');
    const url = lastFormLink();
    const before = await leadCount();
    const bad = await post(url, { ...NEW_LEAD, company: '', campaign: '<b>EXPO</b>' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain(t('zh-CN', 'mform.missing', { label: t('zh-CN', 'field.company') }));
    expect(html).toContain('value="王五"');
    expect(html).toContain('value="&lt;b&gt;EXPO&lt;/b&gt;"');
    expect(html).not.toContain('<b>EXPO');
    expect(await leadCount()).toBe(before);

    expect((await post(url, NEW_LEAD)).status).toBe(200);
    expect(await leadCount()).toBe(before + 1);
  });

  it('refuses an expired link and a tampered one, changing nothing', async () => {
    await text('新线索');
    const url = lastFormLink();
    const before = await leadCount();

    const [head, body, sig] = (url.split('/').at(-1) as string).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'boss' })).toString('base64url');
    const tampered = `${base}/m/form/${head}.${forged}.${sig}`;
    const refused = await post(tampered, NEW_LEAD);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(t('zh-CN', 'mform.bad.BAD_SIGNATURE'));

    env.clock.advance(31 * MINUTE);
    const expired = await post(url, NEW_LEAD);
    expect(expired.status).toBe(410);
    const html = await expired.text();
    expect(html).toContain(t('zh-CN', 'mform.bad.EXPIRED'));
    expect(html).toContain(t('zh-CN', 'mform.bad.next'));
    expect(html).toContain(t('en', 'mform.bad.EXPIRED'));
    expect((await fetch(url)).status).toBe(410);
    expect(await leadCount()).toBe(before);
    expect(await outboxSize()).toBe(0);
  });

  it('opens the evidence form from a deal card’s button and files the note once', async () => {
    const id = await deal();
    await callback({
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: `deal.evidence:${id}`,
      TaskId: 'll-d1',
      CardType: 'button_interaction',
      ResponseCode: fake.issueCode(),
    });
    const url = lastFormLink();
    const html = await (await fetch(url)).text();
    expect(html).toContain(t('zh-CN', 'form.evidence.title', { id }));
    expect(html).toContain('<option value="painPoints" selected>客户痛点清单</option>');

    const done = await post(url, { requirement: 'painPoints', text: '设备老化,维修成本高' });
    expect(done.status).toBe(200);
    expect(await evidenceOf(id)).toEqual([
      expect.objectContaining({ requirement: 'painPoints', kind: 'note', text: '设备老化,维修成本高' }),
    ]);
    expect((await post(url, { requirement: 'painPoints', text: '再来一次' })).status).toBe(409);
    expect(await evidenceOf(id)).toHaveLength(1);
  });

  it('files a photo sent after “证据 D12” as evidence on that deal (stored, checked), once', async () => {
    const id = await deal();
    await text(`证据 D${id}`);
    expect(sentText()).toContain(t('zh-CN', 'evidence.sendNow', { id, req: '', minutes: 10 }));

    fake.hostMedia('MEDIA-1', PNG_1X1, 'image/png', 'IMG_0001.png');
    expect(
      (await callback({ MsgType: 'image', PicUrl: 'https://wework.example/p.png', MediaId: 'MEDIA-1' }))
        .status,
    ).toBe(200);
    expect(fake.ok('media/get')).toEqual([{ media_id: 'MEDIA-1' }]);
    const items = await evidenceOf(id);
    expect(items).toEqual([
      expect.objectContaining({ requirement: 'sitePhoto', kind: 'photo', fileName: 'IMG_0001.png' }),
    ]);
    const sha = createHash('sha256').update(PNG_1X1).digest('hex');
    expect(await env.deps.files?.get(sha)).toEqual(new Uint8Array(PNG_1X1));
    expect(sentText()).toContain(t('zh-CN', 'evidence.added', { id, label: '现场照片' }).slice(0, 8));

    // The announcement is used up: another photo without one gets the hint and is not filed.
    fake.hostMedia('MEDIA-2', PNG_1X1, 'image/png', 'IMG_0002.png');
    await callback({ MsgType: 'image', MediaId: 'MEDIA-2' });
    expect(await evidenceOf(id)).toHaveLength(1);
    expect(sentText()).toContain(t('zh-CN', 'file.hint'));
  });

  it('forgets the announcement after 10 minutes, and answers a voice message by asking for text', async () => {
    const id = await deal();
    await text(`证据 D${id} sitePhoto`);
    expect(sentText()).toContain(`D${id}`);
    env.clock.advance(11 * MINUTE);
    fake.hostMedia('MEDIA-3', PNG_1X1, 'image/png', 'late.png');
    await callback({ MsgType: 'image', MediaId: 'MEDIA-3' });
    expect(await evidenceOf(id)).toEqual([]);

    await callback({ MsgType: 'voice', MediaId: 'VOICE-1', Format: 'amr' });
    expect(sentText()).toContain(t('zh-CN', 'voice.noTranscript').slice(0, 10));
    // How to dictate instead: the keyboard's own voice input (issue 24 item 6).
    expect(sentText()).toContain('按手机键盘上的麦克风键说话');
    expect(fake.ok('media/get').map((b) => b.media_id)).toEqual(['MEDIA-3']);
  });

  it('answers a video or a link with what to send instead, files nothing and fetches nothing', async () => {
    const id = await deal();
    await text(`证据 D${id}`);
    await callback({ MsgType: 'video', MediaId: 'VIDEO-1', ThumbMediaId: 'THUMB-1' });
    expect(sentText()).toContain(t('zh-CN', 'media.video'));
    await callback({
      MsgType: 'link',
      Title: '报价单',
      Description: '点击查看',
      Url: 'https://example.com/quote.pdf',
      PicUrl: 'https://example.com/p.png',
    });
    expect(sentText()).toContain(t('zh-CN', 'media.link'));
    expect(await evidenceOf(id)).toEqual([]);
    expect(fake.calls.filter((c) => c.method === 'media/get')).toEqual([]);
  });

  it('says so when WeCom cannot hand over the photo, keeps the announcement, and fetches nothing for strangers', async () => {
    const id = await deal();
    await text(`证据 D${id}`);
    await callback({ MsgType: 'image', MediaId: 'EXPIRED-MEDIA' });
    expect(fake.calls.filter((c) => c.method === 'media/get').map((c) => c.outcome)).toEqual([40007]);
    expect(sentText()).toContain(t('zh-CN', 'error.title'));
    expect(await evidenceOf(id)).toEqual([]);

    fake.hostMedia('MEDIA-4', PNG_1X1, 'image/png', 'again.png');
    await callback({ MsgType: 'image', MediaId: 'MEDIA-4' });
    expect(await evidenceOf(id)).toEqual([expect.objectContaining({ kind: 'photo', fileName: 'again.png' })]);

    fake.reset();
    await callback({ FromUserName: 'Stranger', MsgType: 'image', MediaId: 'MEDIA-4' });
    expect(fake.calls.filter((c) => c.method === 'media/get')).toEqual([]);
    expect(sentText()).toContain(t('zh-CN', 'unlinked.title'));
  });
});
