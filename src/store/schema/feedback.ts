import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Performance feedback (F21–F24, F26). Each working day's KBI result per rep, kept when the day is evaluated;
 * the unique (rep, day) key makes the evaluation happen once however many instances run it or restart.
 */
export const kbiDays = sqliteTable(
  'kbi_days',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    repId: text('rep_id').notNull(),
    /** The working day, `YYYY-MM-DD` in the org's timezone. */
    day: text('day').notNull(),
    due: integer('due').notNull(),
    met: integer('met').notNull(),
    /** met / due; null when nothing was due. */
    rate: real('rate'),
    /** Per indicator { due, met, missed }, JSON. */
    byKbi: text('by_kbi').notNull(),
    /** The day's misses (machine-readable), JSON. */
    misses: text('misses').notNull(),
    evaluatedAt: integer('evaluated_at').notNull(),
  },
  (t) => [uniqueIndex('kbi_days_rep_day_idx').on(t.repId, t.day)],
);

/** Tiered warnings (F22): green to the rep, yellow copied to the manager, red proposing a review. */
export const kbiWarnings = sqliteTable(
  'kbi_warnings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    repId: text('rep_id').notNull(),
    day: text('day').notNull(),
    tier: text('tier').notNull(),
    /** The manager copied (yellow, red); null for green or a rep without one. */
    managerId: text('manager_id'),
    /** The rule that fired and its run of rates, JSON. */
    reason: text('reason').notNull(),
    /** Misses over the run, JSON. */
    deviations: text('deviations').notNull(),
    /** Open opportunities due soon, JSON. */
    todo: text('todo').notNull(),
    reviewMinutes: integer('review_minutes'),
    /** When the warning was issued (its notices queued). */
    sentAt: integer('sent_at').notNull(),
    acknowledgedAt: integer('acknowledged_at'),
    managerAcknowledgedAt: integer('manager_acknowledged_at'),
    /** Red: the two review slots proposed (epoch ms starts), JSON; null otherwise. */
    reviewSlots: text('review_slots'),
    /** Red: the slot accepted, when and by whom (once). */
    reviewAt: integer('review_at'),
    reviewBookedAt: integer('review_booked_at'),
    reviewBookedBy: text('review_booked_by'),
  },
  (t) => [
    uniqueIndex('kbi_warnings_rep_day_idx').on(t.repId, t.day),
    index('kbi_warnings_day_idx').on(t.day),
  ],
);

/** The points ledger (F23): one row per KBI opportunity met on time; the key keeps it to one. */
export const kbiPoints = sqliteTable(
  'kbi_points',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    repId: text('rep_id').notNull(),
    kbiId: text('kbi_id').notNull(),
    points: real('points').notNull(),
    /** When it was earned (the expected event's time). */
    at: integer('at').notNull(),
    reason: text('reason').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('kbi_points_rep_at_idx').on(t.repId, t.at)],
);

/** Targets (F24): an amount per region, team or rep for a month (`2026-11`) or quarter (`2026-Q4`). */
export const targets = sqliteTable(
  'targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** region | team | rep */
    scope: text('scope').notNull(),
    scopeId: text('scope_id').notNull(),
    period: text('period').notNull(),
    amountCents: integer('amount_cents').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('targets_scope_period_idx').on(t.scope, t.scopeId, t.period)],
);

/** Forecast snapshots (F26): the weighted pipeline as it stood, kept to be scored once the period is over. */
export const forecastSnapshots = sqliteTable(
  'forecast_snapshots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The period forecast, `2026-11` or `2026-Q4`. */
    period: text('period').notNull(),
    /** The day it was taken (at most one per period and day). */
    day: text('day').notNull(),
    takenAt: integer('taken_at').notNull(),
    periodStartAt: integer('period_start_at').notNull(),
    periodEndAt: integer('period_end_at').notNull(),
    totalCents: integer('total_cents').notNull(),
    /** Cents per rep and per team, JSON. */
    byRep: text('by_rep').notNull(),
    byTeam: text('by_team').notNull(),
    /** The stage probabilities used, JSON. */
    probabilities: text('probabilities').notNull(),
  },
  (t) => [uniqueIndex('forecast_snapshots_period_day_idx').on(t.period, t.day)],
);

/**
 * Reward redemptions (F23): a rep asks for a reward from the rules file, the manager approves or declines.
 * Approved requests are what is spent: a rep's balance is the points ledger minus the approved costs.
 */
export const rewardRequests = sqliteTable(
  'reward_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    repId: text('rep_id').notNull(),
    rewardId: text('reward_id').notNull(),
    /** The reward's cost when asked (a later rules change does not reprice it). */
    cost: integer('cost').notNull(),
    /** pending | approved | declined */
    status: text('status').notNull(),
    managerId: text('manager_id'),
    /** Why it was decided so (machine-readable), JSON; the decline note is part of it. */
    reason: text('reason'),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('reward_requests_rep_idx').on(t.repId, t.status)],
);
