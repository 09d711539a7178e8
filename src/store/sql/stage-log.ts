// F30: the deal stage log a month's funnel and radar read (`EventRepo.dealStageLog`), and its cache for the
// read-only connections of the report workers (issue 23). Over a million stage events one read of a month is
// ≈0.5–0.9 s of a worker (the query, then turning ≈100k rows into events), and on a Monday morning forty
// managers ask for the same month: a worker that read a month keeps its rows. What was appended since (events
// and deals with higher ids than the last ones it saw) it reads and adds; it reads the month again only when the
// `deal_log` change counter moved, which triggers bump in the same transaction as every other change to what this
// reads (an event changed or deleted, a deal's pipeline, owner or lead changed, a deal deleted:
// drizzle/sqlite/0024_change_counts.sql, 0025). The counter and the last ids are read in the unit of work's own
// snapshot, before the log, so a cached log is never older than the snapshot that asks for it.
//
// Added rows: the new events of the deals it kept, and every event of a deal that entered a stage in the month
// since (a new deal, or a new deal.created/advanced in the month): an entrant's whole log, as a fresh read gives
// it. A deal that had not entered in the month is left out, as the fresh read's entrant filter (and `cut`) do.
//
// A cached month is read up to the month's end with no `before` limit; each ask then keeps the rows before its
// own `before` and the deals that entered a stage before min(to, before) — the same events, owners and order as
// reading with that `before` (the query's entrant filter only narrows the deals the check below keeps anyway).
import type { LeadEvent } from '../../kernel/events.ts';
import type { EventRepo } from '../../modules/ports.ts';
import { jsonQuote, type Executor } from './executor.ts';

/**
 * The event types a cached log may hold: what the funnel and the radar ask for (anything else is read uncached).
 * Appends of any type are found by the highest event id, changes by the `deal_log` counter.
 */
export const STAGE_LOG_TYPES: readonly string[] = [
  'deal.created',
  'deal.advanced',
  'deal.won',
  'deal.evidence_added',
  'deal.stall_analysis',
  'deal.risk',
];

/** One row of the log: the event (and its id) and its deal's id and owner at the time of the read. */
export interface LogRow {
  id: number;
  e: LeadEvent;
  entering: boolean;
  dealId: number;
  ownerId: string;
}

export interface CachedLog {
  version: number;
  /** The highest event and deal ids of the snapshot it was read in: anything above was appended since. */
  eventId: number;
  dealId: number;
  /** The leads whose deal entered a stage in the month (a row entering in [from, to)): their rows are kept. */
  entrants: Set<number>;
  rows: LogRow[];
  /** By the types asked: the last answer past the month, for the rows before its `before` (`upTo`). */
  whole: Map<string, { upTo: number; events: readonly LeadEvent[]; owners: ReadonlyMap<number, string> }>;
}

/** A reader's cached stage logs, by pipeline, month and types; bounded by rows kept. */
export interface StageLogCache {
  logs: Map<string, CachedLog>;
  /** Rows kept over all logs; the least recently used logs go first past it. */
  maxRows: number;
  /** How many months were read whole, and how many times what was appended was added (tests, bench). */
  reads: { whole: number; appended: number };
}

/**
 * Rows a worker keeps by default: a month's funnel (≈92k rows) and radar (≈150k, four pipelines, whole logs) of
 * a 1M-event organisation, ≈65 MB of the worker's heap (bench/profile-monday-reports.ts).
 */
export const STAGE_LOG_CACHE_ROWS = 300_000;

export function stageLogCache(maxRows = STAGE_LOG_CACHE_ROWS): StageLogCache {
  return { logs: new Map(), maxRows, reads: { whole: 0, appended: 0 } };
}

type StageLogAsk = Parameters<EventRepo['dealStageLog']>[0];

/** No `before` limit: a cached log is read to the month's end and cut per ask. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/** Past this many events appended since, the month is read again whole (one query) instead. */
const MAX_APPENDED = 100_000;

/** Leads read whole per query (SQLite's default limit is 32,766 variables). */
const LEADS_PER_READ = 500;

