import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { RoutingExplanation } from '../../domain/routing.ts';
import type { Lead } from '../../domain/types.ts';
import type { DueLead, Inquiry, LeadGuard, LeadPatch, LeadRepo, NewLead } from '../../engine/ports.ts';
import { inquiries, leads, routingDecisions } from '../schema/leads.ts';
import type { Db } from './connection.ts';
import { leadFromRow, parseJson } from './json.ts';

// Written out, not bound: SQLite uses a partial index only when the query repeats its WHERE verbatim
// (leads_owner_open_idx: status in ('offered', 'owned')); with bound values it scans the whole table.
const IS_OPEN = sql`${leads.status} in ('offered', 'owned')`;

export function sqliteLeadRepo(db: Db): LeadRepo {
  const getById = db.select().from(leads).where(eq(leads.id, sql.placeholder('id'))).prepare();
  const fingerprintExists = db
    .select({ leadId: inquiries.leadId })
    .from(inquiries)
    .where(eq(inquiries.fingerprint, sql.placeholder('fp')))
    .prepare();
  const openCountsStmt = db
    .select({ ownerId: leads.ownerId, n: sql<number>`count(*)` })
    .from(leads)
    .where(and(IS_OPEN, isNotNull(leads.ownerId)))
    .groupBy(leads.ownerId)
    .prepare();

  return {
    async insert(lead: NewLead) {
      const row = db
        .insert(leads)
        .values({
          ...lead,
          tags: JSON.stringify(lead.tags),
          scoreBreakdown: JSON.stringify(lead.scoreBreakdown),
          urgent: lead.urgent ? 1 : 0,
          warnAt: null,
          updatedAt: lead.createdAt,
        })
        .returning({ id: leads.id })
        .get();
      return row.id;
    },

    async get(id) {
      const row = getById.get({ id });
      return row === undefined ? null : leadFromRow(row);
    },

    async findSameCustomer(keys) {
      const conds: SQL[] = [];
      // Each key repeats its partial index's condition (<> ''), so SQLite searches the indexes instead of scanning.
      if (keys.phoneNorm !== '') conds.push(sql`(${eq(leads.phoneNorm, keys.phoneNorm)} and ${leads.phoneNorm} <> '')`);
      if (keys.emailNorm !== '') conds.push(sql`(${eq(leads.emailNorm, keys.emailNorm)} and ${leads.emailNorm} <> '')`);
      if (keys.companyNorm !== '') conds.push(sql`(${eq(leads.companyNorm, keys.companyNorm)} and ${leads.companyNorm} <> '')`);
      if (conds.length === 0) return [];
      const rows = db
        .select()
        .from(leads)
        .where(and(or(...conds), isNull(leads.mergedInto)))
        .orderBy(desc(leads.id))
        .limit(20)
        .all();
      return rows.map(leadFromRow);
    },

    async update(id, guard: LeadGuard, patch: LeadPatch, now) {
      const set: Record<string, unknown> = { ...patch, updatedAt: now };
      if (patch.tags !== undefined) set.tags = JSON.stringify(patch.tags);
      if (patch.scoreBreakdown !== undefined) set.scoreBreakdown = JSON.stringify(patch.scoreBreakdown);
      const statuses = typeof guard.status === 'string' ? [guard.status] : [...guard.status];
      const conds: SQL[] = [eq(leads.id, id), inArray(leads.status, statuses)];
      if (guard.ownerId !== undefined) {
        conds.push(guard.ownerId === null ? isNull(leads.ownerId) : eq(leads.ownerId, guard.ownerId));
      }
      if (guard.offerExpiresBy !== undefined) conds.push(lte(leads.offerExpiresAt, guard.offerExpiresBy));
      if (guard.followUpDueBy !== undefined) conds.push(lte(leads.followUpDueAt, guard.followUpDueBy));
      if (guard.warnBy !== undefined) conds.push(lte(leads.warnAt, guard.warnBy));
      const result = db
        .update(leads)
        .set(set)
        .where(and(...conds))
        .run();
      return result.changes === 1;
    },

    async openCounts() {
      return new Map(openCountsStmt.all().map((r) => [r.ownerId as string, r.n]));
    },

    async openCount(personId) {
      const row = db
        .select({ n: sql<number>`count(*)` })
        .from(leads)
        .where(and(eq(leads.ownerId, personId), IS_OPEN))
        .get();
      return row?.n ?? 0;
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
      const r = db
        .insert(inquiries)
        .values({ ...q, payload: JSON.stringify(q.payload) })
        .onConflictDoNothing()
        .run();
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
            inArray(inquiries.leadId, db.select({ id: leads.id }).from(leads).where(eq(leads.mergedInto, leadId))),
          ),
        )
        .all();
      return rows.map((r) => r.at);
    },

    async addRoutingDecision(leadId, at, explanation) {
      db.insert(routingDecisions)
        .values({ leadId, at, outcome: explanation.outcome, winnerId: explanation.winnerId, explanation: JSON.stringify(explanation) })
        .run();
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
      const rows = db.select({ status: leads.status, n: sql<number>`count(*)` }).from(leads).groupBy(leads.status).all();
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
  };
}
