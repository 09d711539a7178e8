// Deals: stage · action · evidence (F10–F17). Pure decisions with their reasons; the engine stores them.
import { DateTime } from 'luxon';
import { addWorkingDays } from '../../../kernel/calendar.ts';
import type {
  DealRules,
  EvidenceKind,
  EvidenceRequirement,
  Pipeline,
  RiskSignal,
  Stage,
} from './deal-rules.ts';
import { brokenExtension, foundType, type FoundType } from './file-types.ts';

export type Tier = 'A' | 'B' | 'C';

// Key-person changes are defined with the events that carry them (kernel/events.ts); named here too for the deal code.
export type { HealthDetail, KpChange } from '../../../kernel/events.ts';

export const HEALTHS = ['green', 'yellow', 'red'] as const;
export type Health = (typeof HEALTHS)[number];
export type DealStatus = 'open' | 'won' | 'lost';

export interface Deal {
  id: number;
  leadId: number;
  customer: string;
  /** Deal value in yuan. */
  amount: number;
  /** Yearly value in yuan, for the tier. */
  yearlyValue: number;
  tier: Tier;
  pipeline: string;
  stage: string;
  stageEnteredAt: number;
  /** When the deal stalls in its current stage (working days, F15). */
  stageDueAt: number;
  ownerId: string;
  status: DealStatus;
  expectedCloseAt: number | null;
  /** `given` by the rep, or the `default` from the pipeline's cycle; null for a deal from before either (F26). */
  expectedCloseSource: 'given' | 'default' | null;
  /** 过程存疑: an advance was tried without the evidence; cleared when the evidence is in. */
  doubtful: boolean;
  health: Health;
  /** When the stall alert for the current stage went out (null: not stalled, or not yet seen). */
  stallAlertedAt: number | null;
  createdAt: number;
  closedAt: number | null;
}

export interface EvidenceItem {
  id: number;
  dealId: number;
  stage: string;
  requirement: string;
  kind: EvidenceKind;
  text: string;
  fileName: string | null;
  /** The file's SHA-256 (null for a note or link; absent where not read). */
  sha256?: string | null;
  at: number;
  by: string;
}

export function tierOf(yearlyValue: number, tiers: DealRules['tiers']): Tier {
  if (yearlyValue > tiers.a) return 'A';
  if (yearlyValue >= tiers.b) return 'B';
  return 'C';
}

export function pipelineOf(rules: DealRules, id: string | null | undefined): Pipeline | null {
  return rules.pipelines.find((p) => p.id === (id ?? rules.defaultPipeline)) ?? null;
}

export function stageOf(pipeline: Pipeline, id: string): Stage | null {
  return pipeline.stages.find((s) => s.id === id) ?? null;
}

/** Finds a stage by id, by its Chinese or English name, or by its number (1-based). */
export function findStage(pipeline: Pipeline, word: string): Stage | null {
  const w = word.trim().toLowerCase();
  const n = Number(w);
  if (Number.isInteger(n) && n >= 1 && n <= pipeline.stages.length) return pipeline.stages[n - 1] ?? null;
  return (
    pipeline.stages.find(
      (s) => s.id.toLowerCase() === w || s.name === word.trim() || s.nameEn?.toLowerCase() === w,
    ) ?? null
  );
}

export function stageDueAt(enteredAt: number, stage: Stage, zone: string, rules: DealRules): number {
  return addWorkingDays(enteredAt, stage.limitDays, zone, rules.calendar);
}

export interface MissingEvidence {
  requirement: EvidenceRequirement;
  have: number;
}

/** What the current stage still lacks. */
export function missingEvidence(stage: Stage, items: readonly EvidenceItem[]): MissingEvidence[] {
  const out: MissingEvidence[] = [];
  for (const req of stage.evidence) {
    const have = items.filter((i) => i.stage === stage.id && i.requirement === req.id).length;
    if (have < req.count) out.push({ requirement: req, have });
  }
  return out;
}

