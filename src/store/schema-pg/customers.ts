import { bigint, doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';

/** Mirror of ../schema/customers.ts. */
export const customerTiers = pgTable(
  'customer_tiers',
  {
    key: text('key').primaryKey(),
    customer: text('customer').notNull(),
    tier: text('tier').notNull(),
    ownerId: text('owner_id').notNull(),
    yearlyValue: doublePrecision('yearly_value').notNull(),
    lastDealId: bigint('last_deal_id', { mode: 'number' }),
    leadIds: text('lead_ids').notNull(),
    reason: text('reason').notNull(),
    computedAt: bigint('computed_at', { mode: 'number' }).notNull(),
    changedAt: bigint('changed_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('customer_tiers_owner_idx').on(t.ownerId, t.tier)],
);
