// The authenticity index's knobs (F29), as data: every signal's weight and threshold, and the per-industry
// words the summary check reads. Part of Rules (rules.ts); validated in src/config.ts.

export type Localized = { 'zh-CN': string; en: string };

export interface IndustryWords {
  /** How the industry is shown in a flag. */
  label: Localized;
  /** Customer industries (as written on the lead) that belong to this entry. */
  names: string[];
  /** Words a visit summary about such a customer is likely to use. */
  words: { 'zh-CN': string[]; en: string[] };
}

export type AuthenticityWeight =
  | 'checkInFar'
  | 'impossibleTravel'
  | 'lateReport'
  | 'burstEntry'
  | 'photoReused'
  | 'exifTimeFar'
  | 'exifPlaceFar'
  | 'industryMismatch'
  | 'unbackedClaim';

export interface AuthenticityRules {
  /** Reports scoring under this ask the rep to confirm or correct each flag. */
  confirmBelow: number;
  /** Points a report loses for each kind of flag (once per kind, however many visits it touches). */
  weights: Record<AuthenticityWeight, number>;
  checkIn: { maxMeters: number };
  /**
   * Impossible travel: between two visits the fastest realistic way must fit the time between them. `maxKmh` is
   * the road (straight-line km/h, door to door); `rail` and `air` add high-speed rail and flying, each with its
   * overhead (to and from the station or airport, boarding). Shanghai → Beijing (1,066 km): by air 150 + 80 min,
   * so a 6-hour gap is possible; 2 hours is not.
   */
  travel: {
    maxKmh: number;
    ignoreBelowKm: number;
    rail?: { kmh: number; overheadMinutes: number; minKm: number };
    air?: { kmh: number; overheadMinutes: number; minKm: number };
  };
  backfill: { lateAfter: string; windowHours: number };
  burst: { minLogs: number; withinMinutes: number; claimedSpanHours: number };
  photo: { maxDistance: number; lookbackDays: number };
  exif: { toleranceMinutes: number; maxMeters: number };
  /**
   * Filing (F28): a report filed after `dueBy` on its day counts as late; at `remindAt` on working days the
   * reps who have not filed are reminded and the manager gets the team's summary; photos are kept `photoKeepDays`.
   */
  filing: { dueBy: string; remindAt: string; photoKeepDays: number };
  industries: { minWords: number; dictionary: Record<string, IndustryWords> };
}

export const DEFAULT_AUTHENTICITY_RULES: AuthenticityRules = {
  confirmBelow: 70,
  weights: {
    checkInFar: 20,
    impossibleTravel: 30,
    lateReport: 20,
    burstEntry: 20,
    photoReused: 35,
    exifTimeFar: 20,
    exifPlaceFar: 20,
    industryMismatch: 35,
    unbackedClaim: 25,
  },
  checkIn: { maxMeters: 500 },
  travel: {
    maxKmh: 120,
    ignoreBelowKm: 2,
    rail: { kmh: 300, overheadMinutes: 60, minKm: 100 },
    air: { kmh: 800, overheadMinutes: 150, minKm: 400 },
  },
  backfill: { lateAfter: '22:00', windowHours: 6 },
  burst: { minLogs: 3, withinMinutes: 10, claimedSpanHours: 2 },
  photo: { maxDistance: 8, lookbackDays: 30 },
  exif: { toleranceMinutes: 120, maxMeters: 1000 },
  filing: { dueBy: '20:00', remindAt: '18:30', photoKeepDays: 90 },
  industries: {
    minWords: 2,
    dictionary: {
      convenienceStore: {
        label: { 'zh-CN': '便利店', en: 'convenience store' },
        names: ['便利店', '零售', '超市', '快消', 'convenience store', 'retail'],
        words: {
          'zh-CN': ['便利店', '货架', '陈列', '收银', '店长', '进货', '补货', '堆头', '门店', '客流', '铺货'],
          en: ['convenience store', 'shelf', 'shelves', 'checkout', 'cashier', 'store manager', 'restock'],
        },
      },
      hospital: {
        label: { 'zh-CN': '医院', en: 'hospital' },
        names: ['医院', '医疗', '医疗基建', '诊所', 'hospital', 'healthcare', 'clinic'],
        words: {
          'zh-CN': [
            '医院',
            '院长',
            '科室',
            '病房',
            '门诊',
            '医生',
            '护士',
            '设备科',
            '病床',
            '手术室',
            '住院',
          ],
          en: ['hospital', 'ward', 'clinic', 'patient', 'doctor', 'nurse', 'surgery', 'outpatient'],
        },
      },
      school: {
        label: { 'zh-CN': '学校', en: 'school' },
        names: ['学校', '职业院校', '教育', '校区', 'school', 'education'],
        words: {
          'zh-CN': ['学校', '校长', '老师', '教室', '学生', '校区', '教务', '招生', '实训室'],
          en: ['school', 'principal', 'teacher', 'classroom', 'student', 'campus', 'enrolment', 'enrollment'],
        },
      },
      realEstate: {
        label: { 'zh-CN': '地产', en: 'real estate' },
        names: ['地产', '房地产', '物业', 'real estate', 'property'],
        words: {
          'zh-CN': ['楼盘', '开发商', '售楼', '样板间', '户型', '交房', '地块', '销售中心', '物业'],
          en: ['developer', 'show flat', 'sales office', 'floor plan', 'handover', 'property management'],
        },
      },
      homeDecoration: {
        label: { 'zh-CN': '家装', en: 'home decoration' },
        names: ['家装', '装修', '家居', 'home decoration', 'interior'],
        words: {
          'zh-CN': ['装修', '业主', '瓷砖', '橱柜', '设计师', '全屋', '软装', '硬装', '水电', '户型'],
          en: ['renovation', 'homeowner', 'tiles', 'cabinets', 'interior designer', 'flooring'],
        },
      },
      factory: {
        label: { 'zh-CN': '工厂', en: 'factory' },
        names: ['工厂', '制造', '厂房', 'factory', 'manufacturing'],
        words: {
          'zh-CN': ['厂房', '车间', '产线', '生产线', '厂长', '工人', '仓库', '产能'],
          en: ['factory', 'workshop', 'production line', 'plant manager', 'shop floor', 'warehouse'],
        },
      },
    },
  },
};
