import type { Lead, LeadStatus } from '../../kernel/types.ts';
import type { DueLead, LeadGuard, LeadPatch, LeadRepo, NewLead } from '../../modules/ports.ts';
import { inquiries, repLoads, routingDecisions } from '../schema/index.ts';
import type { RowOf } from './columns.ts';
import { jsonArrayElementLike, type Dialect, type Executor, type Param } from './executor.ts';
import { LEAD_COLUMNS, leadFromRow, type LeadRow } from './rows.ts';
import { splitDecision, whatifReads } from './whatif-reads.ts';

type LeadKey = keyof typeof LEAD_COLUMNS;
type InquiryRow = RowOf<typeof inquiries>;
type DecisionRow = RowOf<typeof routingDecisions>;
/**
 * A lead whose offer or follow-up is due: `due_at` is offer_expires_at or follow_up_due_at under another name,
 * nullable in the schema but never null here (the where clause compares it with now).
 */
type DueRow = Pick<LeadRow, 'id' | 'owner_id'> & { due_at: number };

// Conditions repeat the partial indexes' own conditions literally (status in ('offered', 'owned'), <> ''),
// so SQLite uses those indexes: it only does when the query implies the index's WHERE with literals.
const SELECT_LEAD = `select * from leads`;

/** Decisions per multi-row insert: well under either database's limit on bound parameters. */
const DECISIONS_PER_INSERT = 200;

/** A domain value as a column value: JSON for lists/objects, 0/1 for booleans, null for undefined. */
function columnValue(key: string, value: unknown): Param {
  if (value === undefined || value === null) return null;
  if (key === 'tags' || key === 'scoreBreakdown') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as Param;
}

/** `set …` for a patch (keys whose value is undefined are left alone, as with an ORM's set()), stamping updated_at. */
function setClause(patch: LeadPatch, now: number): { set: string; setParams: Param[] } {
  const set: Record<string, unknown> = { ...patch, updatedAt: now };
  const keys = (Object.keys(set) as LeadKey[]).filter((k) => set[k] !== undefined && k in LEAD_COLUMNS);
  return {
    set: keys.map((k) => `${LEAD_COLUMNS[k]} = ?`).join(', '),
    setParams: keys.map((k) => columnValue(k, set[k])),
  };
}

/** The conditions a conditional update applies under (ANDed). */
function guardClause(guard: Partial<LeadGuard> & Pick<LeadGuard, 'status'>): {
  where: string;
  whereParams: Param[];
} {
  const statuses: readonly LeadStatus[] = typeof guard.status === 'string' ? [guard.status] : guard.status;
  const where = [`status in (${statuses.map(() => '?').join(', ')})`];
  const whereParams: Param[] = [...statuses];
  if (guard.ownerId === null) where.push('owner_id is null');
  else if (guard.ownerId !== undefined) {
    where.push('owner_id = ?');
    whereParams.push(guard.ownerId);
  }
  if (guard.offerExpiresBy !== undefined) {
    where.push('offer_expires_at <= ?');
    whereParams.push(guard.offerExpiresBy);
  }
  if (guard.followUpDueBy !== undefined) {
    where.push('follow_up_due_at <= ?');
    whereParams.push(guard.followUpDueBy);
  }
  if (guard.warnBy !== undefined) {
    where.push('warn_at <= ?');
    whereParams.push(guard.warnBy);
  }
  return { where: where.join(' and '), whereParams };
}

