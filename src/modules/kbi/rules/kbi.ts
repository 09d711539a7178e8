// Key behaviour indicators (F21), computed from the event log: every trigger opens an opportunity for a
// rep, met when an expected event follows on the same lead (and deal), by the same rep, before the deadline.
//
// Which working day an opportunity counts on: the day it was settled — met on time: when the expected event
// happened; missed: when the deadline passed. A working day D covers the moments after the previous working
// day's evaluation time (rules.kbi.evaluateAt) up to D's own, so the 18:00 evaluation of D is final for D,
// and what is settled on Friday evening, a weekend or a holiday counts on the next working day. Weekends and
// holidays carry no KBI day. Opportunities neither met nor past their deadline are open (the to-do list).
import { DateTime } from 'luxon';
import { isWorkingDay, type WorkCalendar } from '../../../kernel/calendar.ts';
import { clockDeadline, DEFAULT_WORKING_HOURS, type ClockMode } from '../../../kernel/work-clock.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import type { EventMatch, KbiDefinition, KbiRules } from './kbi-rules.ts';

/** `ended`: the lead left the rep before the deadline, undone (released, passed, claimed by someone else): no
 * longer their to-do, and neither met nor missed. A lead taken back for want of a follow-up is a miss. */
export type OpportunityStatus = 'met' | 'missed' | 'open' | 'ended';

export interface Opportunity {
  kbiId: string;
  repId: string;
  leadId: number | null;
  dealId: number | null;
  triggerAt: number;
  deadline: number;
  /** When the expected event happened (possibly late), or null. */
  metAt: number | null;
  status: OpportunityStatus;
  /** The working day (`YYYY-MM-DD`) it counts on; null while open. */
  day: string | null;
}

/** One miss, machine-readable: which indicator, lead/deal, when it was triggered and due. */
export interface KbiMiss {
  code: 'KBI_MISSED';
  kbiId: string;
  leadId: number | null;
  dealId: number | null;
  triggerAt: number;
  deadline: number;
  /** Done after the deadline (still a miss), or null when not done at all. */
  lateAt: number | null;
}

export interface KbiTally {
  due: number;
  met: number;
  missed: number;
}

export interface KbiDay {
  repId: string;
  day: string;
  byKbi: Record<string, KbiTally>;
  due: number;
  met: number;
  /** met / due; null when nothing was due — a day with nothing due is not a bad day. */
  rate: number | null;
  misses: KbiMiss[];
}

