// The rules a sales manager tunes, as plain data, with the brief's defaults.
// The YAML file is parsed and validated into this shape at the edge (src/config.ts).
import { DEFAULT_DEAL_RULES, type DealRules } from './deals/rules/deal-rules.ts';
import { DEFAULT_AUTHENTICITY_RULES, type AuthenticityRules } from './reports/rules/authenticity-rules.ts';
import { DEFAULT_KBI_RULES, type KbiRules } from './kbi/rules/kbi-rules.ts';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../kernel/work-clock.ts';
import { DEFAULT_PATROL_RULES, type PatrolRules } from './patrol/rules/patrol-rules.ts';
import { DEFAULT_CUSTOMER_RULES, type CustomerRules } from './customers/rules/customer-tiers.ts';
import { DEFAULT_JOURNAL_RULES, type JournalRules } from './reports/rules/journal-import.ts';

export interface BudgetBand {
  /** Upper bound in yuan, exclusive; null for the open top band. */
  below: number | null;
  points: number;
  label: string;
}

export type MatchField = 'tags' | 'industry' | 'region' | 'source';

/** A condition on a lead: every field given must match one of its values. */
export type LeadMatch = Partial<Record<MatchField, string[]>>;

/**
 * An explicit routing rule. A skill tag is only a preference; these rules are what keeps a lead
 * from a rep: `only` (the team/rep takes only matching leads) or `exclude` (never matching ones).
 */
export interface RoutingRule {
  team?: string;
  rep?: string;
  only?: LeadMatch;
  exclude?: LeadMatch;
  note?: string;
}

/**
 * Issue 25: which clock each deadline runs on (src/kernel/work-clock.ts has the exact rules). Working hours are
 * read in the org's timezone; working days come from deals.calendar (weekends, holidays, 调休).
 */
export interface ClockRules {
  workingHours: WorkingHours;
  /** The offer of a new lead (pool.offerTimeoutMinutes): working hours, or plain time. */
  offer: 'working_hours' | 'wall';
  /** The follow-up clock after a claim (pool.followUpTimeoutHours) and the KBI indicators' limitHours. */
  followUp: 'working_days' | 'wall';
  /** SOP task deadlines (deals.pipelines[].stages[].sop[].hours). */
  sop: 'working_days' | 'wall';
}

export const DEFAULT_CLOCK_RULES: ClockRules = {
  workingHours: DEFAULT_WORKING_HOURS,
  offer: 'working_hours',
  followUp: 'working_days',
  sop: 'working_days',
};

/** The lead fields a declared scoring dimension may read: the ones a lead has as a category, not free text. */
export const DIMENSION_FIELDS = ['industry', 'region', 'source', 'campaign', 'tags', 'urgency'] as const;
export type DimensionField = (typeof DIMENSION_FIELDS)[number];

/**
 * A scoring dimension declared in the rules file from one of the lead's fields: the points of each value (matched
 * after trimming, full/half width and case; for tags the best-scoring tag), `otherPoints` for any other value.
 */
export interface FieldDimension {
  name: string;
  field: DimensionField;
  points: Record<string, number>;
  otherPoints: number;
}

export type CompletenessField = 'company' | 'contact' | 'phone' | 'email' | 'need' | 'industry' | 'region';

/** The scoring a business line may override. */
export interface ScoringCore {
  industries: Record<string, number>;
  otherIndustryPoints: number;
  budgetBands: BudgetBand[];
  contactFrequency: { calls: number; withinDays: number; points: number };
  completeness: { fields: CompletenessField[]; points: number };
  /** Dimensions declared from the lead's fields, added to the four built-in ones. */
  dimensions: FieldDimension[];
  /**
   * A multiplier per dimension (industry, budget, contactFrequency, completeness or a declared dimension's name);
   * 1 when not listed. Weighted points are rounded to whole points.
   */
  weights: Record<string, number>;
}

/**
 * One business line's scoring: which leads are in it and what differs from the default scoring. `industries` and
 * `weights` are merged over the defaults (an industry at 0 drops it), `budgetBands` replaces them, `dimensions`
 * adds to the default ones (a dimension of the same name replaces it), the rest replaces the setting given.
 */
export interface ScoringLine {
  match: LeadMatch;
  industries?: Record<string, number>;
  otherIndustryPoints?: number;
  budgetBands?: BudgetBand[];
  contactFrequency?: Partial<ScoringCore['contactFrequency']>;
  completeness?: Partial<ScoringCore['completeness']>;
  dimensions?: FieldDimension[];
  weights?: Record<string, number>;
}