export function leadRepo(db: Executor): LeadRepo {
  const insertKeys = (Object.keys(LEAD_COLUMNS) as LeadKey[]).filter((k) => k !== 'id');
  const insertSql = `insert into leads (${insertKeys.map((k) => LEAD_COLUMNS[k]).join(', ')}) values (${insertKeys.map(() => '?').join(', ')}) returning id`;

  return {
    // The what-if's reads (F39): its own file, whatif-reads.ts.
    ...whatifReads(db),

    async insert(lead: NewLead) {
      const values: Record<string, unknown> = {
        ...lead,
        warnAt: lead.warnAt ?? null,
        updatedAt: lead.createdAt,
      };
      const row = await db.get<{ id: number }>(
        insertSql,
        insertKeys.map((k) => columnValue(k, values[k])),
      );
      return Number(row?.id);
    },

    async get(id) {
      const row = await db.get<LeadRow>(`${SELECT_LEAD} where id = ?`, [id]);
      return row === undefined ? null : leadFromRow(row);
    },

    async getMany(ids) {
      const found = new Map<number, Lead>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await db.all<LeadRow>(
          `${SELECT_LEAD} where id in (${chunk.map(() => '?').join(', ')})`,
          chunk,
        );
        for (const r of rows) found.set(Number(r.id), leadFromRow(r));
      }
      return found;
    },

    async findSameCustomer(keys) {
      const conds: string[] = [];
      const params: Param[] = [];
      for (const k of ['phoneNorm', 'emailNorm', 'companyNorm'] as const) {
        if (keys[k] === '') continue;
        conds.push(`(${LEAD_COLUMNS[k]} = ? and ${LEAD_COLUMNS[k]} <> '')`);
        params.push(keys[k]);
      }
      if (conds.length === 0) return [];
      const rows = await db.all<LeadRow>(
        `${SELECT_LEAD} where (${conds.join(' or ')}) and merged_into is null order by id desc limit 20`,
        params,
      );
      return rows.map(leadFromRow);
    },

    async update(id, guard: LeadGuard, patch: LeadPatch, now) {
      const { set, setParams } = setClause(patch, now);
      const { where, whereParams } = guardClause(guard);
      const sql = `update leads set ${set} where id = ? and ${where}`;
      return (await db.run(sql, [...setParams, id, ...whereParams])).changes === 1;
    },

    async updateHeld(held, guard, patch, now) {
      const done = new Set<number>();
      if (held.length === 0) return done;
      const { set, setParams } = setClause(patch, now);
      const { where, whereParams } = guardClause(guard);
      // Each lead's own expected owner, as one CASE: one statement for the group (issue 23, item 7), where `update`
      // is one per lead.
      for (let i = 0; i < held.length; i += 200) {
        const chunk = held.slice(i, i + 200);
        const ids = await db.column<number>(
          `update leads set ${set}
           where id in (${chunk.map(() => '?').join(', ')})
             and owner_id = case id ${chunk.map(() => 'when ? then ?').join(' ')} end and ${where}
           returning id`,
          [
            ...setParams,
            ...chunk.map((h) => h.id),
            ...chunk.flatMap((h) => [h.id, h.ownerId]),
            ...whereParams,
          ],
        );
        for (const id of ids) done.add(Number(id));
      }
      return done;
    },

    async openCounts() {
      const rows = await db.all<RowOf<typeof repLoads>>(`select person_id, open_leads from rep_loads`);
      return new Map(rows.map((r) => [r.person_id, Number(r.open_leads)]));
    },

    async openCount(personId) {
      const row = await db.get<{ n: number }>(`select open_leads as n from rep_loads where person_id = ?`, [
        personId,
      ]);
      return Number(row?.n ?? 0);
    },

    async dueOffers(now, limit) {
      const rows = await db.all<DueRow>(
        `select id, owner_id, offer_expires_at as due_at from leads
         where status = 'offered' and offer_expires_at <= ? order by offer_expires_at limit ?`,
        [now, limit],
      );
      return rows.map((r): DueLead => ({ id: Number(r.id), ownerId: r.owner_id, dueAt: Number(r.due_at) }));
    },

    async dueFollowUps(now, limit) {
      const rows = await db.all<DueRow>(
        `select id, owner_id, follow_up_due_at as due_at from leads
         where status = 'owned' and follow_up_due_at is not null and follow_up_due_at <= ? order by follow_up_due_at limit ?`,
        [now, limit],
      );
      return rows.map((r): DueLead => ({ id: Number(r.id), ownerId: r.owner_id, dueAt: Number(r.due_at) }));
    },

    async dueWarnings(now, limit) {
      const rows = await db.all<
        Pick<LeadRow, 'id' | 'owner_id' | 'status' | 'offer_expires_at' | 'follow_up_due_at'>
      >(
        `select id, owner_id, status, offer_expires_at, follow_up_due_at from leads
         where warn_at is not null and warn_at <= ? order by warn_at limit ?`,
        [now, limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        ownerId: r.owner_id,
        status: r.status as LeadStatus,
        dueAt: Number((r.status === 'offered' ? r.offer_expires_at : r.follow_up_due_at) ?? now),
      }));
    },

    async pool({ tag, limit, offset = 0 }) {
      const where = poolWhere(db.dialect, tag);
      const rows = await db.all<LeadRow>(
        // `-id desc` is `id` ascending, as the pool's index has it (leads_pool_order_idx): read in order, no sort.
        `${SELECT_LEAD} where ${where.sql} order by urgent desc, score desc, (-id) desc limit ? offset ?`,
        [...where.params, limit, offset],
      );
      return rows.map(leadFromRow);
    },

    async poolCount({ tag }) {
      const where = poolWhere(db.dialect, tag);
      const row = await db.get<{ n: number | string }>(
        `select count(*) as n from leads where ${where.sql}`,
        where.params,
      );
      return Number(row?.n ?? 0);
    },

    async heldBy(personId) {
      const rows = await db.all<LeadRow>(
        `${SELECT_LEAD} where owner_id = ? and status in ('offered', 'owned') order by id`,
        [personId],
      );
      return rows.map(leadFromRow);
    },

    async addInquiry(q) {
      const r = await db.run(
        `insert into inquiries (lead_id, at, via, source, campaign, fingerprint, payload) values (?, ?, ?, ?, ?, ?, ?)
         on conflict do nothing`,
        [q.leadId, q.at, q.via, q.source, q.campaign, q.fingerprint, JSON.stringify(q.payload)],
      );
      return r.changes === 1;
    },

    async leadForFingerprint(fp) {
      const row = await db.get<Pick<InquiryRow, 'lead_id'>>(
        `select lead_id from inquiries where fingerprint = ?`,
        [fp],
      );
      return row === undefined ? null : Number(row.lead_id);
    },

    async inquiryTimes(leadId) {
      const rows = await db.all<Pick<InquiryRow, 'at'>>(
        `select at from inquiries where lead_id = ? or lead_id in (select id from leads where merged_into = ?)`,
        [leadId, leadId],
      );
      return rows.map((r) => Number(r.at));
    },

    async addRoutingDecisions(decisions) {
      // A multi-row VALUES takes its ids in row order, so the decisions read as if stored one by one.
      for (let i = 0; i < decisions.length; i += DECISIONS_PER_INSERT) {
        const chunk = decisions.slice(i, i + DECISIONS_PER_INSERT);
        // The inputs beside the explanation, not in it (the what-if reads them without the decision).
        await db.run(
          `insert into routing_decisions (lead_id, at, outcome, winner_id, explanation, named, inputs) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap(({ leadId, at, explanation, inputs }) => [
            leadId,
            at,
            explanation.outcome,
            explanation.winnerId,
            JSON.stringify(explanation),
            explanation.considered.length + explanation.others.length + explanation.skipped.length,
            inputs === undefined ? null : JSON.stringify(inputs),
          ]),
        );
      }
    },

    async routingDecisions(leadId) {
      const rows = await db.all<Pick<DecisionRow, 'at' | 'explanation'>>(
        `select at, explanation from routing_decisions where lead_id = ? order by id`,
        [leadId],
      );
      return rows.map((r) => ({
        at: Number(r.at),
        explanation: splitDecision(r.explanation).decision,
      }));
    },

    async closedByOwner(before) {
      const rows = await db.all<{ owner_id: string; won: number; n: number }>(
        `select owner_id, sum(case when status = 'won' then 1 else 0 end) as won, count(*) as n from leads
         where closed_at is not null and closed_at < ? and owner_id is not null group by owner_id`,
        [before],
      );
      return new Map(rows.map((r): [string, [number, number]] => [r.owner_id, [Number(r.won), Number(r.n)]]));
    },

    async countByStatus() {
      const rows = await db.all<{ status: string; n: number }>(
        `select status, count(*) as n from leads group by status`,
      );
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}

/** The pool, optionally by a word a tag or the industry contains (`%` and `_` in the word are literal). */
function poolWhere(dialect: Dialect, tag: string | undefined): { sql: string; params: string[] } {
  const word = (tag ?? '').trim();
  if (word === '') return { sql: `status = 'pool'`, params: [] };
  const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return {
    sql: `status = 'pool' and (lower(industry) like lower(?) escape '\\' or ${jsonArrayElementLike(dialect, 'tags')})`,
    params: [like, like],
  };
}
