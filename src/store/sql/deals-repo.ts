import type { Deal, DealStatus, EvidenceItem, Health, Tier } from '../../modules/deals/rules/deals.ts';
import type { EvidenceKind } from '../../modules/deals/rules/deal-rules.ts';
import type { DealPatch, DealRepo, EvidencePhoto, KeyPerson } from '../../modules/ports.ts';
import { dealEvidence, dealPeople, deals } from '../schema/index.ts';
import { dealTaskRepo } from './deal-tasks-repo.ts';
import { columnNames, columnsOf, type RowOf } from './columns.ts';
import type { Executor, Param } from './executor.ts';

/** Deal field → column, without the id (which the database assigns and no patch may set). */
const { id: _id, ...DEAL_COLUMNS } = columnNames(deals);
type DealKey = keyof typeof DEAL_COLUMNS;
const SELECT_DEAL = `select ${Object.values(columnNames(deals)).join(', ')} from deals`;

type DealRow = RowOf<typeof deals>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function dealFromRow(r: DealRow): Deal {
  return {
    id: num(r.id),
    leadId: num(r.lead_id),
    customer: r.customer,
    amount: num(r.amount),
    yearlyValue: num(r.yearly_value),
    tier: r.tier as Tier,
    pipeline: r.pipeline,
    stage: r.stage,
    stageEnteredAt: num(r.stage_entered_at),
    stageDueAt: num(r.stage_due_at),
    ownerId: r.owner_id,
    status: r.status as DealStatus,
    expectedCloseAt: numOrNull(r.expected_close_at),
    expectedCloseSource:
      r.expected_close_source === 'given' || r.expected_close_source === 'default'
        ? r.expected_close_source
        : null,
    doubtful: num(r.doubtful) === 1,
    health: r.health as Health,
    stallAlertedAt: numOrNull(r.stall_alerted_at),
    createdAt: num(r.created_at),
    closedAt: numOrNull(r.closed_at),
  };
}

function columnValue(key: DealKey, v: unknown): Param {
  if (key === 'doubtful') return v === true ? 1 : 0;
  return v === undefined ? null : (v as Param);
}

/** What a deal card shows of its evidence: not the file's details (mime, size, pages, hash). */
const EVIDENCE_READ = columnsOf(dealEvidence, [
  'id',
  'dealId',
  'stage',
  'requirement',
  'kind',
  'text',
  'fileName',
  'sha256',
  'at',
  'addedBy',
]);
type EvidenceRow = Pick<RowOf<typeof dealEvidence>, (typeof EVIDENCE_READ)[number]>;

const SELECT_EVIDENCE_PHOTO = `select e.id, e.deal_id, d.lead_id, e.added_by, e.at, e.phash, e.sha256
  from deal_evidence e join deals d on d.id = e.deal_id`;
interface EvidencePhotoRow {
  id: number | string;
  deal_id: number | string;
  lead_id: number | string;
  added_by: string;
  at: number | string;
  phash: string;
  sha256: string | null;
}
function evidencePhotoFromRow(r: EvidencePhotoRow): EvidencePhoto {
  return {
    id: num(r.id),
    dealId: num(r.deal_id),
    leadId: num(r.lead_id),
    by: r.added_by,
    at: num(r.at),
    phash: r.phash,
    sha256: r.sha256,
  };
}

type PersonRow = RowOf<typeof dealPeople>;

const SELECT_PERSON = `select ${Object.values(columnNames(dealPeople)).join(', ')} from deal_people`;