export function matchesEvent(e: LeadEvent, m: EventMatch): boolean {
  if (e.type !== m.type) return false;
  const fields = e as unknown as Record<string, unknown>;
  return Object.entries(m.where ?? {}).every(([field, values]) => {
    const v = fields[field];
    return (
      (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && values.includes(String(v))
    );
  });
}

function dealIdOf(e: LeadEvent): number | null {
  return 'dealId' in e ? e.dealId : null;
}

/** Who did it: the event's `by` where it names one, else the actor, else the lead's owner at the time. */
function personOf(e: LeadEvent, owner: number | null, owners: Map<number, string>): string | null {
  if ((e.type === 'lead.claimed' || e.type === 'lead.touched') && e.by) return e.by;
  if (e.actorId !== null) return e.actorId;
  return owner === null ? null : (owners.get(owner) ?? null);
}

/** The working day a moment counts on: D covers (previous working day's evaluation, D's evaluation]. */
export function kbiDayOf(at: number, evaluateAt: string, zone: string, cal: WorkCalendar): string {
  const [h, m] = evaluateAt.split(':').map(Number);
  let day = DateTime.fromMillis(at, { zone }).startOf('day');
  if (at > day.set({ hour: h ?? 0, minute: m ?? 0 }).toMillis()) day = day.plus({ days: 1 });
  for (let i = 0; i < 3660 && !isWorkingDay(day, cal); i++) day = day.plus({ days: 1 });
  return day.toISODate() ?? '';
}

/**
 * kbiDayOf, remembering each working day's span: the moments after the previous working day's evaluation up to
 * D's own all count on D, so once D is worked out for one of them the others are answered without luxon (which
 * took 2.4 s of 3 for 40 000 opportunities). A span is kept only when its bounds fall on their own dates.
 */
export function kbiDayFinder(evaluateAt: string, zone: string, cal: WorkCalendar): (at: number) => string {
  const [h, m] = evaluateAt.split(':').map(Number);
  const evaluation = (day: DateTime) => day.set({ hour: h ?? 0, minute: m ?? 0 }).toMillis();
  const spans: Array<{ after: number; upTo: number; day: string }> = [];
  return (at) => {
    for (const s of spans) if (at > s.after && at <= s.upTo) return s.day;
    const day = kbiDayOf(at, evaluateAt, zone, cal);
    const d = DateTime.fromISO(day, { zone });
    let prev = d.minus({ days: 1 });
    for (let i = 0; i < 3660 && !isWorkingDay(prev, cal); i++) prev = prev.minus({ days: 1 });
    const after = evaluation(prev);
    const upTo = evaluation(d);
    const dateOf = (t: number) => DateTime.fromMillis(t, { zone }).toISODate();
    if (
      isWorkingDay(prev, cal) &&
      at > after &&
      at <= upTo &&
      dateOf(after) === prev.toISODate() &&
      dateOf(upTo) === day
    )
      spans.push({ after, upTo, day });
    return day;
  };
}

export interface OpportunityInput {
  rules: KbiRules;
  /** The log slice: every event from (earliest trigger of interest − longest limit) to `until`. */
  events: readonly LeadEvent[];
  /** Only these people's opportunities count (the reps). */
  repIds: readonly string[];
  /** The evaluation moment: later events are not seen, deadlines after it are still open. */
  until: number;
  zone: string;
  calendar: WorkCalendar;
  /**
   * The clock limitHours run on: the lead follow-up clock (rules.clocks.followUp), so a first-touch to-do and
   * the lead's own follow-up deadline are one and the same moment. Default: working days.
   */
  clock?: ClockMode;
}

export function findOpportunities(input: OpportunityInput): Opportunity[] {
  const { rules, until, zone, calendar } = input;
  const clock = input.clock ?? 'working_days';
  const reps = new Set(input.repIds);
  const events = input.events.filter((e) => e.at <= until).sort((a, b) => a.at - b.at);
  // Who owns each lead, as the log goes: the fallback actor for events the system recorded (a risk phrase).
  const owners = new Map<number, string>();
  const people: Array<string | null> = [];
  for (const e of events) {
    people.push(personOf(e, e.leadId, owners));
    if (e.leadId === null) continue;
    if (e.type === 'lead.claimed') owners.set(e.leadId, e.by);
    if (e.type === 'lead.released' || e.type === 'lead.reverted' || e.type === 'lead.passed')
      owners.delete(e.leadId);
  }
  // Each lead's events (their indexes, in order), and where each event stands among its lead's: a trigger is
  // settled by its own lead's later events only, so it looks at those rather than at every later event (a
  // scan to the end of the slice for each open trigger was quadratic over weeks of the log, issue 23).
  const ofLead = new Map<number | null, number[]>();
  const place: number[] = [];
  events.forEach((e, i) => {
    let list = ofLead.get(e.leadId);
    if (list === undefined) ofLead.set(e.leadId, (list = []));
    place.push(list.length);
    list.push(i);
  });
  const dayOf = kbiDayFinder(rules.evaluateAt, zone, calendar);
  const out: Opportunity[] = [];
  events.forEach((trigger, i) => {
    const repId = people[i] ?? null;
    if (repId === null || !reps.has(repId)) return;
    const later = { events, people, indexes: ofLead.get(trigger.leadId) ?? [], from: (place[i] ?? 0) + 1 };
    for (const kbi of rules.indicators) {
      if (!matchesEvent(trigger, kbi.trigger)) continue;
      out.push(settle(kbi, trigger, repId, later, until, dayOf, zone, calendar, clock));
    }
  });
  return out;
}

function settle(
  kbi: KbiDefinition,
  trigger: LeadEvent,
  repId: string,
  /** The trigger's lead's events after it: `indexes[from…]` into `events` and `people`. */
  later: {
    events: readonly LeadEvent[];
    people: ReadonlyArray<string | null>;
    indexes: readonly number[];
    from: number;
  },
  until: number,
  dayOf: (at: number) => string,
  zone: string,
  calendar: WorkCalendar,
  clock: ClockMode,
): Opportunity {
  const deadline = kbiDeadline(trigger.at, kbi.limitHours, clock, zone, calendar);
  const dealId = dealIdOf(trigger);
  let metAt: number | null = null;
  let leftAt: number | null = null;
  let takenBackAt: number | null = null;
  const { events, people, indexes } = later;
  for (let k = later.from; k < indexes.length && metAt === null && leftAt === null; k++) {
    const j = indexes[k] ?? -1;
    const e = events[j];
    if (e === undefined || e.leadId !== trigger.leadId) continue;
    if (trigger.leadId !== null && e.type === 'lead.reverted' && e.from === repId) {
      takenBackAt = e.at;
      break;
    }
    if (trigger.leadId !== null && leftRep(e, repId)) {
      leftAt = e.at;
      break;
    }
    if (people[j] !== repId) continue;
    if (dealId !== null && dealIdOf(e) !== null && dealIdOf(e) !== dealId) continue;
    if (kbi.expected.some((m) => matchesEvent(e, m))) metAt = e.at;
  }
  const base = {
    kbiId: kbi.id,
    repId,
    leadId: trigger.leadId,
    dealId,
    triggerAt: trigger.at,
    deadline,
    metAt,
  };
  if (metAt !== null && metAt <= deadline) return { ...base, status: 'met', day: dayOf(metAt) };
  if (leftAt !== null && leftAt < deadline) return { ...base, status: 'ended', day: null };
  // Taken back for want of a follow-up: missed then, not a to-do left on the list until the deadline.
  if (takenBackAt !== null && takenBackAt < deadline)
    return { ...base, status: 'missed', day: dayOf(takenBackAt) };
  if (deadline <= until) return { ...base, status: 'missed', day: dayOf(deadline) };
  return { ...base, status: 'open', day: null };
}

/**
 * An indicator's deadline `limitHours` after its trigger: the one function behind both the KBI to-do list and
 * a lead's follow-up deadline (pool.followUpDeadlines uses the same clockDeadline with the same clock), so
 * `我的指标` and `我的线索` show one deadline per lead.
 */
export function kbiDeadline(
  from: number,
  limitHours: number,
  clock: ClockMode,
  zone: string,
  calendar: WorkCalendar,
): number {
  // Working hours play no part on these clocks (working_days or wall), only the calendar does.
  return clockDeadline(from, limitHours, clock, { zone, calendar, hours: DEFAULT_WORKING_HOURS });
}

/** Whether `e` takes the lead away from `repId` without it being their failure to follow up. */
function leftRep(e: LeadEvent, repId: string): boolean {
  if (e.type === 'lead.released' || e.type === 'lead.passed') return e.by === repId;
  if (e.type === 'lead.offer_lapsed') return e.from === repId;
  if (e.type === 'lead.claimed') return e.by !== repId;
  return false;
}

/** Every working day from `fromDay` to `toDay` (inclusive, `YYYY-MM-DD`). */
export function workingDaysFrom(fromDay: string, toDay: string, zone: string, cal: WorkCalendar): string[] {
  const out: string[] = [];
  const end = DateTime.fromISO(toDay, { zone });
  for (let d = DateTime.fromISO(fromDay, { zone }); d <= end && out.length < 3660; d = d.plus({ days: 1 }))
    if (isWorkingDay(d, cal)) out.push(d.toISODate() ?? '');
  return out;
}

/** Per rep per working day: each indicator's due/met/missed, the day's rate and its misses. */
export function kbiDays(
  rules: KbiRules,
  opportunities: readonly Opportunity[],
  repIds: readonly string[],
  days: readonly string[],
): KbiDay[] {
  // Grouped once by rep and day, in the opportunities' order: filtering them all for each (rep, day) was
  // reps × days × opportunities (500 × 21 × 7 000 took 46 s in the batch worker, issue 23).
  const byRepDay = new Map<string, Map<string, Opportunity[]>>();
  for (const o of opportunities) {
    if (o.day === null) continue;
    let ofRep = byRepDay.get(o.repId);
    if (ofRep === undefined) byRepDay.set(o.repId, (ofRep = new Map<string, Opportunity[]>()));
    const list = ofRep.get(o.day);
    if (list === undefined) ofRep.set(o.day, [o]);
    else list.push(o);
  }
  const out: KbiDay[] = [];
  for (const repId of repIds) {
    const ofRep = byRepDay.get(repId);
    for (const day of days) {
      const settled = ofRep?.get(day) ?? [];
      const byKbi: Record<string, KbiTally> = {};
      for (const k of rules.indicators) {
        const mine = settled.filter((o) => o.kbiId === k.id);
        const met = mine.filter((o) => o.status === 'met').length;
        byKbi[k.id] = { due: mine.length, met, missed: mine.length - met };
      }
      const met = settled.filter((o) => o.status === 'met').length;
      const misses = settled
        .filter((o) => o.status === 'missed')
        .map((o): KbiMiss => ({
          code: 'KBI_MISSED',
          kbiId: o.kbiId,
          leadId: o.leadId,
          dealId: o.dealId,
          triggerAt: o.triggerAt,
          deadline: o.deadline,
          lateAt: o.metAt,
        }));
      const due = settled.length;
      out.push({ repId, day, byKbi, due, met, rate: due === 0 ? null : met / due, misses });
    }
  }
  return out;
}
