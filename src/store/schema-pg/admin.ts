import { bigint, bigserial, pgTable, text } from 'drizzle-orm/pg-core';

/** Intake API keys; only a SHA-256 of the key is kept, the key itself is shown once. */
export const apiKeys = pgTable('api_keys', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  name: text('name').notNull().unique(),
  hash: text('hash').notNull().unique(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  lastUsedAt: bigint('last_used_at', { mode: 'number' }),
  revokedAt: bigint('revoked_at', { mode: 'number' }),
  /**
   * What the key may do, comma-separated (intake, read, admin). The default covers keys made before scopes
   * (migration 0013), which could do everything; a new key always names its own (intake only unless asked).
   */
  scopes: text('scopes').notNull().default('intake,read,admin'),
});

/** Organisation-wide settings (timezone, locale, whether an org was imported). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