export async function dealStageLog(
  db: Executor,
  cache: StageLogCache | undefined,
  eventOf: EventOf,
  ask: StageLogAsk,
): Promise<{ events: readonly LeadEvent[]; owners: Map<number, string> }> {
  const { pipeline, from, to, before, types, since = 0 } = ask;
  const kinds = [...new Set(['deal.created', 'deal.advanced', ...types])];
  if (cache === undefined || !kinds.every((k) => STAGE_LOG_TYPES.includes(k))) {
    const where = `d.pipeline = ? and e.at >= ? and e.at < ?${ENTRANTS}`;
    const params = [pipeline, since, before, from, Math.min(to, before)];
    return cut(await readRows(db, eventOf, kinds, where, params), from, to, before, types);
  }
  const mark = await db.get<{ n: number | null; e: number | null; d: number | null }>(
    `select (select n from change_counts where name = 'deal_log') as n, (select max(id) from events) as e,
            (select max(id) from deals) as d`,
  );
  const version = Number(mark?.n ?? 0);
  const seen = { eventId: Number(mark?.e ?? 0), dealId: Number(mark?.d ?? 0) };
  const key = JSON.stringify([pipeline, from, to, since, [...kinds].sort()]);
  let log = cache.logs.get(key);
  if (log !== undefined) cache.logs.delete(key);
  if (
    log !== undefined &&
    log.version === version &&
    (log.eventId !== seen.eventId || log.dealId !== seen.dealId)
  ) {
    // Added to only when nothing but appends happened, and an entrant's rows can all be told apart by `from`.
    log =
      since <= from && seen.eventId - log.eventId <= MAX_APPENDED
        ? await withAppended(db, eventOf, log, seen, { pipeline, from, to, kinds, since })
        : undefined;
    if (log !== undefined) cache.reads.appended += 1;
  }
  if (log === undefined || log.version !== version) {
    for (const [k, old] of cache.logs) if (old.version !== version) cache.logs.delete(k);
    const where = `d.pipeline = ? and e.at >= ? and e.at < ?${ENTRANTS}`;
    const rows = frozen(await readRows(db, eventOf, kinds, where, [pipeline, since, NO_LIMIT, from, to]));
    log = { version, ...seen, entrants: entrantsOf(rows, from, to), rows, whole: new Map() };
    cache.reads.whole += 1;
  }
  cache.logs.set(key, log);
  let kept = 0;
  for (const [k, l] of [...cache.logs].reverse()) {
    kept += l.rows.length;
    if (kept > cache.maxRows && l !== log) cache.logs.delete(k);
  }
  if (before < to) return cut(log.rows, from, to, before, types);
  // Past the month, the answer depends only on how many rows come before `before` (the log is in time order):
  // the same answer is handed out again, the same frozen events array, so a caller may keep what it derived
  // from it (the funnel's visits); the owners are a copy. Only events stamped later than the ask's clock (none
  // in a live organisation: they are stamped as they happen) move the count.
  const upTo = rowsBefore(log.rows, before);
  const typesKey = JSON.stringify([...types].sort());
  let whole = log.whole.get(typesKey);
  if (whole === undefined || whole.upTo !== upTo) {
    const { events, owners } = cut(log.rows, from, to, before, types);
    log.whole.set(typesKey, (whole = { upTo, events: Object.freeze(events), owners }));
  }
  return { events: whole.events, owners: new Map(whole.owners) };
}

/** How many rows (in time order) are stamped before `before`. */
function rowsBefore(rows: readonly LogRow[], before: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid] as LogRow).e.at < before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type EventOf = (
  data: unknown,
  type: string,
  at: number,
  leadId: number | null,
  actorId: string | null,
) => LeadEvent;

/**
 * The deals that entered a stage in [?, ?): their lead ids come off the events' (type, at, lead_id) index alone (a
 * lead has at most one deal, deals.lead_id is unique, so no JSON is read in SQL; each event's own dealId is
 * checked in readRows).
 */
const ENTRANTS = ` and d.lead_id in (
  select lead_id from events where type in ('deal.created', 'deal.advanced') and at >= ? and at < ?)`;

async function readRows(
  db: Executor,
  eventOf: EventOf,
  kinds: readonly string[],
  where: string,
  params: ReadonlyArray<string | number>,
  appended = false,
): Promise<LogRow[]> {
  // The deals' events come off the lead index, of the types asked for (and the two that make an entrant), in the
  // order wanted: by at, then as appended. Each row comes back as one JSON array text with the stored data
  // in it as is (it is JSON): one column and one JSON.parse per event instead of eight columns (reading
  // the columns of ~120k rows cost more than the query itself).
  const q = (expr: string) => jsonQuote(db.dialect, expr);
  const texts = await db.column<string>(
    `select '[' || e.id || ',' || ${q('e.type')} || ',' || e.at || ',' || coalesce(cast(e.lead_id as text), 'null')
       || ',' || ${q('e.actor_id')} || ',' || e.data || ',' || d.id || ',' || ${q('d.owner_id')} || ']' as j
     ${
       appended
         ? // From the events' ids on (SQLite takes a cross join's tables in the order written), unsorted: sorted
           // here, since ordering by at in SQL walks the whole at index (≈150 ms at 1M, against <1 ms for 100).
           'from events e cross join deals d where d.lead_id = e.lead_id and'
         : 'from deals d join events e on e.lead_id = d.lead_id where'
     } e.type in (${kinds.map(() => '?').join(', ')}) and ${where}
     ${appended ? '' : 'order by e.at, e.id'}`,
    [...kinds, ...params],
  );
  const rows: LogRow[] = [];
  for (const r of texts) {
    const row = JSON.parse(r) as unknown[];
    if (row.length !== 8) throw new Error(`events: malformed data in the stage log of a deal (${r})`);
    const [eventId, type, at, leadId, actorId, data, dealId, ownerId] = row as [
      number,
      string,
      number,
      number | null,
      string | null,
      unknown,
      number,
      string,
    ];
    const e = eventOf(data, type, at, leadId, actorId);
    const id = Number(dealId);
    if (!('dealId' in e) || e.dealId !== id) continue;
    rows.push({
      id: Number(eventId),
      e,
      entering: type === 'deal.created' || type === 'deal.advanced',
      dealId: id,
      ownerId,
    });
  }
  return rows;
}

