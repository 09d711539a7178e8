import { bigint, bigserial, index, pgTable, text } from 'drizzle-orm/pg-core';

/** The append-only event log: nothing here is ever updated or deleted. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    leadId: bigint('lead_id', { mode: 'number' }),
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
 * The twin of the SQLite `change_counts` (src/store/schema/events.ts). No triggers keep it here: a counter row
 * written by every deal event would serialise those transactions, so the PostgreSQL reader caches nothing on it
 * and the table stays empty.
 */
export const changeCounts = pgTable('change_counts', {
  name: text('name').primaryKey(),
  n: bigint('n', { mode: 'number' }).notNull(),
});
