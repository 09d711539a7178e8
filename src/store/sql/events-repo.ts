import type { LeadEvent, SystemEvent } from '../../kernel/events.ts';
import type { EventRepo } from '../../modules/ports.ts';
import { events as eventLog } from '../schema/index.ts';
import { columnsOf, type RowOf } from './columns.ts';
import { jsonText, type Executor, type Param } from './executor.ts';
import { dealStageLog, type StageLogCache } from './stage-log.ts';

/** The columns an event is written and read with, in this order (the id only orders them). */
const EVENT_COLUMNS = columnsOf(eventLog, ['type', 'at', 'leadId', 'actorId', 'data']);
type EventRow = Pick<RowOf<typeof eventLog>, (typeof EVENT_COLUMNS)[number]>;

function eventFromRow(r: EventRow): LeadEvent {
  return eventOf(JSON.parse(r.data) as unknown, r.type, r.at, r.lead_id, r.actor_id);
}

/** An event from its stored data (parsed) and columns. */
function eventOf(
  data: unknown,
  type: string,
  at: number,
  leadId: number | null,
  actorId: string | null,
): LeadEvent {
  const lead = leadId === null ? null : Number(leadId);
  // The same object as `{ ...data, type, at, leadId, actorId }`, without the copy: spreading the parsed data into
  // a new object made slow objects (the 1M-event funnel spent more time in that and in sorting them than in its
  // SQL).
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const e = data as Record<string, unknown>;
    e.type = type;
    e.at = Number(at);
    e.leadId = lead;
    e.actorId = actorId;
    return e as unknown as LeadEvent;
  }
  return { ...(data as object), type, at: Number(at), leadId: lead, actorId } as LeadEvent;
}

const COLUMNS = EVENT_COLUMNS.join(', ');

/** Rows per multi-row insert: well under either database's limit on bound parameters. */
const ROWS_PER_INSERT = 200;

/** An event as the values of its row, in EVENT_COLUMNS order. */
function rowValues(e: LeadEvent | SystemEvent): Param[] {
  const { type, at, leadId, actorId, ...data } = e;
  return [type, at, leadId, actorId, JSON.stringify(data)];
}

export function eventRepo(db: Executor, stageLogs?: StageLogCache): EventRepo {
  return {
    async append(e) {
      const row = await db.get<{ id: number }>(
        `insert into events (${COLUMNS}) values (?, ?, ?, ?, ?) returning id`,
        rowValues(e),
      );
      return Number(row?.id);
    },
    async appendMany(events) {
      // One statement per ROWS_PER_INSERT events (issue 23, item 7): on PostgreSQL each statement is a round trip.
      // A multi-row VALUES takes its ids in row order, so the log reads as if appended one by one.
      for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
        const chunk = events.slice(i, i + ROWS_PER_INSERT);
        await db.run(
          `insert into events (${COLUMNS}) values ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap(rowValues),
        );
      }
    },
    async forLead(leadId) {
      return (
        await db.all<EventRow>(`select ${COLUMNS} from events where lead_id = ? order by id`, [leadId])
      ).map(eventFromRow);
    },
    async lastOfType(leadIds, type) {
      const last = new Map<number, LeadEvent>();
      for (let i = 0; i < leadIds.length; i += 500) {
        const chunk = leadIds.slice(i, i + 500);
        // Off the (lead_id, id) index: each lead's events, not every event of the type.
        const rows = await db.all<EventRow>(
          `select ${COLUMNS} from events where id in (
             select max(id) from events where lead_id in (${chunk.map(() => '?').join(', ')}) and type = ?
             group by lead_id)`,
          [...chunk, type],
        );
        for (const r of rows) {
          const e = eventFromRow(r);
          if (e.leadId !== null) last.set(e.leadId, e);
        }
      }
      return last;
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
    async ofPerson(personId, from, to, types) {
      // The person's leads off the (type, actor_id, at) index, then their events off the lead index: not every
      // event of the span (issue 23: a rep's `kbi` read all 500 reps' weeks of events to keep one's).
      const list = types.map(() => '?').join(', ');
      const onLeads = await db.all<EventRow & { id: number | string }>(
        `select id, ${COLUMNS} from events
         where lead_id in (
             select lead_id from events where type in (${list}) and actor_id = ? and at >= ? and at < ?
             union
             select lead_id from events where type = 'lead.claimed' and actor_id = ? and at < ?)
           and at >= ? and at < ? and type in (${list})
         order by id`,
        [...types, personId, from, to, personId, to, from, to, ...types],
      );
      const leadless = await db.all<EventRow & { id: number | string }>(
        `select id, ${COLUMNS} from events
         where type in (${list}) and actor_id = ? and at >= ? and at < ? and lead_id is null order by id`,
        [...types, personId, from, to],
      );
      const rows =
        leadless.length === 0
          ? onLeads
          : [...onLeads, ...leadless].sort((a, b) => Number(a.id) - Number(b.id));
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
    dealStageLog(ask) {
      return dealStageLog(db, stageLogs, eventOf, ask);
    },
    async count() {
      return Number((await db.get<{ n: number }>(`select count(*) as n from events`))?.n ?? 0);
    },
  };
}