/** Shared by every later ask: nothing may change them (a frozen event throws where one would have). */
function frozen(rows: LogRow[]): LogRow[] {
  for (const r of rows) Object.freeze(r.e);
  return rows;
}

/** The leads of the rows whose deal entered a stage in [from, to). */
function entrantsOf(rows: readonly LogRow[], from: number, to: number): Set<number> {
  const out = new Set<number>();
  for (const r of rows) if (r.entering && r.e.at >= from && r.e.at < to) out.add(r.e.leadId as number);
  return out;
}

/**
 * The cached log with what was appended since it was read: the new events of the deals it kept, and the whole
 * log of each deal that entered a stage in the month since (a new deal, or a new entering event).
 */
async function withAppended(
  db: Executor,
  eventOf: EventOf,
  log: CachedLog,
  seen: { eventId: number; dealId: number },
  ask: { pipeline: string; from: number; to: number; kinds: readonly string[]; since: number },
): Promise<CachedLog> {
  const { pipeline, from, to, kinds, since } = ask;
  const fresh = await readRows(
    db,
    eventOf,
    kinds,
    'e.id > ? and d.id <= ? and d.pipeline = ? and e.at >= ?',
    [log.eventId, log.dealId, pipeline, since],
    true,
  );
  const wanted = new Set(
    await db.column<number>(`select lead_id from deals where id > ? and pipeline = ?`, [
      log.dealId,
      pipeline,
    ]),
  );
  const added: LogRow[] = [];
  for (const r of fresh) {
    const leadId = r.e.leadId as number;
    if (log.entrants.has(leadId)) added.push(r);
    else if (r.entering && r.e.at >= from && r.e.at < to) wanted.add(Number(leadId));
  }
  const ids = [...wanted].map(Number).filter((id) => !log.entrants.has(id));
  // A copy only when it grows (a month's entrants are ≈100k leads at 1M: copied, 5–10 ms an ask).
  const entrants = ids.length === 0 ? log.entrants : new Set(log.entrants);
  for (let k = 0; k < ids.length; k += LEADS_PER_READ) {
    const part = ids.slice(k, k + LEADS_PER_READ);
    const rows = await readRows(
      db,
      eventOf,
      kinds,
      `e.lead_id in (${part.map(() => '?').join(', ')}) and d.pipeline = ? and e.at >= ?`,
      [...part, pipeline, since],
    );
    const entered = entrantsOf(rows, from, to);
    for (const r of rows) if (entered.has(r.e.leadId as number)) added.push(r);
    for (const id of entered) entrants.add(id);
  }
  return {
    version: log.version,
    ...seen,
    entrants,
    rows: merged(log.rows, frozen(added.sort(byTime))),
    // Nothing of this log's appended: the answers already made stand (the same frozen arrays).
    whole: added.length === 0 ? log.whole : (new Map() as CachedLog['whole']),
  };
}

function byTime(a: LogRow, b: LogRow): number {
  return a.e.at - b.e.at || a.id - b.id;
}

/** Two logs in time order (by at, then as appended) as one. */
function merged(a: readonly LogRow[], b: readonly LogRow[]): LogRow[] {
  if (b.length === 0) return a as LogRow[];
  const out: LogRow[] = new Array<LogRow>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    out[k++] = byTime(a[i] as LogRow, b[j] as LogRow) <= 0 ? (a[i++] as LogRow) : (b[j++] as LogRow);
  while (i < a.length) out[k++] = a[i++] as LogRow;
  while (j < b.length) out[k++] = b[j++] as LogRow;
  return out;
}

/** The log as one read with this `before` returns it: its rows before `before`, of the deals that entered. */
function cut(
  rows: readonly LogRow[],
  from: number,
  to: number,
  before: number,
  types: readonly string[],
): { events: LeadEvent[]; owners: Map<number, string> } {
  const end = Math.min(to, before);
  const wanted = new Set(types);
  const events: LeadEvent[] = [];
  const owners = new Map<number, string>();
  // The deals whose own log shows them entering a stage in the window.
  const entered = new Set<number>();
  for (const r of rows) {
    const at = r.e.at;
    if (at >= before) break;
    if (r.entering && at >= from && at < end) entered.add(r.dealId);
    if (!wanted.has(r.e.type)) continue;
    events.push(r.e);
    owners.set(r.dealId, r.ownerId);
  }
  const outside = [...owners.keys()].filter((id) => !entered.has(id));
  if (outside.length === 0) return { events, owners };
  for (const id of outside) owners.delete(id);
  return { events: events.filter((e) => 'dealId' in e && entered.has(e.dealId)), owners };
}
