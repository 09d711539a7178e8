// The vocabulary of the authenticity index (F29): a report's visits and photos as scored, the flags and what
// each compared. Shared by the index (authenticity.ts) and its checks.
import type { AuthenticityWeight, Localized } from './authenticity-rules.ts';
import type { GeoPoint } from '../../../kernel/geo.ts';
import type { PhotoIndex, PhotoRecord } from './photo-hash.ts';

export interface ReportPhoto {
  photoId: string;
  /** 64-bit perceptual hash, 16 hex digits (src/media/photo.ts). */
  hash: string;
  /** Read from the photo's EXIF when it has any; messengers often strip it, and that is never held against it. */
  exif: { takenAt: number | null; place: GeoPoint | null } | null;
}

export interface ReportVisit {
  id: string;
  customerId: string;
  /** When the rep says the visit happened. */
  claimedAt: number;
  /** When the visit log was entered; null when the visit appears only in the report. */
  loggedAt: number | null;
  /** Taken only when the rep checks in (privacy): null otherwise. */
  checkIn: GeoPoint | null;
  photo: ReportPhoto | null;
  summary: string;
}

export interface DailyReport {
  id: string;
  repId: string;
  /** The day reported on, yyyy-MM-dd in the org's timezone. */
  date: string;
  submittedAt: number;
  summary: string;
  visits: ReportVisit[];
  /** The day's photo when the report has no visit to attach it to: checked all the same (issue 25, item 14). */
  dayPhoto?: ReportPhoto | null;
  /** Photos beyond one per visit (issue 20: several from the report page): each compared for reuse too. */
  morePhotos?: ReportPhoto[];
}

/** What the system knows of a customer, and what of this rep's work backs a visit to it. */
export interface CustomerFacts {
  id: string;
  name: string;
  industry: string;
  place: GeoPoint | null;
  /** The rep's leads and deals of this customer. */
  leads: number;
  deals: number;
}

export interface ScoringContext {
  timezone: string;
  customers: ReadonlyMap<string, CustomerFacts>;
  /** Photos the team sent (the scorer keeps those within the lookback window). */
  photos: PhotoIndex;
}

export type FlagKind =
  | 'CHECKIN_FAR'
  | 'IMPOSSIBLE_TRAVEL'
  | 'LATE_REPORT'
  | 'BURST_ENTRY'
  | 'PHOTO_REUSED'
  | 'EXIF_TIME_FAR'
  | 'EXIF_PLACE_FAR'
  | 'INDUSTRY_MISMATCH'
  | 'UNBACKED_CLAIM';

export const FLAG_WEIGHT: Record<FlagKind, AuthenticityWeight> = {
  CHECKIN_FAR: 'checkInFar',
  IMPOSSIBLE_TRAVEL: 'impossibleTravel',
  LATE_REPORT: 'lateReport',
  BURST_ENTRY: 'burstEntry',
  PHOTO_REUSED: 'photoReused',
  EXIF_TIME_FAR: 'exifTimeFar',
  EXIF_PLACE_FAR: 'exifPlaceFar',
  INDUSTRY_MISMATCH: 'industryMismatch',
  UNBACKED_CLAIM: 'unbackedClaim',
};

/** Values ready for a message template; a Localized value is picked by the reader's locale. */
export type FlagVars = Record<string, string | number | Localized>;

export type Compared =
  | { kind: 'CHECKIN_FAR'; checkIn: GeoPoint; customerPlace: GeoPoint; meters: number; maxMeters: number }
  | {
      kind: 'IMPOSSIBLE_TRAVEL';
      fromVisitId: string;
      toVisitId: string;
      fromPlace: 'checkIn' | 'customer';
      toPlace: 'checkIn' | 'customer';
      km: number;
      minutes: number;
      kmh: number;
      maxKmh: number;
      /** The fastest realistic way and the least time it takes (minutes). */
      fastest: 'road' | 'rail' | 'air';
      neededMinutes: number;
    }
  | {
      kind: 'LATE_REPORT';
      submittedAt: number;
      earliestClaimedAt: number;
      hoursAfter: number;
      lateAfter: string;
      windowHours: number;
    }
  | {
      kind: 'BURST_ENTRY';
      visitIds: string[];
      loggedSpanMinutes: number;
      claimedSpanHours: number;
      withinMinutes: number;
      minLogs: number;
    }
  | {
      kind: 'PHOTO_REUSED';
      photoId: string;
      match: PhotoRecord;
      distance: number;
      maxDistance: number;
      lookbackDays: number;
    }
  | {
      kind: 'EXIF_TIME_FAR';
      exifTakenAt: number;
      claimedAt: number;
      minutes: number;
      toleranceMinutes: number;
    }
  | {
      kind: 'EXIF_PLACE_FAR';
      exifPlace: GeoPoint;
      customerPlace: GeoPoint;
      meters: number;
      maxMeters: number;
    }
  | {
      kind: 'INDUSTRY_MISMATCH';
      customerIndustry: string;
      ownEntry: string;
      ownWords: string[];
      foreignEntry: string;
      foreignWords: string[];
      minWords: number;
    }
  | { kind: 'UNBACKED_CLAIM'; visitLog: false; leads: 0; deals: 0 };

export type AuthenticityFlag = Compared & {
  visitId: string | null;
  customerId: string | null;
  /** Points this flag took off; 0 when an earlier flag of the same kind already counted. */
  points: number;
  vars: FlagVars;
};

export type NotCheckedReason =
  | 'NO_CHECKIN'
  | 'CUSTOMER_PLACE_UNKNOWN'
  | 'NO_PHOTO'
  | 'NO_EXIF'
  | 'INDUSTRY_NOT_IN_DICTIONARY'
  | 'NO_SUMMARY';

export interface NotChecked {
  visitId: string | null;
  reason: NotCheckedReason;
}

export interface AuthenticityResult {
  reportId: string;
  score: number;
  confirmBelow: number;
  /** Low scores ask the rep to confirm or correct each flag. */
  needsConfirmation: boolean;
  flags: AuthenticityFlag[];
  /** Checks that could not run, and why: none of these lowers the score. */
  notChecked: NotChecked[];
}
