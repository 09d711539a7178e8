import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// Times are epoch milliseconds in integer columns; JSON is stored as text (one rule for every table).

export const leads = sqliteTable(
  'leads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    company: text('company').notNull(),
    contact: text('contact').notNull(),
    phone: text('phone').notNull(),
    email: text('email').notNull(),
    industry: text('industry').notNull(),
    budget: real('budget').notNull(),
    need: text('need').notNull(),
    region: text('region').notNull(),
    source: text('source').notNull(),
    campaign: text('campaign').notNull(),
    tags: text('tags').notNull(),
    urgency: text('urgency'),
    trialEndsAt: integer('trial_ends_at'),
    phoneNorm: text('phone_norm').notNull(),
    emailNorm: text('email_norm').notNull(),
    companyNorm: text('company_norm').notNull(),
    score: integer('score').notNull(),
    scoreBreakdown: text('score_breakdown').notNull(),
    urgent: integer('urgent').notNull(),
    urgentReason: text('urgent_reason'),
    status: text('status').notNull(),
    ownerId: text('owner_id'),
    createdAt: integer('created_at').notNull(),
    offeredAt: integer('offered_at'),
    offerExpiresAt: integer('offer_expires_at'),
    claimedAt: integer('claimed_at'),
    followUpDueAt: integer('follow_up_due_at'),
    /** When the owner should be warned of the running clock; null once warned or stopped. */
    warnAt: integer('warn_at'),
    firstTouchAt: integer('first_touch_at'),
    closedAt: integer('closed_at'),
    mergedInto: integer('merged_into'),
    previousLeadId: integer('previous_lead_id'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('leads_phone_norm_idx')
      .on(t.phoneNorm)
      .where(sql`${t.phoneNorm} <> ''`),
    index('leads_email_norm_idx')
      .on(t.emailNorm)
      .where(sql`${t.emailNorm} <> ''`),
    index('leads_company_norm_idx')
      .on(t.companyNorm)
      .where(sql`${t.companyNorm} <> ''`),
    index('leads_owner_open_idx')
      .on(t.ownerId)
      .where(sql`${t.status} in ('offered', 'owned')`),
    // The market's order (pool.ts: urgent, then score, then first come) read backwards, with no sort at any
    // pool size: ties by `-id` descending are ties by id ascending (a plain id would read newest first).
    index('leads_pool_order_idx')
      .on(t.urgent, t.score, sql`(-${t.id})`)
      .where(sql`${t.status} = 'pool'`),
    // Sweeps read only what is due, so their cost follows the due leads, not the table size.
    index('leads_offer_due_idx')
      .on(t.offerExpiresAt)
      .where(sql`${t.status} = 'offered'`),
    index('leads_follow_up_due_idx')
      .on(t.followUpDueAt)
      .where(sql`${t.status} = 'owned' and ${t.followUpDueAt} is not null`),
    index('leads_warn_idx')
      .on(t.warnAt)
      .where(sql`${t.warnAt} is not null`),
    index('leads_merged_into_idx')
      .on(t.mergedInto)
      .where(sql`${t.mergedInto} is not null`),
    // Covering the closed history's reads (the what-if's and the rep stats' won/closed per owner): without the
    // owner and status in it, 100,000 closed leads were 100,000 row lookups, ~150 ms in one statement (issue 23).
    index('leads_closed_idx')
      .on(t.closedAt, t.ownerId, t.status)
      .where(sql`${t.closedAt} is not null`),
  ],
);

/** Every time a customer reached us (first submission and each merged duplicate), with its raw payload. */
export const inquiries = sqliteTable(
  'inquiries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    leadId: integer('lead_id').notNull(),
    at: integer('at').notNull(),
    via: text('via').notNull(),
    source: text('source').notNull(),
    campaign: text('campaign').notNull(),
    /** Same content, same fingerprint: importing a file twice adds nothing. Null for API submissions. */
    fingerprint: text('fingerprint'),
    payload: text('payload').notNull(),
  },
  (t) => [
    index('inquiries_lead_idx').on(t.leadId),
    uniqueIndex('inquiries_fingerprint_idx').on(t.fingerprint),
  ],
);

/** F9: who was considered, who was skipped and why, and why the winner won. */
export const routingDecisions = sqliteTable(
  'routing_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    leadId: integer('lead_id').notNull(),
    at: integer('at').notNull(),
    outcome: text('outcome').notNull(),
    winnerId: text('winner_id'),
    explanation: text('explanation').notNull(),
    /**
     * F39: what routing read (RoutingInputs as JSON) and how many people the decision names (considered, others,
     * skipped), kept beside the explanation so the what-if reads ≈2 KB a lead instead of the ≈6 KB decision
     * (issue 23, item 5). Null in decisions stored before migration 0026, whose explanation holds `inputs`.
     */
    named: integer('named'),
    inputs: text('inputs'),
  },
  (t) => [index('routing_decisions_lead_idx').on(t.leadId)],
);

/**
 * F39: the org as routing read it (each person's role, team, capacity and skills), once per distinct state; a
 * routing decision names the one it read by its hash, so the what-if replays each lead against the org of its time.
 */
export const orgSnapshots = sqliteTable('org_snapshots', {
  hash: text('hash').primaryKey(),
  people: text('people').notNull(),
});
