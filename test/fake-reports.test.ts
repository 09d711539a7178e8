// Issue 25, Proof (authenticity): the brief's fake-report cases, filed through the playground's HTTP API on SQLite
// and PostgreSQL, each flagged or not as it should be, with the reason the manager reads when opening the report:
// a convenience-store visit written up as a hospital pitch, a photo reused across teams, a back-filled burst, an
// impossible day (Shanghai 10:00, Beijing 12:00) and a legitimate high-speed-rail day (Shanghai 08:00, Beijing
// 14:30).
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
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const SHANGHAI = '31.2304,121.4737';
const BEIJING = '39.9042,116.4074';

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

describe.each(DATABASES)('the brief’s fake-report cases on %s', (kind) => {
  const current = useTestEnv(kind);
  let server: Server;
  let base: string;

  beforeEach(async () => {
    const env = current();
    env.clock.set(at('2026-11-20T09:00'));
    const rep = (id: string, name: string, teamId = 'east-1') => person(id, { name, teamId, locale: 'en' });
    const reps = [
      rep('ann', 'Ann'),
      rep('bob', 'Bob'),
      rep('dan', 'Dan'),
      rep('eve', 'Eve'),
      rep('fay', 'Fay'),
      rep('carol', 'Carol', 'west'),
    ];
    await seedOrg(env, reps, {
      teams: [
        { id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} },
        { id: 'west', name: 'West', managerId: 'wboss', channels: {} },
      ],
      people: [
        person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
        person('wboss', { role: 'manager', name: 'Zhao', teamId: 'west', locale: 'en' }),
        ...reps,
      ],
    });
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
  const upload = (as: string, text: string, bytes: Uint8Array) =>
    post('upload', { as, text, fileName: 'visit.jpg', data: Buffer.from(bytes).toString('base64') });

  async function heldBy(rep: string, company: string, industry = '便利店'): Promise<number> {
    const deps = current().deps;
    const r = await submitLead(deps, { fields: leadFields({ company, industry }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a new lead');
    let holder = r.lead.ownerId;
    while (holder !== null && holder !== rep) {
      const p = await passLead(deps, { personId: holder, leadId: r.lead.id });
      holder = p.kind === 'passed' ? p.lead.ownerId : null;
    }
    expect(await claimLead(deps, { personId: rep, leadId: r.lead.id })).toMatchObject({ kind: 'claimed' });
    return r.lead.id;
  }

  /** Files the rep's report of 2026-11-23 at `time`; the manager opens it: its flags and what they read. */
  async function fileAndOpen(rep: string, manager: string, time = '17:00') {
    current().clock.set(at(`2026-11-23T${time}`));
    await say(rep, 'report submit');
    const report = await current().deps.store.transaction((tx) => tx.reports.of(rep, '2026-11-23'));
    expect(report?.status).toBe('filed');
    const [open] = await post('click', { as: manager, actionId: 'report.open', value: String(report!.id) });
    return { flags: report!.result!.flags.map((f) => f.kind), score: report!.score, body: open?.body ?? '' };
  }

  it('a convenience-store visit written up as a hospital pitch is flagged with the words on each side', async () => {
    const shop = await heldBy('ann', 'Lawson Jingan');
    current().clock.set(at('2026-11-23T10:00'));
    await say('ann', `touch ${shop} visit 向医院院长和科室主任介绍新品，讨论病房用量`);
    const r = await fileAndOpen('ann', 'boss');
    expect(r.flags).toContain('INDUSTRY_MISMATCH');
    expect(r.body).toMatch(/Summary for Lawson Jingan \(.+\) uses .+ words: .*医院/);
  });

  it('a photo another team sent before is flagged, naming who sent it, when and for whom', async () => {
    current().clock.set(at('2026-11-20T11:00'));
    const lawson = await heldBy('bob', 'Lawson Xuhui');
    await say('bob', `touch ${lawson} visit`);
    await upload('bob', 'report', await shopFront());
    await say('bob', 'report submit');
    const shop = await heldBy('carol', 'FamilyMart Pudong');
    current().clock.set(at('2026-11-23T11:00'));
    await say('carol', `touch ${shop} visit talked to the store manager`);
    await upload('carol', `report ${shop}`, await shopFront(320));
    const r = await fileAndOpen('carol', 'wboss');
    expect(r.flags).toContain('PHOTO_REUSED');
    expect(r.body).toContain(
      'Photo for FamilyMart Pudong matches a photo sent 11-20 by Bob for Lawson Xuhui',
    );
  });

  it('a report with no visit still has its photo checked (item 14): another team’s photo is flagged, under 100', async () => {
    current().clock.set(at('2026-11-20T11:00'));
    const lawson = await heldBy('bob', 'Lawson Xuhui');
    await say('bob', `touch ${lawson} visit`);
    await upload('bob', 'report', await shopFront());
    await say('bob', 'report submit');
    current().clock.set(at('2026-11-23T16:00'));
    await say('carol', 'report');
    await upload('carol', 'report', await shopFront(320));
    const r = await fileAndOpen('carol', 'wboss');
    expect(r.flags).toEqual(['PHOTO_REUSED']);
    expect(r.score).toBeLessThan(100);
    expect(r.body).toContain('Photo for the day matches a photo sent 11-20 by Bob for Lawson Xuhui');
  });

  it('a day of visits typed in at 23:20 is flagged as a burst and late, with both time spans', async () => {
    const leads = [
      await heldBy('dan', 'Shop A'),
      await heldBy('dan', 'Shop B'),
      await heldBy('dan', 'Shop C'),
    ];
    current().clock.set(at('2026-11-23T23:20'));
    for (const [i, lead] of leads.entries()) {
      await say('dan', `touch ${lead} visit ${9 + 3 * i}:00 restock`);
      current().clock.advance(60_000);
    }
    const r = await fileAndOpen('dan', 'boss', '23:30');
    expect(r.flags).toEqual(expect.arrayContaining(['BURST_ENTRY', 'LATE_REPORT']));
    expect(r.body).toContain(
      '3 visit logs entered 23:20–23:22 (within 10 min) for visits claimed 09:00–15:00 (6 h apart).',
    );
    expect(r.body).toContain('Report filed 11-23 23:30, 14.5 h after the first visit (11-23 09:00)');
  });

  it('Shanghai at 10:00 and Beijing at 12:00 is an impossible day: the distance, the gap and the least time', async () => {
    const sh = await heldBy('eve', 'Shanghai Store');
    const bj = await heldBy('eve', 'Beijing Store');
    current().clock.set(at('2026-11-23T10:00'));
    await say('eve', `checkin ${sh} ${SHANGHAI}`);
    current().clock.set(at('2026-11-23T12:00'));
    await say('eve', `checkin ${bj} ${BEIJING}`);
    const r = await fileAndOpen('eve', 'boss');
    expect(r.flags).toContain('IMPOSSIBLE_TRAVEL');
    // With the two places beneath it.
    expect(r.body).toContain('Check-in: Beijing Store 39.9042, 116.4074');
    expect(r.body).toMatch(
      /Shanghai Store at 10:00 and Beijing Store at 12:00 are 10\d\d km apart, 120 min between them: even by air it takes at least \d+ min\./,
    );
  });

  it('Shanghai at 08:00 and Beijing at 14:30 by high-speed rail is not flagged', async () => {
    const sh = await heldBy('fay', 'Shanghai Store');
    const bj = await heldBy('fay', 'Beijing Store');
    current().clock.set(at('2026-11-23T08:00'));
    await say('fay', `checkin ${sh} ${SHANGHAI}`);
    current().clock.set(at('2026-11-23T14:30'));
    await say('fay', `checkin ${bj} ${BEIJING}`);
    const r = await fileAndOpen('fay', 'boss');
    expect(r.flags).not.toContain('IMPOSSIBLE_TRAVEL');
    expect(r.body).not.toContain('km apart');
  });
});
