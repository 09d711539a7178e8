// Mirror of ../schema/risks.ts.
import { bigint, bigserial, index, pgTable, text } from 'drizzle-orm/pg-core';

export const riskMarks = pgTable(
  'risk_marks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    leadId: bigint('lead_id', { mode: 'number' }).notNull(),
    dealId: bigint('deal_id', { mode: 'number' }),
    signal: text('signal').notNull(),
    phrase: text('phrase').notNull(),
    excerpt: text('excerpt').notNull(),
    source: text('source').notNull(),
    sourceRef: text('source_ref').notNull(),
    actorId: text('actor_id'),
  },
  (t) => [
    index('risk_marks_signal_lead_idx').on(t.signal, t.leadId),
    index('risk_marks_lead_idx').on(t.leadId, t.id),
  ],
);
