import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Messages sent to each member or chat of a platform, kept an hour (the longest sliding window), so every instance
 * counts the same sends against the platform's limits (WeCom: 30 a minute and 1,000 an hour per member;
 * adapters/wecom/budget.ts). One row per message.
 */
export const sendBudgetLog = sqliteTable(
  'send_budget_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [
    index('send_budget_log_key_idx').on(t.scope, t.key, t.sentAt),
    index('send_budget_log_time_idx').on(t.sentAt),
  ],
);

/** Messages sent per calendar day, per key or for a whole scope (key ''): the platform's daily caps. */
export const sendBudgetDays = sqliteTable(
  'send_budget_days',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    day: text('day').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key, t.day] })],
);
