// F39 rule what-if: reading a period's arrivals (lead, first decision's inputs, the org it read, how long the lead
// was held) on a read-only view of the store, a page at a time. The what-if reads them here; for --verify the read
// worker reads them too, on its own connection (replay-apart.ts).
import type { LeadEvent } from '../../../kernel/events.ts';
import type { RoutingExplanation } from '../../leads/rules/routing.ts';
import type { Person } from '../../../kernel/types.ts';
import { firstHolding, HOLDING_EVENTS, namedIn } from '../rules/whatif.ts';
import { orgOfSnapshot } from './org-snapshot.ts';
import { pause, type HeldArrival } from './replay-both.ts';
import type { EngineDeps } from '../../deps.ts';
import type { EventRepo, LeadRepo, OrgRepo, SettingsRepo, Tx } from '../../ports.ts';

/** Leads read per unit of work, so a long replay never holds the database for long. */
export const PAGE = 1_000;
/**
 * Arrivals read per unit of work: a page's statements run back to back on this thread, and 1,000 leads' (with their
 * holding events) held the event loop for 40–120 ms (issue 23, item 2).
 */
export const ARRIVALS_PAGE = 250;

/** All the replay may touch: readers only, so it cannot write leads, offers or notices. */
export interface HistoryView {
  arrivals: LeadRepo['arrivals'];
  closedByOwner: LeadRepo['closedByOwner'];
  eventsOf: EventRepo['forLeads'];
  firstDecisions: LeadRepo['firstDecisions'];
  orgSnapshots: LeadRepo['orgSnapshots'];
  people: OrgRepo['people'];
  teams: OrgRepo['teams'];
  repStats: OrgRepo['repStats'];
  setting: SettingsRepo['get'];
}

function historyView(tx: Tx): HistoryView {
  return {
    arrivals: (...a) => tx.leads.arrivals(...a),
    closedByOwner: (...a) => tx.leads.closedByOwner(...a),
    eventsOf: (...a) => tx.events.forLeads(...a),
    firstDecisions: (...a) => tx.leads.firstDecisions(...a),
    orgSnapshots: (...a) => tx.leads.orgSnapshots(...a),
    people: () => tx.org.people(),
    teams: () => tx.org.teams(),
    repStats: () => tx.org.repStats(),
    setting: (...a) => tx.settings.get(...a),
  };
}

export function read<T>(deps: EngineDeps, fn: (view: HistoryView) => Promise<T>): Promise<T> {
  return deps.store.transaction((tx) => fn(historyView(tx)));
}

/**
 * The arrivals of [from, to), oldest first. `peopleNow`: how many people the org has now (a decision naming fewer
 * was made before some joined); `full` (verify): who was there is worked out for every such decision.
 */
export async function readArrivals(
  deps: EngineDeps,
  from: number,
  to: number,
  peopleNow: number,
  full: boolean,
): Promise<HeldArrival[]> {
  const arrivals: HeldArrival[] = [];
  // Each org snapshot once, as one shared array: the replay works out its members once per snapshot.
  const snapshots = new Map<string, Person[] | null>();
  for (let after = 0; ;) {
    const page = await read(deps, async (v) => {
      // The stored decisions themselves (large) are not read here: `verify` reads them slice by slice below.
      const stored = await v.arrivals(from, to, after, ARRIVALS_PAGE, false);
      const events = await v.eventsOf(
        stored.map((s) => s.leadId),
        HOLDING_EVENTS,
      );
      // A decision naming fewer people than the org has now was made before some of them joined: who was there?
      // (Only for decisions without the org snapshot, which says it; with `verify`, for every such decision.)
      const unsure = stored.filter((s) => s.named !== peopleNow && (full || s.org === null));
      const decisions =
        unsure.length === 0
          ? new Map<number, RoutingExplanation>()
          : await v.firstDecisions(unsure.map((s) => s.leadId));
      const wanted = [...new Set(stored.map((s) => s.org).filter((h): h is string => h !== null))].filter(
        (h) => !snapshots.has(h),
      );
      const orgs = wanted.length === 0 ? new Map<string, string>() : await v.orgSnapshots(wanted);
      return { stored, events, decisions, wanted, orgs };
    });
    for (const h of page.wanted) {
      const text = page.orgs.get(h);
      snapshots.set(h, text === undefined ? null : orgOfSnapshot(text));
    }
    const byLead = new Map<number | null, LeadEvent[]>();
    for (const e of page.events) {
      const list = byLead.get(e.leadId);
      if (list === undefined) byLead.set(e.leadId, [e]);
      else list.push(e);
    }
    for (const s of page.stored) {
      const decision = page.decisions.get(s.leadId) ?? null;
      arrivals.push({
        leadId: s.leadId,
        at: s.at,
        fields: s.fields,
        winnerId: s.winnerId,
        present: decision === null || s.named === peopleNow ? null : namedIn(decision),
        inputs: s.inputs,
        rules: s.rules,
        org: s.org === null ? null : (snapshots.get(s.org) ?? null),
        heldFor: firstHolding(s.winnerId, s.at, byLead.get(s.leadId) ?? [], deps.rules),
      });
    }
    if (page.stored.length < ARRIVALS_PAGE) break;
    after = (page.stored.at(-1) as { leadId: number }).leadId;
    await pause();
  }
  // Read in id order, which is arrival order unless leads were imported with earlier dates: sorted only then (a
  // sort of 100,000 arrivals is one piece of ~50 ms).
  const before = (a: HeldArrival, b: HeldArrival) => a.at - b.at || a.leadId - b.leadId;
  if (arrivals.some((a, i) => i > 0 && before(arrivals[i - 1] as HeldArrival, a) > 0)) arrivals.sort(before);
  return arrivals;
}
