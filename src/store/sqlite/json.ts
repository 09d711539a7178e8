import type { Lead, LeadStatus, ScoreBreakdown, UrgentReason, Urgency } from '../../domain/types.ts';
import type { leads } from '../schema/leads.ts';

export type LeadRow = typeof leads.$inferSelect;

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export function leadFromRow(r: LeadRow): Lead {
  return {
    id: r.id,
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
    trialEndsAt: r.trialEndsAt,
    status: r.status as LeadStatus,
    ownerId: r.ownerId,
    score: r.score,
    scoreBreakdown: parseJson<ScoreBreakdown>(r.scoreBreakdown, { total: r.score, parts: [] }),
    urgent: r.urgent === 1,
    urgentReason: r.urgentReason as UrgentReason | null,
    createdAt: r.createdAt,
    offeredAt: r.offeredAt,
    offerExpiresAt: r.offerExpiresAt,
    claimedAt: r.claimedAt,
    followUpDueAt: r.followUpDueAt,
    firstTouchAt: r.firstTouchAt,
    closedAt: r.closedAt,
    mergedInto: r.mergedInto,
    previousLeadId: r.previousLeadId,
  };
}
