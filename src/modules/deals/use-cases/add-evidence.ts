// Evidence goes in (F11–F12): checked at once (a file's type from its bytes, pages, size), filed under the stage's requirement.
import {
  checkEvidence,
  missingEvidence,
  pipelineOf,
  stageOf,
  type Deal,
  type EvidenceItem,
  type EvidenceProblem,
} from '../rules/deals.ts';
import {
  type EvidenceKind,
  type EvidenceRequirement,
  type Pipeline,
  type Stage,
} from '../rules/deal-rules.ts';
import { findRequirement } from '../rules/evidence-names.ts';
import { createHash } from 'node:crypto';
import { inspectFile, type Inspected } from '../../../media/inspect.ts';
import { uploadWork as uploads } from '../../../media/limit.ts';
import { EngineError, type EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { fallbackPipeline, viewOf, type DealView } from './deal-view.ts';
import { winDeal } from './advance-deal.ts';
import { raiseRisks, type RaisedRisk } from './raise-risks.ts';
import { evidencePhash, evidencePhotoReuse } from './evidence-photo-reuse.ts';

export interface EvidenceInput {
  personId: string;
  dealId: number;
  /** A requirement id, label or number (1-based, within the current stage); null: the first one still missing of this kind. */
  requirement: string | null;
  kind: EvidenceKind;
  text: string;
  file?: { name: string; bytes: Uint8Array };
}

export type EvidenceResult =
  | {
      kind: 'added';
      view: DealView;
      requirement: EvidenceRequirement;
      /** The stage's evidence is now complete (and the 过程存疑 mark, if any, is cleared). */
      complete: boolean;
      doubtCleared: boolean;
      /** The last stage's evidence is now in: the deal is won (issue 25: never before). */
      won: boolean;
      risks: RaisedRisk[];
    }
  | { kind: 'refused'; requirement: EvidenceRequirement; problems: EvidenceProblem[] }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' | 'NO_FILES' }
  /** Too many uploads are being checked at once: send it again in a moment (nothing was read or kept). */
  | { kind: 'rejected'; reason: 'BUSY' }
  | { kind: 'rejected'; reason: 'NO_REQUIREMENT'; stage: Stage }
  /** The word fits several of the stage's items: which one? */
  | { kind: 'rejected'; reason: 'AMBIGUOUS'; stage: Stage; candidates: EvidenceRequirement[] };

type Picked =
  | { kind: 'one'; requirement: EvidenceRequirement }
  | { kind: 'many'; candidates: EvidenceRequirement[] }
  | { kind: 'none' };

function pickRequirement(
  stage: Stage,
  evidence: readonly EvidenceItem[],
  word: string | null,
  kind: EvidenceKind,
): Picked {
  // Named loosely (issue 25): `竞品参数表` finds 竞品参数表（3家）; two items fitting the word are a question.
  if (word !== null && word.trim() !== '') return findRequirement(stage, word);
  const missing = missingEvidence(stage, evidence).map((m) => m.requirement);
  const compatible = (r: EvidenceRequirement) =>
    r.kind === kind || (kind === 'file' && r.kind === 'photo') || (kind === 'photo' && r.kind === 'file');
  // The same kind first (a photo to the stage's photo), then any file-like item.
  const r =
    missing.find((r) => r.kind === kind) ??
    missing.find(compatible) ??
    stage.evidence.find(compatible) ??
    null;
  return r === null ? { kind: 'none' } : { kind: 'one', requirement: r };
}

type Gate =
  { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' } | { kind: 'open'; deal: Deal };

/** Whether this person may add evidence to the deal now. */
async function gate(tx: Tx, deps: EngineDeps, dealId: number, personId: string): Promise<Gate> {
  const deal = await tx.deals.get(dealId);
  if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
  if (deal.ownerId !== personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
  const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
  // A won deal still takes its last stage's evidence (the signed confirmation comes after the signing).
  const lastStage = pipeline.stages.at(-1)?.id === deal.stage;
  if (deal.status !== 'open' && !(deal.status === 'won' && lastStage))
    return { kind: 'rejected', reason: 'NOT_OPEN' };
  return { kind: 'open', deal };
}

/** Whether `personId` may add evidence to the deal now: what an adapter asks before it downloads a file. */
export async function mayAddEvidence(
  deps: EngineDeps,
  personId: string,
  dealId: number,
): Promise<{ kind: 'open' } | Extract<Gate, { kind: 'rejected' }>> {
  const g = await deps.store.transaction((tx) => gate(tx, deps, dealId, personId));
  return g.kind === 'open' ? { kind: 'open' } : g;
}

/**
 * Adds evidence to the deal's current stage, checked at once (F12). A file is looked at only after the deal and
 * its owner are (issue 22), and written to disk only once it has passed every check: a refused upload stores
 * nothing but the attempt.
 */
export async function addEvidence(deps: EngineDeps, input: EvidenceInput): Promise<EvidenceResult> {
  const now = deps.clock();
  const file = input.file;
  if (file === undefined)
    return deps.store.transaction((tx) => recorded(tx, deps, input, input.kind, null, now));
  const files = deps.files;
  if (files === undefined) return { kind: 'rejected', reason: 'NO_FILES' };
  const allowed = await deps.store.transaction((tx) => gate(tx, deps, input.dealId, input.personId));
  if (allowed.kind === 'rejected') return allowed;
  if (uploads.full()) return { kind: 'rejected', reason: 'BUSY' };
  return uploads.run(async () => {
    const inspected = await inspectFile(file.bytes);
    // Known before anything is written: the same file never counts twice (issue 25).
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    // A file is a photo when its bytes are an image, whatever its name or the platform says.
    const kind: EvidenceKind = inspected.mime?.startsWith('image/') === true ? 'photo' : 'file';
    // An image gets the perceptual hash report photos get: reuse is checked both ways (issue 25 item 13).
    const phash = kind === 'photo' ? await evidencePhash(file.bytes) : null;
    // Every check first, on what the deal is now; the file is written only when they pass.
    const dry = await deps.store.transaction((tx) =>
      record(tx, deps, input, kind, { inspected, sha256, phash }, now),
    );
    if (dry.kind !== 'checked') return dry;
    const stored = await files.put(file.bytes);
    // Checked again with the file in hand: should the deal have changed meanwhile, the blob left behind is an
    // orphan the file sweep removes.
    return deps.store.transaction((tx) =>
      recorded(tx, deps, input, kind, { inspected, sha256, phash, stored }, now),
    );
  });
}

/** `record` when it writes: the evidence added, or why not. */
async function recorded(...args: Parameters<typeof record>): Promise<EvidenceResult> {
  const r = await record(...args);
  if (r.kind === 'checked') throw new EngineError('INVARIANT', 'evidence was only checked, not recorded');
  return r;
}

interface FileFacts {
  inspected: Inspected;
  /** The file's SHA-256, computed before it is stored. */
  sha256: string;
  /** An image's perceptual hash (null: not an image, or its pixels could not be read). */
  phash: string | null;
  /** Absent on the first pass: check only, write nothing but a refusal. */
  stored?: { sha256: string; size: number };
}

/**
 * One file, one item, per deal (issue 25): the same bytes already filed on this deal (under any item, at any
 * stage) or sent as a daily-report photo are refused, naming where they already count.
 */
async function sameFileProblems(
  tx: Tx,
  deps: EngineDeps,
  pipeline: Pipeline,
  before: readonly EvidenceItem[],
  file: FileFacts,
  now: number,
): Promise<EvidenceProblem[]> {
  const sha256 = file.sha256;
  const same = before.find((e) => e.sha256 === sha256);
  if (same !== undefined) {
    const item =
      stageOf(pipeline, same.stage)?.evidence.find((r) => r.id === same.requirement) ??
      pipeline.stages.flatMap((s) => s.evidence).find((r) => r.id === same.requirement) ??
      null;
    return [{ code: 'DUPLICATE_FILE', item, requirement: same.requirement, stage: same.stage }];
  }
  if (await tx.reports.isReportPhoto(sha256)) return [{ code: 'REPORT_PHOTO' }];
  const reused = file.phash === null ? null : await evidencePhotoReuse(tx, deps, file.phash, now);
  return reused === null ? [] : [reused];
}

async function record(
  tx: Tx,
  deps: EngineDeps,
  input: EvidenceInput,
  kind: EvidenceKind,
  file: FileFacts | null,
  now: number,
): Promise<EvidenceResult | { kind: 'checked' }> {
  const allowed = await gate(tx, deps, input.dealId, input.personId);
  if (allowed.kind === 'rejected') return allowed;
  const deal = allowed.deal;
  const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
  const stage = stageOf(pipeline, deal.stage) ?? (pipeline.stages[0] as Stage);
  const before = await tx.deals.evidence(deal.id);
  const picked = pickRequirement(stage, before, input.requirement, kind);
  if (picked.kind === 'none') return { kind: 'rejected', reason: 'NO_REQUIREMENT', stage };
  if (picked.kind === 'many')
    return { kind: 'rejected', reason: 'AMBIGUOUS', stage, candidates: picked.candidates };
  const req = picked.requirement;
  const inspected = file?.inspected ?? null;
  const problems = file === null ? [] : await sameFileProblems(tx, deps, pipeline, before, file, now);
  if (problems.length === 0)
    problems.push(
      ...checkEvidence(
        req,
        {
          kind,
          text: input.text,
          ...(input.file === undefined
            ? {}
            : {
                fileName: input.file.name,
                mime: inspected?.mime ?? 'unknown',
                pages: inspected?.pages ?? null,
                refusal: inspected?.refusal ?? null,
                plainText: inspected?.plainText ?? false,
              }),
        },
        deal.customer,
      ),
    );
  if (problems.length > 0) {
    await tx.events.append({
      type: 'deal.evidence_refused',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      stage: stage.id,
      requirement: req.id,
      problems: problems.map((p) =>
        p.code === 'UNSAFE_FILE'
          ? `UNSAFE_FILE:${p.refusal}`
          : p.code === 'DUPLICATE_FILE'
            ? `DUPLICATE_FILE:${p.requirement}`
            : p.code === 'PHOTO_REUSED'
              ? `PHOTO_REUSED:${p.source}:${p.photoId}:${p.distance}`
              : p.code,
      ),
    });
    return { kind: 'refused', requirement: req, problems };
  }
  if (file !== null && file.stored === undefined) return { kind: 'checked' };
  const stored = file?.stored ?? null;
  const evidenceId = await tx.deals.addEvidence({
    dealId: deal.id,
    stage: stage.id,
    requirement: req.id,
    kind: req.kind,
    text: input.text,
    fileName: input.file?.name ?? null,
    mime: inspected?.mime ?? null,
    size: stored?.size ?? null,
    pages: inspected?.pages ?? null,
    sha256: stored?.sha256 ?? null,
    phash: file?.phash ?? null,
    at: now,
    by: input.personId,
  });
  await tx.events.append({
    type: 'deal.evidence_added',
    at: now,
    leadId: deal.leadId,
    actorId: input.personId,
    dealId: deal.id,
    stage: stage.id,
    requirement: req.id,
    evidenceId,
  });
  const after = await tx.deals.evidence(deal.id);
  const complete = missingEvidence(stage, after).length === 0;
  let doubtCleared = false;
  if (complete && deal.doubtful) {
    doubtCleared = await tx.deals.update(deal.id, { stage: stage.id }, { doubtful: false });
    if (doubtCleared)
      await tx.events.append({
        type: 'deal.doubt_cleared',
        at: now,
        leadId: deal.leadId,
        actorId: input.personId,
        dealId: deal.id,
        stage: stage.id,
      });
  }
  // At the last stage, its evidence complete: the deal is won now.
  const last = pipeline.stages.at(-1)?.id === stage.id;
  let won = false;
  if (complete && last && deal.status === 'open') {
    won = await tx.deals.update(
      deal.id,
      { stage: stage.id, status: 'open' },
      { status: 'won', closedAt: now, doubtful: false },
    );
    if (won) await winDeal(tx, deps, deal, input.personId, now);
  }
  const risks =
    input.text.trim() === ''
      ? []
      : await raiseRisks(tx, deps, deal, input.personId, input.text, now, { kind: 'evidence' });
  const fresh = (await tx.deals.get(deal.id)) as Deal;
  return {
    kind: 'added',
    view: await viewOf(tx, deps, fresh),
    requirement: req,
    complete,
    doubtCleared,
    won,
    risks,
  };
}
