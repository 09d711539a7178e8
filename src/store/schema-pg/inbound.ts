import { bigint, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Mirror of ../schema/inbound.ts. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    seenAt: bigint('seen_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.key] })],
);

/** Mirror of ../schema/inbound.ts. */
export const inboundPending = pgTable(
  'inbound_pending',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    body: text('body').notNull(),
    receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
    nextAt: bigint('next_at', { mode: 'number' }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.key] }),
    index('inbound_pending_due').on(t.platform, t.nextAt),
  ],
);
