import {
  bigint,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  managerId: text('manager_id'),
  channels: text('channels').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const people = pgTable('people', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  teamId: text('team_id'),
  role: text('role').notNull(),
  skills: text('skills').notNull(),
  capacity: integer('capacity').notNull(),
  email: text('email'),
  locale: text('locale'),
  active: integer('active').notNull(),
  outOfOffice: integer('out_of_office').notNull(),
  lastAssignedAt: bigint('last_assigned_at', { mode: 'number' }),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/**
 * A person's id on each messenger (`slack`, `wecom`, `dingtalk`, …): an external id belongs to one person, and a
 * person has at most one id per platform. A new messenger adds rows here, not columns on `people`.
 */
export const personIdentities = pgTable(
  'person_identities',
  {
    personId: text('person_id').notNull(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.externalId] }),
    uniqueIndex('person_identities_person_idx').on(t.personId, t.platform),
  ],
);

/**
 * Open leads (offered + owned) per holder, kept by triggers on `leads` (drizzle/pg/0001_rep_loads.sql) in
 * the same transaction as every change. Routing reads it for each lead: counting open leads instead cost
 * more than everything else in intake together (bench/README.md).
 */
export const repLoads = pgTable('rep_loads', {
  personId: text('person_id').primaryKey(),
  openLeads: integer('open_leads').notNull(),
});

/** Routing inputs that need history (win rate, follow-up speed), refreshed by a job and read as of then. */
export const repStats = pgTable('rep_stats', {
  personId: text('person_id').primaryKey(),
  winRate30d: doublePrecision('win_rate_30d'),
  avgFollowUpMinutes: doublePrecision('avg_follow_up_minutes'),
  computedAt: bigint('computed_at', { mode: 'number' }).notNull(),
});
