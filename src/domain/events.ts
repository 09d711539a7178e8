// The event log's vocabulary. Every state change appends one or more of these (append-only).
import type { Outcome, TouchKind } from './types.ts';

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
    }
  | { type: 'lead.offered'; to: string; expiresAt: number; reason: string }
  | { type: 'lead.pooled'; reason: 'NO_ELIGIBLE_REP' | 'NO_REPS' }
  | { type: 'lead.claimed'; by: string; via: 'offer' | 'market' }
  | { type: 'lead.passed'; by: string }
  | { type: 'lead.offer_lapsed'; from: string; dueAt: number }
  | { type: 'lead.released'; by: string; note: string }
  | { type: 'lead.reverted'; from: string; dueAt: number; reason: 'NO_FOLLOW_UP' }
  | { type: 'lead.rerouted'; from: string; reason: 'OWNER_INACTIVE' }
  | { type: 'lead.warned'; to: string; about: 'offer' | 'follow_up'; dueAt: number }
  | { type: 'lead.touched'; by: string; kind: TouchKind; note: string }
  | { type: 'lead.closed'; outcome: Outcome; by: string | null }
  | { type: 'lead.merged'; into: number; by: string | null }
  | { type: 'lead.absorbed'; from: number; by: string | null };

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
export type SystemEvent = RulesAppliedEvent;

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