export type AdvanceDecision =
  | { kind: 'advance'; from: Stage; to: Stage; skipped: Stage[]; final: boolean }
  | { kind: 'refused'; reason: 'MISSING_EVIDENCE'; from: Stage; to: Stage; missing: MissingEvidence[] }
  | { kind: 'refused'; reason: 'SKIP_NEEDS_REASON'; from: Stage; to: Stage; skipped: Stage[] }
  /** At the last stage: winning needs its evidence (the signed confirmation). */
  | { kind: 'refused'; reason: 'WIN_NEEDS_EVIDENCE'; from: Stage; to: Stage; missing: MissingEvidence[] }
  | { kind: 'refused'; reason: 'BACKWARDS' | 'NOT_OPEN'; from: Stage };

/**
 * May the deal move on (F11, F13)? Next stage by default. The current stage's evidence must be complete; a
 * jump over stages also needs a reason (the skipped stages' evidence is not asked for — the reason stands
 * in for it, and is kept).
 */
export function decideAdvance(
  deal: Pick<Deal, 'stage' | 'status'>,
  pipeline: Pipeline,
  items: readonly EvidenceItem[],
  target: Stage | null,
  reason: string,
): AdvanceDecision {
  const fromIdx = pipeline.stages.findIndex((s) => s.id === deal.stage);
  const from = pipeline.stages[fromIdx] as Stage;
  if (deal.status !== 'open') return { kind: 'refused', reason: 'NOT_OPEN', from };
  const toIdx = target === null ? fromIdx + 1 : pipeline.stages.findIndex((s) => s.id === target.id);
  if (fromIdx === pipeline.stages.length - 1 && target === null) {
    // `advance` at the last stage marks the deal won, once that stage's own evidence is in (issue 25).
    const missing = missingEvidence(from, items);
    if (missing.length > 0) return { kind: 'refused', reason: 'WIN_NEEDS_EVIDENCE', from, to: from, missing };
    return { kind: 'advance', from, to: from, skipped: [], final: true };
  }
  if (toIdx <= fromIdx) return { kind: 'refused', reason: 'BACKWARDS', from };
  const to = pipeline.stages[toIdx] as Stage;
  const skipped = pipeline.stages.slice(fromIdx + 1, toIdx);
  if (skipped.length > 0 && reason.trim() === '')
    return { kind: 'refused', reason: 'SKIP_NEEDS_REASON', from, to, skipped };
  const missing = missingEvidence(from, items);
  if (missing.length > 0) return { kind: 'refused', reason: 'MISSING_EVIDENCE', from, to, missing };
  // Reaching the last stage wins the deal only when that stage asks for nothing; else once its evidence is in.
  return {
    kind: 'advance',
    from,
    to,
    skipped,
    final: toIdx === pipeline.stages.length - 1 && missingEvidence(to, items).length === 0,
  };
}

// ---------------------------------------------------------------------------------------------------
// Evidence checks at upload (F12)

export interface Upload {
  kind: EvidenceKind;
  text: string;
  fileName?: string;
  mime?: string;
  /** Pages of a PDF, read from the file (null: not a PDF or unreadable). */
  pages?: number | null;
  /** The file was found hostile or unreadable when inspected: refused whatever it was sent for. */
  refusal?: FileRefusal | null;
  /** No known format, but the bytes read as text (a .txt renamed .pdf). */
  plainText?: boolean;
}

/** Why an uploaded file is refused whatever it was for (src/media/inspect.ts finds these). */
export type FileRefusal =
  'REPEATED_PAGE_NODE' | 'TOO_MANY_PAGES' | 'TOO_COMPLEX' | 'IMAGE_TOO_LARGE' | 'IMAGE_UNREADABLE';

