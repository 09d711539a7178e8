// The morning patrol (issue 21): pushed at rules.patrol.at on working days to each team's managers (and the
// directors, for every team), and on demand with `today` / `今日`; its buttons' nudge and acknowledgement.
//
// Sent once per reader and day across instances and restarts (the `job` key is taken in the transaction that
// queues the cards); a bot that was down at the time sends it when back, until the working day ends.
import { DateTime } from 'luxon';
import { isWorkingDay } from '../../../kernel/calendar.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { notice } from '../../notice-data.ts';
import type { Tx } from '../../ports.ts';
import { pause } from '../../in-groups.ts';
import { ITEMS_PER_PAGE, itemByKey, type PatrolItem, type PatrolPage } from '../rules/patrol.ts';
import { patrolItems, saveAcknowledgement, teamFacts, teamsOf, type TeamFacts } from './team-patrol.ts';

export function pagesOf(items: readonly PatrolItem[], facts: TeamFacts, manage: boolean): PatrolPage[] {
  const pages = Math.max(1, Math.ceil(items.length / ITEMS_PER_PAGE));
  return Array.from({ length: pages }, (_, i) => ({
    team: facts.team?.name ?? null,
    date: facts.date,
    items: items.slice(i * ITEMS_PER_PAGE, (i + 1) * ITEMS_PER_PAGE),
    first: i * ITEMS_PER_PAGE + 1,
    total: items.length,
    page: i + 1,
    pages,
    manage,
  }));
}

/** Patrol cards queued per statement. */
const CARDS_PER_SLICE = 200;

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

export interface MorningPatrolResult {
  /** The day (`YYYY-MM-DD`), or null when no patrol is due now. */
  day: string | null;
  readers: number;
  cards: number;
}

/** Sends today's patrol to every reader who has not had it yet, when it is due. Safe to call every minute. */
export async function sendMorningPatrol(
  deps: EngineDeps,
  now: number = deps.clock(),
): Promise<MorningPatrolResult> {
  const none: MorningPatrolResult = { day: null, readers: 0, cards: 0 };
  const settings = deps.rules.patrol;
  if (!settings.enabled) return none;
  const { zone, people, teams } = await deps.store.transaction(async (tx) => ({
    zone: await orgTimezone(tx, deps),
    people: await tx.org.people(),
    teams: await tx.org.teams(),
  }));
  const today = DateTime.fromMillis(now, { zone }).startOf('day');
  if (!isWorkingDay(today, deps.rules.deals.calendar)) return none;
  const from = today.plus({ minutes: minutesOf(settings.at) }).toMillis();
  const until = today.plus({ minutes: minutesOf(deps.rules.clocks.workingHours.end) }).toMillis();
  if (now < from || now >= until) return none;
  const day = today.toISODate() as string;
  const active = people.filter((p) => p.active && (p.role === 'manager' || p.role === 'director'));
  // Who has not had today's patrol yet: a cheap look first, so the minutes after the send work out no team's
  // facts (they took seconds each minute, issue 23). The key is still taken when queueing, for other instances.
  const readers = await deps.store.transaction(async (tx) => {
    const due: Person[] = [];
    for (const p of active) if (!(await tx.inbound.seen('job', `patrol:${day}:${p.id}`))) due.push(p);
    return due;
  });
  const facts = new Map<string, TeamFacts>();
  let sent = 0;
  let cards = 0;
  for (const reader of readers) {
    const scope = teamsOf(reader, teams);
    if (scope.length === 0) continue;
    for (const team of scope) if (!facts.has(team.id)) facts.set(team.id, await teamFacts(deps, team, now));
    const queued = await deps.store.transaction(async (tx) => {
      if (!(await tx.inbound.firstTime('job', `patrol:${day}:${reader.id}`, now))) return 0;
      let n = 0;
      for (const [i, team] of scope.entries()) {
        // Held notices fold into the first team's card: they are the reader's, not a team's.
        const items = await patrolItems(tx, reader, facts.get(team.id) as TeamFacts, i === 0, now);
        const cards = pagesOf(items, facts.get(team.id) as TeamFacts, true).map((page) =>
          notice({ to: { kind: 'person', id: reader.id }, template: 'patrol.card', data: page }),
        );
        // A statement per slice, the loop free between (a team of thousands of deals is thousands of cards).
        for (let j = 0; j < cards.length; j += CARDS_PER_SLICE) {
          await pause();
          await tx.outbox.enqueueMany(cards.slice(j, j + CARDS_PER_SLICE), now);
        }
        n += cards.length;
      }
      return n;
    });
    if (queued > 0) {
      sent++;
      cards += queued;
    }
  }
  return { day, readers: sent, cards };
}

