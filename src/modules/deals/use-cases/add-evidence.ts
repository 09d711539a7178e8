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
import { type EvidenceKind, type EvidenceRequirement, type Stage } from '../rules/deal-rules.ts';
import { inspectFile } from '../../../media/inspect.ts';
import type { EngineDeps } from '../../deps.ts';
import { fallbackPipeline, viewOf, type DealView } from './deal-view.ts';
import { raiseRisks, type RaisedRisk } from './raise-risks.ts';

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
      risks: RaisedRisk[];
    }
  | { kind: 'refused'; requirement: EvidenceRequirement; problems: EvidenceProblem[] }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' | 'NO_FILES' }
  | { kind: 'rejected'; reason: 'NO_REQUIREMENT'; stage: Stage };

function pickRequirement(
  stage: Stage,
  evidence: readonly EvidenceItem[],
  word: string | null,
  kind: EvidenceKind,
) {
  if (word !== null && word !== '') {
    const w = word.trim().toLowerCase();
    const n = Number(w);
    if (Number.isInteger(n) && n >= 1 && n <= stage.evidence.length) return stage.evidence[n - 1] ?? null;
    return (
      stage.evidence.find(
        (r) => r.id.toLowerCase() === w || r.label === word.trim() || r.labelEn?.toLowerCase() === w,
      ) ?? null
    );
  }
  const missing = missingEvidence(stage, evidence).map((m) => m.requirement);
  const compatible = (r: EvidenceRequirement) =>
    r.kind === kind || (kind === 'file' && r.kind === 'photo') || (kind === 'photo' && r.kind === 'file');
  // The same kind first (a photo to the stage's photo), then any file-like item.
  return (
    missing.find((r) => r.kind === kind) ??
    missing.find(compatible) ??
    stage.evidence.find(compatible) ??
    null
  );
}

/** Adds evidence to the deal's current stage, checked at once (F12); a refused upload stores nothing but the attempt. */
export async function addEvidence(deps: EngineDeps, input: EvidenceInput): Promise<EvidenceResult> {
  const now = deps.clock();
  // Files are read and stored outside the transaction: a refused or failed write leaves only an orphan blob.
  const inspected = input.file === undefined ? null : await inspectFile(input.file.bytes);
  // A file is a photo when its bytes are an image, whatever its name or the platform says.
  const kind: EvidenceKind =
    input.file === undefined ? input.kind : inspected?.mime?.startsWith('image/') ? 'photo' : 'file';
  const stored =
    input.file === undefined || deps.files === undefined ? null : await deps.files.put(input.file.bytes);
  if (input.file !== undefined && deps.files === undefined) return { kind: 'rejected', reason: 'NO_FILES' };
  return deps.store.transaction(async (tx): Promise<EvidenceResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    const pipeline = pipelineOf(deps.rules.deals, deal.pipeline) ?? fallbackPipeline(deal);
    // A won deal still takes its last stage's evidence (the signed confirmation comes after the signing).
    const lastStage = pipeline.stages.at(-1)?.id === deal.stage;
    if (deal.status !== 'open' && !(deal.status === 'won' && lastStage))
      return { kind: 'rejected', reason: 'NOT_OPEN' };
    const stage = stageOf(pipeline, deal.stage) ?? (pipeline.stages[0] as Stage);
    const before = await tx.deals.evidence(deal.id);
    const req = pickRequirement(stage, before, input.requirement, kind);
    if (req === null) return { kind: 'rejected', reason: 'NO_REQUIREMENT', stage };
    const problems = checkEvidence(
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
            }),
      },
      deal.customer,
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
        problems: problems.map((p) => p.code),
      });
      return { kind: 'refused', requirement: req, problems };
    }
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
    const risks =
      input.text.trim() === '' ? [] : await raiseRisks(tx, deps, deal, input.personId, input.text, now);
    const fresh = (await tx.deals.get(deal.id)) as Deal;
    return {
      kind: 'added',
      view: await viewOf(tx, deps, fresh),
      requirement: req,
      complete,
      doubtCleared,
      risks,
    };
  });
}
