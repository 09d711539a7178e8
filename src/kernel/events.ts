// The event log's vocabulary. Every state change appends one or more of these (append-only).
import type { Outcome, TouchKind } from './types.ts';
import type { ClockMode } from './work-clock.ts';

/** One field of a key person that changed (F14). */
export interface KpChange {
  field: 'title' | 'influence' | 'concern' | 'status';
  from: string;
  to: string;
}

/** What a decision-chain change of health was about, for the reader's words. */
export interface HealthDetail {
  name: string;
  diff: KpChange[];
}

export interface EventBase {
  /** Epoch ms. */
  at: number;
  leadId: number | null;
  /** The person who acted, or null when the system did (routing, sweeps). */
  actorId: string | null;
}

export type LeadEventData =
  | {
      type: 'lead.created';
      source: string;
      campaign: string;
      score: number;
      urgent: boolean;
      previousLeadId: number | null;
      via: 'api' | 'csv' | 'chat';
    }
  | {
      type: 'lead.inquiry_merged';
      reason: 'OPEN_LEAD' | 'PROTECTED_CUSTOMER';
      source: string;
      campaign: string;
      scoreBefore: number;
      scoreAfter: number;
      /** The merged inquiry's own values, so `why` and the API tell the whole story (absent in older events). */
      company?: string;
      contact?: string;
      phone?: string;
      email?: string;
      need?: string;
      budget?: number;
    }
  /** `clock`: which clock set `expiresAt` (rules.clocks.offer; absent on events from before issue 25: wall). */
  | { type: 'lead.offered'; to: string; expiresAt: number; reason: string; clock?: ClockMode }
  | { type: 'lead.pooled'; reason: 'NO_ELIGIBLE_REP' | 'NO_REPS' }
  /**
   * Smart tags (issue 24 item 4). At intake: `added` are the suggestions sure enough to apply, each with its source
   * (`suggested:company`), the word that matched and its confidence; `suggested` the others, shown on the card.
   * By a rep (`tags ID +x -y`): source `rep`.
   */
  | {
      type: 'lead.tagged';
      added: { tag: string; source: string; word?: string; confidence?: number }[];
      removed: string[];
      suggested: { tag: string; source: string; word: string; confidence: number }[];
    }
  /**
   * `entered`: the rep entered the lead themselves and the rules keep such leads with them (routing.ownLeads).
   * `dueAt`/`clock`: the follow-up deadline the claim set and the clock it ran on (absent before issue 25).
   */
  | {
      type: 'lead.claimed';
      by: string;
      via: 'offer' | 'market' | 'entered';
      dueAt?: number;
      clock?: ClockMode;
    }
  | { type: 'lead.passed'; by: string }
  | { type: 'lead.offer_lapsed'; from: string; dueAt: number; clock?: ClockMode }
  | { type: 'lead.released'; by: string; note: string }
  | { type: 'lead.reverted'; from: string; dueAt: number; reason: 'NO_FOLLOW_UP'; clock?: ClockMode }
  | { type: 'lead.rerouted'; from: string; reason: 'OWNER_INACTIVE' }
  | { type: 'lead.warned'; to: string; about: 'offer' | 'follow_up'; dueAt: number }
  /** `doneAt`: when the rep says it happened, when they logged it later (F29 reads the gap). */
  | { type: 'lead.touched'; by: string; kind: TouchKind; note: string; doneAt?: number }
  /**
   * Issue 24 item 8: a customer a rep added on WeChat through WeCom (客户联系) linked to this lead: `via` says how
   * (the phone in the contact's remark, or the rep's tap); `reason` names the phone that matched ("remark_mobiles
   * 138…") or the tap. Counts as a follow-up (a lead.touched is appended with it).
   */
  | {
      type: 'lead.contact_linked';
      by: string;
      platform: 'wecom';
      externalUserId: string;
      name: string;
      via: 'remark_mobiles' | 'tap';
      reason: string;
      /** The matched phone's first digits ("138…"), '' for a tap: what the reader is shown. */
      phone: string;
    }
  /** A rep added a customer whose remark phone is this lead's, and the lead is someone else's: nothing linked. */
  | {
      type: 'lead.contact_elsewhere';
      by: string;
      owner: string;
      platform: 'wecom';
      externalUserId: string;
      name: string;
      reason: string;
      phone: string;
    }
  /** Issue 24 item 6: an item of a spoken summary the rep ticked (an objection, a promised day, a new decision maker). */
  | { type: 'lead.spoken'; kind: 'objection' | 'date' | 'decider'; text: string; due?: string }
  | { type: 'lead.closed'; outcome: Outcome; by: string | null }
  | { type: 'lead.merged'; into: number; by: string | null }
  | { type: 'lead.absorbed'; from: number; by: string | null }
  | DealEventData;

