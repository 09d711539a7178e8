import type {
  ApiKeyRepo,
  InboundRepo,
  Notice,
  OutboxRepo,
  OutboxRow,
  SettingsRepo,
} from '../../modules/ports.ts';
import { checkNoticeData } from '../../modules/notice-data.ts';
import { apiKeys, outbox, settings } from '../schema/index.ts';
import { columnsOf, type RowOf } from './columns.ts';
import { forUpdate, type Executor, type Param } from './executor.ts';
import { parseJson } from './rows.ts';

/** What the worker and the admin read of a notice: not its delivery bookkeeping (next attempt, ref, error). */
const OUTBOX_READ = columnsOf(outbox, [
  'id',
  'createdAt',
  'recipientKind',
  'recipientId',
  'template',
  'data',
  'leadId',
  'status',
  'attempts',
]);
type OutboxDbRow = Pick<RowOf<typeof outbox>, (typeof OUTBOX_READ)[number]>;
type ApiKeyRow = RowOf<typeof apiKeys>;
type SettingRow = RowOf<typeof settings>;

function outboxFromRow(r: OutboxDbRow): OutboxRow {
  return {
    id: Number(r.id),
    createdAt: Number(r.created_at),
    to: { kind: r.recipient_kind as 'person' | 'team' | 'lead', id: r.recipient_id },
    template: r.template,
    data: parseJson<Record<string, unknown>>(r.data, {}),
    ...(r.lead_id === null ? {} : { leadId: Number(r.lead_id) }),
    status: r.status as OutboxRow['status'],
    attempts: r.attempts,
  };
}

const OUTBOX_COLUMNS = OUTBOX_READ.join(', ');

/** A new notice's columns and one row of its values (7 bound). */
const NEW_NOTICE_COLUMNS =
  'created_at, recipient_kind, recipient_id, template, data, lead_id, status, attempts, next_attempt_at';
const NEW_NOTICE_VALUES = `(?, ?, ?, ?, ?, ?, 'pending', 0, ?)`;
/** Rows per multi-row insert: well under either database's limit on bound parameters. */
const NOTICES_PER_INSERT = 200;

function newNoticeValues(n: Notice, now: number): Param[] {
  return [now, n.to.kind, n.to.id, n.template, JSON.stringify(n.data), n.leadId ?? null, now];
}

export function outboxRepo(db: Executor): OutboxRepo {
  const enqueueAt: OutboxRepo['enqueueAt'] = async (notices) => {
    for (const { notice: n } of notices) checkNoticeData(n.template, n.data);
    // One statement per NOTICES_PER_INSERT (issue 23, items 4 and 7): a pooled lead is a notice per team, a group of
    // new leads a notice each, and on PostgreSQL each statement is a round trip. A multi-row VALUES takes its ids
    // in row order.
    for (let i = 0; i < notices.length; i += NOTICES_PER_INSERT) {
      const chunk = notices.slice(i, i + NOTICES_PER_INSERT);
      await db.run(
        `insert into outbox (${NEW_NOTICE_COLUMNS}) values ${chunk.map(() => NEW_NOTICE_VALUES).join(', ')}`,
        chunk.flatMap(({ notice, at }) => newNoticeValues(notice, at)),
      );
    }
  };
  return {
    async countPending() {
      const r = await db.get<{ n: number | string }>(
        `select count(*) as n from outbox where status = 'pending'`,
      );
      return Number(r?.n ?? 0);
    },
    async get(id) {
      const r = await db.get<OutboxDbRow>(`select ${OUTBOX_COLUMNS} from outbox where id = ?`, [id]);
      return r === undefined ? null : outboxFromRow(r);
    },
    async takePending(limit) {
      // SKIP LOCKED: several instances fan out different notices at the same time instead of queueing.
      const lock = db.dialect === 'pg' ? `${forUpdate(db.dialect)} skip locked` : '';
      const rows = await db.all<OutboxDbRow>(
        `select ${OUTBOX_COLUMNS} from outbox where status = 'pending' order by id limit ?${lock}`,
        [limit],
      );
      return rows.map(outboxFromRow);
    },
    async markDispatched(id, now) {
      return (
        (
          await db.run(
            `update outbox set status = 'dispatched', next_attempt_at = ? where id = ? and status = 'pending'`,
            [now, id],
          )
        ).changes === 1
      );
    },
    async enqueue(n, now) {
      // A payload its renderer could not read is the writer's bug: refused here, with the template and the
      // path of what is wrong, so the use case's transaction fails instead of a blank card going out later.
      checkNoticeData(n.template, n.data);
      const row = await db.get<{ id: number }>(
        `insert into outbox (${NEW_NOTICE_COLUMNS}) values ${NEW_NOTICE_VALUES} returning id`,
        newNoticeValues(n, now),
      );
      return Number(row?.id);
    },
    enqueueMany(notices, now) {
      return enqueueAt(notices.map((notice) => ({ notice, at: now })));
    },
    enqueueAt,
    async hold(id, until, reason) {
      // last_error is the notice's own note (nothing else writes it for a notice): why it was held.
      const r = await db.run(
        `update outbox set status = 'held', next_attempt_at = ?, last_error = ? where id = ? and status = 'pending'`,
        [until, reason, id],
      );
      return r.changes === 1;
    },
    async releaseHeld(now) {
      const r = await db.run(
        `update outbox set status = 'pending' where status = 'held' and next_attempt_at <= ?`,
        [now],
      );
      return r.changes;
    },
    async heldFor(personId, limit) {
      const rows = await db.all<OutboxDbRow>(
        `select ${OUTBOX_COLUMNS} from outbox where status = 'held' and recipient_kind = 'person' and recipient_id = ?
         order by id limit ?`,
        [personId, limit],
      );
      return rows.map(outboxFromRow);
    },
    async fold(id, now) {
      const r = await db.run(
        `update outbox set status = 'folded', next_attempt_at = ? where id = ? and status = 'held'`,
        [now, id],
      );
      return r.changes === 1;
    },
    async list({ status, limit }) {
      const rows = await db.all<OutboxDbRow>(
        `select ${OUTBOX_COLUMNS} from outbox
         ${status === undefined ? '' : 'where status = ?'} order by id limit ?`,
        status === undefined ? [limit] : [status, limit],
      );
      return rows.map(outboxFromRow);
    },
  };
}