export type EvidenceProblem =
  | { code: 'EMPTY' }
  | { code: 'NOT_A_LINK' }
  | { code: 'NOT_AN_IMAGE'; mime: string; found: FoundType }
  /** The name promises one type (`.pdf`), the bytes are another: say which was found. */
  | { code: 'WRONG_TYPE'; extension: string; found: FoundType }
  | { code: 'NO_FILE' }
  | { code: 'NAME_WITHOUT_CUSTOMER'; customer: string }
  | { code: 'NAME_WITHOUT_DATE' }
  | { code: 'NAME_WITHOUT_VERSION' }
  | { code: 'NOT_A_PDF'; minPages: number; found: FoundType }
  | { code: 'TOO_FEW_PAGES'; pages: number; minPages: number }
  | { code: 'UNSAFE_FILE'; refusal: FileRefusal; mime: string }
  /** The same file (same SHA-256) already counts for this deal, under `item` (one file, one item). */
  | { code: 'DUPLICATE_FILE'; item: EvidenceRequirement | null; requirement: string; stage: string }
  /** The file was sent as a daily-report photo: not evidence for a deal. */
  | { code: 'REPORT_PHOTO' }
  /**
   * The photo is (perceptually) one sent before, anywhere in the organisation: a daily-report photo or another
   * deal's evidence (issue 25 item 13). Names the earlier photo: who sent it, when, for which report or deal.
   */
  | {
      code: 'PHOTO_REUSED';
      source: 'report' | 'evidence';
      photoId: number;
      who: string;
      /** The org's local time, `yyyy-MM-dd HH:mm`. */
      when: string;
      dealId: number | null;
      customer: string;
      reportDate: string | null;
      distance: number;
      maxDistance: number;
    };

const DATE_IN_NAME = /(?:^|[^0-9])(20\d{2})[-_.年]?(0[1-9]|1[0-2])[-_.月]?(0[1-9]|[12]\d|3[01])(?:[^0-9]|$)/;
const VERSION_IN_NAME = /(?:^|[^a-z])v(?:er)?\.?\s?\d+|版本?\s?\d+|第\s?\d+\s?版|终版|定稿|final/i;

/** The customer's name as a file name might carry it: without 有限公司 and similar suffixes, spaces removed. */
export function customerKey(customer: string): string {
  return customer
    .normalize('NFKC')
    .replace(/(股份)?有限(责任)?公司|集团|公司|co\.?,?\s*ltd\.?|inc\.?|llc/gi, '')
    .replace(/[\s\-_()（）]/g, '')
    .toLowerCase();
}

/**
 * Chinese file names often drop the city (杭州明远科技 → 明远科技), so for a Chinese name any four characters
 * in a row of it will do; a Latin name must appear whole.
 */
export function nameCarriesCustomer(name: string, key: string): boolean {
  if (key === '' || name.includes(key)) return true;
  if (ASCII.test(key) || key.length <= 4) return false;
  for (let i = 0; i + 4 <= key.length; i++) if (name.includes(key.slice(i, i + 4))) return true;
  return false;
}

/** Checks one upload against what its requirement asks; every problem found, in order. */
export function checkEvidence(req: EvidenceRequirement, upload: Upload, customer: string): EvidenceProblem[] {
  // A hostile or broken file is never taken, whatever it was sent for (its page count is no count).
  if (upload.refusal !== undefined && upload.refusal !== null)
    return [{ code: 'UNSAFE_FILE', refusal: upload.refusal, mime: upload.mime ?? 'unknown' }];
  const problems: EvidenceProblem[] = [];
  if (req.kind === 'note') {
    if (upload.text.trim() === '') problems.push({ code: 'EMPTY' });
    return problems;
  }
  if (req.kind === 'link') {
    if (!/^https?:\/\/\S+$/i.test(upload.text.trim())) problems.push({ code: 'NOT_A_LINK' });
    return problems;
  }
  if (upload.fileName === undefined || upload.fileName === '') return [{ code: 'NO_FILE' }];
  const found = foundType(upload.mime === 'unknown' ? null : upload.mime, upload.plainText === true);
  if (req.kind === 'photo') {
    const mime = upload.mime ?? '';
    if (!mime.startsWith('image/')) problems.push({ code: 'NOT_AN_IMAGE', mime: mime || 'unknown', found });
    return problems;
  }
  // A file is what its bytes are: a text file renamed .pdf is not the quote (issue 25).
  // (Only once the bytes were looked at: no mime given means not inspected.)
  const broken =
    upload.mime === undefined
      ? null
      : brokenExtension(upload.fileName, upload.mime === 'unknown' ? null : upload.mime);
  if (broken !== null) problems.push({ code: 'WRONG_TYPE', extension: broken, found });
  if (req.namedFile === true) {
    const name = upload.fileName
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\-_()（）]/g, '');
    if (!nameCarriesCustomer(name, customerKey(customer)))
      problems.push({ code: 'NAME_WITHOUT_CUSTOMER', customer });
    if (!DATE_IN_NAME.test(upload.fileName.normalize('NFKC'))) problems.push({ code: 'NAME_WITHOUT_DATE' });
    if (!VERSION_IN_NAME.test(upload.fileName.normalize('NFKC')))
      problems.push({ code: 'NAME_WITHOUT_VERSION' });
  }
  if (req.minPages !== undefined && req.minPages > 0) {
    if (upload.pages === null || upload.pages === undefined)
      problems.push({ code: 'NOT_A_PDF', minPages: req.minPages, found });
    else if (upload.pages < req.minPages)
      problems.push({ code: 'TOO_FEW_PAGES', pages: upload.pages, minPages: req.minPages });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Risk signals (F16)

export interface RiskMatch {
  signal: string;
  phrase: string;
  /** The clause the phrase was found in, for the manager's alert. */
  excerpt: string;
}

const ASCII = /^[\x20-\x7e]+$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function negated(prefix: string, negations: readonly string[]): boolean {
  const tail = prefix.slice(-12).toLowerCase();
  return negations.some((n) =>
    ASCII.test(n) ? new RegExp(`(?:^|\\W)${escapeRe(n.toLowerCase())}\\W`).test(`${tail}`) : tail.includes(n),
  );
}

/**
 * Blanks out our own words in what a person wrote (issue 25): an item named "竞品参数表（3家）" quoted in a note,
 * or typed as "竞品参数表", is not the customer mentioning a competitor. Longest first, so a name's shorter
 * variant does not cut a longer one in two. Each becomes a clause break, so no phrase spans it.
 */
export function maskOurs(text: string, ours: readonly string[]): string {
  const variants = new Set<string>();
  for (const o of ours) {
    const n = o.normalize('NFKC').trim();
    if (n.length >= 2) variants.add(n);
    const bare = n.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '').trim();
    if (bare.length >= 2) variants.add(bare);
  }
  let out = text;
  for (const v of [...variants].sort((a, b) => b.length - a.length))
    out = out.replace(new RegExp(escapeRe(v), ASCII.test(v) ? 'gi' : 'g'), '\n');
  return out;
}

