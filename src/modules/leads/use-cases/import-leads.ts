import { urgencyOf } from '../rules/scoring.ts';
import type { LeadFields } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { submitLeadInTx } from './submit-lead.ts';

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

/**
 * F38: import parsed CSV rows, each in its own transaction (one bad row never undoes the others).
 * Urgent leads go first (F3) so they get the best-placed rep.
 */
export async function importLeads(deps: EngineDeps, rows: readonly ImportRow[]): Promise<ImportLeadsResult> {
  const now = deps.clock();
  const ordered = [...rows].sort((a, b) => {
    const ua = urgencyOf(a.fields, now, deps.rules) === null ? 1 : 0;
    const ub = urgencyOf(b.fields, now, deps.rules) === null ? 1 : 0;
    return ua - ub || a.line - b.line;
  });
  const result: ImportLeadsResult = { imported: 0, merged: 0, duplicates: 0, leadIds: [] };
  for (const row of ordered) {
    const r = await deps.store.transaction((tx) =>
      submitLeadInTx(
        tx,
        deps,
        { fields: row.fields, via: 'csv', fingerprint: row.fingerprint },
        deps.clock(),
      ),
    );
    if (r.kind === 'created') result.imported++;
    else if (r.kind === 'merged') result.merged++;
    else result.duplicates++;
    result.leadIds.push({
      line: row.line,
      id: r.kind === 'duplicate' ? r.leadId : r.lead.id,
      status: r.kind,
    });
  }
  result.leadIds.sort((a, b) => a.line - b.line);
  return result;
}
