import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A rep's daily report (F28): a draft while the rep fills it in, then filed with its authenticity score (F29). */
export const dailyReports = sqliteTable(
  'daily_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    repId: text('rep_id').notNull(),
    teamId: text('team_id'),
    /** The day reported on, yyyy-MM-dd in the org's timezone. */
    date: text('date').notNull(),
    /** draft, or filed. */
    status: text('status').notNull(),
    /** The ticked key actions, JSON. */
    keyActions: text('key_actions').notNull(),
    summary: text('summary').notNull(),
    photoId: integer('photo_id'),
    /** The visits as filed, JSON. */
    visits: text('visits').notNull(),
    score: integer('score'),
    /** The authenticity result (flags with what they compared), JSON. */
    result: text('result'),
    openedAt: integer('opened_at').notNull(),
    submittedAt: integer('submitted_at'),
    /** 1 when filed after the day's due time. */
    late: integer('late').notNull().default(0),
    confirmedAt: integer('confirmed_at'),
    /** Where the report was written: null in Leadline, else the platform it was imported from (wecom, dingtalk). */
    source: text('source'),
  },
  (t) => [
    uniqueIndex('daily_reports_rep_date_idx').on(t.repId, t.date),
    index('daily_reports_date_idx').on(t.date, t.status),
  ],
);

/** A check-in at a customer (F28): the place is taken only here and when filing, never tracked. */
export const reportCheckins = sqliteTable(
  'report_checkins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    repId: text('rep_id').notNull(),
    leadId: integer('lead_id').notNull(),
    at: integer('at').notNull(),
    lat: real('lat').notNull(),
    lng: real('lng').notNull(),
    datum: text('datum').notNull(),
  },
  (t) => [index('report_checkins_rep_idx').on(t.repId, t.at)],
);

/** A report photo: the file on disk by its SHA-256, its perceptual hash and EXIF time and place when present. */
export const reportPhotos = sqliteTable(
  'report_photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    repId: text('rep_id').notNull(),
    teamId: text('team_id'),
    reportId: integer('report_id'),
    leadId: integer('lead_id'),
    sha256: text('sha256').notNull(),
    hash: text('hash').notNull(),
    exifTakenAt: integer('exif_taken_at'),
    exifLat: real('exif_lat'),
    exifLng: real('exif_lng'),
    sentAt: integer('sent_at').notNull(),
    /** When the file was deleted after `filing.photoKeepDays` (the row and its hash stay for the reuse check). */
    purgedAt: integer('purged_at'),
  },
  (t) => [index('report_photos_sent_idx').on(t.sentAt), index('report_photos_report_idx').on(t.reportId)],
);

/** A customer's place, learnt at the first on-site check-in (or given with the lead), then kept. */
export const customerPlaces = sqliteTable('customer_places', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  leadId: integer('lead_id').notNull().unique(),
  lat: real('lat').notNull(),
  lng: real('lng').notNull(),
  datum: text('datum').notNull(),
  /** checkin, or lead. */
  source: text('source').notNull(),
  learntAt: integer('learnt_at').notNull(),
});

/** What a manager did with a filed report: read it, or commented (the rep sees both). */
export const reportNotes = sqliteTable(
  'report_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reportId: integer('report_id').notNull(),
    authorId: text('author_id').notNull(),
    /** read, or comment. */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [
    index('report_notes_report_idx').on(t.reportId),
    // One read receipt per reader and report, even when two requests race (PostgreSQL reads committed rows only).
    uniqueIndex('report_notes_read_once_idx')
      .on(t.reportId, t.authorId)
      .where(sql`${t.kind} = 'read'`),
  ],
);