/**
 * Risk phrases in a note (F16). Chinese text has no spaces, so phrases match as substrings; English ones at
 * word starts, ignoring case. A negation just before the phrase in the same clause (不需要法务, "no need for
 * legal review") cancels it. One match per signal.
 */
export function matchRiskSignals(
  text: string,
  signals: readonly RiskSignal[],
  negations: readonly string[],
  /** Our own words (evidence item names, stage names, checklists) that may appear in the text: never matched. */
  ours: readonly string[] = [],
): RiskMatch[] {
  const clauses = maskOurs(text.normalize('NFKC'), ours).split(/[。！？；;!?\n,，]+/);
  const out: RiskMatch[] = [];
  for (const signal of signals) {
    found: for (const clause of clauses) {
      const lower = clause.toLowerCase();
      for (const phrase of signal.phrases) {
        const p = phrase.normalize('NFKC').toLowerCase();
        let idx = -1;
        if (ASCII.test(p)) {
          const m = new RegExp(`(?:^|[^a-z0-9])(${escapeRe(p)})(?=(?:s|es)?(?:[^a-z0-9]|$))`).exec(lower);
          if (m !== null) idx = m.index + m[0].length - p.length;
        } else idx = lower.indexOf(p);
        while (idx >= 0) {
          if (!negated(lower.slice(0, idx), negations)) {
            out.push({ signal: signal.id, phrase, excerpt: clause.trim().slice(0, 120) });
            break found;
          }
          idx = ASCII.test(p) ? -1 : lower.indexOf(p, idx + 1);
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Stalls (F15)

/** The day a stall analysis is due, for the reminder text: the alert time plus the escalation delay. */
export function analysisDueAt(alertAt: number, rules: DealRules): number {
  return alertAt + rules.stall.analysisEscalateHours * 3_600_000;
}

/** Days (calendar) a deal has been in its stage, for cards. */
export function daysInStage(deal: Pick<Deal, 'stageEnteredAt'>, now: number, zone: string): number {
  const a = DateTime.fromMillis(deal.stageEnteredAt, { zone }).startOf('day');
  const b = DateTime.fromMillis(now, { zone }).startOf('day');
  return Math.max(0, Math.round(b.diff(a, 'days').days));
}
