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
    async dealStageLog({ pipeline, from, to, before, types }) {
      // The entrants come off the `at` index (the month's events only); their events off the lead index, since
      // a deal's events sit in its lead's log. Types are filtered here, not in SQL (see forLeads).
      const dealId = `cast(${jsonText(db.dialect, 'data', 'dealId')} as bigint)`;
      const rows = await db.all<EventRow & { deal_id: number; owner_id: string }>(
        `select e.type, e.at, e.lead_id, e.actor_id, e.data, d.id as deal_id, d.owner_id
         from deals d join events e on e.lead_id = d.lead_id
         where d.pipeline = ? and e.at < ? and d.id in (
           select ${dealId} from events
           where at >= ? and at < ? and type in ('deal.created', 'deal.advanced'))
         order by e.id`,
        [pipeline, before, from, Math.min(to, before)],
      );
      const wanted = new Set(types);
      const events: LeadEvent[] = [];
      const owners = new Map<number, string>();
      for (const r of rows) {
        if (!wanted.has(r.type)) continue;
        const e = eventFromRow(r);
        const id = Number(r.deal_id);
        if (!('dealId' in e) || e.dealId !== id) continue;
        events.push(e);
        owners.set(id, r.owner_id);
      }
      // Stable: events at the same moment stay in the order they were appended.
      return { events: events.sort((a, b) => a.at - b.at), owners };
    },
    async count() {
      return Number((await db.get<{ n: number }>(`select count(*) as n from events`))?.n ?? 0);
    },
  };
}
