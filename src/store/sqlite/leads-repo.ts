import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  isNull,
  lte,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { SQLiteInsertValue } from 'drizzle-orm/sqlite-core';
import type { RoutingExplanation } from '../../domain/routing.ts';
import type { Lead } from '../../domain/types.ts';
import type { DueLead, Inquiry, LeadGuard, LeadPatch, LeadRepo, NewLead } from '../../engine/ports.ts';
import { inquiries, leads, routingDecisions } from '../schema/leads.ts';
import { repLoads } from '../schema/org.ts';
import type { Db } from './connection.ts';
import { leadFromRow, parseJson } from './json.ts';

// Written out, not bound: SQLite uses a partial index only when the query repeats its WHERE verbatim
// (leads_owner_open_idx: status in ('offered', 'owned')); with bound values it scans the whole table.
const IS_OPEN = sql`${leads.status} in ('offered', 'owned')`;

// Hot statements are prepared once: building and compiling them per call cost more than running them.
// Every column is bound (undefined → null), exactly as drizzle's one-off insert writes it.
const LEAD_COLUMNS = Object.keys(getTableColumns(leads)) as Array<keyof typeof leads.$inferInsert>;
const SAME_CUSTOMER_KEYS = ['phoneNorm', 'emailNorm', 'companyNorm'] as const;

