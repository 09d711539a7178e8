// The what-if's reads (F39, issue 23 item 5): a month of arrivals with their first routing decision, the org
// snapshots those decisions name, and the decisions to verify a replay against. Part of the leads repo.
import type { RoutingExplanation } from '../../modules/leads/rules/routing.ts';
import type { LeadFields } from '../../kernel/types.ts';
import type { LeadRepo } from '../../modules/ports.ts';
import { inquiries, routingDecisions } from '../schema/index.ts';
import type { RowOf } from './columns.ts';
import { jsonArrayLength, jsonPartText, jsonPathText, type Executor } from './executor.ts';
import { parseJson, type LeadRow } from './rows.ts';
import type { RoutingInputs } from '../../modules/whatif/rules/whatif.ts';

type InquiryRow = RowOf<typeof inquiries>;
type DecisionRow = RowOf<typeof routingDecisions>;

type WhatifReads = Pick<
  LeadRepo,
  'arrivals' | 'saveOrgSnapshot' | 'orgSnapshots' | 'firstDecisions' | 'firstDecisionsAgainst'
>;

export function whatifReads(db: Executor): WhatifReads {
  const firstDecisionRows = (chunk: readonly number[]) =>
    db.all<Pick<DecisionRow, 'lead_id' | 'explanation'>>(
      `select d.lead_id, d.explanation from routing_decisions d
       where d.id in (select min(id) from routing_decisions where lead_id in (${chunk.map(() => '?').join(', ')}) group by lead_id)`,
      chunk,
    );

  return {
    async arrivals(from, to, afterId, limit, full) {
      const d = db.dialect;
      const named = ['considered', 'others', 'skipped'].map((f) => jsonArrayLength(d, 'd.explanation', f));
      // Joined from three tables, plus computed columns: `named` (how many people the decision names: the lengths of
      // its considered, others and skipped lists), `inputs` (what routing read), their `rules` and `org`, and
      // `explanation` (null unless `full`). Since migration 0026 the first two are columns of their own, and the
      // ≈4 KB explanation is not read at all (SQLite reads a column only when it is evaluated: `coalesce` and `case`
      // stop at the first branch that answers); decisions stored before keep them in the explanation.
      const rows = await db.all<
        Pick<LeadRow, 'id' | 'created_at'> &
          Pick<InquiryRow, 'payload'> &
          Pick<DecisionRow, 'winner_id'> & {
            named: number | null;
            inputs: string | null;
            rules: string | null;
            org: string | null;
            explanation: string | null;
          }
      >(
        `select l.id, l.created_at, q.payload, d.winner_id, coalesce(d.named, ${named.join(' + ')}) as named,
         coalesce(d.inputs, ${jsonPartText(d, 'd.explanation', 'inputs')}) as inputs,
         case when d.inputs is null then ${jsonPathText(d, 'd.explanation', ['inputs', 'rules'])}
           else ${jsonPathText(d, 'd.inputs', ['rules'])} end as rules,
         case when d.inputs is null then ${jsonPathText(d, 'd.explanation', ['inputs', 'org'])}
           else ${jsonPathText(d, 'd.inputs', ['org'])} end as org,
         ${full ? 'd.explanation' : 'null'} as explanation
         from leads l
         join routing_decisions d on d.id = (select min(id) from routing_decisions where lead_id = l.id)
         join inquiries q on q.id = (select min(id) from inquiries where lead_id = l.id)
         where l.created_at >= ? and l.created_at < ? and l.id > ? order by l.id limit ?`,
        [from, to, afterId, limit],
      );
      return rows.map((r) => ({
        leadId: Number(r.id),
        at: Number(r.created_at),
        fields: JSON.parse(r.payload) as LeadFields,
        winnerId: r.winner_id,
        named: r.named === null ? null : Number(r.named),
        inputs: r.inputs,
        rules: r.rules,
        org: r.org,
        decision: r.explanation === null ? null : splitDecision(r.explanation).decision,
      }));
    },

    async saveOrgSnapshot(hash, people) {
      await db.run(`insert into org_snapshots (hash, people) values (?, ?) on conflict (hash) do nothing`, [
        hash,
        people,
      ]);
    },

    async orgSnapshots(hashes) {
      const out = new Map<string, string>();
      for (let i = 0; i < hashes.length; i += 500) {
        const chunk = hashes.slice(i, i + 500);
        const rows = await db.all<{ hash: string; people: string }>(
          `select hash, people from org_snapshots where hash in (${chunk.map(() => '?').join(', ')})`,
          chunk,
        );
        for (const r of rows) out.set(r.hash, r.people);
      }
      return out;
    },

    async firstDecisions(leadIds) {
      const out = new Map<number, RoutingExplanation>();
      for (let i = 0; i < leadIds.length; i += 500) {
        for (const r of await firstDecisionRows(leadIds.slice(i, i + 500)))
          out.set(Number(r.lead_id), splitDecision(r.explanation).decision);
      }
      return out;
    },

    async firstDecisionsAgainst(expected) {
      const out = new Map<number, RoutingExplanation | true>();
      const leadIds = [...expected.keys()];
      for (let i = 0; i < leadIds.length; i += 500) {
        for (const r of await firstDecisionRows(leadIds.slice(i, i + 500))) {
          const id = Number(r.lead_id);
          const e = expected.get(id);
          out.set(
            id,
            e !== undefined && storedAs(r.explanation, e) ? true : splitDecision(r.explanation).decision,
          );
        }
      }
      return out;
    },
  };
}

/**
 * Whether a stored decision is, byte for byte, the explanation of this JSON: since migration 0026 the explanation's own
 * JSON (its inputs beside it), before it the same followed by `,"inputs":…}`. Comparing text spares `--verify`
 * parsing ≈5.7 KB per lead (issue 23, item 5); anything else (an older shape, other key order) is parsed and
 * compared field by field.
 */
function storedAs(text: string, json: string): boolean {
  if (text.length === json.length) return text === json;
  const head = json.length - 1;
  // Equality of the two slices, not text.startsWith(json…): V8 compares equal-length strings block by block, but
  // walks startsWith's search string char by char (≈3 µs against ≈30 µs for a 4 000-character decision).
  return text.startsWith(',"inputs":', head) && text.slice(0, head) === json.slice(0, head);
}

/** A stored decision is the explanation, plus (since F39) the inputs routing read. */
export function splitDecision(text: string): { decision: RoutingExplanation; inputs: RoutingInputs | null } {
  const { inputs, ...decision } = parseJson<RoutingExplanation & { inputs?: RoutingInputs }>(
    text,
    null as never,
  );
  return { decision, inputs: inputs ?? null };
}