/** The texts people write about a deal that are read for risk phrases (F16, issue 25 item 11). */
export const RISK_SOURCES = [
  'note',
  'evidence',
  'stall_analysis',
  'request',
  'answer',
  'skip_reason',
  'promise',
  'key_person',
  'report',
  'decision_chain',
  /** Issue 24 item 5: a lead's note written before there was a deal, and what a rep said in a voice message. */
  'lead_note',
  'transcript',
] as const;
export type RiskSource = (typeof RISK_SOURCES)[number];

/** Deal events (F10–F17) sit in the log of the lead the deal came from, with the deal's id. */
export type DealEventData =
  | { type: 'deal.created'; dealId: number; pipeline: string; stage: string; amount: number; tier: string }
  | { type: 'deal.advanced'; dealId: number; from: string; to: string; skipped: string[]; reason: string }
  | {
      type: 'deal.advance_refused';
      dealId: number;
      from: string;
      to: string | null;
      code: string;
      missing: string[];
    }
  | { type: 'deal.evidence_added'; dealId: number; stage: string; requirement: string; evidenceId: number }
  | { type: 'deal.evidence_refused'; dealId: number; stage: string; requirement: string; problems: string[] }
  | { type: 'deal.doubt_cleared'; dealId: number; stage: string }
  | { type: 'deal.stalled'; dealId: number; stage: string; dueAt: number; taskId: number }
  | {
      type: 'deal.stall_analysis';
      dealId: number;
      stage: string;
      taskId: number;
      news: string;
      pending: string;
      way: string;
    }
  | { type: 'deal.stall_escalated'; dealId: number; stage: string; taskId: number; to: string | null }
  | {
      type: 'deal.risk';
      dealId: number;
      signal: string;
      phrase: string;
      excerpt: string;
      /** What the phrase was found in (issue 25 item 11; absent on older events): never an item's name. */
      source?: RiskSource;
      /** Which one: a request `R5`, a report's date, a key person's name (empty when the kind says it all). */
      sourceRef?: string;
    }
  | { type: 'deal.won'; dealId: number; stage: string }
  | { type: 'deal.request_opened'; dealId: number; taskId: number; to: string; text: string; dueAt: number }
  | { type: 'deal.request_reminded'; dealId: number; taskId: number; to: string }
  | { type: 'deal.request_answered'; dealId: number; taskId: number; text: string; late: boolean }
  | { type: 'deal.request_escalated'; dealId: number; taskId: number; to: string | null; copied: string[] }
  | {
      type: 'deal.task_opened';
      dealId: number;
      taskId: number;
      kind: 'sop' | 'handover';
      to: string;
      title: string;
      dueAt: number;
      /** Which clock set `dueAt` (SOP tasks, issue 25; absent on hand-overs and older events). */
      clock?: ClockMode;
    }
  | { type: 'deal.task_done'; dealId: number; taskId: number; kind: 'sop' | 'handover'; late: boolean }
  | { type: 'deal.task_overdue'; dealId: number; taskId: number; kind: 'sop' | 'handover'; to: string | null }
  | { type: 'deal.promise'; dealId: number; text: string }
  | { type: 'deal.kp_added'; dealId: number; name: string; title: string; influence: number; concern: string }
  | { type: 'deal.kp_changed'; dealId: number; name: string; changes: string[]; diff?: KpChange[] }
  | {
      type: 'deal.health_changed';
      dealId: number;
      from: string;
      to: string;
      reason: 'SET_BY_PERSON' | 'KEY_PEOPLE_SILENT' | 'DECISION_CHAIN_CHANGED' | 'RISK_SIGNAL';
      evidence: string;
      detail?: HealthDetail;
    };