function personFromRow(r: PersonRow): KeyPerson {
  return {
    id: num(r.id),
    dealId: num(r.deal_id),
    name: r.name,
    title: r.title,
    concern: r.concern,
    influence: num(r.influence),
    status: r.status === 'left' ? 'left' : 'active',
    lastContactAt: numOrNull(r.last_contact_at),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

const PERSON_COLUMNS = columnNames(dealPeople);
/** What a patch may change of a key person (not its deal, nor when it was added). */
const PERSON_PATCHABLE: ReadonlySet<string> = new Set<keyof typeof PERSON_COLUMNS>([
  'name',
  'title',
  'concern',
  'influence',
  'status',
  'lastContactAt',
  'updatedAt',
]);

export function dealRepo(db: Executor): DealRepo {
  return {
    ...dealTaskRepo(db),
    async insert(deal) {
      const keys = Object.keys(DEAL_COLUMNS) as DealKey[];
      const row = await db.get<{ id: number }>(
        `insert into deals (${keys.map((k) => DEAL_COLUMNS[k]).join(', ')}) values (${keys.map(() => '?').join(', ')}) returning id`,
        keys.map((k) => columnValue(k, deal[k])),
      );
      return num(row?.id);
    },
    async get(id) {
      const r = await db.get<DealRow>(`${SELECT_DEAL} where id = ?`, [id]);
      return r === undefined ? null : dealFromRow(r);
    },
    async some(ids) {
      const out = new Map<number, Deal>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const where = `where id in (${chunk.map(() => '?').join(', ')})`;
        for (const r of await db.all<DealRow>(`${SELECT_DEAL} ${where}`, chunk)) {
          const d = dealFromRow(r);
          out.set(d.id, d);
        }
      }
      return out;
    },
    async byLead(leadId) {
      const r = await db.get<DealRow>(`${SELECT_DEAL} where lead_id = ?`, [leadId]);
      return r === undefined ? null : dealFromRow(r);
    },
    async update(id, guard, patch: DealPatch) {
      const keys = (Object.keys(patch) as DealKey[]).filter(
        (k) => (patch as Record<string, unknown>)[k] !== undefined && k in DEAL_COLUMNS,
      );
      if (keys.length === 0) return false;
      const where = ['id = ?'];
      const params: Param[] = [...keys.map((k) => columnValue(k, (patch as Record<string, unknown>)[k])), id];
      if (guard.stage !== undefined) {
        where.push('stage = ?');
        params.push(guard.stage);
      }
      if (guard.status !== undefined) {
        where.push('status = ?');
        params.push(guard.status);
      }
      if (guard.stallAlerted === false) where.push('stall_alerted_at is null');
      const sql = `update deals set ${keys.map((k) => `${DEAL_COLUMNS[k]} = ?`).join(', ')} where ${where.join(' and ')}`;
      return (await db.run(sql, params)).changes === 1;
    },
    async ownedBy(personId, status, limit) {
      const params: Array<string | number> = status === undefined ? [personId] : [personId, status];
      const rows = await db.all<DealRow>(
        `${SELECT_DEAL} where owner_id = ?${status === undefined ? '' : ' and status = ?'} order by id${limit === undefined ? '' : ' limit ?'}`,
        limit === undefined ? params : [...params, limit],
      );
      return rows.map(dealFromRow);
    },
    async countOwnedBy(personId, status) {
      const row = await db.get<{ n: number | string }>(
        `select count(*) as n from deals where owner_id = ?${status === undefined ? '' : ' and status = ?'}`,
        status === undefined ? [personId] : [personId, status],
      );
      return Number(row?.n ?? 0);
    },
    async wonBetween(from, to) {
      const rows = await db.all<DealRow>(
        `${SELECT_DEAL} where status = 'won' and closed_at >= ? and closed_at < ? order by closed_at, id`,
        [from, to],
      );
      return rows.map(dealFromRow);
    },
    async openDeals() {
      return (await db.all<DealRow>(`${SELECT_DEAL} where status = 'open' order by id`)).map(dealFromRow);
    },
    async dueStalls(now, limit) {
      const rows = await db.all<DealRow>(
        `${SELECT_DEAL} where status = 'open' and stall_alerted_at is null and stage_due_at <= ? order by stage_due_at, id limit ?`,
        [now, limit],
      );
      return rows.map(dealFromRow);
    },
    async markStallAlerted(group, at) {
      const done = new Set<number>();
      for (let i = 0; i < group.length; i += 200) {
        const chunk = group.slice(i, i + 200);
        // Each deal's own stage as one CASE: one statement for the group, where `update` is one per deal.
        const ids = await db.column<number | string>(
          `update deals set stall_alerted_at = ?
           where id in (${chunk.map(() => '?').join(', ')})
             and stage = case id ${chunk.map(() => 'when ? then ?').join(' ')} end
             and status = 'open' and stall_alerted_at is null
           returning id`,
          [at, ...chunk.map((d) => d.id), ...chunk.flatMap((d) => [d.id, d.stage])],
        );
        for (const id of ids) done.add(num(id));
      }
      return done;
    },
    async addEvidence(e) {
      const row = await db.get<{ id: number }>(
        `insert into deal_evidence (deal_id, stage, requirement, kind, text, file_name, mime, size, pages, sha256, phash, at, added_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [
          e.dealId,
          e.stage,
          e.requirement,
          e.kind,
          e.text,
          e.fileName,
          e.mime,
          e.size,
          e.pages,
          e.sha256,
          e.phash ?? null,
          e.at,
          e.by,
        ],
      );
      return num(row?.id);
    },
    async evidence(dealId) {
      const rows = await db.all<EvidenceRow>(
        `select ${EVIDENCE_READ.join(', ')} from deal_evidence where deal_id = ? order by id`,
        [dealId],
      );
      return rows.map((r): EvidenceItem => ({
        id: num(r.id),
        dealId: num(r.deal_id),
        stage: r.stage,
        requirement: r.requirement,
        kind: r.kind as EvidenceKind,
        text: r.text,
        fileName: r.file_name,
        sha256: r.sha256,
        at: num(r.at),
        by: r.added_by,
      }));
    },
    async evidencePhotosSince(since) {
      const rows = await db.all<EvidencePhotoRow>(
        `${SELECT_EVIDENCE_PHOTO} where e.phash is not null and e.at >= ? order by e.at, e.id`,
        [since],
      );
      return rows.map(evidencePhotoFromRow);
    },
    async evidencePhoto(id) {
      const r = await db.get<EvidencePhotoRow>(
        `${SELECT_EVIDENCE_PHOTO} where e.phash is not null and e.id = ?`,
        [id],
      );
      return r === undefined ? null : evidencePhotoFromRow(r);
    },
    async people(dealId) {
      const rows = await db.all<PersonRow>(`${SELECT_PERSON} where deal_id = ? order by id`, [dealId]);
      return rows.map(personFromRow);
    },
    async addPerson(p) {
      const row = await db.get<{ id: number }>(
        `insert into deal_people (deal_id, name, title, concern, influence, status, last_contact_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        [
          p.dealId,
          p.name,
          p.title,
          p.concern,
          p.influence,
          p.status,
          p.lastContactAt,
          p.createdAt,
          p.updatedAt,
        ],
      );
      return num(row?.id);
    },
    async updatePerson(id, patch) {
      const keys = (Object.keys(patch) as Array<keyof typeof patch>).filter(
        (k) => PERSON_PATCHABLE.has(k) && patch[k] !== undefined,
      );
      if (keys.length === 0) return;
      await db.run(
        `update deal_people set ${keys.map((k) => `${PERSON_COLUMNS[k]} = ?`).join(', ')} where id = ?`,
        [...keys.map((k) => patch[k] as Param), id],
      );
    },
    async lastId() {
      return num((await db.get<{ id: number | string | null }>(`select max(id) as id from deals`))?.id ?? 0);
    },
    async silentDeals(before, ids, limit) {
      const rows = await db.all<DealRow>(
        // From the active people's index (deal_people_active_idx), a range of deal ids at a time: asked of every
        // open deal at once, this read the whole deals table each minute (~100 ms at 250k open deals).
        `${SELECT_DEAL} where id in (
             select deal_id from deal_people where status = 'active' and deal_id > ? and deal_id <= ?
             group by deal_id having max(coalesce(last_contact_at, created_at)) <= ?)
           and status = 'open' and health = 'green'
         order by id limit ?`,
        [ids.after, ids.upTo, before, limit],
      );
      return rows.map(dealFromRow);
    },
  };
}
