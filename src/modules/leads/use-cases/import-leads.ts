import { urgencyOf } from '../rules/scoring.ts';
import type { LeadFields } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { submitTogether } from './group-intake.ts';
import { submitLeadInTx, type SubmitLeadInput, type SubmitLeadResult } from './submit-lead.ts';

export interface ImportRow {
  line: number;
  fields: LeadFields;
  fingerprint: string;
}

export interface ImportLeadsResult {
  imported: number;
  merged: number;
  /** Rows seen before (same content): nothing was changed for them. */
  duplicates: number;
  leadIds: Array<{ line: number; id: number | null; status: string }>;
}

/** Leads committed together by importLeads (issue 23, item 4): one transaction per batch instead of per lead. */
export const IMPORT_BATCH = 200;

/**
 * F38: import parsed CSV rows. Urgent leads go first (F3) so they get the best-placed rep.
 *
 * Rows are taken in that order, `batchSize` per transaction (issue 23): each lead sees exactly what it would see
 * one by one, since the earlier leads of its batch are already written in the same transaction. If any lead of
 * a batch throws, the whole batch is rolled back and run again one lead per transaction, so the good leads are
 * kept and the bad one throws as it did before batching (the leads before it stay imported).
 */
export async function importLeads(
  deps: EngineDeps,
  rows: readonly ImportRow[],
  options: { batchSize?: number } = {},
): Promise<ImportLeadsResult> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? IMPORT_BATCH));
  const now = deps.clock();
  const ordered = [...rows].sort((a, b) => {
    const ua = urgencyOf(a.fields, now, deps.rules) === null ? 1 : 0;
    const ub = urgencyOf(b.fields, now, deps.rules) === null ? 1 : 0;
    return ua - ub || a.line - b.line;
  });
  const result: ImportLeadsResult = { imported: 0, merged: 0, duplicates: 0, leadIds: [] };
  const tally = (row: ImportRow, r: SubmitLeadResult) => {
    if (r.kind === 'created') result.imported++;
    else if (r.kind === 'merged') result.merged++;
    else result.duplicates++;
    result.leadIds.push({
      line: row.line,
      id: r.kind === 'duplicate' ? r.leadId : r.lead.id,
      status: r.kind,
    });
  };
  const input = (row: ImportRow): SubmitLeadInput => ({
    fields: row.fields,
    via: 'csv',
    fingerprint: row.fingerprint,
  });

  for (let start = 0; start < ordered.length; start += batchSize) {
    const batch = ordered.slice(start, start + batchSize);
    let answers: SubmitLeadResult[] | null = null;
    if (batch.length > 1) {
      try {
        answers = await deps.store.transaction((tx) => submitTogether(tx, deps, batch.map(input)));
      } catch {
        answers = null; // rolled back whole: replayed one by one below, where the failing lead throws again
      }
    }
    if (answers !== null) {
      batch.forEach((row, i) => tally(row, answers[i] as SubmitLeadResult));
      continue;
    }
    for (const row of batch)
      tally(row, await deps.store.transaction((tx) => submitLeadInTx(tx, deps, input(row), deps.clock())));
  }
  result.leadIds.sort((a, b) => a.line - b.line);
  return result;
}
