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
}

export type NewWarning = Omit<StoredWarning, 'id' | 'acknowledgedAt' | 'managerAcknowledgedAt'>;

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
