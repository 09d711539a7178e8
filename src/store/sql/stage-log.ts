// F30: the deal stage log a month's funnel and radar read (`EventRepo.dealStageLog`), and its cache for the
// read-only connections of the report workers (issue 23). Over a million stage events one read of a month is
// ≈0.5–0.9 s of a worker (the query, then turning ≈100k rows into events), and on a Monday morning forty
// managers ask for the same month: a worker that read a month keeps its rows and reads them again only when
// the `deal_log` change counter (kept by triggers in the same transaction as every change to what this reads:
// drizzle/sqlite/0024_change_counts.sql) moved. The counter is read in the unit of work's own snapshot, before
// the log, so a cached log is never older than the snapshot that asks for it.
//
// A cached month is read up to the month's end with no `before` limit; each ask then keeps the rows before its
// own `before` and the deals that entered a stage before min(to, before) — the same events, owners and order as
// reading with that `before` (the query's entrant filter only narrows the deals the check below keeps anyway).
import type { LeadEvent } from '../../kernel/events.ts';
import { jsonQuote, type Executor } from './executor.ts';

/**
 * The event types the `deal_log` counter counts: a cached log is used only for these. Keep in step with the
 * trigger `events_deal_log_insert` (test/stage-log-cache.test.ts checks each one bumps it).
 */
export const STAGE_LOG_TYPES: readonly string[] = [
  'deal.created',
  'deal.advanced',
  'deal.won',
  'deal.evidence_added',
  'deal.stall_analysis',
  'deal.risk',
];

/** One row of the log: the event and its deal's id and owner at the time of the read. */
export interface LogRow {
  e: LeadEvent;
  entering: boolean;
  dealId: number;
  ownerId: string;
}

export interface CachedLog {
  version: number;
  rows: LogRow[];
  /** By the types asked: the last answer past the month, for the rows before its `before` (`upTo`). */
  whole: Map<string, { upTo: number; events: readonly LeadEvent[]; owners: ReadonlyMap<number, string> }>;
}

/** A reader's cached stage logs, by pipeline, month and types; bounded by rows kept. */
export interface StageLogCache {
  logs: Map<string, CachedLog>;
  /** Rows kept over all logs; the least recently used logs go first past it. */
  maxRows: number;
}

/**
 * Rows a worker keeps by default: a month's funnel (≈92k rows) and radar (≈150k, four pipelines, whole logs) of
 * a 1M-event organisation, ≈65 MB of the worker's heap (bench/profile-monday-reports.ts).
 */
export const STAGE_LOG_CACHE_ROWS = 300_000;

export function stageLogCache(maxRows = STAGE_LOG_CACHE_ROWS): StageLogCache {
  return { logs: new Map(), maxRows };
}

interface StageLogAsk {
  pipeline: string;
  from: number;
  to: number;
  before: number;
  types: readonly string[];
  since?: number;
}

/** No `before` limit: a cached log is read to the month's end and cut per ask. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export async function dealStageLog(
  db: Executor,
  cache: StageLogCache | undefined,
  eventOf: EventOf,
  ask: StageLogAsk,
): Promise<{ events: readonly LeadEvent[]; owners: Map<number, string> }> {
  const { pipeline, from, to, before, types, since = 0 } = ask;
  const kinds = [...new Set(['deal.created', 'deal.advanced', ...types])];
  if (cache === undefined || !kinds.every((k) => STAGE_LOG_TYPES.includes(k)))
    return cut(
      await readRows(db, eventOf, pipeline, from, to, before, kinds, since),
      from,
      to,
      before,
      types,
    );
  const version = Number(
    (await db.get<{ n: number }>(`select n from change_counts where name = 'deal_log'`))?.n ?? 0,
  );
  const key = JSON.stringify([pipeline, from, to, since, [...kinds].sort()]);
  let log = cache.logs.get(key);
  if (log !== undefined) cache.logs.delete(key);
  if (log === undefined || log.version !== version) {
    for (const [k, old] of cache.logs) if (old.version !== version) cache.logs.delete(k);
    const rows = await readRows(db, eventOf, pipeline, from, to, NO_LIMIT, kinds, since);
    // Shared by every later ask: nothing may change them (a frozen event throws where one would have).
    for (const r of rows) Object.freeze(r.e);
    log = { version, rows, whole: new Map() };
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

async function readRows(
  db: Executor,
  eventOf: EventOf,
  pipeline: string,
  from: number,
  to: number,
  before: number,
  kinds: readonly string[],
  since: number,
): Promise<LogRow[]> {
  // The entrants come off the events' (type, at, lead_id) index alone, as lead ids: a lead has at most one
  // deal (deals.lead_id is unique), so no JSON is read in SQL; each event's own dealId is checked in `cut`.
  // Their events come off the lead index, of the types asked for (and the two that make an entrant), in the
  // order wanted: by at, then as appended. Each row comes back as one JSON array text with the stored data
  // in it as is (it is JSON): one column and one JSON.parse per event instead of seven columns (reading
  // the columns of ~120k rows cost more than the query itself).
  const end = Math.min(to, before);
  const q = (expr: string) => jsonQuote(db.dialect, expr);
  const texts = await db.column<string>(
    `select '[' || ${q('e.type')} || ',' || e.at || ',' || coalesce(cast(e.lead_id as text), 'null')
       || ',' || ${q('e.actor_id')} || ',' || e.data || ',' || d.id || ',' || ${q('d.owner_id')} || ']' as j
     from deals d join events e on e.lead_id = d.lead_id
     where d.pipeline = ? and e.at >= ? and e.at < ? and e.type in (${kinds.map(() => '?').join(', ')})
       and d.lead_id in (
         select lead_id from events
         where type in ('deal.created', 'deal.advanced') and at >= ? and at < ?)
     order by e.at, e.id`,
    [pipeline, since, before, ...kinds, from, end],
  );
  const rows: LogRow[] = [];
  for (const r of texts) {
    const row = JSON.parse(r) as unknown[];
    if (row.length !== 7) throw new Error(`events: malformed data in the stage log of a deal (${r})`);
    const [type, at, leadId, actorId, data, dealId, ownerId] = row as [
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
    rows.push({ e, entering: type === 'deal.created' || type === 'deal.advanced', dealId: id, ownerId });
  }
  return rows;
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
