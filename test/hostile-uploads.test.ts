// Untrusted files over real HTTP (issue 22, items 2, 5, 6 and 17): crafted PDFs and images are refused with a
// reason in the person's language while the server keeps answering, and nothing is read or kept for someone who
// may not add to the deal.
import { existsSync, readdirSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { uploadWork } from '../src/media/limit.ts';
import { t, type Locale } from '../src/modules/i18n.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { PNG_1X1, pdfWithPages } from './fixtures/files.ts';
import { doublingPageTreePdf, FAKE_GIF, pngBomb } from './fixtures/hostile-files.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  body?: string;
}

let env: TestEnv;
let server: Server;
let base: string;

/** One rep, Alice, speaking `locale` (importing the org again changes it); her manager speaks English. */
async function orgIn(locale: Locale): Promise<void> {
  const alice = person('alice', { name: 'Alice', locale });
  await seedOrg(env, [alice], {
    teams: [{ id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} }],
    people: [person('boss', { role: 'manager', name: 'Wang', locale: 'en' }), alice],
  });
}

beforeEach(async () => {
  env = testEnv();
  await orgIn('en');
  const chat = { engine: env.deps, defaultLocale: 'en' as const };
  const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

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
const upload = (as: string, text: string, fileName: string, bytes: Uint8Array) =>
  post('upload', { as, text, fileName, data: Buffer.from(bytes).toString('base64') });
const all = (replies: CardJson[]) => replies.map((r) => `${r.title}\n${r.body ?? ''}`).join('\n');

/** Every file under the store's folder (final and temporary). */
function storedFiles(): string[] {
  const dir = join(env.dir, 'files');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

async function dealOf(as: string, company: string): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  await say(as, `claim ${r.lead.id}`);
  const created = await say(as, `deal new ${r.lead.id} 30万`);
  const id = /D(\d+)/.exec(created[0]?.title ?? '')?.[1];
  if (id === undefined) throw new Error(`no deal: ${created[0]?.title}`);
  return Number(id);
}

/** Moves the deal to 商务谈判, whose contract asks for a PDF of at least 2 pages. */
async function atNegotiation(as: string, id: number): Promise<void> {
  await say(as, `evidence D${id} note pains`);
  await upload(as, `evidence D${id}`, 'site.png', PNG_1X1);
  const skipped = await say(as, `advance D${id} negotiate repeat customer, framework renewal`);
  expect(all(skipped)).toMatch(/skipping|跳过/);
}

const healthz = () =>
  fetch(`${base}/healthz`).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('hostile files over HTTP', () => {
  it.each<Locale>(['en', 'zh-CN'])(
    'a 2.8 KB PDF whose page tree doubles 30 times is refused, saying why (%s); /healthz answers throughout',
    async (locale) => {
      await orgIn(locale);
      const as = 'alice';
      const id = await dealOf(as, 'Mingyuan Tech');
      const pdf = doublingPageTreePdf(30);
      const [replies, health] = await Promise.all([
        upload(as, `evidence D${id}`, 'MingyuanTech_contract_2026-11-23_v1.pdf', pdf),
        healthz(),
      ]);
      expect(health).toEqual({ status: 200, body: { ok: true } });
      expect(all(replies)).toContain(t(locale, 'evidence.problem.UNSAFE_FILE.REPEATED_PAGE_NODE'));
      expect(await healthz()).toEqual({ status: 200, body: { ok: true } });
      expect(storedFiles()).toEqual([]);
    },
  );

  it('the 65,536-page trick does not pass "at least 2 pages": refused, nothing stored for it', async () => {
    const id = await dealOf('alice', 'Mingyuan Tech');
    await atNegotiation('alice', id);
    const before = storedFiles();
    const replies = await upload(
      'alice',
      `evidence D${id}`,
      'MingyuanTech_contract_2026-11-23_v1.pdf',
      doublingPageTreePdf(16),
    );
    expect(all(replies)).toContain(t('en', 'evidence.problem.UNSAFE_FILE.REPEATED_PAGE_NODE'));
    expect(all(replies)).not.toContain('Added to');
    expect(storedFiles()).toEqual(before);
    // An honest two-page contract still goes in.
    const ok = await upload(
      'alice',
      `evidence D${id}`,
      'MingyuanTech_contract_2026-11-23_v1.pdf',
      await pdfWithPages(2),
    );
    expect(all(ok)).toContain('Added to D');
  });

  it.each<Locale>(['en', 'zh-CN'])(
    'a 16,383 × 16,383 PNG is refused from its header as a site photo (%s)',
    async (locale) => {
      await orgIn(locale);
      const as = 'alice';
      const id = await dealOf(as, 'Mingyuan Tech');
      const replies = await upload(as, `evidence D${id}`, 'site.png', pngBomb());
      expect(all(replies)).toContain(
        t(locale, 'evidence.problem.UNSAFE_FILE.IMAGE_TOO_LARGE', { megapixels: 50 }),
      );
      expect(storedFiles()).toEqual([]);
    },
  );

  it('the same image bomb as the daily report photo is refused in the person’s language', async () => {
    const en = await upload('alice', 'report', 'shop.png', pngBomb());
    expect(all(en)).toContain(t('en', 'report.refuse.IMAGE_TOO_LARGE'));
    await orgIn('zh-CN');
    const zh = await upload('alice', '日报', 'shop.png', pngBomb());
    expect(all(zh)).toContain(t('zh-CN', 'report.refuse.IMAGE_TOO_LARGE'));
    expect(storedFiles()).toEqual([]);
  });

  it('23 bytes of text starting GIF89a do not pass as a site photo', async () => {
    const id = await dealOf('alice', 'Mingyuan Tech');
    const replies = await upload('alice', `evidence D${id} sitePhoto`, 'site.gif', FAKE_GIF);
    expect(all(replies)).toContain(
      t('en', 'evidence.problem.UNSAFE_FILE.IMAGE_UNREADABLE', { mime: 'image/gif' }),
    );
    expect(storedFiles()).toEqual([]);
  });

  it('an upload to someone else’s deal is refused before its file is read or written', async () => {
    const id = await dealOf('alice', 'Mingyuan Tech');
    const replies = await upload('boss', `evidence D${id}`, 'site.png', PNG_1X1);
    expect(all(replies)).toContain(t('en', 'deal.refuse.NOT_YOURS', { id }));
    const missing = await upload('boss', 'evidence D999', 'x.pdf', doublingPageTreePdf(30));
    expect(all(missing)).toContain(t('en', 'deal.refuse.NOT_FOUND', { id: 999 }));
    expect(storedFiles()).toEqual([]);
  });

  it.each<Locale>(['en', 'zh-CN'])(
    'while 4 uploads are checked and 8 wait, the next is told to send again, nothing kept (%s)',
    async (locale) => {
      await orgIn(locale);
      const id = await dealOf('alice', 'Mingyuan Tech');
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const busy = Array.from({ length: 12 }, () => uploadWork.run(() => held));
      expect(uploadWork.full()).toBe(true);
      const replies = await upload('alice', `evidence D${id}`, 'site.png', PNG_1X1);
      expect(all(replies)).toContain(t(locale, 'deal.refuse.BUSY', { id }));
      const photo = await upload('alice', 'report', 'shop.png', PNG_1X1);
      expect(all(photo)).toContain(t(locale, 'report.refuse.BUSY'));
      expect(storedFiles()).toEqual([]);
      release();
      await Promise.all(busy);
      const again = await upload('alice', `evidence D${id}`, 'site.png', PNG_1X1);
      expect(all(again)).not.toContain(t(locale, 'deal.refuse.BUSY', { id }));
      expect(storedFiles()).toHaveLength(1);
    },
  );

  it('holds at most 8 upload bodies at once: the 9th is asked to come back (503, Retry-After) before its body is read', async () => {
    const arrived: IncomingMessage[] = [];
    server.on('request', (req: IncomingMessage) => arrived.push(req));
    const port = (server.address() as AddressInfo).port;
    // Eight uploads whose bodies never finish arriving.
    const slow = Array.from({ length: 8 }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.write(
        'POST /playground/api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 1000000\r\n\r\n{"as":"alice","text":"report","fileName":"a.png","data":"',
      );
      return socket;
    });
    await vi.waitFor(() => expect(arrived).toHaveLength(8), { timeout: 10_000 });
    await new Promise((r) => setImmediate(r));
    const refused = await fetch(`${base}/playground/api/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: 'alice', text: 'report', fileName: 'b.png', data: 'AAAA' }),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(((await refused.json()) as { error: string }).error).toBe('busy');
    const gone = arrived.map((req) => new Promise((r) => req.socket.once('close', r)));
    slow.forEach((s) => s.destroy());
    await Promise.all(gone);
    await new Promise((r) => setImmediate(r));
    expect(await healthz()).toEqual({ status: 200, body: { ok: true } });
    const taken = await upload('alice', 'report', 'shop.png', FAKE_GIF);
    expect(all(taken)).toContain(t('en', 'report.refuse.NOT_AN_IMAGE'));
  });
});
