// The morning patrol's facts (issue 21): what a team's deals, warnings, reports and leads say this morning, read
// from the store, and the patrol built from them for a reader (buildPatrol, rules/patrol.ts).
import { DateTime } from 'luxon';
import { isWorkingDay } from '../../../kernel/calendar.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { DealTask, OutboxRow, Tx } from '../../ports.ts';
import { isSeller } from '../../leads/rules/routing.ts';
import { dailyReportTable } from '../../reports/use-cases/daily-table.ts';
import { pause } from '../../in-groups.ts';
import {
  arrangePatrol,
  listPatrol,
  withNight,
  type Acknowledgement,
  type NightFact,
  type PatrolItem,
  type ReportFact,
} from '../rules/patrol.ts';

/** A KBI warning older than this many days is no longer news for the patrol (the next evaluation speaks). */
const WARNING_DAYS = 7;
/** Held notices folded into one patrol, at most (the rest go out at the working day's start). */
const NIGHT_LIMIT = 50;

/** Who a patrol is for: the teams a manager leads, every team for a director or admin, else none. */
export function teamsOf(reader: Person, teams: readonly Team[]): Team[] {
  if (reader.role === 'director' || reader.role === 'admin') return [...teams];
  const led = teams.filter((t) => t.managerId === reader.id);
  if (led.length > 0 || reader.role !== 'manager') return led;
  return teams.filter((t) => t.id === reader.teamId);
}

/** The working day before the one `now` falls on (whose reports the morning looks at). */
export function lastWorkingDay(now: number, zone: string, deps: EngineDeps): string {
  let day = DateTime.fromMillis(now, { zone }).startOf('day').minus({ days: 1 });
  for (let i = 0; i < 60 && !isWorkingDay(day, deps.rules.deals.calendar); i++) day = day.minus({ days: 1 });
  return day.toISODate() as string;
}

export interface TeamFacts {
  team: Team | null;
  date: string;
  /**
   * The team's patrol lines from its facts, most urgent first, before any reader's night alerts and
   * acknowledgements (listPatrol): made where the facts are read, so a big team's list is not built on the loop.
   */
  listed: PatrolItem[];
}

/**
 * What a team's (or, with `repId`, one rep's) deals, warnings, reports and leads say at `now`: read in the jobs'
 * or the chat's read worker when the server has one (issue 23: a team of 1M leads' deals and leads held the loop
 * for seconds), here otherwise.
 */
export async function teamFacts(
  deps: EngineDeps,
  team: Team | null,
  now: number,
  repId?: string,
): Promise<TeamFacts> {
  if (deps.reads !== undefined)
    return fromWire(
      (await deps.reads.run('patrolFacts', [team, repId ?? null], {
        ...deps,
        clock: () => now,
      })) as TeamFactsWire,
    );
  return teamFactsHere({ ...deps, clock: () => now }, team, repId ?? null);
}

/** TeamFacts as the worker sends them: the lines as JSON, LINES_PER_CHUNK a string. */
export interface TeamFactsWire {
  team: Team | null;
  date: string;
  listed: string[];
}

/**
 * A big team's lines (10k and more at 1M leads) took 20-150 ms to arrive as objects, in one block of the loop;
 * strings arrive in a few ms and are read here a chunk at a time, the loop free between.
 */
const LINES_PER_CHUNK = 1_000;

/** teamFactsHere for the worker to send (src/workers/serve.ts). */
export async function teamFactsForWire(
  deps: EngineDeps,
  team: Team | null,
  repId: string | null,
): Promise<TeamFactsWire> {
  const facts = await teamFactsHere(deps, team, repId);
  const listed: string[] = [];
  for (let i = 0; i < facts.listed.length; i += LINES_PER_CHUNK)
    listed.push(JSON.stringify(facts.listed.slice(i, i + LINES_PER_CHUNK)));
  return { team: facts.team, date: facts.date, listed };
}

async function fromWire(wire: TeamFactsWire): Promise<TeamFacts> {
  const listed: PatrolItem[] = [];
  for (const [i, chunk] of wire.listed.entries()) {
    if (i > 0) await pause();
    listed.push(...(JSON.parse(chunk) as PatrolItem[]));
  }
  return { team: wire.team, date: wire.date, listed };
}

