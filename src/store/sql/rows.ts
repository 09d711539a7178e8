import type {
  Lead,
  LeadStatus,
  Person,
  Platform,
  Role,
  ScoreBreakdown,
  Team,
  UrgentReason,
  Urgency,
} from '../../kernel/types.ts';

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** Domain field ↔ column, in table order. */
export const LEAD_COLUMNS = {
  id: 'id',
  company: 'company',
  contact: 'contact',
  phone: 'phone',
  email: 'email',
  industry: 'industry',
  budget: 'budget',
  need: 'need',
  region: 'region',
  source: 'source',
  campaign: 'campaign',
  tags: 'tags',
  urgency: 'urgency',
  trialEndsAt: 'trial_ends_at',
  phoneNorm: 'phone_norm',
  emailNorm: 'email_norm',
  companyNorm: 'company_norm',
  score: 'score',
  scoreBreakdown: 'score_breakdown',
  urgent: 'urgent',
  urgentReason: 'urgent_reason',
  status: 'status',
  ownerId: 'owner_id',
  createdAt: 'created_at',
  offeredAt: 'offered_at',
  offerExpiresAt: 'offer_expires_at',
  claimedAt: 'claimed_at',
  followUpDueAt: 'follow_up_due_at',
  warnAt: 'warn_at',
  firstTouchAt: 'first_touch_at',
  closedAt: 'closed_at',
  mergedInto: 'merged_into',
  previousLeadId: 'previous_lead_id',
  updatedAt: 'updated_at',
} as const;

export interface LeadRow {
  id: number;
  company: string;
  contact: string;
  phone: string;
  email: string;
  industry: string;
  budget: number;
  need: string;
  region: string;
  source: string;
  campaign: string;
  tags: string;
  urgency: string | null;
  trial_ends_at: number | null;
  score: number;
  score_breakdown: string;
  urgent: number;
  urgent_reason: string | null;
  status: string;
  owner_id: string | null;
  created_at: number;
  offered_at: number | null;
  offer_expires_at: number | null;
  claimed_at: number | null;
  follow_up_due_at: number | null;
  first_touch_at: number | null;
  closed_at: number | null;
  merged_into: number | null;
  previous_lead_id: number | null;
}

export function leadFromRow(r: LeadRow): Lead {
  return {
    id: Number(r.id),
    company: r.company,
    contact: r.contact,
    phone: r.phone,
    email: r.email,
    industry: r.industry,
    budget: r.budget,
    need: r.need,
    region: r.region,
    source: r.source,
    campaign: r.campaign,
    tags: parseJson<string[]>(r.tags, []),
    urgency: r.urgency as Urgency | null,
    trialEndsAt: r.trial_ends_at,
    status: r.status as LeadStatus,
    ownerId: r.owner_id,
    score: r.score,
    scoreBreakdown: parseJson<ScoreBreakdown>(r.score_breakdown, { total: r.score, parts: [] }),
    urgent: r.urgent === 1,
    urgentReason: r.urgent_reason as UrgentReason | null,
    createdAt: r.created_at,
    offeredAt: r.offered_at,
    offerExpiresAt: r.offer_expires_at,
    claimedAt: r.claimed_at,
    followUpDueAt: r.follow_up_due_at,
    firstTouchAt: r.first_touch_at,
    closedAt: r.closed_at,
    mergedInto: r.merged_into,
    previousLeadId: r.previous_lead_id,
  };
}

export interface PersonRow {
  id: string;
  name: string;
  team_id: string | null;
  role: string;
  skills: string;
  capacity: number;
  email: string | null;
  locale: string | null;
  active: number;
  out_of_office: number;
}

export interface IdentityRow {
  person_id: string;
  platform: string;
  external_id: string;
}

/** `identities`: this person's rows of person_identities. */
export function personFromRow(r: PersonRow, identities: readonly IdentityRow[]): Person {
  return {
    id: r.id,
    name: r.name,
    teamId: r.team_id,
    role: r.role as Role,
    skills: parseJson<string[]>(r.skills, []),
    capacity: r.capacity,
    email: r.email,
    locale: r.locale,
    active: r.active === 1,
    outOfOffice: r.out_of_office === 1,
    identities: Object.fromEntries(identities.map((i) => [i.platform as Platform, i.external_id])),
  };
}

export interface TeamRow {
  id: string;
  name: string;
  manager_id: string | null;
  channels: string;
}

export function teamFromRow(r: TeamRow): Team {
  return { id: r.id, name: r.name, managerId: r.manager_id, channels: parseJson(r.channels, {}) };
}
