import { bigint, bigserial, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Mirror of ../schema/send-budget.ts. */
export const sendBudgetLog = pgTable(
  'send_budget_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    sentAt: bigint('sent_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('send_budget_log_key_idx').on(t.scope, t.key, t.sentAt),
    index('send_budget_log_time_idx').on(t.sentAt),
  ],
);

export const sendBudgetDays = pgTable(
  'send_budget_days',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    day: text('day').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key, t.day] })],
);