/** teamFacts on this thread at deps.clock() (a worker calls this, with its read-only store). */
export async function teamFactsHere(
  deps: EngineDeps,
  team: Team | null,
  repId: string | null,
): Promise<TeamFacts> {
  const now = deps.clock();
  const { zone, members, deals } = await deps.store.transaction(async (tx) => {
    const people = await tx.org.people();
    const members = people.filter(
      (p) => p.active && (repId !== null ? p.id === repId : isSeller(p, deps.rules) && p.teamId === team?.id),
    );
    const ids = new Set(members.map((p) => p.id));
    return {
      zone: await orgTimezone(tx, deps),
      members,
      // The members' own open deals by the owner index: the whole org's open deals, read for each of 40 teams
      // every minute, held the loop for seconds (issue 23).
      deals: (await Promise.all([...ids].map((id) => tx.deals.ownedBy(id, 'open'))))
        .flat()
        .sort((a, b) => a.id - b.id),
    };
  });
  const ids = new Set(members.map((p) => p.id));
  const date = lastWorkingDay(now, zone, deps);
  const fromDay = DateTime.fromMillis(now, { zone }).minus({ days: WARNING_DAYS }).toISODate() as string;
  const facts = await deps.store.transaction(async (tx) => {
    // Every deal's open tasks in one read (a read per deal was 250k statements for a 1M-lead org).
    const openTasks = new Map<number, DealTask[]>();
    for (const task of await tx.deals.openTasksFor(deals.map((d) => d.id)))
      openTasks.set(task.dealId, [...(openTasks.get(task.dealId) ?? []), task]);
    const dealFacts = [];
    for (const d of deals) {
      const late = (openTasks.get(d.id) ?? []).filter((task) => task.dueAt <= now);
      dealFacts.push({
        id: d.id,
        leadId: d.leadId,
        customer: d.customer,
        ownerId: d.ownerId,
        amount: d.amount,
        health: d.health,
        stage: d.stage,
        stalled: d.stallAlertedAt !== null,
        doubtful: d.doubtful,
        overdueTasks: late.filter((task) => task.kind === 'sop' || task.kind === 'handover').length,
        openRequests: late.filter((task) => task.kind === 'request').length,
      });
    }
    const warnings = (await tx.kbi.warnings({ fromDay, limit: 1000 }))
      .filter((w) => ids.has(w.repId))
      .map((w) => ({
        id: w.id,
        repId: w.repId,
        tier: w.tier,
        day: w.day,
        managerAcknowledged: w.managerAcknowledgedAt !== null,
      }));
    const within = deps.rules.patrol.takeBackWithinHours * 3_600_000;
    const takeBacks = [];
    for (const p of members)
      for (const lead of await tx.leads.heldBy(p.id))
        if (
          lead.status === 'owned' &&
          lead.followUpDueAt !== null &&
          lead.followUpDueAt > now &&
          lead.followUpDueAt - now <= within
        )
          takeBacks.push({
            leadId: lead.id,
            ownerId: p.id,
            company: lead.company,
            dueAt: lead.followUpDueAt,
          });
    return { deals: dealFacts, warnings, takeBacks };
  });
  const table = await dailyReportTable(deps, { date, teamId: team?.id ?? null });
  const reports = table.rows
    .filter((r) => ids.has(r.repId))
    .flatMap((r): ReportFact[] =>
      r.status === 'missing'
        ? [{ repId: r.repId, date, status: 'missing', flags: 0 }]
        : r.needsConfirmation && !r.confirmed
          ? [{ repId: r.repId, date, status: 'flagged', flags: r.flags.length }]
          : [],
    );
  return { team, date, listed: arrangePatrol(listPatrol({ ...facts, reports }), new Map()) };
}

/** A held notice as a patrol line's facts: what it is about, read from its data. */
async function nightFact(tx: Tx, n: OutboxRow): Promise<NightFact> {
  const d = n.data;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const leadId = n.leadId ?? num(d.leadId);
  const lead = leadId === null ? null : await tx.leads.get(leadId);
  return {
    noticeId: n.id,
    family: n.template.split('.')[0] ?? '',
    dealId: num(d.dealId),
    leadId,
    repId: str(d.repId) ?? str(d.ownerId) ?? lead?.ownerId ?? null,
    subject: str(d.customer) ?? str(d.company) ?? lead?.company ?? '',
    at: n.createdAt,
  };
}

const ackKey = (readerId: string, itemKey: string) => `patrol.ack:${readerId}:${itemKey}`;
const ACKS_PER_READ = 500;

/** The reader's acknowledgements of these items. */
export async function acknowledgements(
  tx: Tx,
  readerId: string,
  items: readonly PatrolItem[],
): Promise<Map<string, Acknowledgement>> {
  const out = new Map<string, Acknowledgement>();
  const keys = items.map((item) => ackKey(readerId, item.key));
  const stored = new Map<string, string>();
  // A read per ACKS_PER_READ items, the loop free between (a team of thousands of deals is thousands of keys).
  for (let i = 0; i < keys.length; i += ACKS_PER_READ) {
    if (i > 0) await pause();
    for (const [k, v] of await tx.settings.getMany(keys.slice(i, i + ACKS_PER_READ))) stored.set(k, v);
  }
  for (const item of items) {
    const raw = stored.get(ackKey(readerId, item.key));
    if (raw === undefined) continue;
    try {
      out.set(item.key, JSON.parse(raw) as Acknowledgement);
    } catch {
      // An unreadable acknowledgement acknowledges nothing: the item shows again.
    }
  }
  return out;
}

export async function saveAcknowledgement(
  tx: Tx,
  readerId: string,
  itemKey: string,
  ack: Acknowledgement,
): Promise<void> {
  await tx.settings.set(ackKey(readerId, itemKey), JSON.stringify(ack));
}

/**
 * The reader's patrol of one team, inside `tx`: with `fold`, the notices held for the reader are folded into it
 * (marked `folded`, shown here instead of being sent at the working day's start).
 */
export async function patrolItems(
  tx: Tx,
  reader: Person,
  facts: TeamFacts,
  fold: boolean,
  now: number,
): Promise<PatrolItem[]> {
  const night: NightFact[] = [];
  if (fold)
    for (const n of await tx.outbox.heldFor(reader.id, NIGHT_LIMIT))
      if (await tx.outbox.fold(n.id, now)) night.push(await nightFact(tx, n));
  // buildPatrol's list, from the team's lines listed beforehand.
  const items = withNight(facts.listed, night);
  return arrangePatrol(items, await acknowledgements(tx, reader.id, items));
}