export interface Rules {
  /** Working hours and the clock of each deadline (issue 25). */
  clocks: ClockRules;
  scoring: ScoringCore & {
    /** A lead scoring at least this is a "high-score lead" in reports. */
    highScore: number;
    /** Loose industry matching: a listed industry and the other words that mean it (医疗: [医疗基建, 医院]). */
    industrySynonyms: Record<string, string[]>;
    /**
     * F1 per business line: keyed by a deals pipeline id, the lead fields that put a lead in the line (`match`) and
     * the line's overrides of the scoring above. Lines are tried in the file's order; no match: the rules above.
     */
    lines: Record<string, ScoringLine>;
  };
  routing: {
    weights: { skill: number; roundRobin: number; load: number; winRate: number; followUp: number };
    /** Roles that receive leads from routing. */
    roles: string[];
    rules: RoutingRule[];
    /**
     * A lead a rep enters themselves (`新线索` / `new` in chat): `keep` — it is theirs, no routing; `route` — it goes
     * through routing like any other lead. Either way the reply says where it went and why.
     */
    ownLeads: 'keep' | 'route';
  };
  urgency: {
    trialEndsWithinHours: number;
    competitorKeywords: string[];
  };
  pool: {
    offerTimeoutMinutes: number;
    followUpTimeoutHours: number;
    warnBeforeMinutes: number;
    cooldownHours: number;
    claimCapPerDay: number;
    capExemptRoles: string[];
    protectionDays: number;
    pauseFollowUpWhenOutOfOffice: boolean;
  };
  health: {
    /** A rep whose conversion stays this share under the team mean … */
    underperformShare: number;
    /** … for this many weeks running is flagged. */
    underperformWeeks: number;
  };
  /** Pipelines, evidence, calendar, stalls and risk signals (F10–F20): see deal-rules.ts. */
  deals: DealRules;
  /** F29: the daily report's authenticity index (authenticity-rules.ts). */
  authenticity: AuthenticityRules;
  /** F39: when `rules apply` refuses a new rules file (its what-if replays the last `days` days). */
  whatif: {
    /** A rule that keeps from a team leads that were at least this share of its high-score leads blocks. */
    starveShare: number;
    /** More than this share of all leads newly going to no rep (the pool) blocks. */
    maxCoverageDrop: number;
    days: number;
  };
  /** F21–F27: indicators, warnings, targets, forecast (kbi-rules.ts). */
  kbi: KbiRules;
  /** Issue 21: the morning patrol and the quiet hours (patrol-rules.ts). */
  patrol: PatrolRules;
  /** F7 channel ROI (issue 24 item 1): what a lead's source and campaign cost and bring. */
  sources: SourceRules;
  /**
   * Smart tags (issue 24 item 4): the org's tags, the words that mean each, and the confidence (0–1) at which a
   * tag suggested from a new lead's company, industry and need is applied. An empty list turns suggestions off.
   */
  tags: { list: string[]; synonyms: Record<string, string[]>; applyAt: number };
  /**
   * F24 customer tiers (issue 24 item 7): the yearly value's window, the daily recompute, the B customers'
   * quarterly repurchase reminder and the C customers' product pack. The thresholds are deals.tiers, the A
   * customers' deep visits kbi.targets.tiers.A.deepVisitsPerMonth.
   */
  customers: CustomerRules;
  /** Issue 24 item 9: the reports people write in WeCom 汇报 / DingTalk 日志, imported (journal-import.ts). */
  journals: JournalRules;
}

export interface SourceRules {
  /** A lead is activated when a rep first follows it up within this many days of its arrival (seed 004). */
  activationDays: number;
  /**
   * What each campaign code cost, in yuan: one figure for the whole campaign, or one per month (`2026-11`).
   * ROI and cost per lead are shown only where the cost covers the report's period.
   */
  campaignCosts: Record<string, number | Record<string, number>>;
}

export const DEFAULT_RULES: Rules = {
  clocks: DEFAULT_CLOCK_RULES,
  sources: { activationDays: 7, campaignCosts: {} },
  tags: { list: [], synonyms: {}, applyAt: 0.8 },
  journals: DEFAULT_JOURNAL_RULES,
  scoring: {
    industries: { 地产: 20, 家装: 15, 工装: 18, 医疗基建: 20, 职业院校: 15 },
    otherIndustryPoints: 8,
    budgetBands: [
      { below: 50_000, points: 10, label: '<5万' },
      { below: 200_000, points: 20, label: '5–20万' },
      { below: null, points: 30, label: '20万+' },
    ],
    contactFrequency: { calls: 2, withinDays: 3, points: 5 },
    completeness: { fields: ['company', 'contact', 'phone', 'need'], points: 20 },
    dimensions: [],
    weights: {},
    highScore: 60,
    industrySynonyms: {},
    lines: {},
  },
  routing: {
    weights: { skill: 40, roundRobin: 25, load: 20, winRate: 10, followUp: 5 },
    roles: ['rep'],
    rules: [],
    ownLeads: 'keep',
  },
  urgency: {
    trialEndsWithinHours: 48,
    competitorKeywords: ['竞品', '对比', '比价', 'competitor', 'compare', 'comparison'],
  },
  pool: {
    offerTimeoutMinutes: 120,
    followUpTimeoutHours: 24,
    warnBeforeMinutes: 30,
    cooldownHours: 24,
    claimCapPerDay: 3,
    capExemptRoles: [],
    protectionDays: 30,
    pauseFollowUpWhenOutOfOffice: false,
  },
  health: { underperformShare: 0.4, underperformWeeks: 5 },
  deals: DEFAULT_DEAL_RULES,
  authenticity: DEFAULT_AUTHENTICITY_RULES,
  whatif: { starveShare: 0.2, maxCoverageDrop: 0.05, days: 30 },
  kbi: DEFAULT_KBI_RULES,
  patrol: DEFAULT_PATROL_RULES,
  customers: DEFAULT_CUSTOMER_RULES,
};
