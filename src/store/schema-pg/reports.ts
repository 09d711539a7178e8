// Mirror of ../schema/reports.ts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const dailyReports = pgTable(
  'daily_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    repId: text('rep_id').notNull(),
    teamId: text('team_id'),
    date: text('date').notNull(),
    status: text('status').notNull(),
    keyActions: text('key_actions').notNull(),
    summary: text('summary').notNull(),
    photoId: bigint('photo_id', { mode: 'number' }),
    visits: text('visits').notNull(),
    score: integer('score'),
    result: text('result'),
    openedAt: bigint('opened_at', { mode: 'number' }).notNull(),
    submittedAt: bigint('submitted_at', { mode: 'number' }),
    late: integer('late').notNull().default(0),
    confirmedAt: bigint('confirmed_at', { mode: 'number' }),
    source: text('source'),
  },
  (t) => [
    uniqueIndex('daily_reports_rep_date_idx').on(t.repId, t.date),
    index('daily_reports_date_idx').on(t.date, t.status),
  ],
);

export const reportCheckins = pgTable(
  'report_checkins',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    repId: text('rep_id').notNull(),
    leadId: bigint('lead_id', { mode: 'number' }).notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    datum: text('datum').notNull(),
  },
  (t) => [index('report_checkins_rep_idx').on(t.repId, t.at)],
);

export const reportPhotos = pgTable(
  'report_photos',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    repId: text('rep_id').notNull(),
    teamId: text('team_id'),
    reportId: bigint('report_id', { mode: 'number' }),
    leadId: bigint('lead_id', { mode: 'number' }),
    sha256: text('sha256').notNull(),
    hash: text('hash').notNull(),
    exifTakenAt: bigint('exif_taken_at', { mode: 'number' }),
    exifLat: doublePrecision('exif_lat'),
    exifLng: doublePrecision('exif_lng'),
    sentAt: bigint('sent_at', { mode: 'number' }).notNull(),
    /** When the file was deleted after `filing.photoKeepDays` (the row and its hash stay for the reuse check). */
    purgedAt: bigint('purged_at', { mode: 'number' }),
  },
  (t) => [index('report_photos_sent_idx').on(t.sentAt), index('report_photos_report_idx').on(t.reportId)],
);

export const customerPlaces = pgTable('customer_places', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  leadId: bigint('lead_id', { mode: 'number' }).notNull().unique(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  datum: text('datum').notNull(),
  source: text('source').notNull(),
  learntAt: bigint('learnt_at', { mode: 'number' }).notNull(),
});

export const reportNotes = pgTable(
  'report_notes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: bigint('report_id', { mode: 'number' }).notNull(),
    authorId: text('author_id').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('report_notes_report_idx').on(t.reportId),
    // One read receipt per reader and report, even when two requests race (PostgreSQL reads committed rows only).
    uniqueIndex('report_notes_read_once_idx')
      .on(t.reportId, t.authorId)
      .where(sql`${t.kind} = 'read'`),
  ],
);
