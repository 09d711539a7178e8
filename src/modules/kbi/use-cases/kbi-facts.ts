// What KBI evaluation and `/kbi` read: the slice of the event log the indicators need, the reps, and the
// facts a warning's notice shows (indicator labels, company names) — always from the log, never from what
// reps typed about themselves.
import { DateTime } from 'luxon';
import type { Localized } from '../../reports/rules/authenticity-rules.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { findOpportunities, kbiDays, workingDaysFrom, type KbiDay, type Opportunity } from '../rules/kbi.ts';
import type { Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import type { StoredWarning, Tx } from '../../ports.ts';
import { isSeller } from '../../leads/rules/routing.ts';
import type { Rules } from '../../rules.ts';

/** Events through which a lead changes hands: who owns a lead when the system records an event on it. */
const OWNERSHIP = ['lead.claimed', 'lead.released', 'lead.reverted', 'lead.passed'] as const;

/** People whose behaviour is measured: active sellers (routing.roles). */
export async function kbiReps(tx: Tx, rules: Rules): Promise<Person[]> {
  return (await tx.org.people()).filter((p) => p.active && isSeller(p, rules));
}

/**
 * Every event the indicators need to settle the opportunities counting on working days from `fromDay` up to
 * `until`: triggers far enough back to fall due in the window (the longest limit, twice over in calendar
 * days, plus a fortnight for holidays), the expected events after them, and each of their leads' earlier
 * changes of hands.
 *
 * With `personId`, only what that person's opportunities need (`kbi`, issue 23: one rep's read of every rep's
 * weeks of events took ~100 ms at 1M leads): the events of the leads they acted on in the span or claimed
 * before its end (tx.events.ofPerson). That is every lead with an event findOpportunities counts as theirs — an
 * event is a person's by its `by` on a claim or touch (whose writers, claimLead, submitLead and touchLead, set
 * the actor to the same person), else by its actor, else by the lead's owner in the log, the last to claim it
 * — and a trigger is settled by its own lead's events only (a lead-less one by that person's lead-less ones),
 * so their opportunities come out the same, in the same order. (Only events before the span that share a
 * millisecond on different leads could come in another order: forLeads orders chunks of 500 leads, not ids.)
 */
export async function kbiEvents(
  tx: Tx,
  deps: EngineDeps,
  fromDay: string,
  until: number,
  zone: string,
  personId?: string,
): Promise<LeadEvent[]> {
  const kbi = deps.rules.kbi;
  const longest = Math.max(24, ...kbi.indicators.map((k) => k.limitHours));
  const from = DateTime.fromISO(fromDay, { zone })
    .minus({ days: Math.ceil(longest / 24) * 2 + 14 })
    .toMillis();
  const types = new Set<string>(OWNERSHIP);
  for (const k of kbi.indicators) {
    types.add(k.trigger.type);
    for (const e of k.expected) types.add(e.type);
  }
  const slice =
    personId === undefined
      ? await tx.events.between(from, until + 1, [...types])
      : await tx.events.ofPerson(personId, from, until + 1, [...types]);
  const leadIds = [...new Set(slice.map((e) => e.leadId).filter((id): id is number => id !== null))];
  const earlier = (await tx.events.forLeads(leadIds, OWNERSHIP)).filter((e) => e.at < from);
  return [...earlier, ...slice];
}

export interface KbiFacts {
  opportunities: Opportunity[];
  rows: KbiDay[];
}

export interface KbiFactsInput {
  repIds: readonly string[];
  fromDay: string;
  toDay: string;
  until: number;
  zone: string;
}

/**
 * kbiOpportunities for the daily evaluation: every rep's weeks of events at once, so in a worker when the
 * server has them (issue 23: it held the loop for seconds at 500 reps), here otherwise. Only the opportunities
 * come back: each rep's day rows are tallied from them rep by rep (copying 500 reps' rows onto the server's
 * thread held it for 65 ms, the opportunities alone for about 10).
 */
export async function kbiOpportunitiesOffLoop(
  deps: EngineDeps,
  input: KbiFactsInput,
): Promise<Opportunity[]> {
  if (deps.reads !== undefined)
    return (await deps.reads.run(
      'kbiOpportunities',
      [{ ...input, repIds: [...input.repIds] }],
      deps,
    )) as Opportunity[];
  return kbiOpportunitiesHere(deps, input);
}

/** kbiOpportunities in a transaction of its own on this thread (a worker calls this, with its read-only store). */
export async function kbiOpportunitiesHere(deps: EngineDeps, input: KbiFactsInput): Promise<Opportunity[]> {
  return deps.store.transaction((tx) => kbiOpportunities(tx, deps, input));
}

/** Opportunities of these reps settled or open at `until`, from the log since before `fromDay`. */
export async function kbiOpportunities(
  tx: Tx,
  deps: EngineDeps,
  input: KbiFactsInput,
): Promise<Opportunity[]> {
  const { repIds, fromDay, until, zone } = input;
  const events = await kbiEvents(tx, deps, fromDay, until, zone, repIds.length === 1 ? repIds[0] : undefined);
  return findOpportunities({
    rules: deps.rules.kbi,
    events,
    repIds,
    until,
    zone,
    calendar: deps.rules.deals.calendar,
    clock: deps.rules.clocks.followUp,
  });
}

/** Opportunities and per-day rows of these reps for the working days fromDay…toDay, as seen at `until`. */
export async function kbiFacts(tx: Tx, deps: EngineDeps, input: KbiFactsInput): Promise<KbiFacts> {
  const { repIds, fromDay, toDay, zone } = input;
  const opportunities = await kbiOpportunities(tx, deps, input);
  const days = workingDaysFrom(fromDay, toDay, zone, deps.rules.deals.calendar);
  return { opportunities, rows: kbiDays(deps.rules.kbi, opportunities, repIds, days) };
}

/** One line of a warning as its notice shows it: the indicator's words and the customer. */
export interface WarningItem {
  kbiId: string;
  kbi: Localized;
  leadId: number | null;
  dealId: number | null;
  company: string;
  deadline: number;
  triggerAt?: number;
  /** Done after the deadline, or null. */
  lateAt?: number | null;
}

/** A warning as its cards show it (the outbox notice's data, and the answer to an Acknowledge click). */
export interface WarningView {
  warningId: number;
  repId: string;
  managerId: string | null;
  day: string;
  tier: StoredWarning['tier'];
  /** The day's rate and the run behind the tier, oldest first. */
  rate: number;
  below: number;
  days: number;
  run: Array<{ day: string; rate: number }>;
  reviewMinutes: number | null;
  todo: WarningItem[];
  deviations: WarningItem[];
  sentAt: number;
  acknowledgedAt: number | null;
  managerAcknowledgedAt: number | null;
  reviewSlots: number[];
}

export async function warningView(tx: Tx, deps: EngineDeps, w: StoredWarning): Promise<WarningView> {
  const labels = new Map(deps.rules.kbi.indicators.map((k) => [k.id, k.label]));
  const companies = new Map<number, string>();
  for (const id of new Set([...w.todo, ...w.deviations].map((x) => x.leadId)))
    if (id !== null) companies.set(id, (await tx.leads.get(id))?.company ?? '');
  const label = (id: string): Localized => labels.get(id) ?? { 'zh-CN': id, en: id };
  return {
    warningId: w.id,
    repId: w.repId,
    managerId: w.managerId,
    day: w.day,
    tier: w.tier,
    rate: w.reason.run.at(-1)?.rate ?? 0,
    below: w.reason.below,
    days: w.reason.days,
    run: w.reason.run,
    reviewMinutes: w.reviewMinutes,
    todo: w.todo.map((x) => ({
      kbiId: x.kbiId,
      kbi: label(x.kbiId),
      leadId: x.leadId,
      dealId: x.dealId,
      company: x.leadId === null ? '' : (companies.get(x.leadId) ?? ''),
      deadline: x.deadline,
    })),
    deviations: w.deviations.map((x) => ({
      kbiId: x.kbiId,
      kbi: label(x.kbiId),
      leadId: x.leadId,
      dealId: x.dealId,
      company: x.leadId === null ? '' : (companies.get(x.leadId) ?? ''),
      deadline: x.deadline,
      triggerAt: x.triggerAt,
      lateAt: x.lateAt,
    })),
    sentAt: w.sentAt,
    acknowledgedAt: w.acknowledgedAt,
    managerAcknowledgedAt: w.managerAcknowledgedAt,
    reviewSlots: w.reviewSlots,
  };
}
