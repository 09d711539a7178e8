import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  scoreReport,
  type CustomerFacts,
  type DailyReport,
  type FlagKind,
  type ReportVisit,
  type ScoringContext,
} from './authenticity.ts';
import { toWgs84, type GeoPoint } from '../../../kernel/geo.ts';
import { buildPhotoIndex, type PhotoRecord } from './photo-hash.ts';
import { DEFAULT_RULES, type Rules } from '../../rules.ts';

const TZ = 'Asia/Shanghai';
const MINUTE = 60_000;
const DATE = '2026-11-23';

/** A moment on the report's day (or another), in the org's timezone. */
function at(hm: string, date = DATE): number {
  return DateTime.fromISO(`${date}T${hm}`, { zone: TZ }).toMillis();
}

/** `p` moved `meters` north (same datum). */
function north(p: GeoPoint, meters: number): GeoPoint {
  return { ...p, lat: p.lat + meters / 111_195 };
}

// Customer addresses as a Chinese map gives them (GCJ-02); check-ins below are WGS-84 unless said otherwise.
const STORE_PLACE: GeoPoint = { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' };
const HOSPITAL_PLACE: GeoPoint = { lat: 31.4904, lng: 121.4737, datum: 'GCJ02' }; // ≈ 28.9 km north

const STORE: CustomerFacts = {
  id: 'c-store',
  name: '好邻居便利店',
  industry: '便利店',
  place: STORE_PLACE,
  leads: 1,
  deals: 0,
};
const HOSPITAL: CustomerFacts = {
  id: 'c-hosp',
  name: '仁济医院',
  industry: '医疗基建',
  place: HOSPITAL_PLACE,
  leads: 0,
  deals: 1,
};

const PHOTO_HASH = 'c3a5e1f00f1e5a3c';

function visit(overrides: Partial<ReportVisit> = {}): ReportVisit {
  return {
    id: 'v1',
    customerId: STORE.id,
    claimedAt: at('10:00'),
    loggedAt: at('10:40'),
    checkIn: toWgs84(STORE_PLACE),
    photo: { photoId: 'ph1', hash: PHOTO_HASH, exif: null },
    summary: '和店长确认了货架陈列和补货周期',
    ...overrides,
  };
}

function report(visits: ReportVisit[], overrides: Partial<DailyReport> = {}): DailyReport {
  return {
    id: 'r1',
    repId: 'alice',
    date: DATE,
    submittedAt: at('18:00'),
    summary: '',
    visits,
    ...overrides,
  };
}

function context(photos: PhotoRecord[] = [], customers: CustomerFacts[] = [STORE, HOSPITAL]): ScoringContext {
  return {
    timezone: TZ,
    customers: new Map(customers.map((c) => [c.id, c])),
    photos: buildPhotoIndex(photos),
  };
}

function kinds(r: DailyReport, ctx = context(), rules: Rules = DEFAULT_RULES, now = at('18:00')): FlagKind[] {
  return scoreReport(r, ctx, rules, now).flags.map((f) => f.kind);
}

function flip(hash: string, bits: number): string {
  let v = BigInt(`0x${hash}`);
  for (let i = 0; i < bits; i++) v ^= 1n << BigInt((i * 7) % 64);
  return v.toString(16).padStart(16, '0');
}

describe('scoreReport: an honest report', () => {
  it('scores 100 with no flags and asks nothing', () => {
    const result = scoreReport(report([visit()]), context(), DEFAULT_RULES, at('18:00'));
    expect(result).toMatchObject({ reportId: 'r1', score: 100, needsConfirmation: false, flags: [] });
    expect(result.notChecked).toEqual([{ visitId: 'v1', reason: 'NO_EXIF' }]);
  });
});

describe('check-in far from the customer (datum converted)', () => {
  const wgs = toWgs84(STORE_PLACE);
  it.each([
    ['the same spot, check-in in WGS-84 and address in GCJ-02', false, wgs],
    ['the same spot, both in GCJ-02', false, STORE_PLACE],
    ['490 m away', false, north(wgs, 490)],
    ['510 m away', true, north(wgs, 510)],
  ])('%s → flagged: %s', (_name, flagged, checkIn) => {
    expect(kinds(report([visit({ checkIn })])).includes('CHECKIN_FAR')).toBe(flagged);
  });

  it('tells GCJ-02 numbers sent as WGS-84 (≈ 470 m off here) from converted ones, with a 300 m limit', () => {
    const rules: Rules = {
      ...DEFAULT_RULES,
      authenticity: { ...DEFAULT_RULES.authenticity, checkIn: { maxMeters: 300 } },
    };
    expect(kinds(report([visit({ checkIn: wgs })]), context(), rules)).toEqual([]);
    expect(kinds(report([visit({ checkIn: { ...STORE_PLACE, datum: 'WGS84' } })]), context(), rules)).toEqual(
      ['CHECKIN_FAR'],
    );
  });

  it('says what it compared, with the numbers', () => {
    const [flag] = scoreReport(
      report([visit({ checkIn: north(wgs, 800) })]),
      context(),
      DEFAULT_RULES,
      at('18:00'),
    ).flags;
    expect(flag).toMatchObject({
      kind: 'CHECKIN_FAR',
      visitId: 'v1',
      customerId: 'c-store',
      maxMeters: 500,
      points: 20,
      vars: { customer: '好邻居便利店', maxMeters: 500 },
    });
    expect(flag?.kind === 'CHECKIN_FAR' && flag.meters).toBeCloseTo(800, -1);
  });

  it('does not guess when there is no check-in or no known address', () => {
    const noCheckIn = scoreReport(report([visit({ checkIn: null })]), context(), DEFAULT_RULES, at('18:00'));
    expect(noCheckIn.flags).toEqual([]);
    expect(noCheckIn.notChecked).toContainEqual({ visitId: 'v1', reason: 'NO_CHECKIN' });
    const unknown = scoreReport(
      report([visit()]),
      context([], [{ ...STORE, place: null }]),
      DEFAULT_RULES,
      0,
    );
    expect(unknown.notChecked).toContainEqual({ visitId: 'v1', reason: 'CUSTOMER_PLACE_UNKNOWN' });
  });
});

describe('impossible travel between two visits', () => {
  // The store and the hospital are ≈ 28.9 km apart; the limit is 120 km/h.
  const km = 28.91;
  it.each([
    ['119 km/h', false, (km / 119) * 60],
    ['121 km/h', true, (km / 121) * 60],
    ['both at the same minute', true, 0],
  ])('store at 10:00, hospital at %s → flagged: %s', (_name, flagged, minutes) => {
    const r = report([
      visit({ id: 'a', checkIn: null }),
      visit({
        id: 'b',
        customerId: HOSPITAL.id,
        checkIn: null,
        claimedAt: at('10:00') + minutes * MINUTE,
        photo: null,
        summary: '',
      }),
    ]);
    expect(kinds(r).includes('IMPOSSIBLE_TRAVEL')).toBe(flagged);
  });

  it('uses the check-ins when there are some, and ignores hops under 2 km', () => {
    const near = north(toWgs84(STORE_PLACE), 1_900);
    const r = report([
      visit({ id: 'a' }),
      visit({
        id: 'b',
        customerId: HOSPITAL.id,
        checkIn: near,
        claimedAt: at('10:01'),
        photo: null,
        summary: '',
      }),
    ]);
    // The hospital check-in is 1.9 km from the store check-in: no travel flag (but far from the hospital).
    expect(kinds(r)).toEqual(['CHECKIN_FAR']);
  });

  it('names both visits, the places it used and the speed', () => {
    const r = report([
      visit({ id: 'a', checkIn: null }),
      visit({
        id: 'b',
        customerId: HOSPITAL.id,
        checkIn: null,
        claimedAt: at('10:10'),
        photo: null,
        summary: '',
      }),
    ]);
    const flag = scoreReport(r, context(), DEFAULT_RULES, at('18:00')).flags.find(
      (f) => f.kind === 'IMPOSSIBLE_TRAVEL',
    );
    expect(flag).toMatchObject({
      fromVisitId: 'a',
      toVisitId: 'b',
      fromPlace: 'customer',
      toPlace: 'customer',
      minutes: 10,
      maxKmh: 120,
      vars: { fromCustomer: '好邻居便利店', toCustomer: '仁济医院', fromTime: '10:00', toTime: '10:10' },
    });
    expect(flag?.kind === 'IMPOSSIBLE_TRAVEL' && flag.kmh).toBeGreaterThan(170);
  });
});

describe('impossible travel between cities: the fastest realistic way (issue 25, item 15)', () => {
  // A customer in Beijing, ≈ 1,066 km from the Shanghai store.
  const BEIJING: CustomerFacts = {
    ...HOSPITAL,
    id: 'c-bj',
    name: '北京协和医院',
    place: { lat: 39.9127, lng: 116.4174, datum: 'GCJ02' },
  };
  const trip = (hours: number) =>
    scoreReport(
      report([
        visit({ id: 'a', checkIn: null }),
        visit({
          id: 'b',
          customerId: BEIJING.id,
          checkIn: null,
          claimedAt: at('10:00') + hours * 60 * MINUTE,
          photo: null,
          summary: '',
        }),
      ]),
      context([], [STORE, BEIJING]),
      DEFAULT_RULES,
      at('20:00'),
    ).flags.find((f) => f.kind === 'IMPOSSIBLE_TRAVEL');

  it('does not flag a legitimate Shanghai → Beijing day (6 hours: a flight fits)', () => {
    expect(trip(6)).toBeUndefined();
  });

  it('flags Shanghai at 10:00 and Beijing at 12:00, with the distance, the gap and the least time it takes', () => {
    const flag = trip(2);
    expect(flag).toMatchObject({ kind: 'IMPOSSIBLE_TRAVEL', minutes: 120, fastest: 'air' });
    if (flag?.kind !== 'IMPOSSIBLE_TRAVEL') return;
    expect(flag.km).toBeGreaterThan(1000);
    expect(flag.km).toBeLessThan(1100);
    expect(flag.neededMinutes).toBeGreaterThan(220);
    expect(flag.vars).toMatchObject({ way: { en: 'by air', 'zh-CN': '坐飞机' }, minutes: 120 });
  });
});

describe('a report with no visit (issue 25, item 14)', () => {
  it('still checks its photo: one another rep of another team sent is flagged, and the score drops', () => {
    const theirs: PhotoRecord = {
      photoId: 'p-other',
      reportId: 'r-other',
      repId: 'zhou',
      customerId: null,
      sentAt: at('09:00') - 3 * 24 * 60 * MINUTE,
      hash: PHOTO_HASH,
    };
    const r = report([], { dayPhoto: { photoId: 'ph9', hash: PHOTO_HASH, exif: null } });
    const result = scoreReport(r, context([theirs]), DEFAULT_RULES, at('18:00'));
    expect(result.flags.map((f) => f.kind)).toEqual(['PHOTO_REUSED']);
    expect(result.flags[0]).toMatchObject({
      visitId: 'day',
      vars: { customer: { en: 'the day' }, matchRep: 'zhou' },
    });
    expect(result.score).toBeLessThan(100);
  });

  it('scores a report with no visit and a fresh photo at 100', () => {
    const r = report([], { dayPhoto: { photoId: 'ph9', hash: PHOTO_HASH, exif: null } });
    expect(scoreReport(r, context(), DEFAULT_RULES, at('18:00')).score).toBe(100);
  });
});

describe('back-filling: the report typed late at night', () => {
  it.each([
    ['21:59 for a 09:00 visit', false, '21:59', '09:00', DATE],
    ['22:00 for a 09:00 visit', true, '22:00', '09:00', DATE],
    ['23:00 for a 17:30 visit (5.5 h)', false, '23:00', '17:30', DATE],
    ['23:00 for a 17:00 visit (6 h)', true, '23:00', '17:00', DATE],
    ['08:00 the next morning for a 16:00 visit', true, '08:00', '16:00', '2026-11-24'],
  ])('filed %s → flagged: %s', (_name, flagged, filed, claimed, filedOn) => {
    const r = report([visit({ claimedAt: at(claimed), loggedAt: at(claimed) + 30 * MINUTE })], {
      submittedAt: at(filed, filedOn),
    });
    expect(kinds(r).includes('LATE_REPORT')).toBe(flagged);
  });
});

describe('back-filling: a burst of visit logs', () => {
  function logs(loggedMinutes: number[], claimed: string[]): ReportVisit[] {
    return claimed.map((c, i) =>
      visit({
        id: `v${i}`,
        claimedAt: at(c),
        loggedAt: at('17:00') + (loggedMinutes[i] ?? 0) * MINUTE,
        checkIn: null,
      }),
    );
  }
  it.each([
    ['3 logs in 10 min for visits 2 h apart', true, [0, 5, 10], ['09:00', '10:00', '11:00']],
    ['3 logs in 11 min', false, [0, 5, 11], ['09:00', '10:00', '11:00']],
    ['3 logs in 10 min for visits 1 h 59 apart', false, [0, 5, 10], ['09:00', '10:00', '10:59']],
    ['2 logs in 1 min', false, [0, 1], ['09:00', '15:00']],
    ['4 logs in 4 min for visits all day', true, [0, 1, 2, 3], ['09:00', '11:00', '14:00', '16:30']],
  ])('%s → flagged: %s', (_name, flagged, logged, claimed) => {
    expect(kinds(report(logs(logged, claimed))).includes('BURST_ENTRY')).toBe(flagged);
  });

  it('lists the visits in the burst and both time spans', () => {
    const result = scoreReport(
      report(logs([0, 2, 4], ['09:00', '11:30', '15:00'])),
      context(),
      DEFAULT_RULES,
      at('18:00'),
    );
    expect(result.flags.find((f) => f.kind === 'BURST_ENTRY')).toMatchObject({
      visitIds: ['v0', 'v1', 'v2'],
      loggedSpanMinutes: 4,
      claimedSpanHours: 6,
      vars: {
        count: 3,
        firstLogged: '17:00',
        lastLogged: '17:04',
        firstClaimed: '09:00',
        lastClaimed: '15:00',
      },
    });
  });
});

describe('photo EXIF: present may raise a doubt, absent never does', () => {
  it.each([
    ['no EXIF at all', false, null],
    ['EXIF without a time', false, { takenAt: null, place: null }],
    ['taken 120 min before the visit', false, { takenAt: at('08:00'), place: null }],
    ['taken 121 min before the visit', true, { takenAt: at('07:59'), place: null }],
    ['taken 3 days earlier', true, { takenAt: at('10:00', '2026-11-20'), place: null }],
  ])('%s → EXIF_TIME_FAR: %s', (_name, flagged, exif) => {
    const result = scoreReport(
      report([visit({ photo: { photoId: 'ph1', hash: PHOTO_HASH, exif } })]),
      context(),
      DEFAULT_RULES,
      at('18:00'),
    );
    expect(result.flags.some((f) => f.kind === 'EXIF_TIME_FAR')).toBe(flagged);
    if (!flagged) expect(result.score).toBe(100);
  });

  it.each([
    ['at the customer (GPS in WGS-84, address in GCJ-02)', false, toWgs84(STORE_PLACE)],
    ['950 m away', false, north(toWgs84(STORE_PLACE), 950)],
    ['1.2 km away', true, north(toWgs84(STORE_PLACE), 1_200)],
  ])('photo GPS %s → EXIF_PLACE_FAR: %s', (_name, flagged, place) => {
    const r = report([
      visit({ photo: { photoId: 'ph1', hash: PHOTO_HASH, exif: { takenAt: null, place } } }),
    ]);
    expect(kinds(r).includes('EXIF_PLACE_FAR')).toBe(flagged);
  });
});

describe('reused photo', () => {
  const sent = (bits: number, overrides: Partial<PhotoRecord> = {}): PhotoRecord => ({
    photoId: 'old',
    reportId: 'r0',
    repId: 'bob',
    customerId: HOSPITAL.id,
    sentAt: at('15:00', '2026-11-03'),
    hash: flip(PHOTO_HASH, bits),
    ...overrides,
  });
  it.each([
    ['the same photo sent 20 days ago', true, [sent(0)]],
    ['8 bits off (resized, recompressed)', true, [sent(8)]],
    ['9 bits off', false, [sent(9)]],
    ['the same photo sent 31 days ago', false, [sent(0, { sentAt: at('10:00', '2026-10-23') })]],
    ['this very report stored already', false, [sent(0, { reportId: 'r1' })]],
  ])('%s → flagged: %s', (_name, flagged, photos) => {
    expect(kinds(report([visit()]), context(photos)).includes('PHOTO_REUSED')).toBe(flagged);
  });

  it('says which photo it looks like, for whom and when', () => {
    const [flag] = scoreReport(report([visit()]), context([sent(3)]), DEFAULT_RULES, at('18:00')).flags;
    expect(flag).toMatchObject({
      kind: 'PHOTO_REUSED',
      photoId: 'ph1',
      distance: 3,
      maxDistance: 8,
      match: { photoId: 'old', repId: 'bob' },
      points: 35,
      vars: { matchDate: '11-03', matchCustomer: '仁济医院', matchRep: 'bob', customer: '好邻居便利店' },
    });
  });

  it('catches one photo sent for two visits of the same report', () => {
    const r = report([
      visit({ id: 'a' }),
      visit({
        id: 'b',
        customerId: HOSPITAL.id,
        claimedAt: at('15:00'),
        loggedAt: at('15:30'),
        checkIn: null,
        summary: '',
      }),
    ]);
    const flag = scoreReport(r, context(), DEFAULT_RULES, at('18:00')).flags.find(
      (f) => f.kind === 'PHOTO_REUSED',
    );
    expect(flag).toMatchObject({ visitId: 'b', match: { photoId: 'ph1', reportId: 'r1' }, distance: 0 });
  });
});

describe('content that does not fit the customer', () => {
  it.each([
    ['a store visit written up as a hospital pitch', true, STORE, '向医院院长介绍新品'],
    [
      'a store visit that mentions the hospital next door once',
      false,
      STORE,
      '便利店店长说隔壁医院的人常来买水',
    ],
    [
      'an English hospital pitch for a store',
      true,
      STORE,
      'Pitched the new range to the hospital ward nurses',
    ],
    ['a hospital visit in hospital words', false, HOSPITAL, '与设备科和院长沟通新病房改造'],
    ['a hospital visit written as a school visit', true, HOSPITAL, '和校长、教务老师讨论招生'],
    ['only one foreign word', false, STORE, '聊了聊学校附近的客流'],
  ])('%s → flagged: %s', (_name, flagged, customer, summary) => {
    const r = report([visit({ customerId: customer.id, checkIn: null, summary })]);
    expect(kinds(r).includes('INDUSTRY_MISMATCH')).toBe(flagged);
  });

  it('matches English words whole: "ward" is not in "toward" or "award"', () => {
    const r = report([visit({ checkIn: null, summary: 'Walked toward the award display with the doctor' })]);
    expect(kinds(r)).toEqual([]);
  });

  it('names the words it found on each side', () => {
    const [flag] = scoreReport(
      report([visit({ summary: '向医院院长介绍新品' })]),
      context(),
      DEFAULT_RULES,
      at('18:00'),
    ).flags;
    expect(flag).toMatchObject({
      kind: 'INDUSTRY_MISMATCH',
      customerIndustry: '便利店',
      ownEntry: 'convenienceStore',
      ownWords: [],
      foreignEntry: 'hospital',
      foreignWords: ['医院', '院长'],
      vars: {
        foreignIndustry: { 'zh-CN': '医院', en: 'hospital' },
        foreignWords: '医院/院长',
        ownWords: '-',
      },
    });
  });

  it('leaves industries missing from the dictionary unjudged', () => {
    const other = { ...STORE, id: 'c-x', industry: '物流' };
    const result = scoreReport(
      report([visit({ customerId: 'c-x', summary: '向医院院长介绍新品' })]),
      context([], [other]),
      DEFAULT_RULES,
      at('18:00'),
    );
    expect(result.flags.map((f) => f.kind)).toEqual([]);
    expect(result.notChecked).toContainEqual({ visitId: 'v1', reason: 'INDUSTRY_NOT_IN_DICTIONARY' });
  });
});

describe('claims with nothing behind them', () => {
  it.each([
    ['a visit log', false, { loggedAt: at('10:40') }, { leads: 0, deals: 0 }],
    ['a lead of the customer', false, { loggedAt: null }, { leads: 1, deals: 0 }],
    ['a deal of the customer', false, { loggedAt: null }, { leads: 0, deals: 2 }],
    ['nothing', true, { loggedAt: null }, { leads: 0, deals: 0 }],
  ])('a visit backed by %s → flagged: %s', (_name, flagged, v, facts) => {
    const r = report([visit(v)]);
    expect(kinds(r, context([], [{ ...STORE, ...facts }])).includes('UNBACKED_CLAIM')).toBe(flagged);
  });

  it('treats a customer the system does not know as unbacked', () => {
    expect(kinds(report([visit({ customerId: 'nobody', loggedAt: null })]))).toEqual(['UNBACKED_CLAIM']);
  });
});

describe('the score', () => {
  it('takes each kind off once, however many visits it touches, and asks below the threshold', () => {
    const r = report([
      visit({ id: 'a', checkIn: north(toWgs84(STORE_PLACE), 900) }),
      visit({ id: 'b', checkIn: north(toWgs84(STORE_PLACE), 800), claimedAt: at('11:00'), photo: null }),
    ]);
    const result = scoreReport(r, context(), DEFAULT_RULES, at('18:00'));
    expect(result.flags.map((f) => [f.kind, f.visitId, f.points])).toEqual([
      ['CHECKIN_FAR', 'a', 20],
      ['CHECKIN_FAR', 'b', 0],
    ]);
    expect(result).toMatchObject({ score: 80, needsConfirmation: false, confirmBelow: 70 });
  });

  it('reads weights and thresholds from the rules, and never goes under 0', () => {
    const rules: Rules = {
      ...DEFAULT_RULES,
      authenticity: {
        ...DEFAULT_RULES.authenticity,
        checkIn: { maxMeters: 1_000 },
        weights: { ...DEFAULT_RULES.authenticity.weights, unbackedClaim: 80, industryMismatch: 60 },
      },
    };
    const r = report([
      visit({ customerId: 'nobody', loggedAt: null, checkIn: north(toWgs84(STORE_PLACE), 900) }),
      visit({ id: 'v2', summary: '向医院院长介绍新品', photo: null }),
    ]);
    const result = scoreReport(r, context(), rules, at('18:00'));
    expect(result.flags.map((f) => f.kind)).toEqual(['UNBACKED_CLAIM', 'INDUSTRY_MISMATCH']);
    expect(result).toMatchObject({ score: 0, needsConfirmation: true });
  });

  it('asks nothing for a check whose weight is 0', () => {
    const rules: Rules = {
      ...DEFAULT_RULES,
      authenticity: {
        ...DEFAULT_RULES.authenticity,
        weights: { ...DEFAULT_RULES.authenticity.weights, checkInFar: 0 },
      },
    };
    const r = report([visit({ checkIn: north(toWgs84(STORE_PLACE), 900) })]);
    expect(kinds(r)).toEqual(['CHECKIN_FAR']);
    expect(scoreReport(r, context(), rules, at('18:00'))).toMatchObject({ score: 100, flags: [] });
  });

  it('gives a result that survives JSON (it is stored as the reason for the score)', () => {
    const r = report([
      visit({ checkIn: north(toWgs84(STORE_PLACE), 900), summary: '向医院院长介绍新品', loggedAt: null }),
    ]);
    const result = scoreReport(r, context([], [{ ...STORE, leads: 0 }]), DEFAULT_RULES, at('18:00'));
    expect(result.flags.map((f) => f.kind)).toEqual(['CHECKIN_FAR', 'INDUSTRY_MISMATCH', 'UNBACKED_CLAIM']);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('keeps photos sent within the lookback counted from the clock it is given', () => {
    const photos = [
      {
        photoId: 'old',
        reportId: 'r0',
        repId: 'bob',
        customerId: null,
        sentAt: at('10:00', '2026-11-01'),
        hash: PHOTO_HASH,
      },
    ];
    expect(kinds(report([visit()]), context(photos), DEFAULT_RULES, at('10:00', '2026-11-30'))).toEqual([
      'PHOTO_REUSED',
    ]);
    expect(kinds(report([visit()]), context(photos), DEFAULT_RULES, at('10:01', '2026-12-01'))).toEqual([]);
  });
});
