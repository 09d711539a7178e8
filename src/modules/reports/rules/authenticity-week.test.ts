// A synthetic week for 10 reps (50 daily reports) in which 3 reports are fake — a reused photo, a 23:00
// batch, a store visit written up as a hospital pitch. The honest ones carry ordinary noise: GPS drift,
// visits logged up to an hour late, EXIF on some photos, a stray word of another industry, one check-in
// from the car park down the road, one report typed at 22:15. Seeded, so the week is the same every run.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { scoreReport, type CustomerFacts, type DailyReport, type ReportVisit } from './authenticity.ts';
import { toWgs84, type GeoPoint } from '../../../kernel/geo.ts';
import { buildPhotoIndex, type PhotoRecord } from './photo-hash.ts';
import { DEFAULT_RULES } from '../../rules.ts';

const TZ = 'Asia/Shanghai';
const MINUTE = 60_000;
const DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
const REPS = Array.from({ length: 10 }, (_, i) => `rep-${String(i + 1).padStart(2, '0')}`);
const CENTRE: GeoPoint = { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' };

const FAKE_REUSED_PHOTO = 'rep-03/2026-11-19';
const FAKE_LATE_BATCH = 'rep-05/2026-11-18';
const FAKE_WRONG_INDUSTRY = 'rep-08/2026-11-17';
const NOISY_CHECKIN = 'rep-02/2026-11-18';
const TIRED_EVENING = 'rep-09/2026-11-20';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(20261116);
const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

function at(date: string, minutesAfterMidnight: number): number {
  return DateTime.fromISO(date, { zone: TZ }).plus({ minutes: minutesAfterMidnight }).toMillis();
}

/** `p` moved `meters` in a random direction (same datum). */
function jitter(p: GeoPoint, meters: number): GeoPoint {
  const angle = rand() * 2 * Math.PI;
  return {
    ...p,
    lat: p.lat + (meters * Math.cos(angle)) / 111_195,
    lng: p.lng + (meters * Math.sin(angle)) / (111_195 * Math.cos((p.lat * Math.PI) / 180)),
  };
}

function randomHash(): string {
  const half = () =>
    Math.floor(rand() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return half() + half();
}

function flipBits(hash: string, bits: number[]): string {
  let v = BigInt(`0x${hash}`);
  for (const b of bits) v ^= 1n << BigInt(b);
  return v.toString(16).padStart(16, '0');
}

const dictionary = DEFAULT_RULES.authenticity.industries.dictionary;
const industries = Object.keys(dictionary);

// 12 customers per rep, of every industry in the dictionary, within 15 km of the centre (GCJ-02, as a map gives).
const customers = new Map<string, CustomerFacts>();
const customersOf = new Map<string, CustomerFacts[]>();
for (const rep of REPS) {
  const own: CustomerFacts[] = [];
  for (let i = 0; i < 12; i++) {
    const entry = industries[i % industries.length]!;
    const c: CustomerFacts = {
      id: `${rep}/c${i}`,
      name: `${dictionary[entry]!.label['zh-CN']}${rep.slice(-2)}-${i}`,
      industry: dictionary[entry]!.names[0]!,
      place: jitter(CENTRE, between(0, 15_000)),
      leads: 1,
      deals: i % 3 === 0 ? 1 : 0,
    };
    own.push(c);
    customers.set(c.id, c);
  }
  customersOf.set(rep, own);
}

function entryOf(c: CustomerFacts): string {
  return industries.find((k) => dictionary[k]!.names.includes(c.industry))!;
}

/** A summary in the customer's own words, now and then with one stray word of another industry. */
function honestSummary(c: CustomerFacts): string {
  const own = dictionary[entryOf(c)]!.words['zh-CN'];
  const a = pick(own);
  let b = pick(own);
  while (b === a) b = pick(own);
  const stray = rand() < 0.3 ? `,顺便聊到${pick(dictionary[pick(industries)]!.words['zh-CN'])}` : '';
  return `拜访${c.name},沟通了${a}和${b}的需求${stray},约好下周再跟进。`;
}

interface Built {
  report: DailyReport;
  photos: PhotoRecord[];
}

function honestReport(rep: string, date: string): Built {
  const id = `${rep}/${date}`;
  const own = customersOf.get(rep)!;
  const count = 3 + Math.floor(rand() * 2);
  const chosen = [...own].sort(() => rand() - 0.5).slice(0, count);
  let minute = between(8.75 * 60, 9.5 * 60);
  const visits: ReportVisit[] = chosen.map((c, i) => {
    const claimedAt = at(date, minute);
    minute += between(100, 150);
    const drift = id === NOISY_CHECKIN && i === 1 ? 700 : between(0, 250);
    const checkIn = jitter(toWgs84(c.place!), drift);
    const withExif = rand() < 0.4;
    return {
      id: `${id}/v${i}`,
      customerId: c.id,
      claimedAt,
      loggedAt: claimedAt + between(20, 60) * MINUTE,
      checkIn,
      photo: {
        photoId: `${id}/p${i}`,
        hash: randomHash(),
        exif: withExif ? { takenAt: claimedAt + between(5, 40) * MINUTE, place: jitter(checkIn, 30) } : null,
      },
      summary: honestSummary(c),
    };
  });
  const submittedAt = id === TIRED_EVENING ? at(date, 22 * 60 + 15) : at(date, between(17.5 * 60, 20.5 * 60));
  return finish({ id, repId: rep, date, submittedAt, summary: '今日拜访顺利。', visits });
}

function finish(report: DailyReport): Built {
  const photos = report.visits.flatMap((v) =>
    v.photo === null
      ? []
      : [
          {
            photoId: v.photo.photoId,
            reportId: report.id,
            repId: report.repId,
            customerId: v.customerId,
            sentAt: v.loggedAt ?? report.submittedAt,
            hash: v.photo.hash,
          },
        ],
  );
  return { report, photos };
}

// The week, honest first; then the three fakes replace their reports.
const week = new Map<string, Built>();
for (const date of DAYS) for (const rep of REPS) week.set(`${rep}/${date}`, honestReport(rep, date));

{
  // rep-03 on Thursday resends rep-07's Monday photo, cropped and recompressed (a few bits off).
  const monday = week.get('rep-07/2026-11-16')!.report.visits[1]!.photo!;
  const built = week.get(FAKE_REUSED_PHOTO)!;
  const v = built.report.visits[2]!;
  v.photo = { photoId: v.photo!.photoId, hash: flipBits(monday.hash, [3, 17, 40]), exif: null };
  week.set(FAKE_REUSED_PHOTO, finish(built.report));
}
{
  // rep-05 on Wednesday types the whole day at 23:00: four visits logged within six minutes, no check-ins.
  const built = week.get(FAKE_LATE_BATCH)!;
  const claimed = [9.5 * 60, 11.5 * 60, 14 * 60, 16 * 60];
  const own = customersOf.get('rep-05')!;
  const visits = claimed.map((minute, i) => ({
    id: `${FAKE_LATE_BATCH}/v${i}`,
    customerId: own[i]!.id,
    claimedAt: at('2026-11-18', minute),
    loggedAt: at('2026-11-18', 23 * 60 + 2 * i),
    checkIn: null,
    photo: null,
    summary: honestSummary(own[i]!),
  }));
  week.set(FAKE_LATE_BATCH, finish({ ...built.report, visits, submittedAt: at('2026-11-18', 23 * 60 + 10) }));
}
{
  // rep-08 on Tuesday writes up a convenience-store visit as a hospital pitch.
  const built = week.get(FAKE_WRONG_INDUSTRY)!;
  const store = customersOf.get('rep-08')!.find((c) => entryOf(c) === 'convenienceStore')!;
  const v = built.report.visits[0]!;
  v.customerId = store.id;
  v.checkIn = jitter(toWgs84(store.place!), 80);
  v.photo = { ...v.photo!, exif: null };
  v.summary = '向医院院长介绍新品,科室主任也在场,对方很感兴趣。';
  week.set(FAKE_WRONG_INDUSTRY, finish(built.report));
}

/** Score every report in the order it was filed, against the photos the team sent before it. */
function scoreWeek() {
  const built = [...week.values()].sort((a, b) => a.report.submittedAt - b.report.submittedAt);
  const stored: PhotoRecord[] = [];
  return built.map(({ report, photos }) => {
    const result = scoreReport(
      report,
      { timezone: TZ, customers, photos: buildPhotoIndex(stored) },
      DEFAULT_RULES,
      report.submittedAt,
    );
    stored.push(...photos);
    return result;
  });
}

describe('a synthetic week: 10 reps, 50 reports, 3 of them fake', () => {
  const results = scoreWeek();
  const byId = new Map(results.map((r) => [r.reportId, r]));
  const flagged = results.filter((r) => r.needsConfirmation).map((r) => r.reportId);
  const fakes = [FAKE_REUSED_PHOTO, FAKE_LATE_BATCH, FAKE_WRONG_INDUSTRY];

  it('scores all 50 reports', () => {
    expect(results).toHaveLength(50);
  });

  it('asks about all 3 fake reports', () => {
    for (const fake of fakes) expect(flagged, fake).toContain(fake);
  });

  it('asks about at most 1 honest report', () => {
    const honest = flagged.filter((id) => !fakes.includes(id));
    expect(honest.length, honest.join(', ')).toBeLessThanOrEqual(1);
  });

  it('says why for each fake, in terms a rep can check', () => {
    expect(byId.get(FAKE_REUSED_PHOTO)!.flags.find((f) => f.kind === 'PHOTO_REUSED')).toMatchObject({
      distance: 3,
      match: { repId: 'rep-07', reportId: 'rep-07/2026-11-16' },
      vars: { matchDate: '11-16' },
    });
    expect(
      byId
        .get(FAKE_LATE_BATCH)!
        .flags.map((f) => f.kind)
        .sort(),
    ).toEqual(['BURST_ENTRY', 'LATE_REPORT']);
    expect(byId.get(FAKE_WRONG_INDUSTRY)!.flags.map((f) => f.kind)).toEqual(['INDUSTRY_MISMATCH']);
  });

  it('notices the honest oddities without asking the rep to confirm them', () => {
    expect(byId.get(NOISY_CHECKIN)).toMatchObject({ score: 80, needsConfirmation: false });
    expect(byId.get(NOISY_CHECKIN)!.flags.map((f) => f.kind)).toEqual(['CHECKIN_FAR']);
    expect(byId.get(TIRED_EVENING)).toMatchObject({ score: 80, needsConfirmation: false });
    expect(byId.get(TIRED_EVENING)!.flags.map((f) => f.kind)).toEqual(['LATE_REPORT']);
  });

  it('finds no reused photo between honest reports (random 64-bit hashes are far apart)', () => {
    const reused = results
      .filter((r) => r.flags.some((f) => f.kind === 'PHOTO_REUSED'))
      .map((r) => r.reportId);
    expect(reused).toEqual([FAKE_REUSED_PHOTO]);
  });
});
