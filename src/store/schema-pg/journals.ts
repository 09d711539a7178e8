// Mirror of ../schema/journals.ts.
import { bigint, bigserial, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const platformReports = pgTable(
  'platform_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    recordId: text('record_id').notNull(),
    kind: text('kind').notNull(),
    externalUser: text('external_user').notNull(),
    repId: text('rep_id'),
    date: text('date').notNull(),
    reportId: bigint('report_id', { mode: 'number' }),
    template: text('template').notNull(),
    fields: text('fields').notNull(),
    reportedAt: bigint('reported_at', { mode: 'number' }).notNull(),
    importedAt: bigint('imported_at', { mode: 'number' }).notNull(),
    outcome: text('outcome').notNull(),
  },
  (t) => [
    uniqueIndex('platform_reports_record_idx').on(t.platform, t.recordId),
    index('platform_reports_date_idx').on(t.date, t.kind),
  ],
);
