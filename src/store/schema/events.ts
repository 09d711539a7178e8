import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The append-only event log: nothing here is ever updated or deleted. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    type: text('type').notNull(),
    leadId: integer('lead_id'),
    actorId: text('actor_id'),
    data: text('data').notNull(),
  },
  (t) => [
    index('events_lead_idx').on(t.leadId, t.id),
    index('events_type_actor_at_idx').on(t.type, t.actorId, t.at),
    index('events_at_idx').on(t.at),
    // F30: the leads whose deals entered a stage in a month (deal.created / deal.advanced by time), read
    // from the index alone.
    index('events_type_at_lead_idx').on(t.type, t.at, t.leadId),
  ],
);

/**
 * Counters bumped by triggers (drizzle/sqlite/0024_change_counts.sql, 0025) in the same transaction as the change
 * they count, so a read-only connection can tell in one indexed read whether data it read before is still
 * current. `deal_log`: the changes other than appends to the deal stage log that the funnel and the radar read
 * (`dealStageLog`; appends it finds by the highest ids). PostgreSQL has
 * the table but no triggers: a counter row written by every deal event would serialise those transactions,
 * so nothing there is cached on it.
 */
export const changeCounts = sqliteTable('change_counts', {
  name: text('name').primaryKey(),
  n: integer('n').notNull(),
});