export type PatrolNow = { kind: 'pages'; pages: PatrolPage[] } | { kind: 'rejected'; reason: 'NOT_YOURS' };

/** `today` / `今日`: the reader's patrol now (a rep's: their own to-do), folding what was held for them. */
export async function patrolNow(deps: EngineDeps, reader: Person): Promise<PatrolNow> {
  const now = deps.clock();
  const teams = await deps.store.transaction((tx) => tx.org.teams());
  const scope = teamsOf(reader, teams);
  if (scope.length === 0) {
    if (!isSellerish(reader, deps)) return { kind: 'rejected', reason: 'NOT_YOURS' };
    const facts = await teamFacts(deps, null, now, reader.id);
    const items = await deps.store.transaction((tx) => patrolItems(tx, reader, facts, false, now));
    return { kind: 'pages', pages: pagesOf(items, facts, false) };
  }
  const pages: PatrolPage[] = [];
  for (const [i, team] of scope.entries()) {
    const facts = await teamFacts(deps, team, now);
    const items = await deps.store.transaction((tx) => patrolItems(tx, reader, facts, i === 0, now));
    pages.push(...pagesOf(items, facts, true));
  }
  return { kind: 'pages', pages };
}

function isSellerish(p: Person, deps: EngineDeps): boolean {
  return deps.rules.routing.roles.includes(p.role) || p.role === 'rep';
}

/** The reader's item by its key, as the patrol lists it now (null: not listed any more). */
async function currentItem(
  deps: EngineDeps,
  reader: Person,
  key: string,
): Promise<{ item: PatrolItem; team: Team } | null> {
  const now = deps.clock();
  const teams = teamsOf(reader, await deps.store.transaction((tx) => tx.org.teams()));
  for (const team of teams) {
    const facts = await teamFacts(deps, team, now);
    const items = await deps.store.transaction((tx) => patrolItems(tx, reader, facts, false, now));
    const item = itemByKey(items, key);
    if (item !== null) return { item, team };
  }
  return null;
}

export type AckResult = { kind: 'acknowledged'; item: PatrolItem } | { kind: 'gone' };

/**
 * Got it: the item stays off the reader's patrol until its fingerprint changes. The acknowledgement keeps what was
 * listed (its reason). A KBI warning acknowledged here is acknowledged by the manager as on its own card.
 */
export async function acknowledgeItem(deps: EngineDeps, reader: Person, key: string): Promise<AckResult> {
  const found = await currentItem(deps, reader, key);
  if (found === null) return { kind: 'gone' };
  const { item } = found;
  const now = deps.clock();
  await deps.store.transaction(async (tx: Tx) => {
    await saveAcknowledgement(tx, reader.id, key, {
      fingerprint: item.fingerprint,
      at: now,
      by: reader.id,
      reason: item.reasons.map((r) => r.code).join(','),
    });
    if (item.warningId !== null && reader.role === 'manager')
      await tx.kbi.acknowledge(item.warningId, 'manager', now);
  });
  return { kind: 'acknowledged', item };
}

export type NudgeResult =
  | { kind: 'nudged'; item: PatrolItem; repId: string }
  | { kind: 'already'; item: PatrolItem; repId: string }
  | { kind: 'gone' };

/** Nudge: the rep gets a DM naming the item and why it is on the patrol, once per item and day. */
export async function nudgeItem(deps: EngineDeps, reader: Person, key: string): Promise<NudgeResult> {
  const found = await currentItem(deps, reader, key);
  if (found?.item.repId == null) return { kind: 'gone' };
  const { item } = found;
  const repId = item.repId as string;
  const now = deps.clock();
  const day = await deps.store.transaction(async (tx) =>
    DateTime.fromMillis(now, { zone: await orgTimezone(tx, deps) }).toISODate(),
  );
  const first = await deps.store.transaction(async (tx) => {
    if (!(await tx.inbound.firstTime('job', `patrol-nudge:${day}:${key}`, now))) return false;
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: repId },
        template: 'patrol.nudge',
        data: { managerId: reader.id, subject: item.subject, reasons: item.reasons, dealId: item.dealId },
      }),
      now,
    );
    return true;
  });
  return { kind: first ? 'nudged' : 'already', item, repId };
}
