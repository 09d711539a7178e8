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
