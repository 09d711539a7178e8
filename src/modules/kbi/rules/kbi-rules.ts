// Performance feedback's knobs (F21–F27), as data: the key behaviour indicators built from the event log's
// vocabulary, the warning tiers, targets, forecast smoothing and attribution. Part of Rules (rules.ts);
// validated in src/modules/kbi/config.ts.
import type { Localized } from '../../reports/rules/authenticity-rules.ts';
import type { LeadEventType } from '../../../kernel/events.ts';

/** Every event type a KBI may name as its trigger or expected event (checked against the log's vocabulary). */
export const KBI_EVENT_TYPES = [
  'lead.created',
  'lead.offered',
  'lead.claimed',
  'lead.touched',
  'lead.closed',
  'deal.created',
  'deal.advanced',
  'deal.evidence_added',
  'deal.risk',
  'deal.won',
  'deal.stalled',
  'deal.stall_analysis',
  'deal.request_opened',
  'deal.request_answered',
  'deal.kp_added',
  'deal.kp_changed',
  'deal.health_changed',
] as const satisfies readonly LeadEventType[];
export type KbiEventType = (typeof KBI_EVENT_TYPES)[number];

/** An event of this type whose fields (compared as text) each hold one of the listed values. */
export interface EventMatch {
  type: KbiEventType;
  where?: Record<string, string[]>;
}

/** "When `trigger` happens, one of `expected` should follow on the same lead (and deal) within `limitHours`." */
export interface KbiDefinition {
  id: string;
  label: Localized;
  trigger: EventMatch;
  expected: EventMatch[];
  /** Hours on the working-day clock: 24 h from Friday 17:00 is Monday 17:00 (weekends and holidays stop it). */
  limitHours: number;
  /** Points (F23) for each opportunity met on time. */
  points: number;
}

export type CustomerTier = 'A' | 'B' | 'C';

/** F23: what points buy (the brief: training resources, leave vouchers), at a cost in points. */
export interface Reward {
  id: string;
  name: Localized;
  cost: number;
}

export interface KbiRules {
  indicators: KbiDefinition[];
  /** Time of day (org timezone) at which each working day's rates and warnings are evaluated. */
  evaluateAt: string;
  warnings: {
    /** A day's rate under `below` … for `days` working days with a rate in a row (F22). */
    green: { below: number; days: number };
    yellow: { below: number; days: number };
    red: { below: number; days: number };
    /** The to-do list holds open opportunities due within this many hours of the evaluation. */
    dueSoonHours: number;
    /** Length of the review a red warning proposes. */
    reviewMinutes: number;
    /**
     * When the review's two slots may fall (F22): inside working hours `from`–`to` on working days (org
     * timezone, deals.calendar), at least `leadMinutes` after the warning, on the half hour, the second at
     * least `gapHours` after the first (a morning and an afternoon to choose from).
     */
    review: { from: string; to: string; leadMinutes: number; gapHours: number };
  };
  targets: {
    /** Behind the period's pace by more than this share: red (F24). */
    offPaceShare: number;
    /** Behind by more than this share (and not red): yellow. */
    watchShare: number;
    /** Share of the target each customer tier carries and the deep visits an account needs per month. */
    tiers: Record<CustomerTier, { weight: number; deepVisitsPerMonth: number }>;
    /** Weight of process KPIs in a rep's score (at least 0.3). */
    processKpiWeight: number;
  };
  forecast: {
    /** How many deals' worth of belief the pipeline's default probability carries against history (F26). */
    priorStrength: number;
  };
  funnel: { lookbackMonths: number };
  attribution: {
    /** Fewer reps than this: say nothing (F27). */
    minSample: number;
  };
  /** F23: the rewards a rep may redeem points for, with their manager's approval (`兑换` / `redeem`). */
  rewards: Reward[];
  /** F23: a won deal announced in its rep's team channel, so it stays welcome and not noisy. */
  winAnnouncement: {
    enabled: boolean;
    /** Deals worth less than this (yuan) are not announced. */
    minAmount: number;
  };
}

export const DEFAULT_KBI_RULES: KbiRules = {
  indicators: [
    {
      id: 'firstTouch',
      label: { 'zh-CN': '新线索24小时内首次触达', en: 'New lead touched within 24 h' },
      trigger: { type: 'lead.claimed' },
      expected: [{ type: 'lead.touched' }],
      limitHours: 24,
      points: 1,
    },
    {
      id: 'proposalAfterKp',
      label: {
        'zh-CN': 'KP沟通后48小时内输出定制方案',
        en: 'Tailored proposal within 48 h of meeting a key person',
      },
      trigger: { type: 'deal.kp_added' },
      expected: [{ type: 'deal.evidence_added', where: { requirement: ['advantages', 'quote', 'cases'] } }],
      limitHours: 48,
      points: 3,
    },
    {
      id: 'evidenceAfterObjection',
      label: { 'zh-CN': '异议提出后72小时内提供实证材料', en: 'Evidence within 72 h of an objection' },
      trigger: { type: 'deal.risk' },
      expected: [{ type: 'deal.evidence_added' }],
      limitHours: 72,
      points: 2,
    },
  ],
  evaluateAt: '18:00',
  warnings: {
    green: { below: 0.8, days: 1 },
    yellow: { below: 0.65, days: 2 },
    red: { below: 0.5, days: 3 },
    dueSoonHours: 24,
    reviewMinutes: 15,
    review: { from: '09:00', to: '18:00', leadMinutes: 60, gapHours: 5 },
  },
  targets: {
    offPaceShare: 0.15,
    watchShare: 0.05,
    tiers: {
      A: { weight: 0.7, deepVisitsPerMonth: 2 },
      B: { weight: 0.2, deepVisitsPerMonth: 0 },
      C: { weight: 0.1, deepVisitsPerMonth: 0 },
    },
    processKpiWeight: 0.3,
  },
  forecast: { priorStrength: 5 },
  funnel: { lookbackMonths: 6 },
  attribution: { minSample: 5 },
  rewards: [
    { id: 'training', name: { 'zh-CN': '线上培训课程一门', en: 'One online training course' }, cost: 30 },
    { id: 'halfDayOff', name: { 'zh-CN': '半天休假券', en: 'Half-day leave voucher' }, cost: 50 },
    { id: 'dayOff', name: { 'zh-CN': '一天休假券', en: 'One-day leave voucher' }, cost: 90 },
  ],
  winAnnouncement: { enabled: true, minAmount: 0 },
};
