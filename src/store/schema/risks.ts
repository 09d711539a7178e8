import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Risk signals found in what people wrote or said (F16, issue 24 item 5): a lead note before any deal, a report
 * summary, a voice transcript, a text about a deal. One row per signal and text; the phrase and the excerpt it
 * was found in are the reason. `signal, lead_id` answers "past cases" (the leads where a signal was heard, most
 * recent first) from the index alone.
 */
export const riskMarks = sqliteTable(
  'risk_marks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    leadId: integer('lead_id').notNull(),
    /** The lead's deal when there was one. */
    dealId: integer('deal_id'),
    signal: text('signal').notNull(),
    phrase: text('phrase').notNull(),
    excerpt: text('excerpt').notNull(),
    /** lead_note | report | transcript | deal_note (and the deal texts' kinds) */
    source: text('source').notNull(),
    sourceRef: text('source_ref').notNull(),
    actorId: text('actor_id'),
  },
  (t) => [
    index('risk_marks_signal_lead_idx').on(t.signal, t.leadId),
    index('risk_marks_lead_idx').on(t.leadId, t.id),
  ],
);
