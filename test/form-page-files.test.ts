// Issue 20: files on the mobile form pages over real HTTP. The body is bounded before and while it is read
// (too many files, a file or a body too big): a clear 413 page in the person's language, nothing stored and the
// link still usable. Evidence files go through the evidence use case, one file one item, typed from the bytes.
import type { Server } from 'node:http';
import sharp from 'sharp';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mobileFormsAdapter } from '../adapters/mobile-forms/index.ts';
import { formSecret } from '../adapters/mobile-forms/token.ts';
import { createApp } from '../src/http/app.ts';
import { FORMS } from '../src/kernel/card.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { passLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { dealView } from '../src/modules/deals/use-cases/deal-view.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { t } from '../src/modules/i18n.ts';
import { PNG_1X1, pdfWithPages } from './fixtures/files.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

const alice = person('alice', { name: 'Alice', locale: 'en' });
const li = person('li', { name: '李敏' });
const LIMITS = { fileBytes: 4096, files: 2, totalBytes: 64 * 1024, fields: 20, fieldBytes: 2048 };
let PDF: Uint8Array;
let JPEG: Uint8Array;

let env: TestEnv;
let server: Server;
let base: string;
let forms: ReturnType<typeof mobileFormsAdapter>;

beforeEach(async () => {
  PDF = await pdfWithPages(1);
  JPEG = new Uint8Array(
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } })
      .jpeg()
      .toBuffer(),
  );
  env = testEnv({ start: '2026-11-23T02:00:00Z' });
  await seedOrg(env, [alice, li]);
  const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
  forms = mobileFormsAdapter({
    chat,
    publicUrl: '',
    secret: formSecret('files-test', ''),
    clock: env.clock,
    limits: LIMITS,
  });
  server = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [forms] }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

async function deal(owner: string): Promise<number> {
  const id = await newDeal(owner);
  const html = await (await fetch(`${base}${evidenceLink(owner, id)}`)).text();
  // An item that takes a document (the first one of a stage is often a note).
  const view = await dealView(env.deps, id);
  requirement = view?.stage.evidence.find((r) => r.kind !== 'note' && r.kind !== 'link')?.id ?? '';
  expect(html).toContain(`<option value="${requirement}"`);
  dealId = id;
  return id;
}

async function newDeal(owner: string): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  if (r.lead.ownerId !== null && r.lead.ownerId !== owner)
    await passLead(env.deps, { personId: r.lead.ownerId, leadId: r.lead.id });
  await claimLead(env.deps, { personId: owner, leadId: r.lead.id });
  const d = await createDeal(env.deps, { personId: owner, leadId: r.lead.id, amount: 300_000 });
  if (d.kind !== 'created') throw new Error('expected a deal');
  return d.deal.id;
}

const evidenceLink = (personId: string, dealId: number) =>
  forms.path(personId, 'playground', {
    id: FORMS.dealEvidence,
    title: '',
    submitLabel: '',
    fields: [],
    context: String(dealId),
  });

let dealId = 0;
const evidence = () => env.deps.store.transaction((tx) => tx.deals.evidence(dealId));

/** The evidence item the page offers first (a file is filed under it). */
let requirement = '';

function body(files: Array<[string, Uint8Array]>, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set('requirement', requirement);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [name, bytes] of files) form.append('files', new Blob([bytes]), name);
  return form;
}

describe('files on the form pages', () => {
  it('offers a file input for PDF, images and Office documents on the evidence page', async () => {
    const id = await deal('alice');
    const html = await (await fetch(`${base}${evidenceLink('alice', id)}`)).text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toMatch(
      /<input type="file" id="f-files" name="files" multiple accept="application\/pdf,image\/\*,\.doc,\.docx/,
    );
    expect(html).toContain('<script src="../assets/form.js" defer></script>');
    const js = await fetch(`${base}/m/assets/form.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('files each photo as one evidence item, typed from its bytes, and uses the link up', async () => {
    const id = await deal('alice');
    const link = evidenceLink('alice', id);
    const before = (await evidence()).length;
    const res = await fetch(`${base}${link}`, {
      method: 'POST',
      body: body([
        ['site.jpg', JPEG],
        ['photo.bin', PNG_1X1],
      ]),
    });
    const page = await res.text();
    expect(res.status, page).toBe(200);
    const items = (await evidence()).slice(before);
    expect(items, page).toHaveLength(2);
    expect(items.map((e) => e.fileName)).toEqual(['site.jpg', 'photo.bin']);
    expect((await fetch(`${base}${link}`, { method: 'POST', body: body([['x.pdf', PDF]]) })).status).toBe(
      409,
    );
    expect(await evidence()).toHaveLength(before + 2);
  });

  it.each([
    ['too many files', [PDF, PDF, PDF], 'mform.body.TOO_MANY_FILES'],
    ['a file too big', [new Uint8Array(LIMITS.fileBytes + 1).fill(65)], 'mform.body.FILE_TOO_LARGE'],
    ['a body too big', [new Uint8Array(LIMITS.totalBytes + 10).fill(65)], 'mform.body.TOO_LARGE'],
  ] as const)(
    'refuses %s with a 413 page in the person’s language; nothing stored, the link still works',
    async (_n, files, key) => {
      const id = await deal('li');
      const link = evidenceLink('li', id);
      const before = (await evidence()).length;
      const res = await fetch(`${base}${link}`, {
        method: 'POST',
        body: body(files.map((f, i) => [`f${i}.pdf`, f])),
      });
      expect(res.status).toBe(413);
      const html = await res.text();
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain(t('zh-CN', key, { total: 0, file: 0, files: LIMITS.files }));
      expect(await evidence()).toHaveLength(before);
      const ok = await fetch(`${base}${link}`, { method: 'POST', body: body([['site.jpg', JPEG]]) });
      expect(ok.status).toBe(200);
      expect(await evidence()).toHaveLength(before + 1);
    },
  );

  it('refuses a body that is no form with a 422 page, nothing stored', async () => {
    const id = await deal('alice');
    const res = await fetch(`${base}${evidenceLink('alice', id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"files":[]}',
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(t('en', 'mform.body.MALFORMED'));
    expect(await evidence()).toEqual([]);
  });
});
