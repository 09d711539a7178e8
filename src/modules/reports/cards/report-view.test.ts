// An opened report's flags with their evidence (issue 25, item 16): the two places and times of an impossible
// journey, a check-in against the address on file, in both languages.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Person } from '../../../kernel/types.ts';
import type { StoredReport } from '../../ports.ts';
import type { AuthenticityFlag, ReportVisit } from '../rules/authenticity.ts';
import type { OpenedReport } from '../use-cases/team-reports.ts';
import { reportViewCard } from './report-view.ts';

const zone = 'Asia/Shanghai';
const at = (hhmm: string) => DateTime.fromISO(`2026-11-23T${hhmm}`, { zone }).toMillis();
const SHANGHAI = { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' as const };
const HANGZHOU = { lat: 30.2741, lng: 120.1551, datum: 'GCJ02' as const };

const visit = (
  id: string,
  customerId: string,
  hhmm: string,
  checkIn: typeof SHANGHAI | null,
): ReportVisit => ({
  id,
  customerId,
  claimedAt: at(hhmm),
  loggedAt: at(hhmm),
  checkIn,
  photo: null,
  summary: '',
});

const travel: AuthenticityFlag = {
  kind: 'IMPOSSIBLE_TRAVEL',
  visitId: 'v2',
  customerId: '12',
  fromVisitId: 'v1',
  toVisitId: 'v2',
  fromPlace: 'checkIn',
  toPlace: 'customer',
  km: 163.4,
  minutes: 30,
  kmh: 327,
  maxKmh: 120,
  fastest: 'rail',
  neededMinutes: 93,
  points: 30,
  vars: {
    fromCustomer: '全家',
    toCustomer: '浙一医院',
    fromTime: '10:00',
    toTime: '10:30',
    km: 163.4,
    minutes: 30,
    kmh: 327,
    maxKmh: 120,
    way: { 'zh-CN': '坐高铁', en: 'by high-speed rail' },
    needed: 93,
  },
};
const far: AuthenticityFlag = {
  kind: 'CHECKIN_FAR',
  visitId: 'v1',
  customerId: '11',
  checkIn: SHANGHAI,
  customerPlace: { lat: 31.25, lng: 121.5, datum: 'GCJ02' },
  meters: 3300,
  maxMeters: 500,
  points: 0,
  vars: { customer: '全家', meters: 3300, maxMeters: 500 },
};

function opened(): OpenedReport {
  const report = {
    id: 9,
    repId: 'li',
    teamId: 'east-1',
    date: '2026-11-23',
    status: 'filed',
    keyActions: [],
    summary: '两家客户都已拜访',
    photoId: null,
    visits: [visit('v1', '11', '10:00', SHANGHAI), visit('v2', '12', '10:30', null)],
    score: 70,
    result: {
      reportId: '9',
      score: 70,
      confirmBelow: 70,
      needsConfirmation: false,
      flags: [travel, far],
      notChecked: [],
    },
    openedAt: at('09:00'),
    submittedAt: at('18:00'),
    late: false,
    confirmedAt: null,
  } satisfies StoredReport;
  return {
    kind: 'report',
    report,
    rep: { id: 'li', name: '李雷' } as Person,
    notes: [],
    photos: new Map(),
    evidencePhotos: new Map(),
    customers: new Map([
      ['11', { name: '全家', place: { lat: 31.25, lng: 121.5, datum: 'GCJ02' } }],
      ['12', { name: '浙一医院', place: HANGZHOU }],
    ]),
    own: true,
  };
}

describe('an opened report shows what each flag compared', () => {
  it('in Chinese: the journey with both places and times, the check-in against the address', () => {
    const body = reportViewCard({ o: opened(), zone, nameOf: (id) => id, locale: 'zh-CN' }).body!;
    expect(body).toContain('    10:00 全家 → 10:30 浙一医院：相距 163.4 公里，间隔 30 分钟');
    expect(body).toContain(
      '    打卡位置：全家 31.2304, 121.4737\n    客户登记地址：浙一医院 30.2741, 120.1551',
    );
    expect(body).toContain('    打卡位置：全家 31.2304, 121.4737\n    客户登记地址：全家 31.2500, 121.5000');
    expect(body).toContain('（扣 30 分）');
    expect(body).toContain('尚无人阅读。');
  });

  it('in English, the same evidence', () => {
    const body = reportViewCard({ o: opened(), zone, nameOf: (id) => id, locale: 'en' }).body!;
    expect(body).toContain('    10:00 全家 → 10:30 浙一医院: 163.4 km in 30 min');
    expect(body).toContain(
      '    Check-in: 全家 31.2304, 121.4737\n    Address on file: 浙一医院 30.2741, 120.1551',
    );
    expect(body).toContain('(−30 points)');
    expect(body).toContain('Not read yet.');
  });
});
