// Daily reports, check-ins, report photos, customers' places and managers' read/comment notes (F28–F29).
import type { AuthenticityResult, ReportVisit } from '../../modules/reports/rules/authenticity.ts';
import type { Datum, GeoPoint } from '../../kernel/geo.ts';
import type {
  CheckIn,
  KeyAction,
  ReportNote,
  ReportRepo,
  StoredPhoto,
  StoredReport,
} from '../../modules/ports.ts';
import { customerPlaces, dailyReports, reportCheckins, reportNotes, reportPhotos } from '../schema/index.ts';
import { columnNames, columnsOf, type RowOf } from './columns.ts';
import type { Executor, Param } from './executor.ts';
import { parseJson } from './rows.ts';

/** Report field → column, without the id (which the database assigns and no patch may set). */
const { id: _id, ...REPORT_COLUMNS } = columnNames(dailyReports);
type ReportKey = keyof typeof REPORT_COLUMNS;
const SELECT_REPORT = `select ${Object.values(columnNames(dailyReports)).join(', ')} from daily_reports`;
type ReportRow = RowOf<typeof dailyReports>;
type PhotoRow = RowOf<typeof reportPhotos>;

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function reportFromRow(r: ReportRow): StoredReport {
  return {
    id: Number(r.id),
    repId: r.rep_id,
    teamId: r.team_id,
    date: r.date,
    status: r.status === 'filed' ? 'filed' : 'draft',
    keyActions: parseJson<KeyAction[]>(r.key_actions, []),
    summary: r.summary,
    photoId: numOrNull(r.photo_id),
    visits: parseJson<ReportVisit[]>(r.visits, []),
    score: numOrNull(r.score),
    result: parseJson<AuthenticityResult | null>(r.result, null),
    openedAt: Number(r.opened_at),
    submittedAt: numOrNull(r.submitted_at),
    late: Number(r.late) === 1,
    confirmedAt: numOrNull(r.confirmed_at),
    source: r.source === 'wecom' || r.source === 'dingtalk' ? r.source : null,
  };
}

function reportValue(key: ReportKey, v: unknown): Param {
  if (key === 'keyActions' || key === 'visits') return JSON.stringify(v);
  if (key === 'result') return v === null ? null : JSON.stringify(v);
  if (key === 'late') return v === true ? 1 : 0;
  return v as Param;
}

const point = (lat: number, lng: number, datum: string): GeoPoint => ({
  lat: Number(lat),
  lng: Number(lng),
  datum: datum as Datum,
});

/** A place whose coordinates may be missing (a photo without EXIF GPS). */
const place = (lat: number | null, lng: number | null, datum: string): GeoPoint | null =>
  lat === null || lng === null ? null : point(lat, lng, datum);

const PHOTO_COLUMNS = Object.values(columnNames(reportPhotos)).join(', ');

function photoFromRow(r: PhotoRow): StoredPhoto {
  return {
    id: Number(r.id),
    repId: r.rep_id,
    teamId: r.team_id,
    reportId: numOrNull(r.report_id),
    leadId: numOrNull(r.lead_id),
    sha256: r.sha256,
    hash: r.hash,
    exifTakenAt: numOrNull(r.exif_taken_at),
    // EXIF GPS is always WGS-84.
    exifPlace: place(r.exif_lat, r.exif_lng, 'WGS84'),
    sentAt: Number(r.sent_at),
    purgedAt: numOrNull(r.purged_at),
  };
}

const CHECKIN_COLUMNS = Object.values(columnNames(reportCheckins)).join(', ');
const NOTE_COLUMNS = Object.values(columnNames(reportNotes)).join(', ');

/** Photos are settled this long after they were sent: no transaction that adds one is still open by then. */
const PHOTO_SETTLE_MS = 3_600_000;

type HashRow = { id: number; repId: string; teamId: string | null; sentAt: number; hash: string };

/**
 * Filing a report compares its photo with every photo the team sent in the last 30 days — ~100k rows for a big
 * team, and reading them was most of the filing time. Their id, sender, team, time and hash never change once
 * written, so the settled ones (sent over an hour ago) are kept here, oldest first, and each filing reads only
 * the photos sent since. One cache per store (per process): another instance's photos are read like any new row.
 */
export interface PhotoHashCache {
  /** Every photo sent in [from, upTo) is in `rows`, ordered by sent_at then id. */
  from: number;
  upTo: number;
  rows: HashRow[];
}

const HASH_READ = columnsOf(reportPhotos, ['id', 'repId', 'teamId', 'sentAt', 'hash']);
const HASH_COLUMNS = HASH_READ.join(', ');
type HashDbRow = Pick<PhotoRow, (typeof HASH_READ)[number]>;
const hashRow = (r: HashDbRow): HashRow => ({
  id: Number(r.id),
  repId: r.rep_id,
  teamId: r.team_id,
  sentAt: Number(r.sent_at),
  hash: r.hash,
});

