import { bigint, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  managerId: text('manager_id'),
  channels: text('channels').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const people = pgTable(
  'people',
  {
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
    slackId: text('slack_id'),
    wecomId: text('wecom_id'),
    dingtalkId: text('dingtalk_id'),
    lastAssignedAt: bigint('last_assigned_at', { mode: 'number' }),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('people_slack_idx').on(t.slackId),
    index('people_wecom_idx').on(t.wecomId),
    index('people_dingtalk_idx').on(t.dingtalkId),
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
