// Daily reports (F28) and their authenticity index (F29) through the engine, on both databases.
import { DateTime } from 'luxon';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { checkIn, confirmPlace } from '../src/modules/reports/use-cases/check-in.ts';
import { confirmReport, submitReport } from '../src/modules/reports/use-cases/file-report.ts';
import { fillReport, openReport } from '../src/modules/reports/use-cases/report-draft.ts';
import { addReportPhoto } from '../src/modules/reports/use-cases/report-photo.ts';
import { passLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import type { Person } from '../src/kernel/types.ts';
import { DATABASES, leadFields, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

let env: TestEnv;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const alice = person('alice');
const bob = person('bob');

/** Two photo-like scenes: 0, a shop front (sky, wall, door, sign); 1, diagonal stripes and a bright disc. */
async function scene(which: 0 | 1, width = 640): Promise<Uint8Array> {
  const W = 640;
  const H = 480;
  const px = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      let rgb: [number, number, number];
      if (which === 0) {
        const t = 12 * Math.sin(x / 7) * Math.cos(y / 11);
        rgb = [120 + y / 5 + t, 160 + y / 8 + t, 230 - y / 4 + t];
        if (y > 180) rgb = [150 + t, 110 + t, 80 + t];
        if (y > 260 && x > 260 && x < 380) rgb = [40, 35, 30];
        if (y > 200 && y < 240 && x > 120 && x < 520) rgb = [230, 40, 40];
      } else {
        const stripe = ((x + y) >> 5) % 2 === 0 ? 200 : 60;
        rgb = [(x - 160) ** 2 + (y - 300) ** 2 < 90 ** 2 ? 255 : stripe, stripe, 255 - stripe];
      }
      for (let c = 0; c < 3; c++) px[i + c] = Math.max(0, Math.min(255, rgb[c]!));
    }
  const img = sharp(px, { raw: { width: W, height: H, channels: 3 } }).resize(width);
  return new Uint8Array(await img.jpeg({ quality: width === 640 ? 92 : 55 }).toBuffer());
}

async function ownedLead(rep: Person, company: string, industry = '便利店'): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company, industry }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  // Routing offers it to one of the two reps: the other one passes it to the pool first.
  if (r.lead.ownerId !== null && r.lead.ownerId !== rep.id)
    expect(await passLead(env.deps, { personId: r.lead.ownerId, leadId: r.lead.id })).toMatchObject({
      kind: 'passed',
    });
  const c = await claimLead(env.deps, { personId: rep.id, leadId: r.lead.id });
  expect(c).toMatchObject({ kind: 'claimed' });
  return r.lead.id;
}

