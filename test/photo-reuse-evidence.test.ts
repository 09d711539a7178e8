// Issue 25 item 13, through the playground's HTTP API on SQLite and PostgreSQL: photo reuse is checked across the
// whole organisation and against deal evidence photos, both ways — a site photo sent again (resized,
// recompressed) as another team's daily-report photo is flagged with the deal named and shown side by side to
// the manager; a daily-report photo or another deal's site photo sent as evidence is refused, naming who sent
// it, when, and for which report or deal.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { passLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { createApp } from '../src/http/app.ts';
import { isPhotoHash } from '../src/modules/reports/rules/photo-hash.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
  image?: { src: string; reading?: string };
  actions?: Array<{ id: string; label: string; value: string }>;
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

/** A shop-front scene; `width` resizes and recompresses it (the same photo again, other bytes). */
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

describe.each(DATABASES)('photo reuse with deal evidence, both ways, on %s', (kind) => {
  const current = useTestEnv(kind);
  let server: Server;
  let base: string;

  beforeEach(async () => {
    const env = current();
    env.clock.set(at('2026-11-20T09:00'));
    await seedOrg(
      env,
      [
        person('alice', { name: 'Alice', locale: 'en' }),
        person('bob', { name: 'Bob', locale: 'en' }),
        person('carol', { name: 'Carol', teamId: 'west', locale: 'en' }),
      ],
      {
        teams: [
          { id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} },
          { id: 'west', name: 'West', managerId: 'wboss', channels: {} },
        ],
        people: [
          person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
          person('wboss', { role: 'manager', name: 'Zhao', teamId: 'west', locale: 'en' }),
          person('alice', { name: 'Alice', locale: 'en' }),
          person('bob', { name: 'Bob', locale: 'en' }),
          person('carol', { name: 'Carol', teamId: 'west', locale: 'en' }),
        ],
      },
    );
    const chat: ChatDeps = { engine: env.deps, defaultLocale: 'en' };
    const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
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
  const upload = (as: string, text: string, name: string, bytes: Uint8Array) =>
    post('upload', { as, text, fileName: name, data: Buffer.from(bytes).toString('base64') });
  const all = (replies: CardJson[]) => replies.map((r) => `${r.title}\n${r.body ?? ''}`).join('\n');

  async function heldBy(rep: string, company: string): Promise<number> {
    const deps = current().deps;
    const r = await submitLead(deps, { fields: leadFields({ company, industry: '便利店' }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a new lead');
    let holder = r.lead.ownerId;
    while (holder !== null && holder !== rep) {
      const p = await passLead(deps, { personId: holder, leadId: r.lead.id });
      holder = p.kind === 'passed' ? p.lead.ownerId : null;
    }
    expect(await claimLead(deps, { personId: rep, leadId: r.lead.id })).toMatchObject({ kind: 'claimed' });
    return r.lead.id;
  }

  async function dealOf(rep: string, company: string): Promise<number> {
    const lead = await heldBy(rep, company);
    const created = await say(rep, `deal new ${lead} 30万`);
    const id = Number(/Deal D(\d+)/.exec(created[0]?.title ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  const evidencePhotos = () => current().deps.store.transaction((tx) => tx.deals.evidencePhotosSince(0));

  it('a site photo sent again as another team’s report photo is flagged, the deal named, both photos side by side', async () => {
    const d = await dealOf('alice', 'Mingyuan Tech');
    current().clock.set(at('2026-11-20T11:00'));
    const filed = await upload('alice', `evidence D${d}`, 'site.jpg', await shopFront());
    expect(all(filed)).toContain(`Added to D${d}: Site photo.`);
    // The evidence photo carries the perceptual hash report photos carry.
    const [site] = await evidencePhotos();
    expect(site).toMatchObject({ dealId: d, by: 'alice', at: at('2026-11-20T11:00') });
    expect(isPhotoHash(site!.phash)).toBe(true);

    current().clock.set(at('2026-11-23T11:00'));
    const lawson = await heldBy('carol', 'Lawson');
    await say('carol', `touch ${lawson} visit talked to the store manager`);
    await upload('carol', `report ${lawson}`, 'visit.jpg', await shopFront(320));
    current().clock.set(at('2026-11-23T17:00'));
    const submitted = await say('carol', 'report submit');
    expect(all(submitted)).toContain(
      'This photo looks like the one from 11-20 — resend a photo from this visit to Lawson?',
    );
    const report = await current().deps.store.transaction((tx) => tx.reports.of('carol', '2026-11-23'));
    const flag = report?.result?.flags.find((f) => f.kind === 'PHOTO_REUSED');
    expect(flag).toMatchObject({
      match: { photoId: `e${site!.id}`, repId: 'alice', dealId: String(d), sentAt: at('2026-11-20T11:00') },
    });

    // Carol's manager opens it: the reason names Alice, the day and the deal; the two photos side by side.
    const [open] = await post('click', { as: 'wboss', actionId: 'report.open', value: String(report!.id) });
    expect(open?.body).toContain(
      'Photo for Lawson matches a photo sent 11-20 by Alice for Mingyuan Tech (evidence on deal D' + d + ')',
    );
    expect(open?.body).not.toContain('deleted after the keeping period');
    const png = Buffer.from(open!.image!.src.split(',')[1]!, 'base64');
    const meta = await sharp(png).metadata();
    expect(meta.width).toBeGreaterThan(2 * (meta.height ?? 0));
  });

  it('a report photo, or another deal’s site photo, sent as evidence is refused, naming who, when and where', async () => {
    current().clock.set(at('2026-11-20T11:00'));
    const shop = await heldBy('bob', 'Lawson');
    await say('bob', `touch ${shop} visit`);
    await upload('bob', 'report', 'visit.jpg', await shopFront());
    await say('bob', 'report submit');

    current().clock.set(at('2026-11-23T10:00'));
    const d = await dealOf('carol', 'Mingyuan Tech');
    const refused = await upload('carol', `evidence D${d}`, 'site.jpg', await shopFront(320));
    const text = all(refused);
    expect(text).toMatch(
      new RegExp(
        `this photo is the one Bob sent 2026-11-20 11:00 with the daily report of 2026-11-20 \\(Lawson\\): \\d+ of 64 bits differ \\(the same photo at \\d+ or fewer\\)\\. Send a photo taken for D${d}`,
      ),
    );
    const events = await current().deps.store.transaction(async (tx) =>
      tx.events.forLead((await tx.deals.get(d))!.leadId),
    );
    const refusal = events.find((e) => e.type === 'deal.evidence_refused');
    expect(refusal?.type === 'deal.evidence_refused' && refusal.problems[0]).toMatch(
      /^PHOTO_REUSED:report:\d+:\d+$/,
    );
    expect(await evidencePhotos()).toEqual([]);

    // A photo of its own is taken; the same site photo on Alice's deal is then refused, naming Carol's deal.
    expect(all(await upload('carol', `evidence D${d}`, 'site.png', PNG_1X1))).toContain(
      `Added to D${d}: Site photo.`,
    );
    current().clock.set(at('2026-11-23T15:00'));
    const other = await dealOf('alice', 'Lawson East');
    const again = await upload('alice', `evidence D${other}`, 'site.png', PNG_1X1);
    expect(all(again)).toMatch(
      new RegExp(
        `this photo is the one Carol filed 2026-11-23 10:00 as evidence on D${d} \\(Mingyuan Tech\\): 0 of 64 bits differ`,
      ),
    );
  });
});
