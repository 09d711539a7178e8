// The kbi module's slice of the store (F21–F26): evaluated KBI days, warnings, points, targets, snapshots.
import type { ForecastSnapshot, StageProbability } from './rules/forecast.ts';
import type { KbiDay, KbiMiss } from './rules/kbi.ts';
import type { PeriodKind } from './rules/targets.ts';
import type { KbiWarning, PointsEntry, TodoItem, WarningTier } from './rules/warnings.ts';

export interface StoredKbiDay extends KbiDay {
  evaluatedAt: number;
}

export interface StoredWarning {
  id: number;
  repId: string;
  day: string;
  tier: WarningTier;
  /** The manager copied (yellow, red), or null. */
  managerId: string | null;
  reason: KbiWarning['reason'];
  deviations: KbiMiss[];
  todo: TodoItem[];
  reviewMinutes: number | null;
  /** When it was issued (its notices queued). */
  sentAt: number;
  acknowledgedAt: number | null;
  managerAcknowledgedAt: number | null;
  /** Red: the two review slots proposed to the manager (starts, epoch ms); empty otherwise. */
  reviewSlots: number[];
  /** Red: the slot accepted, when and by whom (once). */
  reviewAt: number | null;
  reviewBookedAt: number | null;
  reviewBookedBy: string | null;
}

export type NewWarning = Omit<
  StoredWarning,
  | 'id'
  | 'acknowledgedAt'
  | 'managerAcknowledgedAt'
  | 'reviewSlots'
  | 'reviewAt'
  | 'reviewBookedAt'
  | 'reviewBookedBy'
> & { reviewSlots?: number[] };

export type RewardStatus = 'pending' | 'approved' | 'declined';

/** A rep's request to redeem points for a reward (F23), decided once by their manager. */
export interface RewardRequest {
  id: number;
  repId: string;
  rewardId: string;
  /** The cost when asked. */
  cost: number;
  status: RewardStatus;
  managerId: string | null;
  /** Why it was decided so: approved with the balance before and after, declined with the manager's note. */
  reason:
    | { code: 'APPROVED'; balanceBefore: number; balanceAfter: number }
    | { code: 'DECLINED'; note: string }
    | { code: 'DECLINED_INSUFFICIENT'; balance: number }
    | null;
  decidedBy: string | null;
  decidedAt: number | null;
  createdAt: number;
}

export interface KbiRepo {
  /** Records a rep's evaluated day; false when the day was already evaluated (the once-a-day key). */
  recordDay(day: KbiDay, evaluatedAt: number): Promise<boolean>;
  /** A rep's evaluated days in [fromDay, toDay], oldest first. */
  days(repId: string, fromDay: string, toDay: string): Promise<StoredKbiDay[]>;
  addWarning(w: NewWarning): Promise<number>;
  warning(id: number): Promise<StoredWarning | null>;
  /** Newest first. */
  warnings(filter: {
    repId?: string;
    fromDay?: string;
    toDay?: string;
    limit: number;
  }): Promise<StoredWarning[]>;
  /** Records the first Acknowledge click of the rep or of the manager; false if already acknowledged. */
  acknowledge(id: number, as: 'rep' | 'manager', at: number): Promise<boolean>;
  /** Writes a ledger entry once (by its key); false when it was already there. */
  addPoints(entry: PointsEntry, now: number): Promise<boolean>;
  /** Points a rep earned in [from, to) (all time without bounds). */
  pointsOf(repId: string, from?: number, to?: number): Promise<number>;
  /** Ledger entries a rep earned in [from, to), oldest first (the points notice lists them). */
  pointsEntries(repId: string, from: number, to: number): Promise<PointsEntry[]>;
  /** Books a red review's slot; false when one was already booked. */
  bookReview(id: number, slotAt: number, by: string, at: number): Promise<boolean>;
  /** Points spent on approved rewards. */
  spentPoints(repId: string): Promise<number>;
  /**
   * Holds the rep's points until the transaction ends, so two approvals cannot both spend the same balance
   * (PostgreSQL: an advisory lock; SQLite's BEGIN IMMEDIATE already runs one writer at a time).
   */
  lockPoints(repId: string): Promise<void>;
  addRewardRequest(r: Omit<RewardRequest, 'id' | 'reason' | 'decidedBy' | 'decidedAt'>): Promise<number>;
  rewardRequest(id: number): Promise<RewardRequest | null>;
  /** A rep's requests, newest first. */
  rewardRequests(repId: string, limit: number): Promise<RewardRequest[]>;
  /** Decides a pending request; false when it was decided already (a second click). */
  decideReward(
    id: number,
    status: 'approved' | 'declined',
    by: string,
    at: number,
    reason: NonNullable<RewardRequest['reason']>,
  ): Promise<boolean>;
}

export type TargetScope = 'region' | 'team' | 'rep';

export interface Target {
  scope: TargetScope;
  scopeId: string;
  /** `2026-11` (a month) or `2026-Q4` (a quarter). */
  period: string;
  amountCents: number;
}

export interface StoredSnapshot extends ForecastSnapshot {
  id: number;
  kind: PeriodKind;
  period: string;
  /** The day it was taken, `YYYY-MM-DD`: at most one snapshot per period and day. */
  day: string;
  byTeam: Record<string, number>;
  probabilities: Record<string, StageProbability[]>;
}

export interface TargetRepo {
  upsert(target: Target, now: number): Promise<'created' | 'updated' | 'unchanged'>;
  /** Targets of these periods (all when none is given). */
  list(periods?: readonly string[]): Promise<Target[]>;
  /** Stores a snapshot; false when one was already taken for the period that day. */
  addSnapshot(s: Omit<StoredSnapshot, 'id'>): Promise<boolean>;
  /** Snapshots of periods that ended by `endedBy`, or of one period; oldest taken first. */
  snapshots(filter: { period?: string; endedBy?: number; limit: number }): Promise<StoredSnapshot[]>;
}
