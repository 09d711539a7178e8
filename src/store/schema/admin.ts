import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Intake API keys; only a SHA-256 of the key is kept, the key itself is shown once. */
export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  hash: text('hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
  /**
   * What the key may do, comma-separated (intake, read, admin). The default covers keys made before scopes
   * (migration 0013), which could do everything; a new key always names its own (intake only unless asked).
   */
  scopes: text('scopes').notNull().default('intake,read,admin'),
});

/** Organisation-wide settings (timezone, locale, whether an org was imported). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
