import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Each customer's tier (F24), recomputed daily and on a won deal: the yearly value it came from and the reason
 * (value, thresholds, window) as JSON. One row per customer, keyed by its normalised name.
 */
export const customerTiers = sqliteTable(
  'customer_tiers',
  {
    key: text('key').primaryKey(),
    customer: text('customer').notNull(),
    tier: text('tier').notNull(),
    ownerId: text('owner_id').notNull(),
    yearlyValue: real('yearly_value').notNull(),
    lastDealId: integer('last_deal_id'),
    /** JSON array of the lead ids of the won deals in the window (where its visits are logged). */
    leadIds: text('lead_ids').notNull(),
    reason: text('reason').notNull(),
    computedAt: integer('computed_at').notNull(),
    /** When the tier last changed (or was first set). */
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [index('customer_tiers_owner_idx').on(t.ownerId, t.tier)],
);
