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
import { leads, people, personIdentities, teams } from '../schema/index.ts';
import { columnNames, type RowOf } from './columns.ts';

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** Domain field ↔ column, in table order (the schema's own names). */
export const LEAD_COLUMNS = columnNames(leads);

/** `select * from leads`. */
export type LeadRow = RowOf<typeof leads>;

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

/** The person columns org-repo reads (the assignment time and `updated_at` are read and written apart). */
export type PersonRow = Omit<RowOf<typeof people>, 'last_assigned_at' | 'updated_at'>;

export type IdentityRow = RowOf<typeof personIdentities>;

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

export type TeamRow = Omit<RowOf<typeof teams>, 'updated_at'>;

export function teamFromRow(r: TeamRow): Team {
  return { id: r.id, name: r.name, managerId: r.manager_id, channels: parseJson(r.channels, {}) };
}