export function reportRepo(db: Executor, cache: { photos?: PhotoHashCache } = {}): ReportRepo {
  const get = async (id: number) => {
    const r = await db.get<ReportRow>(`${SELECT_REPORT} where id = ?`, [id]);
    return r === undefined ? null : reportFromRow(r);
  };
  const of = async (repId: string, date: string) => {
    const r = await db.get<ReportRow>(`${SELECT_REPORT} where rep_id = ? and date = ?`, [repId, date]);
    return r === undefined ? null : reportFromRow(r);
  };
  return {
    get,
    of,
    async openDraft(r) {
      await db.run(
        `insert into daily_reports (rep_id, team_id, date, status, key_actions, summary, visits, opened_at)
         values (?, ?, ?, 'draft', '[]', '', '[]', ?) on conflict do nothing`,
        [r.repId, r.teamId, r.date, r.openedAt],
      );
      return (await of(r.repId, r.date)) as StoredReport;
    },
    async update(id, patch) {
      const keys = (Object.keys(patch) as ReportKey[]).filter((k) => k in REPORT_COLUMNS);
      if (keys.length === 0) return;
      await db.run(
        `update daily_reports set ${keys.map((k) => `${REPORT_COLUMNS[k]} = ?`).join(', ')} where id = ?`,
        [...keys.map((k) => reportValue(k, (patch as Record<string, unknown>)[k])), id],
      );
    },
    async onDate(date) {
      return (await db.all<ReportRow>(`${SELECT_REPORT} where date = ? order by rep_id`, [date])).map(
        reportFromRow,
      );
    },
    async addPhoto(p) {
      const row = await db.get<{ id: number }>(
        `insert into report_photos (rep_id, team_id, report_id, lead_id, sha256, hash, exif_taken_at, exif_lat, exif_lng, sent_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [
          p.repId,
          p.teamId,
          p.reportId,
          p.leadId,
          p.sha256,
          p.hash,
          p.exifTakenAt,
          p.exifPlace?.lat ?? null,
          p.exifPlace?.lng ?? null,
          p.sentAt,
        ],
      );
      return Number(row?.id);
    },
    async photo(id) {
      const r = await db.get<PhotoRow>(`select ${PHOTO_COLUMNS} from report_photos where id = ?`, [id]);
      return r === undefined ? null : photoFromRow(r);
    },
    async photosOf(reportId) {
      const rows = await db.all<PhotoRow>(
        `select ${PHOTO_COLUMNS} from report_photos where report_id = ? order by sent_at, id`,
        [reportId],
      );
      return rows.map(photoFromRow);
    },
    async setPhotoReport(photoId, reportId, leadId) {
      await db.run(`update report_photos set report_id = ?, lead_id = ? where id = ?`, [
        reportId,
        leadId,
        photoId,
      ]);
    },
    async photosSince(since, teamId, repId) {
      const rows =
        teamId === null
          ? await db.all<PhotoRow>(
              `select ${PHOTO_COLUMNS} from report_photos where sent_at >= ? and rep_id = ? order by sent_at`,
              [since, repId],
            )
          : await db.all<PhotoRow>(
              `select ${PHOTO_COLUMNS} from report_photos where sent_at >= ? and (team_id = ? or rep_id = ?) order by sent_at`,
              [since, teamId, repId],
            );
      return rows.map(photoFromRow);
    },
    async photoHashesSince(since, now) {
      const settled = now - PHOTO_SETTLE_MS;
      let c = cache.photos;
      // Rebuilt when asked for older photos than it holds, or when the clock went back (a test, a restored backup).
      if (c === undefined || since < c.from || settled < c.upTo) {
        c = { from: since, upTo: since, rows: [] };
        cache.photos = c;
      }
      if (settled > c.upTo) {
        const added = await db.all<HashDbRow>(
          `select ${HASH_COLUMNS} from report_photos where sent_at >= ? and sent_at < ? order by sent_at, id`,
          [c.upTo, settled],
        );
        for (const r of added) c.rows.push(hashRow(r));
        c.upTo = settled;
      }
      // What fell out of every lookback window.
      let drop = 0;
      while (drop < c.rows.length && (c.rows[drop] as HashRow).sentAt < since) drop++;
      if (drop > 0) c.rows.splice(0, drop);
      c.from = since;
      // A photo written with an older time after the cache read past it (`leadline demo` beside a running server,
      // a restored backup) would be missed: the count of the settled range must match, else it is read again.
      const settledCount = await db.get<{ n: number | string }>(
        `select count(*) as n from report_photos where sent_at >= ? and sent_at < ?`,
        [c.from, c.upTo],
      );
      if (Number(settledCount?.n ?? 0) !== c.rows.length) {
        const all = await db.all<HashDbRow>(
          `select ${HASH_COLUMNS} from report_photos where sent_at >= ? and sent_at < ? order by sent_at, id`,
          [c.from, c.upTo],
        );
        c.rows = all.map(hashRow);
      }
      const recent = await db.all<HashDbRow>(
        `select ${HASH_COLUMNS} from report_photos where sent_at >= ? order by sent_at, id`,
        [Math.max(since, c.upTo)],
      );
      // The whole organisation's (a photo reused across teams is caught too): the cached rows themselves, not
      // copies (callers only read them).
      return [...c.rows, ...recent.map(hashRow)];
    },
    async photoLinks(ids) {
      const out = new Map<number, { reportId: number | null; leadId: number | null }>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await db.all<Pick<PhotoRow, 'id' | 'report_id' | 'lead_id'>>(
          `select id, report_id, lead_id from report_photos where id in (${chunk.map(() => '?').join(', ')})`,
          [...chunk],
        );
        for (const r of rows)
          out.set(Number(r.id), { reportId: numOrNull(r.report_id), leadId: numOrNull(r.lead_id) });
      }
      return out;
    },
    async photosToPurge(before, limit) {
      const rows = await db.all<PhotoRow>(
        `select ${PHOTO_COLUMNS} from report_photos where sent_at < ? and purged_at is null order by sent_at, id limit ?`,
        [before, limit],
      );
      return rows.map(photoFromRow);
    },
    async fileInUse(sha256, since) {
      if ((await db.get(`select 1 as x from deal_evidence where sha256 = ? limit 1`, [sha256])) !== undefined)
        return 'evidence';
      if (
        (await db.get(`select 1 as x from report_photos where sha256 = ? and sent_at >= ? limit 1`, [
          sha256,
          since,
        ])) !== undefined
      )
        return 'newer_photo';
      return null;
    },
    async isReportPhoto(sha256) {
      return (
        (await db.get(`select 1 as x from report_photos where sha256 = ? limit 1`, [sha256])) !== undefined
      );
    },
    async referencedFiles() {
      const rows = await db.all<{ sha256: string }>(
        `select sha256 from deal_evidence where sha256 is not null union select sha256 from report_photos`,
        [],
      );
      return new Set(rows.map((r) => r.sha256));
    },
    async markPhotoPurged(id, at) {
      await db.run(`update report_photos set purged_at = ? where id = ?`, [at, id]);
    },
    async addCheckIn(c) {
      const row = await db.get<{ id: number }>(
        `insert into report_checkins (rep_id, lead_id, at, lat, lng, datum) values (?, ?, ?, ?, ?, ?) returning id`,
        [c.repId, c.leadId, c.at, c.place.lat, c.place.lng, c.place.datum],
      );
      return Number(row?.id);
    },
    async checkIns(repId, from, to) {
      const rows = await db.all<RowOf<typeof reportCheckins>>(
        `select ${CHECKIN_COLUMNS} from report_checkins
         where rep_id = ? and at >= ? and at < ? order by at, id`,
        [repId, from, to],
      );
      return rows.map((r): CheckIn => ({
        id: Number(r.id),
        repId: r.rep_id,
        leadId: Number(r.lead_id),
        at: Number(r.at),
        place: point(r.lat, r.lng, r.datum),
      }));
    },
    async checkIn(id) {
      const r = await db.get<RowOf<typeof reportCheckins>>(
        `select ${CHECKIN_COLUMNS} from report_checkins where id = ?`,
        [id],
      );
      return r === undefined
        ? null
        : {
            id: Number(r.id),
            repId: r.rep_id,
            leadId: Number(r.lead_id),
            at: Number(r.at),
            place: point(r.lat, r.lng, r.datum),
          };
    },
    async customerPlace(leadId) {
      const r = await db.get<Pick<RowOf<typeof customerPlaces>, 'lat' | 'lng' | 'datum'>>(
        `select lat, lng, datum from customer_places where lead_id = ?`,
        [leadId],
      );
      return r === undefined ? null : point(r.lat, r.lng, r.datum);
    },
    async learnPlace(leadId, p, source, at) {
      const r = await db.run(
        `insert into customer_places (lead_id, lat, lng, datum, source, learnt_at) values (?, ?, ?, ?, ?, ?)
         on conflict do nothing`,
        [leadId, p.lat, p.lng, p.datum, source, at],
      );
      return r.changes > 0;
    },
    async addNote(n) {
      const row = await db.get<{ id: number }>(
        // A second read receipt of the same reader (two requests racing) is refused by the partial unique index.
        `insert into report_notes (report_id, author_id, kind, text, at) values (?, ?, ?, ?, ?)
         on conflict do nothing returning id`,
        [n.reportId, n.authorId, n.kind, n.text, n.at],
      );
      return row ? Number(row.id) : 0;
    },
    async notes(reportId) {
      const rows = await db.all<RowOf<typeof reportNotes>>(
        `select ${NOTE_COLUMNS} from report_notes where report_id = ? order by at, id`,
        [reportId],
      );
      return rows.map((r): ReportNote => ({
        id: Number(r.id),
        reportId: Number(r.report_id),
        authorId: r.author_id,
        kind: r.kind === 'comment' ? 'comment' : 'read',
        text: r.text,
        at: Number(r.at),
      }));
    },
  };
}
