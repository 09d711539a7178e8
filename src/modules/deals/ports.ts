// The deals module's slice of the store (F10–F20): deals, evidence, tasks and the decision chain.
import type { Deal, DealStatus, EvidenceItem } from './rules/deals.ts';

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
    | 'expectedCloseAt'
    | 'expectedCloseSource'
  >
>;

export interface NewEvidence extends Omit<EvidenceItem, 'id'> {
  mime: string | null;
  size: number | null;
  pages: number | null;
  sha256: string | null;
  /** An image's perceptual hash (16 hex digits, src/media/photo.ts), as report photos have; null otherwise. */
  phash?: string | null;
}

/** A deal evidence photo as the photo reuse check compares it (issue 25 item 13). */
export interface EvidencePhoto {
  id: number;
  dealId: number;
  /** The lead the deal came from (its customer). */
  leadId: number;
  by: string;
  at: number;
  phash: string;
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

export type NewDealTask = Omit<DealTask, 'id' | 'escalatedAt' | 'doneAt' | 'remindedAt'>;

export interface DealRepo {
  insert(deal: NewDeal): Promise<number>;
  get(id: number): Promise<Deal | null>;
  /** The deals of these ids that exist, by id: a read per 500 where `get` is one a deal. */
  some(ids: readonly number[]): Promise<Map<number, Deal>>;
  byLead(leadId: number): Promise<Deal | null>;
  /** Conditional update: applies only while the deal is still in `guard.stage` (and `guard.status`). */
  update(
    id: number,
    guard: { stage?: string; status?: DealStatus; stallAlerted?: false },
    patch: DealPatch,
  ): Promise<boolean>;
  /** A person's deals by id, the first `limit` when given. */
  ownedBy(personId: string, status?: DealStatus, limit?: number): Promise<Deal[]>;
  /** How many deals a person has (in a status). */
  countOwnedBy(personId: string, status?: DealStatus): Promise<number>;
  /** Deals won in [from, to), by closing time (F24 progress, F26 scoring). */
  wonBetween(from: number, to: number): Promise<Deal[]>;
  /** Every open deal (F26 weighted pipeline). */
  openDeals(): Promise<Deal[]>;
  /** Open deals past their stage's time limit whose stall alert has not gone out, oldest first. */
  dueStalls(now: number, limit: number): Promise<Deal[]>;
  /**
   * Marks the stall alert sent, of each deal still open, unalerted and in the stage given with it (`update`'s
   * guard, for many deals in one statement); the ids of those marked.
   */
  markStallAlerted(deals: ReadonlyArray<{ id: number; stage: string }>, at: number): Promise<Set<number>>;
  addEvidence(item: NewEvidence): Promise<number>;
  evidence(dealId: number): Promise<EvidenceItem[]>;
  /** The organisation's evidence photos with a perceptual hash filed at or after `since`, oldest first. */
  evidencePhotosSince(since: number): Promise<EvidencePhoto[]>;
  /** One evidence photo by id (null when none or not a hashed photo). */
  evidencePhoto(id: number): Promise<EvidencePhoto | null>;
  addTask(task: NewDealTask): Promise<number>;
  /** Adds tasks in one go; their ids, in the order given. */
  addTasks(tasks: readonly NewDealTask[]): Promise<number[]>;
  task(id: number): Promise<DealTask | null>;
  openTasks(dealId: number, kind?: DealTaskKind): Promise<DealTask[]>;
  /** The open tasks of these deals, by deal then id (one read for many deals' `openTasks`). */
  openTasksFor(dealIds: readonly number[]): Promise<DealTask[]>;
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
  /**
   * Open green deals with at least one active key person and none in touch since `before`, by id, among the ids in
   * (`ids.after`, `ids.upTo`]: a sweep reads them a range at a time.
   */
  silentDeals(before: number, ids: { after: number; upTo: number }, limit: number): Promise<Deal[]>;
  /** The highest deal id so far (0: none yet). */
  lastId(): Promise<number>;
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

/**
 * A risk signal heard in a text (F16, issue 24 item 5), kept with where it came from and the phrase that
 * matched (the reason). `dealId` is null for a lead note written before there was a deal.
 */
export interface RiskMark {
  at: number;
  leadId: number;
  dealId: number | null;
  signal: string;
  phrase: string;
  excerpt: string;
  /** `lead_note`, `report`, `transcript`, or a deal text's kind (`note`, `evidence`, `request` …). */
  source: string;
  sourceRef: string;
  actorId: string | null;
}

/** A closed deal where the same signal was heard: how it ended ("past cases"). */
export interface PastCase {
  dealId: number;
  leadId: number;
  customer: string;
  status: 'won' | 'lost';
  amount: number;
  closedAt: number | null;
}

export interface RiskRepo {
  record(mark: RiskMark): Promise<void>;
  /** The lead's signals, oldest first, at most `limit`. */
  forLead(leadId: number, limit: number): Promise<RiskMark[]>;
  /**
   * The won or lost deals among the `scan` most recent leads where `signal` was heard (`exceptLead` left out):
   * read from the signal's index, never a scan of every deal.
   */
  pastCases(signal: string, exceptLead: number | null, scan: number): Promise<PastCase[]>;
}
