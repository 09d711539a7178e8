import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * What was read from a platform's own report app (issue 24 item 9: WeCom 汇报, DingTalk 日志), once per platform
 * record: a filed report imported (its daily report), one kept as it was (the rep had filed in Leadline already,
 * or nobody here has that platform id), or a member the platform's statistics name as not having filed
 * (kind `missing`). Unique per platform and record id, so a re-run or a run after a crash never imports twice.
 */
export const platformReports = sqliteTable(
  'platform_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    recordId: text('record_id').notNull(),
    /** report, or missing. */
    kind: text('kind').notNull(),
    /** The member's id on the platform. */
    externalUser: text('external_user').notNull(),
    repId: text('rep_id'),
    date: text('date').notNull(),
    reportId: integer('report_id'),
    template: text('template').notNull(),
    /** The record's fields as read (title and text, bounded), JSON: nothing the platform said is lost. */
    fields: text('fields').notNull(),
    reportedAt: integer('reported_at').notNull(),
    importedAt: integer('imported_at').notNull(),
    /** filed, kept_native, unknown_person or missing: what was done and why. */
    outcome: text('outcome').notNull(),
  },
  (t) => [
    uniqueIndex('platform_reports_record_idx').on(t.platform, t.recordId),
    index('platform_reports_date_idx').on(t.date, t.kind),
  ],
);
