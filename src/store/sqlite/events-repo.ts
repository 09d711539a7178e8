import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { LeadEvent } from '../../domain/events.ts';
import type { EventRepo } from '../../engine/ports.ts';
import { events } from '../schema/events.ts';
import type { Db } from './connection.ts';

type EventRow = typeof events.$inferSelect;

function eventFromRow(r: EventRow): LeadEvent {
  return {
    ...(JSON.parse(r.data) as object),
    type: r.type,
    at: r.at,
    leadId: r.leadId,
    actorId: r.actorId,
  } as LeadEvent;
}

export function sqliteEventRepo(db: Db): EventRepo {
  const insert = db
    .insert(events)
    .values({
      at: sql.placeholder('at'),
      type: sql.placeholder('type'),
      leadId: sql.placeholder('leadId'),
      actorId: sql.placeholder('actorId'),
      data: sql.placeholder('data'),
    })
    .returning({ id: events.id })
    .prepare();
  const forLeadStmt = db
    .select()
    .from(events)
    .where(eq(events.leadId, sql.placeholder('leadId')))
    .orderBy(asc(events.id))
    .prepare();

  return {
    async append(e) {
      const { type, at, leadId, actorId, ...data } = e;
      return insert.get({ type, at, leadId, actorId, data: JSON.stringify(data) }).id;
    },
    async forLead(leadId) {
      return forLeadStmt.all({ leadId }).map(eventFromRow);
    },
    async countMarketClaims(personId, since) {
      const r = db
        .select({ n: sql<number>`count(*)` })
        .from(events)
        .where(
          and(
            eq(events.type, 'lead.claimed'),
            eq(events.actorId, personId),
            gte(events.at, since),
            sql`json_extract(${events.data}, '$.via') = 'market'`,
          ),
        )
        .get();
      return r?.n ?? 0;
    },
    async between(from, to, types) {
      const conds = [gte(events.at, from), lt(events.at, to)];
      if (types !== undefined) conds.push(inArray(events.type, [...types]));
      return db
        .select()
        .from(events)
        .where(and(...conds))
        .orderBy(asc(events.id))
        .all()
        .map(eventFromRow);
    },
    async forLeads(leadIds) {
      const out: LeadEvent[] = [];
      // SQLite limits bound parameters per statement; read in chunks.
      for (let i = 0; i < leadIds.length; i += 500) {
        const chunk = leadIds.slice(i, i + 500);
        out.push(
          ...db
            .select()
            .from(events)
            .where(inArray(events.leadId, chunk))
            .orderBy(asc(events.id))
            .all()
            .map(eventFromRow),
        );
      }
      return out.sort((a, b) => a.at - b.at);
    },
    async count() {
      return (
        db
          .select({ n: sql<number>`count(*)` })
          .from(events)
          .get()?.n ?? 0
      );
    },
  };
}
