import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Intake API keys; only a SHA-256 of the key is kept, the key itself is shown once. */
export const apiKeys = sqliteTable('api_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  hash: text('hash').notNull().unique(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
});

/** Organisation-wide settings (timezone, locale, whether an org was imported). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
