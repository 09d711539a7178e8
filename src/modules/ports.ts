// What the engine needs from storage. The store implements these; nothing above it knows SQL.
import type { LeadEvent, SystemEvent } from '../kernel/events.ts';
import type { RoutingExplanation } from './leads/rules/routing.ts';
import type { Deal, DealStatus, EvidenceItem } from './deals/rules/deals.ts';
import type { ForecastSnapshot, StageProbability } from './kbi/rules/forecast.ts';
import type { KbiDay, KbiMiss } from './kbi/rules/kbi.ts';
import type { PeriodKind } from './kbi/rules/targets.ts';
import type { KbiWarning, PointsEntry, TodoItem, WarningTier } from './kbi/rules/warnings.ts';
import type { RoutingInputs } from './whatif/rules/whatif.ts';
import type { Lead, LeadFields, LeadStatus, Person, Team } from '../kernel/types.ts';
import type { AuthenticityResult, ReportVisit } from './reports/rules/authenticity.ts';
import type { GeoPoint } from '../kernel/geo.ts';

export interface Store {
  /** One unit of work: everything inside commits together or not at all. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Tx {
  leads: LeadRepo;
  org: OrgRepo;
  events: EventRepo;
  outbox: OutboxRepo;
  deliveries: DeliveryRepo;
  apiKeys: ApiKeyRepo;
  settings: SettingsRepo;
  inbound: InboundRepo;
  deals: DealRepo;
  reports: ReportRepo;
  kbi: KbiRepo;
  targets: TargetRepo;
}

/** Where uploaded evidence files are kept (the data directory on disk). */
export interface FileStore {
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  get(sha256: string): Promise<Uint8Array | null>;
  /** Deletes the file; false when there was none. */
  remove(sha256: string): Promise<boolean>;
}

export type NewDeal = Omit<Deal, 'id'>;
export type DealPatch = Partial<
  Pick<
    Deal,
    | 'stage'
    | 'stageEnteredAt'
    | 'stageDueAt'
    | 'status'
    | 'doubtful'
    | 'health'
    | 'closedAt'
    | 'stallAlertedAt'
  >
>;

export interface NewEvidence extends Omit<EvidenceItem, 'id'> {
  mime: string | null;
  size: number | null;
  pages: number | null;
  sha256: string | null;
}

export type DealTaskKind = 'stall_analysis' | 'request' | 'sop' | 'handover';

export interface DealTask {
  id: number;
  dealId: number;
  kind: DealTaskKind;
  stage: string;
  assigneeId: string;
  requesterId: string | null;
  title: string;
  dueAt: number;
  remindAt: number | null;
  remindedAt: number | null;
  escalatedAt: number | null;
  doneAt: number | null;
  data: Record<string, unknown>;
  createdAt: number;
}

export interface DealRepo {
  insert(deal: NewDeal): Promise<number>;
  get(id: number): Promise<Deal | null>;
  byLead(leadId: number): Promise<Deal | null>;
  /** Conditional update: applies only while the deal is still in `guard.stage` (and `guard.status`). */
  update(
    id: number,
    guard: { stage?: string; status?: DealStatus; stallAlerted?: false },
    patch: DealPatch,
  ): Promise<boolean>;
  ownedBy(personId: string, status?: DealStatus): Promise<Deal[]>;
  /** Deals won in [from, to), by closing time (F24 progress, F26 scoring). */
  wonBetween(from: number, to: number): Promise<Deal[]>;
  /** Every open deal (F26 weighted pipeline). */
  openDeals(): Promise<Deal[]>;
  /** Open deals past their stage's time limit whose stall alert has not gone out, oldest first. */
  dueStalls(now: number, limit: number): Promise<Deal[]>;
  addEvidence(item: NewEvidence): Promise<number>;
  evidence(dealId: number): Promise<EvidenceItem[]>;
  addTask(task: Omit<DealTask, 'id' | 'escalatedAt' | 'doneAt' | 'remindedAt'>): Promise<number>;
  task(id: number): Promise<DealTask | null>;
  openTasks(dealId: number, kind?: DealTaskKind): Promise<DealTask[]>;
  /** Unfinished, unescalated tasks past their due time, oldest first. */
  dueTasks(now: number, limit: number): Promise<DealTask[]>;
  /** Marks a task done (false if it already was). */
  finishTask(id: number, now: number, data: Record<string, unknown>): Promise<boolean>;
  /** Marks a task escalated (false if it was done or escalated meanwhile). */
  escalateTask(id: number, now: number): Promise<boolean>;
  /** Unfinished tasks whose reminder time has passed and that were not reminded yet, oldest first. */
  dueReminders(now: number, limit: number): Promise<DealTask[]>;
  /** Marks a task reminded (false if done or reminded meanwhile). */
  markReminded(id: number, now: number): Promise<boolean>;
  /** Tasks assigned to a person and still open. */
  openTasksOf(personId: string): Promise<DealTask[]>;
  people(dealId: number): Promise<KeyPerson[]>;
  addPerson(p: Omit<KeyPerson, 'id'>): Promise<number>;
  updatePerson(id: number, patch: Partial<Omit<KeyPerson, 'id' | 'dealId' | 'createdAt'>>): Promise<void>;
  /** Open deals with at least one active key person and none in touch since `before`. */
  silentDeals(before: number, limit: number): Promise<Deal[]>;
}

/** A key person of a deal's decision chain (F14). */
export interface KeyPerson {
  id: number;
  dealId: number;
  name: string;
  title: string;
  concern: string;
  /** 0–100. */
  influence: number;
  status: 'active' | 'left';
  lastContactAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface InboundRepo {
  /** Records a platform callback; true the first time it is seen, false for a redelivery. */
  firstTime(platform: string, key: string, now: number): Promise<boolean>;
  /** True when this key was recorded (and not forgotten since). */
  seen(platform: string, key: string): Promise<boolean>;
  /** Forgets one key again (a single-use form link whose submission was invalid may be sent once more). */
  release(platform: string, key: string): Promise<void>;
  /** Forgets callbacks seen before `before` (platforms stop redelivering within hours). */
  forget(before: number): Promise<number>;
}

export type NewLead = Omit<Lead, 'id'> & { phoneNorm: string; emailNorm: string; companyNorm: string };

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
  /** Earlier leads (not merged away) with any of these normalised keys, newest first. */
  findSameCustomer(keys: { phoneNorm: string; emailNorm: string; companyNorm: string }): Promise<Lead[]>;
  /** Conditional update: applies only if the lead still matches `guard`. True when it did. */
  update(id: number, guard: LeadGuard, patch: LeadPatch, now: number): Promise<boolean>;
  /** Open leads (offered + owned) per holder. */
  openCounts(): Promise<Map<string, number>>;
  openCount(personId: string): Promise<number>;
  /** Offers past their deadline, oldest first. */
  dueOffers(now: number, limit: number): Promise<DueLead[]>;
  /** Claimed leads with no follow-up past their deadline, oldest first. */
  dueFollowUps(now: number, limit: number): Promise<DueLead[]>;
  /** Leads whose owner should be warned now (the warning time has passed, the deadline has not). */
  dueWarnings(now: number, limit: number): Promise<Array<DueLead & { status: LeadStatus }>>;
  pool(filter: { tag?: string; limit: number }): Promise<Lead[]>;
  heldBy(personId: string): Promise<Lead[]>;
  addInquiry(inquiry: Inquiry): Promise<boolean>;
  /** The lead an inquiry with this fingerprint went to, or null when it is new. */
  leadForFingerprint(fingerprint: string): Promise<number | null>;
  /** When the customer reached us about this lead, including leads merged into it. */
  inquiryTimes(leadId: number): Promise<number[]>;
  addRoutingDecision(
    leadId: number,
    at: number,
    explanation: RoutingExplanation,
    inputs?: RoutingInputs,
  ): Promise<void>;
  routingDecisions(leadId: number): Promise<Array<{ at: number; explanation: RoutingExplanation }>>;
  /** Ids of every lead, for checks and reports. */
  countByStatus(): Promise<Record<string, number>>;
  // F39 rule what-if: read-only history.
  /**
   * Leads created in [from, to) after lead `afterId`, by id: fields as they arrived and the first routing
   * decision — its winner, inputs and how many people it named, and (only when `full`) the whole decision.
   */
  arrivals(from: number, to: number, afterId: number, limit: number, full: boolean): Promise<StoredArrival[]>;
  /** The first routing decision of each of these leads. */
  firstDecisions(leadIds: readonly number[]): Promise<Map<number, RoutingExplanation>>;
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
  inputs: RoutingInputs | null;
  decision: RoutingExplanation | null;
}

export interface RepStats {
  winRate30d: number | null;
  avgFollowUpMinutes: number | null;
}

export interface OrgRepo {
  upsertTeam(team: Team, now: number): Promise<'created' | 'updated' | 'unchanged'>;
  upsertPerson(person: Person, now: number): Promise<'created' | 'updated' | 'unchanged'>;
  team(id: string): Promise<Team | null>;
  teams(): Promise<Team[]>;
  person(id: string): Promise<Person | null>;
  /** Holds this person's row until the end of the transaction, so their claims are decided one at a time. */
  lockPerson(id: string): Promise<void>;
  people(): Promise<Person[]>;
  personByIdentity(platform: 'slack' | 'wecom' | 'dingtalk', platformId: string): Promise<Person | null>;
  lastAssigned(): Promise<Map<string, number>>;
  setLastAssigned(personId: string, at: number): Promise<void>;
  repStats(): Promise<Map<string, RepStats>>;
  /** Recompute win rate and follow-up speed per person over [since, now]. */
  refreshRepStats(since: number, now: number): Promise<number>;
}

export interface StoredEvent {
  id: number;
  event: LeadEvent;
}

export interface EventRepo {
  append(event: LeadEvent | SystemEvent): Promise<number>;
  forLead(leadId: number): Promise<LeadEvent[]>;
  /** Market claims by this person since a time (the daily cap). */
  countMarketClaims(personId: string, since: number): Promise<number>;
  /** Events of the given types in [from, to), oldest first. */
  between(from: number, to: number, types?: readonly string[]): Promise<LeadEvent[]>;
  /** Every event of these leads (only of these types, when given), oldest first. */
  forLeads(leadIds: readonly number[], types?: readonly string[]): Promise<LeadEvent[]>;
  /**
   * F30: the deals of `pipeline` that entered a stage (a deal.created or deal.advanced event) in [from, to),
   * with every event of theirs of the given types before `before` (and at or after `since`, when given), oldest
   * first (by at, then as appended), and each deal's owner.
   */
  dealStageLog(q: {
    pipeline: string;
    from: number;
    to: number;
    before: number;
    types: readonly string[];
    since?: number;
  }): Promise<{ events: LeadEvent[]; owners: Map<number, string> }>;
  count(): Promise<number>;
}

/** A person (DM), a team (its channel), or every card already sent about a lead (to update them). */
export type Recipient =
  { kind: 'person'; id: string } | { kind: 'team'; id: string } | { kind: 'lead'; id: string };

/** A notice for someone, as a template id and its data; the messages layer renders it per platform and locale. */
/** A notice as the outbox keeps it: any template and data, including those written by older versions. */
export interface StoredNotice {
  to: Recipient;
  template: string;
  data: Record<string, unknown>;
  leadId?: number;
}

declare const typedNotice: unique symbol;

/**
 * A notice to queue, made by `notice()` (notice-data.ts), which types its data by its template: a plain object
 * is not one, so an unknown template or a payload of the wrong shape is a compile error at the call.
 */
export interface Notice extends StoredNotice {
  readonly [typedNotice]: true;
}

export interface OutboxRow extends StoredNotice {
  id: number;
  createdAt: number;
  /** pending → dispatched (fanned out into deliveries). */
  status: 'pending' | 'dispatched';
  attempts: number;
}

export interface OutboxRepo {
  enqueue(notice: Notice, now: number): Promise<number>;
  list(filter: { status?: OutboxRow['status']; limit: number }): Promise<OutboxRow[]>;
  get(id: number): Promise<OutboxRow | null>;
  /** Pending notices, oldest first, held for this transaction (another instance skips them). */
  takePending(limit: number): Promise<OutboxRow[]>;
  /** Marks a notice fanned out into deliveries; false if another instance did it first. */
  markDispatched(id: number, now: number): Promise<boolean>;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'parked';

export interface NewDelivery {
  noticeId: number;
  platform: string;
  address: { kind: 'user' | 'channel'; id: string };
  recipient: { kind: 'person' | 'team'; id: string };
  leadId: number | null;
  action: 'post' | 'update';
  /** For an update: the delivery whose message it replaces. */
  targetId: number | null;
}

export interface DeliveryRow extends NewDelivery {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  reconcile: boolean;
  platformRef: string | null;
  /** The card as last sent, JSON. */
  card: string | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface DeliveryRepo {
  add(d: NewDelivery, now: number): Promise<number>;
  get(id: number): Promise<DeliveryRow | null>;
  /** Posts about a lead that reached their platform, so their messages can be updated. */
  sentPostsForLead(leadId: number): Promise<DeliveryRow[]>;
  /**
   * Takes due deliveries that are first in line for their address (one per address, so each address gets
   * its messages in order), marks them `sending` with a lease until `leaseUntil`, and returns them.
   */
  claimDue(now: number, leaseUntil: number, limit: number): Promise<DeliveryRow[]>;
  /** Deliveries whose worker died mid-send (lease expired): pending again, to be reconciled before resending. */
  releaseExpired(now: number): Promise<number>;
  markSent(id: number, ref: string, card: string, now: number): Promise<void>;
  /** Back to pending until `nextAttemptAt`; `countAttempt` false for our own rate limiting (no failure). */
  retryLater(id: number, nextAttemptAt: number, error: string | null, countAttempt: boolean): Promise<void>;
  park(id: number, error: string): Promise<void>;
  /** Records the card now shown by an updated message. */
  setCard(id: number, card: string): Promise<void>;
  /** An admin's retry of a parked delivery. */
  unpark(id: number, now: number): Promise<boolean>;
  list(filter: { status?: DeliveryStatus; limit: number }): Promise<DeliveryRow[]>;
  /** Sent posts on a platform to any of these recipients, newest first. */
  inbox(
    platform: string,
    recipients: ReadonlyArray<{ kind: 'person' | 'team'; id: string }>,
    limit: number,
  ): Promise<DeliveryRow[]>;
}

export interface ApiKeyRepo {
  create(name: string, hash: string, now: number): Promise<'created' | 'name_taken'>;
  findByHash(hash: string): Promise<{ id: number; name: string } | null>;
  markUsed(id: number, now: number): Promise<void>;
  list(): Promise<Array<{ name: string; createdAt: number; lastUsedAt: number | null; revoked: boolean }>>;
  revoke(name: string, now: number): Promise<boolean>;
}

export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Removes a setting and returns what it was; of two callers at once, only one gets it. */
  take(key: string): Promise<string | null>;
}

// --- daily reports (F28–F29)
/** A ticked key action of the day: what it was and about which lead or deal. */
export interface KeyAction {
  kind: 'visit' | 'call' | 'claim' | 'advance' | 'evidence';
  leadId: number;
  dealId: number | null;
  customer: string;
  /** For `advance`: the stage reached. */
  stage: string | null;
}

export interface StoredReport {
  id: number;
  repId: string;
  teamId: string | null;
  date: string;
  status: 'draft' | 'filed';
  keyActions: KeyAction[];
  summary: string;
  photoId: number | null;
  /** The visits as filed (ReportVisit of src/modules/reports/rules/authenticity.ts). */
  visits: ReportVisit[];
  score: number | null;
  result: AuthenticityResult | null;
  openedAt: number;
  submittedAt: number | null;
  late: boolean;
  confirmedAt: number | null;
}

export interface StoredPhoto {
  id: number;
  repId: string;
  teamId: string | null;
  reportId: number | null;
  leadId: number | null;
  sha256: string;
  hash: string;
  exifTakenAt: number | null;
  exifPlace: GeoPoint | null;
  sentAt: number;
  /** When its file was purged (the row and hash stay); absent or null while the file is kept. */
  purgedAt?: number | null;
}

export interface CheckIn {
  id: number;
  repId: string;
  leadId: number;
  at: number;
  place: GeoPoint;
}

export interface ReportNote {
  id: number;
  reportId: number;
  authorId: string;
  kind: 'read' | 'comment';
  text: string;
  at: number;
}

export interface ReportRepo {
  get(id: number): Promise<StoredReport | null>;
  of(repId: string, date: string): Promise<StoredReport | null>;
  /** Creates the draft, or returns the existing report of that rep and day. */
  openDraft(r: {
    repId: string;
    teamId: string | null;
    date: string;
    openedAt: number;
  }): Promise<StoredReport>;
  update(
    id: number,
    patch: Partial<
      Pick<
        StoredReport,
        | 'status'
        | 'keyActions'
        | 'summary'
        | 'photoId'
        | 'visits'
        | 'score'
        | 'result'
        | 'submittedAt'
        | 'late'
        | 'confirmedAt'
      >
    >,
  ): Promise<void>;
  onDate(date: string): Promise<StoredReport[]>;
  addPhoto(p: Omit<StoredPhoto, 'id'>): Promise<number>;
  photo(id: number): Promise<StoredPhoto | null>;
  setPhotoReport(photoId: number, reportId: number, leadId: number | null): Promise<void>;
  /** Photos sent since a time by anyone of these teams (null team: only that rep's own). */
  photosSince(since: number, teamId: string | null, repId: string): Promise<StoredPhoto[]>;
  /**
   * The same photos with only what the reuse check compares (the filing path: ~100k rows for a big team), as of
   * `now`. Photos sent over an hour before `now` never change in what is returned here, so a store may keep them
   * in memory and read only newer ones.
   */
  photoHashesSince(
    since: number,
    teamId: string | null,
    repId: string,
    now: number,
  ): Promise<ReadonlyArray<Readonly<Pick<StoredPhoto, 'id' | 'repId' | 'sentAt' | 'hash'>>>>;
  /** The report and customer each of these photos belongs to now (they are linked when a report is filed). */
  photoLinks(ids: readonly number[]): Promise<Map<number, Pick<StoredPhoto, 'reportId' | 'leadId'>>>;
  /** Photos sent before a time whose file has not been purged yet, oldest first. */
  photosToPurge(before: number, limit: number): Promise<StoredPhoto[]>;
  /** What else still needs this file: deal evidence, or a photo sent at or after `since`. */
  fileInUse(sha256: string, since: number): Promise<'evidence' | 'newer_photo' | null>;
  markPhotoPurged(id: number, at: number): Promise<void>;
  addCheckIn(c: Omit<CheckIn, 'id'>): Promise<number>;
  checkIns(repId: string, from: number, to: number): Promise<CheckIn[]>;
  customerPlace(leadId: number): Promise<GeoPoint | null>;
  /** Keeps the first place learnt; false when one was already known. */
  learnPlace(leadId: number, place: GeoPoint, source: 'checkin' | 'lead', at: number): Promise<boolean>;
  addNote(n: Omit<ReportNote, 'id'>): Promise<number>;
  notes(reportId: number): Promise<ReportNote[]>;
}

// ---------------------------------------------------------------------------------------------------
// Performance feedback (F21–F26)

export interface StoredKbiDay extends KbiDay {
  evaluatedAt: number;
}

export interface StoredWarning {
  id: number;
  repId: string;
  day: string;
  tier: WarningTier;
  /** The manager copied (yellow, red), or null. */
  managerId: string | null;
  reason: KbiWarning['reason'];
  deviations: KbiMiss[];
  todo: TodoItem[];
  reviewMinutes: number | null;
  /** When it was issued (its notices queued). */
  sentAt: number;
  acknowledgedAt: number | null;
  managerAcknowledgedAt: number | null;
}

export type NewWarning = Omit<StoredWarning, 'id' | 'acknowledgedAt' | 'managerAcknowledgedAt'>;

export interface KbiRepo {
  /** Records a rep's evaluated day; false when the day was already evaluated (the once-a-day key). */
  recordDay(day: KbiDay, evaluatedAt: number): Promise<boolean>;
  /** A rep's evaluated days in [fromDay, toDay], oldest first. */
  days(repId: string, fromDay: string, toDay: string): Promise<StoredKbiDay[]>;
  addWarning(w: NewWarning): Promise<number>;
  warning(id: number): Promise<StoredWarning | null>;
  /** Newest first. */
  warnings(filter: {
    repId?: string;
    fromDay?: string;
    toDay?: string;
    limit: number;
  }): Promise<StoredWarning[]>;
  /** Records the first Acknowledge click of the rep or of the manager; false if already acknowledged. */
  acknowledge(id: number, as: 'rep' | 'manager', at: number): Promise<boolean>;
  /** Writes a ledger entry once (by its key); false when it was already there. */
  addPoints(entry: PointsEntry, now: number): Promise<boolean>;
  /** Points a rep earned in [from, to) (all time without bounds). */
  pointsOf(repId: string, from?: number, to?: number): Promise<number>;
}

export type TargetScope = 'region' | 'team' | 'rep';

export interface Target {
  scope: TargetScope;
  scopeId: string;
  /** `2026-11` (a month) or `2026-Q4` (a quarter). */
  period: string;
  amountCents: number;
}

export interface StoredSnapshot extends ForecastSnapshot {
  id: number;
  kind: PeriodKind;
  period: string;
  /** The day it was taken, `YYYY-MM-DD`: at most one snapshot per period and day. */
  day: string;
  byTeam: Record<string, number>;
  probabilities: Record<string, StageProbability[]>;
}

export interface TargetRepo {
  upsert(target: Target, now: number): Promise<'created' | 'updated' | 'unchanged'>;
  /** Targets of these periods (all when none is given). */
  list(periods?: readonly string[]): Promise<Target[]>;
  /** Stores a snapshot; false when one was already taken for the period that day. */
  addSnapshot(s: Omit<StoredSnapshot, 'id'>): Promise<boolean>;
  /** Snapshots of periods that ended by `endedBy`, or of one period; oldest taken first. */
  snapshots(filter: { period?: string; endedBy?: number; limit: number }): Promise<StoredSnapshot[]>;
}
