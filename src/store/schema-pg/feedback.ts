// Mirror of ../schema/feedback.ts.
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

export const kbiDays = pgTable(
  'kbi_days',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    repId: text('rep_id').notNull(),
    day: text('day').notNull(),
    due: integer('due').notNull(),
    met: integer('met').notNull(),
    rate: doublePrecision('rate'),
    byKbi: text('by_kbi').notNull(),
    misses: text('misses').notNull(),
    evaluatedAt: bigint('evaluated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('kbi_days_rep_day_idx').on(t.repId, t.day)],
);

export const kbiWarnings = pgTable(
  'kbi_warnings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    repId: text('rep_id').notNull(),
    day: text('day').notNull(),
    tier: text('tier').notNull(),
    managerId: text('manager_id'),
    reason: text('reason').notNull(),
    deviations: text('deviations').notNull(),
    todo: text('todo').notNull(),
    reviewMinutes: integer('review_minutes'),
    sentAt: bigint('sent_at', { mode: 'number' }).notNull(),
    acknowledgedAt: bigint('acknowledged_at', { mode: 'number' }),
    managerAcknowledgedAt: bigint('manager_acknowledged_at', { mode: 'number' }),
    reviewSlots: text('review_slots'),
    reviewAt: bigint('review_at', { mode: 'number' }),
    reviewBookedAt: bigint('review_booked_at', { mode: 'number' }),
    reviewBookedBy: text('review_booked_by'),
  },
  (t) => [
    uniqueIndex('kbi_warnings_rep_day_idx').on(t.repId, t.day),
    index('kbi_warnings_day_idx').on(t.day),
  ],
);

export const kbiPoints = pgTable(
  'kbi_points',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull().unique(),
    repId: text('rep_id').notNull(),
    kbiId: text('kbi_id').notNull(),
    points: doublePrecision('points').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    reason: text('reason').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('kbi_points_rep_at_idx').on(t.repId, t.at)],
);

export const targets = pgTable(
  'targets',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    scope: text('scope').notNull(),
    scopeId: text('scope_id').notNull(),
    period: text('period').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('targets_scope_period_idx').on(t.scope, t.scopeId, t.period)],
);

export const forecastSnapshots = pgTable(
  'forecast_snapshots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    period: text('period').notNull(),
    day: text('day').notNull(),
    takenAt: bigint('taken_at', { mode: 'number' }).notNull(),
    periodStartAt: bigint('period_start_at', { mode: 'number' }).notNull(),
    periodEndAt: bigint('period_end_at', { mode: 'number' }).notNull(),
    totalCents: bigint('total_cents', { mode: 'number' }).notNull(),
    byRep: text('by_rep').notNull(),
    byTeam: text('by_team').notNull(),
    probabilities: text('probabilities').notNull(),
  },
  (t) => [uniqueIndex('forecast_snapshots_period_day_idx').on(t.period, t.day)],
);

export const rewardRequests = pgTable(
  'reward_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    repId: text('rep_id').notNull(),
    rewardId: text('reward_id').notNull(),
    cost: integer('cost').notNull(),
    status: text('status').notNull(),
    managerId: text('manager_id'),
    reason: text('reason'),
    decidedBy: text('decided_by'),
    decidedAt: bigint('decided_at', { mode: 'number' }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('reward_requests_rep_idx').on(t.repId, t.status)],
);
