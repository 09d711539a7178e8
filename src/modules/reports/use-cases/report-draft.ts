// The daily report's draft (F28). A report opens pre-filled from what the event log already knows of the rep's
// day (visits and calls logged with `touch` or a check-in, leads claimed, deals advanced, evidence added); the
// rep ticks the day's key actions and adds a summary before filing it (file-report.ts).
import { DateTime } from 'luxon';
import type { GeoPoint } from '../../../kernel/geo.ts';
import type { Person } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { KeyAction, StoredReport, Tx } from '../../ports.ts';

export const DAY_MS = 86_400_000;
/** The short list of key actions the rep ticks from. */
export const MAX_CANDIDATES = 8;
export const KEY_ACTIONS = 3;

/** [start, end) of a local day, epoch ms. */
export function dayBounds(date: string, zone: string): [number, number] {
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  return [start.toMillis(), start.plus({ days: 1 }).toMillis()];
}

export function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');
}

/** What the log knows of a rep's day, for the pre-filled report. */
export interface DayFacts {
  date: string;
  visits: Array<{
    leadId: number;
    customer: string;
    at: number;
    loggedAt: number;
    note: string;
    checkIn: GeoPoint | null;
  }>;
  calls: number;
  claims: number;
  advances: number;
  evidence: number;
  /** Numbered from 1 in the chat: the short list the rep ticks from. */
  candidates: KeyAction[];
}

export interface ReportView {
  report: StoredReport;
  facts: DayFacts;
  /** The key actions that count as ticked: the rep's, or the first three of the list until they choose. */
  ticked: KeyAction[];
  photoSent: boolean;
}

export async function dayFacts(tx: Tx, personId: string, date: string, zone: string): Promise<DayFacts> {
  const [from, to] = dayBounds(date, zone);
  // Visits logged later (up to the next morning) for this day still belong to it.
  const events = (
    await tx.events.between(from, to + DAY_MS, [
      'lead.touched',
      'lead.claimed',
      'deal.advanced',
      'deal.evidence_added',
    ])
  ).filter((e) => e.actorId === personId);
  const inDay = (ms: number) => ms >= from && ms < to;
  const names = new Map<number, string>();
  const nameOf = async (leadId: number) => {
    if (!names.has(leadId)) names.set(leadId, (await tx.leads.get(leadId))?.company ?? `#${leadId}`);
    return names.get(leadId) as string;
  };
  const checkIns = await tx.reports.checkIns(personId, from, to + DAY_MS);
  const facts: DayFacts = { date, visits: [], calls: 0, claims: 0, advances: 0, evidence: 0, candidates: [] };
  const visitActions: KeyAction[] = [];
  const other: KeyAction[] = [];
  const seen = new Set<string>();
  const add = (list: KeyAction[], a: KeyAction) => {
    const key = `${a.kind}:${a.dealId ?? a.leadId}`;
    if (seen.has(key)) return;
    seen.add(key);
    list.push(a);
  };
  for (const e of events) {
    if (e.leadId === null) continue;
    const customer = await nameOf(e.leadId);
    if (e.type === 'lead.touched') {
      const doneAt = e.doneAt ?? e.at;
      if (!inDay(doneAt)) continue;
      if (e.kind === 'visit') {
        const checkIn = checkIns.find((c) => c.leadId === e.leadId && c.at === e.at)?.place ?? null;
        facts.visits.push({ leadId: e.leadId, customer, at: doneAt, loggedAt: e.at, note: e.note, checkIn });
        add(visitActions, { kind: 'visit', leadId: e.leadId, dealId: null, customer, stage: null });
      } else if (e.kind === 'call') {
        facts.calls += 1;
        add(other, { kind: 'call', leadId: e.leadId, dealId: null, customer, stage: null });
      }
      continue;
    }
    if (!inDay(e.at)) continue;
    if (e.type === 'lead.claimed') {
      facts.claims += 1;
      add(other, { kind: 'claim', leadId: e.leadId, dealId: null, customer, stage: null });
    } else if (e.type === 'deal.advanced') {
      facts.advances += 1;
      // Advancing twice in a day: the list names the stage reached last.
      const existing = visitActions.concat(other).find((a) => a.kind === 'advance' && a.dealId === e.dealId);
      if (existing !== undefined) existing.stage = e.to;
      else add(other, { kind: 'advance', leadId: e.leadId, dealId: e.dealId, customer, stage: e.to });
    } else if (e.type === 'deal.evidence_added') {
      facts.evidence += 1;
      add(other, { kind: 'evidence', leadId: e.leadId, dealId: e.dealId, customer, stage: null });
    }
  }
  facts.visits.sort((a, b) => a.at - b.at);
  const order: KeyAction['kind'][] = ['visit', 'advance', 'claim', 'evidence', 'call'];
  facts.candidates = [...visitActions, ...other]
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .slice(0, MAX_CANDIDATES);
  return facts;
}

export function view(report: StoredReport, facts: DayFacts): ReportView {
  const ticked = report.keyActions.length > 0 ? report.keyActions : facts.candidates.slice(0, KEY_ACTIONS);
  return { report, facts, ticked, photoSent: report.photoId !== null };
}

export async function draftOf(tx: Tx, deps: EngineDeps, person: Person, date: string | undefined) {
  const zone = await orgTimezone(tx, deps);
  const now = deps.clock();
  const day = date ?? localDate(now, zone);
  const report = await tx.reports.openDraft({
    repId: person.id,
    teamId: person.teamId,
    date: day,
    openedAt: now,
  });
  return { zone, now, day, report };
}

/** Opens (or reopens) the rep's report of a day, today by default, pre-filled from the log. */
export async function openReport(deps: EngineDeps, person: Person, date?: string): Promise<ReportView> {
  return deps.store.transaction(async (tx) => {
    const { zone, day, report } = await draftOf(tx, deps, person, date);
    return view(report, await dayFacts(tx, person.id, day, zone));
  });
}

export type FillResult =
  { kind: 'filled'; view: ReportView } | { kind: 'rejected'; reason: 'BAD_TICK'; max: number };

/** The rep's ticks (numbers of the short list) and summary; either may be left out. */
export async function fillReport(
  deps: EngineDeps,
  person: Person,
  input: { ticks: number[]; summary: string | null; date?: string },
): Promise<FillResult> {
  return deps.store.transaction(async (tx) => {
    const { zone, day, report } = await draftOf(tx, deps, person, input.date);
    const facts = await dayFacts(tx, person.id, day, zone);
    const patch: Parameters<Tx['reports']['update']>[1] = {};
    if (input.ticks.length > 0) {
      const n = facts.candidates.length;
      if (input.ticks.some((i) => !Number.isInteger(i) || i < 1 || i > n))
        return { kind: 'rejected', reason: 'BAD_TICK', max: n };
      patch.keyActions = [...new Set(input.ticks)].slice(0, KEY_ACTIONS).map((i) => facts.candidates[i - 1]!);
    }
    if (input.summary !== null && input.summary.trim() !== '') patch.summary = input.summary.trim();
    await tx.reports.update(report.id, patch);
    return { kind: 'filled', view: view({ ...report, ...patch }, facts) };
  });
}

/** True once the rep has opened (or filed) today's report: a photo sent on its own then goes to it. */
export async function reportOpenToday(deps: EngineDeps, personId: string): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    return (await tx.reports.of(personId, localDate(deps.clock(), zone))) !== null;
  });
}