/** A place in Shanghai (GCJ-02, as WeCom gives it) and one `north` metres north of it. */
const SHOP = { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' as const };
const north = (m: number) => ({ ...SHOP, lat: SHOP.lat + m / 111_195 });

async function events(type: string) {
  return (await env.deps.store.transaction((tx) =>
    tx.events.between(0, at('2027-01-01'), [type]),
  )) as unknown as Array<Record<string, unknown>>;
}

describe.each(DATABASES)('daily reports on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [alice, bob]);
  });

  it('opens pre-filled from the day: visits, calls, claims; the first three actions count as ticked', async () => {
    env.clock.set(at('2026-11-23T09:00'));
    const shop = await ownedLead(alice, '全家便利店');
    const plant = await ownedLead(alice, '华东制造厂', '工厂');
    env.clock.set(at('2026-11-23T10:00'));
    await touchLead(env.deps, { personId: alice.id, leadId: shop, kind: 'visit', note: '看了货架陈列' });
    await touchLead(env.deps, { personId: alice.id, leadId: plant, kind: 'call', note: '' });
    // Bob's work is not in Alice's day.
    const bobs = await ownedLead(bob, '罗森');
    await touchLead(env.deps, { personId: bob.id, leadId: bobs, kind: 'visit', note: '' });

    const v = await openReport(env.deps, alice);
    expect(v.report).toMatchObject({ date: '2026-11-23', status: 'draft', repId: 'alice' });
    expect(v.facts.visits).toEqual([
      expect.objectContaining({ leadId: shop, customer: '全家便利店', note: '看了货架陈列', checkIn: null }),
    ]);
    expect([v.facts.calls, v.facts.claims, v.facts.advances]).toEqual([1, 2, 0]);
    expect(v.facts.candidates.map((c) => `${c.kind}:${c.customer}`)).toEqual([
      'visit:全家便利店',
      'claim:全家便利店',
      'claim:华东制造厂',
      'call:华东制造厂',
    ]);
    expect(v.ticked.map((c) => c.kind)).toEqual(['visit', 'claim', 'claim']);

    const f = await fillReport(env.deps, alice, { ticks: [1, 4], summary: '今天一家门店拜访,一通电话' });
    expect(f.kind).toBe('filled');
    if (f.kind !== 'filled') return;
    expect(f.view.ticked.map((c) => c.kind)).toEqual(['visit', 'call']);
    expect(await fillReport(env.deps, alice, { ticks: [5], summary: null })).toEqual({
      kind: 'rejected',
      reason: 'BAD_TICK',
      max: 4,
    });
    const again = await openReport(env.deps, alice);
    expect(again.report.id).toBe(v.report.id);
    expect(again.report.summary).toBe('今天一家门店拜访,一通电话');
  });

  it('an honest day scores 100, on time; the score and flags are in the report and the log', async () => {
    env.clock.set(at('2026-11-23T09:00'));
    const shop = await ownedLead(alice, '全家便利店');
    env.clock.set(at('2026-11-23T10:00'));
    const c = await checkIn(env.deps, { personId: alice.id, leadId: shop, place: SHOP });
    expect(c).toMatchObject({ kind: 'checked_in', placeLearnt: false, first: true, reference: null });
    env.clock.set(at('2026-11-23T10:05'));
    const p = await addReportPhoto(env.deps, alice, { bytes: await scene(0) });
    expect(p.kind).toBe('photo');
    await fillReport(env.deps, alice, { ticks: [], summary: '门店补货,陈列调整,店长确认下周进货' });
    env.clock.set(at('2026-11-23T18:00'));
    const r = await submitReport(env.deps, alice);
    expect(r.result.score).toBe(100);
    expect(r.result.flags).toEqual([]);
    expect(r.report).toMatchObject({ status: 'filed', late: false, score: 100 });
    expect(r.report.visits).toHaveLength(1);
    expect(r.report.visits[0]).toMatchObject({ customerId: String(shop), checkIn: SHOP });
    expect(r.report.visits[0]!.photo).not.toBeNull();
    const stored = await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23'));
    expect(stored).toMatchObject({
      status: 'filed',
      score: 100,
      late: false,
      submittedAt: at('2026-11-23T18:00'),
    });
    expect(await events('report.filed')).toEqual([
      expect.objectContaining({ actorId: 'alice', score: 100, late: false, refiled: false, flags: [] }),
    ]);
    expect(await events('report.checked_in')).toEqual([
      expect.objectContaining({
        leadId: shop,
        lat: SHOP.lat,
        lng: SHOP.lng,
        datum: 'GCJ02',
        placeLearnt: false,
      }),
    ]);
    // Nothing to measure against yet: the check-in alone never became the customer's address (issue 20).
    expect(await env.deps.store.transaction((tx) => tx.reports.customerPlace(shop))).toBeNull();
    expect(r.result.notChecked).toContainEqual({
      visitId: expect.stringContaining(`${shop}@`),
      reason: 'CUSTOMER_PLACE_UNKNOWN',
    });
  });

  it('a check-in 1 km from the address the rep confirmed is flagged with both places (−20)', async () => {
    env.clock.set(at('2026-11-20T09:00'));
    const shop = await ownedLead(alice, '全家便利店');
    const first = await checkIn(env.deps, { personId: alice.id, leadId: shop, place: SHOP });
    if (first.kind !== 'checked_in') throw new Error('check-in refused');
    // Only the rep's own check-in can be confirmed, and only once.
    expect(await confirmPlace(env.deps, { personId: bob.id, checkInId: first.checkInId })).toEqual({
      kind: 'rejected',
      reason: 'NOT_YOURS',
    });
    expect(await confirmPlace(env.deps, { personId: alice.id, checkInId: first.checkInId })).toMatchObject({
      kind: 'confirmed',
      leadId: shop,
    });
    expect(await confirmPlace(env.deps, { personId: alice.id, checkInId: first.checkInId })).toEqual({
      kind: 'rejected',
      reason: 'ALREADY_KNOWN',
    });
    expect(await events('report.place_confirmed')).toEqual([
      expect.objectContaining({ actorId: 'alice', leadId: shop, checkInId: first.checkInId }),
    ]);
    env.clock.set(at('2026-11-23T10:00'));
    const second = await checkIn(env.deps, { personId: alice.id, leadId: shop, place: north(1000) });
    expect(second).toMatchObject({ kind: 'checked_in', placeLearnt: false, reference: SHOP });
    env.clock.set(at('2026-11-23T17:00'));
    const r = await submitReport(env.deps, alice);
    expect(r.result.score).toBe(80);
    expect(r.result.flags).toEqual([
      expect.objectContaining({
        kind: 'CHECKIN_FAR',
        customerId: String(shop),
        maxMeters: 500,
        points: 20,
        customerPlace: SHOP,
      }),
    ]);
    const flag = r.result.flags[0] as { meters: number };
    expect(Math.abs(flag.meters - 1000)).toBeLessThanOrEqual(2);
    // 400 m is within the 500 m allowed.
    env.clock.set(at('2026-11-24T10:00'));
    await checkIn(env.deps, { personId: alice.id, leadId: shop, place: north(400) });
    expect((await submitReport(env.deps, alice)).result.score).toBe(100);
  });

  it("a photo like a teammate's from earlier this week asks to resend; a new photo re-scores the report", async () => {
    env.clock.set(at('2026-11-20T09:00'));
    const bobShop = await ownedLead(bob, '罗森');
    await touchLead(env.deps, { personId: bob.id, leadId: bobShop, kind: 'visit', note: '' });
    await addReportPhoto(env.deps, bob, { bytes: await scene(0) });
    await submitReport(env.deps, bob);

    env.clock.set(at('2026-11-23T11:00'));
    const shop = await ownedLead(alice, '全家便利店');
    await touchLead(env.deps, { personId: alice.id, leadId: shop, kind: 'visit', note: '' });
    // The same photo, resized and recompressed.
    await addReportPhoto(env.deps, alice, { bytes: await scene(0, 320) });
    env.clock.set(at('2026-11-23T18:00'));
    const r = await submitReport(env.deps, alice);
    expect(r.result.score).toBe(65);
    expect(r.result.needsConfirmation).toBe(true);
    expect(r.result.flags).toEqual([
      expect.objectContaining({
        kind: 'PHOTO_REUSED',
        points: 35,
        match: expect.objectContaining({ repId: 'bob' }),
      }),
    ]);

    env.clock.set(at('2026-11-23T18:10'));
    const resent = await addReportPhoto(env.deps, alice, { bytes: await scene(1) });
    expect(resent.kind).toBe('photo');
    if (resent.kind !== 'photo') return;
    expect(resent.result?.score).toBe(100);
    const filed = await events('report.filed');
    expect(filed.map((e) => [e.actorId, e.score, e.refiled])).toEqual([
      ['bob', 100, false],
      ['alice', 65, false],
      ['alice', 100, true],
    ]);
    // Re-filing keeps the first filing time.
    const stored = await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23'));
    expect(stored?.submittedAt).toBe(at('2026-11-23T18:00'));
  });

  it('a 23:30 report about 09:00 visits is late and flagged as back-filled; a three-log burst too', async () => {
    env.clock.set(at('2026-11-23T08:00'));
    const leads = [
      await ownedLead(alice, '全家便利店'),
      await ownedLead(alice, '罗森'),
      await ownedLead(alice, '7-11'),
    ];
    env.clock.set(at('2026-11-23T23:20'));
    for (const [i, leadId] of leads.entries()) {
      await touchLead(env.deps, {
        personId: alice.id,
        leadId,
        kind: 'visit',
        note: '',
        doneAt: at(`2026-11-23T${String(9 + 3 * i).padStart(2, '0')}:00`),
      });
      env.clock.advance(2 * 60_000);
    }
    env.clock.set(at('2026-11-23T23:30'));
    const r = await submitReport(env.deps, alice);
    expect(r.report.late).toBe(true);
    expect(r.result.flags.map((f) => [f.kind, f.points])).toEqual([
      ['LATE_REPORT', 20],
      ['BURST_ENTRY', 20],
    ]);
    expect(r.result.score).toBe(60);
    expect(r.report.visits.map((v) => DateTime.fromMillis(v.claimedAt, { zone }).toFormat('HH:mm'))).toEqual([
      '09:00',
      '12:00',
      '15:00',
    ]);
    const c = await confirmReport(env.deps, alice);
    expect(c.kind).toBe('confirmed');
    expect(await events('report.confirmed')).toEqual([
      expect.objectContaining({ actorId: 'alice', score: 60 }),
    ]);
  });

  it('refuses a check-in at a lead that is not yours, and a file that is no image', async () => {
    const shop = await ownedLead(bob, '罗森');
    expect(await checkIn(env.deps, { personId: alice.id, leadId: shop, place: SHOP })).toEqual({
      kind: 'rejected',
      reason: 'NOT_YOURS',
    });
    expect(await checkIn(env.deps, { personId: bob.id, leadId: shop, place: { ...SHOP, lat: 99 } })).toEqual({
      kind: 'rejected',
      reason: 'BAD_PLACE',
    });
    expect(await addReportPhoto(env.deps, alice, { bytes: new TextEncoder().encode('not a photo') })).toEqual(
      { kind: 'rejected', reason: 'NOT_AN_IMAGE' },
    );
    expect(await confirmReport(env.deps, alice)).toEqual({ kind: 'rejected', reason: 'NOT_FILED' });
  });
});