export type LeadEvent = EventBase & LeadEventData;
export type LeadEventType = LeadEventData['type'];

// F39: a rules file put live, kept in the same append-only log (lead id null) with the what-if it passed.
export interface RulesAppliedEvent extends EventBase {
  type: 'rules.applied';
  /** Who applied it: a person id, or `cli:<os user>` from the command line. */
  by: string;
  /** sha256 of the file's text. */
  fileHash: string;
  /** The file's text as applied. */
  rules: string;
  acceptedWarnings: boolean;
  whatif: {
    from: number;
    to: number;
    leads: number;
    changed: number;
    pooled: [number, number];
    gini: [number, number];
    top3Share: [number, number];
    /** One line per warning, in the words of the applier's language. */
    warnings: string[];
  };
}
// F28–F29: daily reports. A filed report's event keeps its score and every flag that lowered it.
export type ReportEventData =
  | {
      type: 'report.checked_in';
      lat: number;
      lng: number;
      datum: string;
      /** True when this check-in taught us the customer's place (before issue 20: the first on-site visit). */
      placeLearnt: boolean;
      /** The position's accuracy in metres and when the phone fixed it (epoch ms), when the page sent them. */
      accuracy?: number | null;
      fixedAt?: number | null;
    }
  | {
      /** The rep confirmed a check-in's place as the customer's address: the reference for later check-ins. */
      type: 'report.place_confirmed';
      checkInId: number;
      lat: number;
      lng: number;
      datum: string;
    }
  | {
      type: 'report.filed';
      reportId: number;
      date: string;
      score: number;
      late: boolean;
      /** Filed again (a corrected photo or summary): the score was computed afresh. */
      refiled: boolean;
      flags: Array<{ kind: string; points: number; visitId: string | null }>;
    }
  | { type: 'report.confirmed'; reportId: number; score: number }
  | { type: 'report.read'; reportId: number; repId: string }
  | { type: 'report.commented'; reportId: number; repId: string; text: string }
  | { type: 'report.reminded'; date: string; to: string }
  | {
      /** A report photo's file past `filing.photoKeepDays`: deleted, or kept because something else uses it. */
      type: 'report.photo_purged';
      photoId: number;
      repId: string;
      sha256: string;
      sentAt: number;
      keepDays: number;
      reason: 'older_than_keep_days';
      file: 'deleted' | 'missing' | 'kept_for_evidence' | 'kept_for_newer_photo';
    };
export type ReportEvent = EventBase & ReportEventData;

// F22: a KBI warning issued to a rep (and their manager), and an Acknowledge click on it. Not about one lead.
export interface KbiWarnedEvent extends EventBase {
  type: 'kbi.warned';
  warningId: number;
  repId: string;
  day: string;
  tier: 'green' | 'yellow' | 'red';
  rate: number;
  managerId: string | null;
}
export interface KbiAcknowledgedEvent extends EventBase {
  type: 'kbi.acknowledged';
  warningId: number;
  repId: string;
  day: string;
  tier: 'green' | 'yellow' | 'red';
  as: 'rep' | 'manager';
  /** Minutes from the warning's issue to this click. */
  minutes: number;
}
export type SystemEvent = RulesAppliedEvent | ReportEvent | KbiWarnedEvent | KbiAcknowledgedEvent;

/** Events through which a person gave a lead up; each starts that person's cooldown for the lead. */
export function handBackOf(e: LeadEvent): { personId: string; at: number } | null {
  switch (e.type) {
    case 'lead.passed':
      return { personId: e.by, at: e.at };
    case 'lead.released':
      return { personId: e.by, at: e.at };
    case 'lead.offer_lapsed':
      return { personId: e.from, at: e.at };
    case 'lead.reverted':
      return { personId: e.from, at: e.at };
    default:
      return null;
  }
}
