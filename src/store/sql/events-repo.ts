import type { LeadEvent } from '../../domain/events.ts';
import type { EventRepo } from '../../engine/ports.ts';
import { jsonText, type Executor } from './executor.ts';

interface EventRow {
  type: string;
  at: number;
  lead_id: number | null;
  actor_id: string | null;
  data: string;
}

function eventFromRow(r: EventRow): LeadEvent {
  return {
    ...(JSON.parse(r.data) as object),
    type: r.type,
    at: Number(r.at),
    leadId: r.lead_id === null ? null : Number(r.lead_id),
    actorId: r.actor_id,
  } as LeadEvent;
}

const COLUMNS = 'type, at, lead_id, actor_id, data';

export function eventRepo(db: Executor): EventRepo {
  return {
    async append(e) {
      const { type, at, leadId, actorId, ...data } = e;
      const row = await db.get<{ id: number }>(
        `insert into events (${COLUMNS}) values (?, ?, ?, ?, ?) returning id`,
        [type, at, leadId, actorId, JSON.stringify(data)],
      );
      return Number(row?.id);
    },
    async forLead(leadId) {
      return (
        await db.all<EventRow>(`select ${COLUMNS} from events where lead_id = ? order by id`, [leadId])
      ).map(eventFromRow);
    },
    async countMarketClaims(personId, since) {
      const row = await db.get<{ n: number }>(
        `select count(*) as n from events where type = 'lead.claimed' and actor_id = ? and at >= ? and ${jsonText(db.dialect, 'data', 'via')} = 'market'`,
        [personId, since],
      );
      return Number(row?.n ?? 0);
    },
    async between(from, to, types) {
      const typeFilter = types === undefined ? '' : ` and type in (${types.map(() => '?').join(', ')})`;
      const rows = await db.all<EventRow>(
        `select ${COLUMNS} from events where at >= ? and at < ?${typeFilter} order by id`,
        [from, to, ...(types ?? [])],
      );
      return rows.map(eventFromRow);
    },
    async forLeads(leadIds, types) {
      const out: LeadEvent[] = [];
      // The type filter is applied here, not in SQL: `type in (…)` would tempt the planner onto the type index
      // and make each chunk scan every event of those types (quadratic over a long what-if).
      const wanted = types === undefined ? null : new Set(types);
      // Databases limit bound parameters per statement; read in chunks.
      for (let i = 0; i < leadIds.length; i += 500) {
        const chunk = leadIds.slice(i, i + 500);
        const rows = await db.all<EventRow>(
          `select ${COLUMNS} from events where lead_id in (${chunk.map(() => '?').join(', ')}) order by id`,
          chunk,
        );
        for (const r of rows) if (wanted === null || wanted.has(r.type)) out.push(eventFromRow(r));
      }
      return out.sort((a, b) => a.at - b.at);
    },
    async count() {
      return Number((await db.get<{ n: number }>(`select count(*) as n from events`))?.n ?? 0);
    },
  };
}
