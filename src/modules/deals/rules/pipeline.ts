// A pipeline as the rules file describes it (F10–F11, F16, F19): stages, the evidence each asks for, SOP actions,
// and the risk signals listened for.
import type { JourneyNode } from '../../analytics/rules/journey-nodes.ts';

export type EvidenceKind = 'note' | 'link' | 'photo' | 'file';

/** One piece of evidence a stage asks for before a deal may leave it (F11). */
export interface EvidenceRequirement {
  id: string;
  /** What the rep sees, in the rules file's words (Chinese), with an optional English label. */
  label: string;
  labelEn?: string;
  kind: EvidenceKind;
  /** How many items of it (e.g. 3 competitor tables). */
  count: number;
  /** For files: the name must carry the customer, a date and a version (F12). */
  namedFile?: boolean;
  /** For files: a PDF with at least this many pages. */
  minPages?: number;
}

export interface Stage {
  id: string;
  name: string;
  nameEn?: string;
  /** Working days a deal may stay before a stall alert (F15). */
  limitDays: number;
  /** Default chance of winning from this stage (F26 learns better ones from history). */
  probability: number;
  evidence: EvidenceRequirement[];
  /** The next-action checklist a stalled rep gets. */
  checklist: string[];
  /** Follow-up SOP (F19): actions that become tasks, each due this many hours after the stage is entered. */
  sop: SopAction[];
}

export interface SopAction {
  id: string;
  action: string;
  actionEn?: string;
  hours: number;
}

export interface Pipeline {
  id: string;
  name: string;
  nameEn?: string;
  stages: Stage[];
  /** F32: which stage stands for each key node of the customer's journey (a node left out is not asked). */
  journey?: Partial<Record<JourneyNode, string>>;
}

export interface RiskSignal {
  id: string;
  /** Phrases that signal it, Chinese and English; matched as substrings (Chinese has no spaces). */
  phrases: string[];
  /** What the rep might do about it. */
  response: string;
  responseEn?: string;
}