const scopeList = (text: string): string[] => text.split(',').filter((s) => s !== '');

export function apiKeyRepo(db: Executor): ApiKeyRepo {
  return {
    async create(name, hash, now, scopes) {
      const r = await db.run(
        `insert into api_keys (name, hash, created_at, scopes) values (?, ?, ?, ?) on conflict do nothing`,
        [name, hash, now, scopes.join(',')],
      );
      return r.changes === 1 ? 'created' : 'name_taken';
    },
    async findByHash(hash) {
      const r = await db.get<Pick<ApiKeyRow, 'id' | 'name' | 'scopes'>>(
        `select id, name, scopes from api_keys where hash = ? and revoked_at is null`,
        [hash],
      );
      return r === undefined ? null : { id: Number(r.id), name: r.name, scopes: scopeList(r.scopes) };
    },
    async markUsed(id, now) {
      await db.run(`update api_keys set last_used_at = ? where id = ?`, [now, id]);
    },
    async list() {
      const rows = await db.all<
        Pick<ApiKeyRow, 'name' | 'created_at' | 'last_used_at' | 'revoked_at' | 'scopes'>
      >(`select name, created_at, last_used_at, revoked_at, scopes from api_keys order by name`);
      return rows.map((r) => ({
        name: r.name,
        createdAt: Number(r.created_at),
        lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
        revoked: r.revoked_at !== null,
        scopes: scopeList(r.scopes),
      }));
    },
    async revoke(name, now) {
      return (
        (
          await db.run(`update api_keys set revoked_at = ? where name = ? and revoked_at is null`, [
            now,
            name,
          ])
        ).changes === 1
      );
    },
  };
}

export function settingsRepo(db: Executor): SettingsRepo {
  return {
    async get(key) {
      return (
        (await db.get<Pick<SettingRow, 'value'>>(`select value from settings where key = ?`, [key]))?.value ??
        null
      );
    },
    async getMany(keys) {
      const out = new Map<string, string>();
      for (let i = 0; i < keys.length; i += 500) {
        const chunk = keys.slice(i, i + 500);
        const rows = await db.all<Pick<SettingRow, 'key' | 'value'>>(
          `select key, value from settings where key in (${chunk.map(() => '?').join(', ')})`,
          chunk,
        );
        for (const r of rows) out.set(r.key, r.value);
      }
      return out;
    },
    async take(key) {
      return (
        (await db.get<Pick<SettingRow, 'value'>>(`delete from settings where key = ? returning value`, [key]))
          ?.value ?? null
      );
    },
    async set(key, value) {
      await db.run(
        `insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`,
        [key, value],
      );
    },
  };
}

export function inboundRepo(db: Executor): InboundRepo {
  return {
    async firstTime(platform, key, now) {
      const r = await db.run(
        `insert into inbound_events (platform, key, seen_at) values (?, ?, ?) on conflict do nothing`,
        [platform, key, now],
      );
      return r.changes === 1;
    },
    async seen(platform, key) {
      return (
        (await db.get<{ one: number }>(`select 1 as one from inbound_events where platform = ? and key = ?`, [
          platform,
          key,
        ])) !== undefined
      );
    },
    async release(platform, key) {
      await db.run(`delete from inbound_events where platform = ? and key = ?`, [platform, key]);
    },
    async forget(before) {
      return (await db.run(`delete from inbound_events where seen_at < ?`, [before])).changes;
    },
    async hold(platform, key, body, now, nextAt) {
      await db.run(
        `insert into inbound_pending (platform, key, body, received_at, next_at, attempts) values (?, ?, ?, ?, ?, 0)
         on conflict do nothing`,
        [platform, key, body, now, nextAt],
      );
    },
    async due(platform, now, limit) {
      const rows = await db.all<{
        key: string;
        body: string;
        received_at: number | string;
        next_at: number | string;
        attempts: number | string;
      }>(
        `select key, body, received_at, next_at, attempts from inbound_pending
         where platform = ? and next_at <= ? order by next_at, received_at limit ?`,
        [platform, now, limit],
      );
      return rows.map((r) => ({
        key: r.key,
        body: r.body,
        receivedAt: Number(r.received_at),
        nextAt: Number(r.next_at),
        attempts: Number(r.attempts),
      }));
    },
    async take(platform, key, seenNextAt, leaseUntil) {
      const r = await db.run(
        `update inbound_pending set next_at = ?, attempts = attempts + 1
         where platform = ? and key = ? and next_at = ?`,
        [leaseUntil, platform, key, seenNextAt],
      );
      return r.changes === 1;
    },
    async later(platform, key, nextAt, error) {
      await db.run(`update inbound_pending set next_at = ?, last_error = ? where platform = ? and key = ?`, [
        nextAt,
        error.slice(0, 1000),
        platform,
        key,
      ]);
    },
    async drop(platform, key) {
      await db.run(`delete from inbound_pending where platform = ? and key = ?`, [platform, key]);
    },
  };
}
