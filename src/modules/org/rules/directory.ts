// What a messenger's directory says about the organisation, in our words (adapters/<platform>/directory.ts
// translate the platform's answers into these), and what a sync does with it. Plain values only.
import { CodedError } from '../../../kernel/errors.ts';
import type { Platform, Role } from '../../../kernel/types.ts';

export interface DirectoryDepartment {
  /** The platform's department id, as text (WeCom and DingTalk use numbers, Slack user groups ids). */
  id: string;
  name: string;
  /** Null for a root: a department whose parent the app cannot see (the visible range may be a sub-tree). */
  parentId: string | null;
  /** External user ids of the department's leaders (负责人 / 主管), first = the team's manager. */
  leaders: string[];
}

export interface DirectoryUser {
  externalId: string;
  name: string;
  /** Null when the platform does not tell (WeCom apps made after 2022-06-20 get no email). */
  email: string | null;
  /** The department this person belongs to in Leadline (WeCom main_department, DingTalk first of dept_id_list). */
  mainDepartment: string | null;
  /** False for people who left, are disabled or deactivated on the platform. */
  active: boolean;
}

/** Everything the app can see, read in full before anything is written. */
export interface DirectorySnapshot {
  platform: Platform;
  departments: DirectoryDepartment[];
  users: DirectoryUser[];
}

/** What the org file says about a person that no directory knows; a sync never overwrites these. */
export interface OverlayValues {
  role?: Role;
  skills?: string[];
  capacity?: number;
  outOfOffice?: boolean;
  locale?: string | null;
  /** Only `false` means something to a sync: a person the file switched off stays off. */
  active?: boolean;
}

export const OVERLAY_FIELDS = ['role', 'skills', 'capacity', 'outOfOffice', 'locale', 'active'] as const;

/** The overlay as the store keeps it (settings key `org.overlay`): person id → values. */
export type Overlay = Record<string, OverlayValues>;

/** Department id → team id, per platform (settings key `directory.<platform>.teams`). */
export type TeamMap = Record<string, string>;

export const OVERLAY_KEY = 'org.overlay';
export const teamMapKey = (platform: Platform) => `directory.${platform}.teams`;

/** A directory call the platform refused, with its own code: the sync changed nothing. */
export interface DirectoryFailure {
  platform: Platform;
  /** The API call, e.g. `user/list_id` or `topapi/v2/user/list`. */
  call: string;
  /** The platform's errcode (WeCom, DingTalk) or error string (Slack), or an HTTP status. */
  code: string;
  message: string;
  /** The permission or scope the platform says is missing, when it says so (DingTalk, Slack). */
  permission?: string;
}

export class DirectoryError extends CodedError<'DIRECTORY_CALL_FAILED'> {
  constructor(readonly failure: DirectoryFailure) {
    super(
      'DIRECTORY_CALL_FAILED',
      `${failure.platform} ${failure.call}: ${failure.code} ${failure.message}`.trim(),
    );
  }
}