export function sqliteLeadRepo(db: Db): LeadRepo {
  const getById = db
    .select()
    .from(leads)
    .where(eq(leads.id, sql.placeholder('id')))
    .prepare();
  const fingerprintExists = db
    .select({ leadId: inquiries.leadId })
    .from(inquiries)
    .where(eq(inquiries.fingerprint, sql.placeholder('fp')))
    .prepare();
  const insertStmt = db
    .insert(leads)
    .values(
      Object.fromEntries(LEAD_COLUMNS.map((c) => [c, sql.placeholder(c)])) as SQLiteInsertValue<typeof leads>,
    )
    .returning({ id: leads.id })
    .prepare();
  const addInquiryStmt = db
    .insert(inquiries)
    .values({
      leadId: sql.placeholder('leadId'),
      at: sql.placeholder('at'),
      via: sql.placeholder('via'),
      source: sql.placeholder('source'),
      campaign: sql.placeholder('campaign'),
      fingerprint: sql.placeholder('fingerprint'),
      payload: sql.placeholder('payload'),
    })
    .onConflictDoNothing()
    .prepare();
  const addRoutingDecisionStmt = db
    .insert(routingDecisions)
    .values({
      leadId: sql.placeholder('leadId'),
      at: sql.placeholder('at'),
      outcome: sql.placeholder('outcome'),
      winnerId: sql.placeholder('winnerId'),
      explanation: sql.placeholder('explanation'),
    })
    .prepare();
  // One prepared query per combination of keys present (at most 7), made on first use.
  const sameCustomerStmts = new Map<string, ReturnType<typeof prepareSameCustomer>>();
  const prepareSameCustomer = (present: ReadonlyArray<(typeof SAME_CUSTOMER_KEYS)[number]>) => {
    // Each key repeats its partial index's condition (<> ''), so SQLite searches the indexes instead of scanning.
    const conds = present.map((k) => sql`(${eq(leads[k], sql.placeholder(k))} and ${leads[k]} <> '')`);
    return db
      .select()
      .from(leads)
      .where(and(or(...conds), isNull(leads.mergedInto)))
      .orderBy(desc(leads.id))
      .limit(20)
      .prepare();
  };
  // Conditional updates come in a handful of shapes (columns set, guards used); each is prepared on first use.
  const updateStmts = new Map<string, ReturnType<typeof prepareUpdate>>();
  const prepareUpdate = (columns: readonly string[], statusCount: number, guard: LeadGuard) => {
    const conds: SQL[] = [
      eq(leads.id, sql.placeholder('id')),
      inArray(
        leads.status,
        Array.from({ length: statusCount }, (_, i) => sql.placeholder(`status${i}`)),
      ),
    ];
    if (guard.ownerId !== undefined) {
      conds.push(
        guard.ownerId === null ? isNull(leads.ownerId) : eq(leads.ownerId, sql.placeholder('ownerId')),
      );
    }
    if (guard.offerExpiresBy !== undefined)
      conds.push(lte(leads.offerExpiresAt, sql.placeholder('offerExpiresBy')));
    if (guard.followUpDueBy !== undefined)
      conds.push(lte(leads.followUpDueAt, sql.placeholder('followUpDueBy')));
    if (guard.warnBy !== undefined) conds.push(lte(leads.warnAt, sql.placeholder('warnBy')));
    return db
      .update(leads)
      .set(Object.fromEntries(columns.map((c) => [c, sql`${sql.placeholder(`set_${c}`)}`])))
      .where(and(...conds))
      .prepare();
  };
  const openCountsStmt = db.select().from(repLoads).prepare();
  const openCountStmt = db
    .select({ n: repLoads.openLeads })
    .from(repLoads)
    .where(eq(repLoads.personId, sql.placeholder('personId')))
    .prepare();

  return {
    async insert(lead: NewLead) {
      const values: Record<string, unknown> = {
        ...lead,
        tags: JSON.stringify(lead.tags),
        scoreBreakdown: JSON.stringify(lead.scoreBreakdown),
        urgent: lead.urgent ? 1 : 0,
        warnAt: null,
        updatedAt: lead.createdAt,
      };
      const row = insertStmt.get(Object.fromEntries(LEAD_COLUMNS.map((c) => [c, values[c] ?? null])));
      return row.id;
    },

    async get(id) {
      const row = getById.get({ id });
      return row === undefined ? null : leadFromRow(row);
    },

    async findSameCustomer(keys) {
      const present = SAME_CUSTOMER_KEYS.filter((k) => keys[k] !== '');
      if (present.length === 0) return [];
      const shape = present.join(',');
      let stmt = sameCustomerStmts.get(shape);
      if (stmt === undefined) sameCustomerStmts.set(shape, (stmt = prepareSameCustomer(present)));
      return stmt.all(Object.fromEntries(present.map((k) => [k, keys[k]]))).map(leadFromRow);
    },

    async update(id, guard: LeadGuard, patch: LeadPatch, now) {
      const set: Record<string, unknown> = { ...patch, updatedAt: now };
      if (patch.tags !== undefined) set.tags = JSON.stringify(patch.tags);
      if (patch.scoreBreakdown !== undefined) set.scoreBreakdown = JSON.stringify(patch.scoreBreakdown);
      const statuses = typeof guard.status === 'string' ? [guard.status] : [...guard.status];
      // As drizzle's set(): columns whose value is undefined are left alone.
      const columns = LEAD_COLUMNS.filter((c) => set[c] !== undefined);
      const ownerGuard = guard.ownerId === undefined ? '' : guard.ownerId === null ? 'null' : '=';
      const shape = [
        columns.join(','),
        statuses.length,
        ownerGuard,
        guard.offerExpiresBy !== undefined,
        guard.followUpDueBy !== undefined,
        guard.warnBy !== undefined,
      ].join('|');
      let stmt = updateStmts.get(shape);
      if (stmt === undefined) updateStmts.set(shape, (stmt = prepareUpdate(columns, statuses.length, guard)));
      const params: Record<string, unknown> = { id };
      statuses.forEach((status, i) => (params[`status${i}`] = status));
      if (typeof guard.ownerId === 'string') params.ownerId = guard.ownerId;
      if (guard.offerExpiresBy !== undefined) params.offerExpiresBy = guard.offerExpiresBy;
      if (guard.followUpDueBy !== undefined) params.followUpDueBy = guard.followUpDueBy;
      if (guard.warnBy !== undefined) params.warnBy = guard.warnBy;
      for (const c of columns) params[`set_${c}`] = set[c];
      return stmt.run(params).changes === 1;
    },

    async openCounts() {
      return new Map(openCountsStmt.all().map((r) => [r.personId, r.openLeads]));
    },

    async openCount(personId) {
      return openCountStmt.get({ personId })?.n ?? 0;
    },

    async dueOffers(now, limit) {
      return db
        .select({ id: leads.id, ownerId: leads.ownerId, dueAt: leads.offerExpiresAt })
        .from(leads)
        .where(and(eq(leads.status, 'offered'), lte(leads.offerExpiresAt, now)))
        .orderBy(asc(leads.offerExpiresAt))
        .limit(limit)
        .all()
        .map((r) => ({ id: r.id, ownerId: r.ownerId, dueAt: r.dueAt ?? now }));
    },

    async dueFollowUps(now, limit) {
      return db
        .select({ id: leads.id, ownerId: leads.ownerId, dueAt: leads.followUpDueAt })
        .from(leads)
        .where(and(eq(leads.status, 'owned'), isNotNull(leads.followUpDueAt), lte(leads.followUpDueAt, now)))
        .orderBy(asc(leads.followUpDueAt))
        .limit(limit)
        .all()
        .map((r): DueLead => ({ id: r.id, ownerId: r.ownerId, dueAt: r.dueAt ?? now }));
    },

    async dueWarnings(now, limit) {
      return db
        .select({
          id: leads.id,
          ownerId: leads.ownerId,
          status: leads.status,
          offerExpiresAt: leads.offerExpiresAt,
          followUpDueAt: leads.followUpDueAt,
        })
        .from(leads)
        .where(and(isNotNull(leads.warnAt), lte(leads.warnAt, now)))
        .orderBy(asc(leads.warnAt))
        .limit(limit)
        .all()
        .map((r) => ({
          id: r.id,
          ownerId: r.ownerId,
          status: r.status as Lead['status'],
          dueAt: (r.status === 'offered' ? r.offerExpiresAt : r.followUpDueAt) ?? now,
        }));
    },

    async pool({ tag, limit }) {
      const where =
        tag === undefined || tag === ''
          ? eq(leads.status, 'pool')
          : and(
              eq(leads.status, 'pool'),
              or(
                eq(leads.industry, tag),
                sql`exists (select 1 from json_each(${leads.tags}) where json_each.value = ${tag})`,
              ),
            );
      const rows = db
        .select()
        .from(leads)
        .where(where)
        .orderBy(desc(leads.urgent), desc(leads.score), asc(leads.id))
        .limit(limit)
        .all();
      return rows.map(leadFromRow);
    },

    async heldBy(personId) {
      const rows = db
        .select()
        .from(leads)
        .where(and(eq(leads.ownerId, personId), IS_OPEN))
        .orderBy(asc(leads.id))
        .all();
      return rows.map(leadFromRow);
    },

    async addInquiry(q: Inquiry) {
      const r = addInquiryStmt.run({
        leadId: q.leadId,
        at: q.at,
        via: q.via,
        source: q.source,
        campaign: q.campaign,
        fingerprint: q.fingerprint ?? null,
        payload: JSON.stringify(q.payload),
      });
      return r.changes === 1;
    },

    async leadForFingerprint(fp) {
      return fingerprintExists.get({ fp })?.leadId ?? null;
    },

    async inquiryTimes(leadId) {
      const rows = db
        .select({ at: inquiries.at })
        .from(inquiries)
        .where(
          or(
            eq(inquiries.leadId, leadId),
            inArray(
              inquiries.leadId,
              db.select({ id: leads.id }).from(leads).where(eq(leads.mergedInto, leadId)),
            ),
          ),
        )
        .all();
      return rows.map((r) => r.at);
    },

    async addRoutingDecision(leadId, at, explanation) {
      addRoutingDecisionStmt.run({
        leadId,
        at,
        outcome: explanation.outcome,
        winnerId: explanation.winnerId ?? null,
        explanation: JSON.stringify(explanation),
      });
    },

    async routingDecisions(leadId) {
      return db
        .select()
        .from(routingDecisions)
        .where(eq(routingDecisions.leadId, leadId))
        .orderBy(asc(routingDecisions.id))
        .all()
        .map((r) => ({ at: r.at, explanation: parseJson<RoutingExplanation>(r.explanation, null as never) }));
    },

    async countByStatus() {
      const rows = db
        .select({ status: leads.status, n: sql<number>`count(*)` })
        .from(leads)
        .groupBy(leads.status)
        .all();
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
  };
}
