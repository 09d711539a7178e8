// Domain vocabulary. Plain values only: no I/O, no clock. Times are epoch milliseconds.

export type Role = 'rep' | 'manager' | 'director' | 'admin' | 'presales' | 'finance' | 'delivery';
export const ROLES: readonly Role[] = [
  'rep',
  'manager',
  'director',
  'admin',
  'presales',
  'finance',
  'delivery',
];

export type Platform = 'slack' | 'wecom' | 'dingtalk';

export interface Team {
  id: string;
  name: string;
  managerId: string | null;
  channels: Partial<Record<Platform, string>>;
}

export interface Person {
  id: string;
  name: string;
  teamId: string | null;
  role: Role;
  skills: string[];
  /** Open leads (offered + owned) this person may hold at once. */
  capacity: number;
  email: string | null;
  locale: string | null;
  active: boolean;
  outOfOffice: boolean;
  identities: Partial<Record<Platform, string>>;
}

/** What a person looks like to the router at the moment a lead arrives. */
export interface Candidate {
  person: Person;
  openLeads: number;
  /** When this person was last given a lead by routing (null: never). */
  lastAssignedAt: number | null;
  /** Share of leads closed in the last 30 days that were won (null: no history). */
  winRate30d: number | null;
  /** Average minutes from claim to first follow-up (null: no history). */
  avgFollowUpMinutes: number | null;
  /** Until when this person may not take this lead back (cooldown), or null. */
  cooldownUntil: number | null;
}

export type Urgency = 'trial' | 'competitor';

/** The fields a lead arrives with, by API, CSV or chat. */
export interface LeadFields {
  company: string;
  contact: string;
  phone: string;
  email: string;
  industry: string;
  /** Budget in yuan (0 when unknown). */
  budget: number;
  need: string;
  region: string;
  source: string;
  campaign: string;
  tags: string[];
  urgency: Urgency | null;
  /** For urgency 'trial': when the customer's trial ends. */
  trialEndsAt: number | null;
}

/** Live leads are offered (to one rep, waiting for a claim), owned (claimed) or in the pool. */
export const LEAD_STATUSES = ['offered', 'owned', 'pool', 'won', 'lost', 'merged'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const LIVE_STATUSES: readonly LeadStatus[] = ['offered', 'owned', 'pool'];

export interface ScorePart {
  /** The four built-in dimensions, or `field`: one the rules file declares from a lead field (`name` says which). */
  dimension: 'industry' | 'budget' | 'contactFrequency' | 'completeness' | 'field';
  points: number;
  /** Machine-readable detail, e.g. the band or the missing fields. */
  detail: string;
  /** For `field`: the declared dimension's name (scoring.dimensions[].name). */
  name?: string;
  /** For `industry`: the lead's word that matched a listed industry through scoring.industrySynonyms. */
  synonym?: { word: string; of: string };
  /** The business line's weight on this dimension, when not 1 (points are already weighted). */
  weight?: number;
}

export interface ScoreBreakdown {
  total: number;
  parts: ScorePart[];
  /** The business line (a deals pipeline id) whose scoring rules applied; absent: the default rules. */
  line?: string;
}

export interface Lead extends LeadFields {
  id: number;
  status: LeadStatus;
  ownerId: string | null;
  score: number;
  scoreBreakdown: ScoreBreakdown;
  urgent: boolean;
  urgentReason: UrgentReason | null;
  createdAt: number;
  offeredAt: number | null;
  offerExpiresAt: number | null;
  claimedAt: number | null;
  followUpDueAt: number | null;
  firstTouchAt: number | null;
  closedAt: number | null;
  mergedInto: number | null;
  previousLeadId: number | null;
}

export const URGENT_REASONS = ['TRIAL_ENDING', 'COMPETITOR_COMPARISON'] as const;
export type UrgentReason = (typeof URGENT_REASONS)[number];

export type Outcome = 'won' | 'lost';
export type TouchKind = 'call' | 'visit' | 'message';
