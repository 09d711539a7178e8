// The reports module's slice of the store (F28–F29): daily reports, check-ins, photos and notes.
import type { GeoPoint } from '../../kernel/geo.ts';
import type { AuthenticityResult, ReportVisit } from './rules/authenticity.ts';

/** A ticked key action of the day: what it was and about which lead or deal. */
export interface KeyAction {
  kind: 'visit' | 'call' | 'claim' | 'advance' | 'evidence';
  leadId: number;
  dealId: number | null;
  customer: string;
  /** For `advance`: the stage reached. */
  stage: string | null;
}

export interface StoredReport {
  id: number;
  repId: string;
  teamId: string | null;
  date: string;
  status: 'draft' | 'filed';
  keyActions: KeyAction[];
  summary: string;
  photoId: number | null;
  /** The visits as filed (ReportVisit of src/modules/reports/rules/authenticity.ts). */
  visits: ReportVisit[];
  score: number | null;
  result: AuthenticityResult | null;
  openedAt: number;
  submittedAt: number | null;
  late: boolean;
  confirmedAt: number | null;
  /** Where it was written: null (or absent) in Leadline, else the platform report app it was imported from. */
  source?: ReportSource | null;
}

/** A platform whose own report app (WeCom 汇报, DingTalk 日志) reports are imported from (issue 24 item 9). */
export type ReportSource = 'wecom' | 'dingtalk';

/** One row of platform_reports: a platform record read once, or a member its statistics name as not filed. */
export interface PlatformReport {
  platform: ReportSource;
  recordId: string;
  kind: 'report' | 'missing';
  externalUser: string;
  repId: string | null;
  date: string;
  reportId: number | null;
  template: string;
  fields: Array<{ title: string; text: string }>;
  reportedAt: number;
  importedAt: number;
  outcome: 'filed' | 'kept_native' | 'unknown_person' | 'missing';
}

/** What was read from the platforms' report apps, each record once. */
export interface PlatformReportRepo {
  /** Whether this platform record was read before (whatever was done with it). */
  has(platform: ReportSource, recordId: string): Promise<boolean>;
  /** Keeps the record; false when it was already kept (the unique index decides, even between two instances). */
  add(r: PlatformReport): Promise<boolean>;
  /** The reps the platforms' statistics name as not having filed on this day, with the platform that says so. */
  missingOn(date: string): Promise<Map<string, ReportSource>>;
  /** Every record kept for a day (kind report and missing), oldest first. */
  onDate(date: string): Promise<PlatformReport[]>;
}

export interface StoredPhoto {
  id: number;
  repId: string;
  teamId: string | null;
  reportId: number | null;
  leadId: number | null;
  sha256: string;
  hash: string;
  exifTakenAt: number | null;
  exifPlace: GeoPoint | null;
  sentAt: number;
  /** When its file was purged (the row and hash stay); absent or null while the file is kept. */
  purgedAt?: number | null;
}

export interface CheckIn {
  id: number;
  repId: string;
  leadId: number;
  at: number;
  place: GeoPoint;
}

export interface ReportNote {
  id: number;
  reportId: number;
  authorId: string;
  kind: 'read' | 'comment';
  text: string;
  at: number;
}

export interface ReportRepo {
  get(id: number): Promise<StoredReport | null>;
  of(repId: string, date: string): Promise<StoredReport | null>;
  /** Creates the draft, or returns the existing report of that rep and day. */
  openDraft(r: {
    repId: string;
    teamId: string | null;
    date: string;
    openedAt: number;
  }): Promise<StoredReport>;
  update(
    id: number,
    patch: Partial<
      Pick<
        StoredReport,
        | 'status'
        | 'keyActions'
        | 'summary'
        | 'photoId'
        | 'visits'
        | 'score'
        | 'result'
        | 'submittedAt'
        | 'late'
        | 'confirmedAt'
        | 'source'
      >
    >,
  ): Promise<void>;
  onDate(date: string): Promise<StoredReport[]>;
  addPhoto(p: Omit<StoredPhoto, 'id'>): Promise<number>;
  photo(id: number): Promise<StoredPhoto | null>;
  /** Every photo sent for a report, oldest first (issue 20: several per report). */
  photosOf(reportId: number): Promise<StoredPhoto[]>;
  /** Links a photo to a report (null: takes it off, when a photo sent in chat replaces the day's photos). */
  setPhotoReport(photoId: number, reportId: number | null, leadId: number | null): Promise<void>;
  /** Photos sent since a time by anyone of these teams (null team: only that rep's own). */
  photosSince(since: number, teamId: string | null, repId: string): Promise<StoredPhoto[]>;
  /**
   * The same photos with only what the reuse check compares (the filing path: ~100k rows for a big team), as of
   * `now`. Photos sent over an hour before `now` never change in what is returned here, so a store may keep them
   * in memory and read only newer ones.
   */
  photoHashesSince(
    since: number,
    now: number,
  ): Promise<ReadonlyArray<Readonly<Pick<StoredPhoto, 'id' | 'repId' | 'sentAt' | 'hash'>>>>;
  /** The report and customer each of these photos belongs to now (they are linked when a report is filed). */
  photoLinks(ids: readonly number[]): Promise<Map<number, Pick<StoredPhoto, 'reportId' | 'leadId'>>>;
  /** Photos sent before a time whose file has not been purged yet, oldest first. */
  photosToPurge(before: number, limit: number): Promise<StoredPhoto[]>;
  /** What else still needs this file: deal evidence, or a photo sent at or after `since`. */
  fileInUse(sha256: string, since: number): Promise<'evidence' | 'newer_photo' | null>;
  /** Whether this file was ever sent as a daily-report photo (it is then no deal's evidence, issue 25). */
  isReportPhoto(sha256: string): Promise<boolean>;
  /** Every stored file the database refers to (deal evidence and report photos, purged ones included). */
  referencedFiles(): Promise<Set<string>>;
  markPhotoPurged(id: number, at: number): Promise<void>;
  addCheckIn(c: Omit<CheckIn, 'id'>): Promise<number>;
  checkIns(repId: string, from: number, to: number): Promise<CheckIn[]>;
  checkIn(id: number): Promise<CheckIn | null>;
  customerPlace(leadId: number): Promise<GeoPoint | null>;
  /**
   * Keeps the first place learnt; false when one was already known. `confirmed`: a check-in's place the rep
   * confirmed as the customer's address (issue 20: a check-in alone never becomes it).
   */
  learnPlace(
    leadId: number,
    place: GeoPoint,
    source: 'checkin' | 'lead' | 'confirmed',
    at: number,
  ): Promise<boolean>;
  /** The note's id, or 0 when it was a read receipt the reader had already left. */
  addNote(n: Omit<ReportNote, 'id'>): Promise<number>;
  notes(reportId: number): Promise<ReportNote[]>;
}
