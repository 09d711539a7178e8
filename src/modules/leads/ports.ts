// The leads module's slice of the store: leads, their guards and arrivals, reps' stats.
import type { Lead, LeadFields, LeadStatus } from '../../kernel/types.ts';
import type { RoutingExplanation } from './rules/routing.ts';
import type { RoutingInputs } from '../whatif/rules/whatif.ts';

export type NewLead = Omit<Lead, 'id'> & {
  phoneNorm: string;
  emailNorm: string;
  companyNorm: string;
  /** When the holder is warned of the deadline (a lead inserted already offered); null when absent. */
  warnAt?: number | null;
};

/** A routing decision as stored (F9): the explanation, and the inputs routing read (F39). */
export interface StoredDecision {
  leadId: number;
  at: number;
  explanation: RoutingExplanation;
  inputs?: RoutingInputs;
}

/** Columns that may change after creation. */
export type LeadPatch = Partial<
  Pick<
    Lead,
    | 'status'
    | 'ownerId'
    | 'score'
    | 'scoreBreakdown'
    | 'offeredAt'
    | 'offerExpiresAt'
    | 'claimedAt'
    | 'followUpDueAt'
    | 'firstTouchAt'
    | 'closedAt'
    | 'mergedInto'
    | keyof LeadFields
  >
> & { warnAt?: number | null; phoneNorm?: string; emailNorm?: string; companyNorm?: string };

export interface LeadGuard {
  status: LeadStatus | readonly LeadStatus[];
  ownerId?: string | null;
  /** Only if the offer deadline is at or before this time (a sweep must not act on a renewed offer). */
  offerExpiresBy?: number;
  /** Only if the follow-up deadline is still set and at or before this time. */
  followUpDueBy?: number;
  /** Only if a warning is still pending and due by this time. */
  warnBy?: number;
}

export interface Inquiry {
  leadId: number;
  at: number;
  via: 'api' | 'csv' | 'chat';
  source: string;
  campaign: string;
  fingerprint: string | null;
  payload: LeadFields;
}

export interface DueLead {
  id: number;
  ownerId: string | null;
  dueAt: number;
}

export interface LeadRepo {
  insert(lead: NewLead): Promise<number>;
  get(id: number): Promise<Lead | null>;
  /** These leads by id (an id with no lead is absent). */
  getMany(ids: readonly number[]): Promise<Map<number, Lead>>;
  /** Earlier leads (not merged away) with any of these normalised keys, newest first. */
  findSameCustomer(keys: { phoneNorm: string; emailNorm: string; companyNorm: string }): Promise<Lead[]>;
  /** Conditional update: applies only if the lead still matches `guard`. True when it did. */
  update(id: number, guard: LeadGuard, patch: LeadPatch, now: number): Promise<boolean>;
  /**
   * `update` of many leads, each only if still held by the owner given with it (and matching `guard`), in as few
   * statements as the database allows: the ids it applied to.
   */
  updateHeld(
    held: ReadonlyArray<{ id: number; ownerId: string }>,
    guard: Omit<LeadGuard, 'ownerId'>,
    patch: LeadPatch,
    now: number,
  ): Promise<Set<number>>;
  /** Open leads (offered + owned) per holder. */
  openCounts(): Promise<Map<string, number>>;
  openCount(personId: string): Promise<number>;
  /** Offers past their deadline, oldest first. */
  dueOffers(now: number, limit: number): Promise<DueLead[]>;
  /** Claimed leads with no follow-up past their deadline, oldest first. */
  dueFollowUps(now: number, limit: number): Promise<DueLead[]>;
  /** Leads whose owner should be warned now (the warning time has passed, the deadline has not). */
  dueWarnings(now: number, limit: number): Promise<Array<DueLead & { status: LeadStatus }>>;
  /** The pool, urgent first then by score; `tag` matches loosely: a tag or the industry containing it (医疗 finds
   * 医疗基建). */
  pool(filter: { tag?: string; limit: number; offset?: number }): Promise<Lead[]>;
  /** How many leads the pool holds (with the same loose tag match). */
  poolCount(filter: { tag?: string }): Promise<number>;
  heldBy(personId: string): Promise<Lead[]>;
  addInquiry(inquiry: Inquiry): Promise<boolean>;
  /** The lead an inquiry with this fingerprint went to, or null when it is new. */
  leadForFingerprint(fingerprint: string): Promise<number | null>;
  /** When the customer reached us about this lead, including leads merged into it. */
  inquiryTimes(leadId: number): Promise<number[]>;
  /**
   * Stores these routing decisions in this order, as one by one would (a statement per many: a group's decisions
   * are written together, issue 23 item 4).
   */
  addRoutingDecisions(decisions: readonly StoredDecision[]): Promise<void>;
  routingDecisions(leadId: number): Promise<Array<{ at: number; explanation: RoutingExplanation }>>;
  /** Ids of every lead, for checks and reports. */
  countByStatus(): Promise<Record<string, number>>;
  // F39 rule what-if: read-only history.
  /**
   * Leads created in [from, to) after lead `afterId`, by id: fields as they arrived and the first routing
   * decision — its winner, inputs and how many people it named, and (only when `full`) the whole decision.
   */
  arrivals(from: number, to: number, afterId: number, limit: number, full: boolean): Promise<StoredArrival[]>;
  /** F39: keeps an org snapshot (orgSnapshotOf) under its hash; a hash already kept is left as it is. */
  saveOrgSnapshot(hash: string, people: string): Promise<void>;
  /** The stored org snapshots of these hashes (text as saved); unknown hashes are absent. */
  orgSnapshots(hashes: readonly string[]): Promise<Map<string, string>>;
  /** The first routing decision of each of these leads. */
  firstDecisions(leadIds: readonly number[]): Promise<Map<number, RoutingExplanation>>;
  /**
   * The first routing decision of each of these leads, against the one expected of it (its JSON text, as
   * JSON.stringify gives it): `true` where it was stored as exactly that decision (so it need not be parsed), else
   * the stored decision. Leads without one are absent.
   */
  firstDecisionsAgainst(
    expected: ReadonlyMap<number, string>,
  ): Promise<Map<number, RoutingExplanation | true>>;
  /** Closed leads per owner, closed before `before`: [won, closed]. */
  closedByOwner(before: number): Promise<Map<string, [number, number]>>;
}

export interface StoredArrival {
  leadId: number;
  at: number;
  fields: LeadFields;
  winnerId: string | null;
  /** People the decision named (considered, others, skipped); null when unreadable. */
  named: number | null;
  /**
   * What routing read (RoutingInputs) as stored, JSON text, parsed by whoever uses it: a what-if holds a whole
   * period's arrivals before replaying them, and their parsed inputs (≈50 small arrays each) were most of its heap
   * (issue 23, item 5). Null for decisions stored before inputs were kept.
   */
  inputs: string | null;
  /** Of the inputs: the routing rules' fingerprint and the org snapshot's hash (null where absent). */
  rules: string | null;
  org: string | null;
  decision: RoutingExplanation | null;
}

export interface RepStats {
  winRate30d: number | null;
  avgFollowUpMinutes: number | null;
}
