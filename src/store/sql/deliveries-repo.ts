import type { DeliveryRepo, DeliveryRow, DeliveryStatus } from '../../modules/ports.ts';
import { deliveries } from '../schema/index.ts';
import type { RowOf } from './columns.ts';
import { forUpdate, type Executor } from './executor.ts';

/** `select *` and `returning *`: the whole row. */
type Row = RowOf<typeof deliveries>;

function fromRow(r: Row): DeliveryRow {
  return {
    id: Number(r.id),
    noticeId: Number(r.notice_id),
    platform: r.platform,
    address: { kind: r.address_kind as 'user' | 'channel', id: r.address_id },
    recipient: { kind: r.recipient_kind as 'person' | 'team', id: r.recipient_id },
    leadId: r.lead_id === null ? null : Number(r.lead_id),
    action: r.action as 'post' | 'update',
    targetId: r.target_id === null ? null : Number(r.target_id),
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: Number(r.next_attempt_at),
    reconcile: r.reconcile === 1,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    platformRef: r.platform_ref,
    card: r.card,
    progress: r.progress,
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    sentAt: r.sent_at === null ? null : Number(r.sent_at),
  };
}

const SELECT = `select * from deliveries`;

export function deliveryRepo(db: Executor): DeliveryRepo {
  return {
    async add(d, now) {
      const row = await db.get<{ id: number }>(
        `insert into deliveries (notice_id, platform, address_kind, address_id, recipient_kind, recipient_id, lead_id, action, target_id,
           status, attempts, next_attempt_at, reconcile, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?) returning id`,
        [
          d.noticeId,
          d.platform,
          d.address.kind,
          d.address.id,
          d.recipient.kind,
          d.recipient.id,
          d.leadId,
          d.action,
          d.targetId,
          now,
          now,
        ],
      );
      return Number(row?.id);
    },

    async get(id) {
      const r = await db.get<Row>(`${SELECT} where id = ?`, [id]);
      return r === undefined ? null : fromRow(r);
    },

    async sentPostsForLead(leadId) {
      const rows = await db.all<Row>(
        `${SELECT} where lead_id = ? and action = 'post' and status = 'sent' and platform_ref is not null order by id`,
        [leadId],
      );
      return rows.map(fromRow);
    },

    async claimDue(now, leaseUntil, limit) {
      // First in line for its address: no earlier delivery to the same address is still pending or sending.
      const lock = db.dialect === 'pg' ? `${forUpdate(db.dialect)} skip locked` : '';
      const ids = await db.all<{ id: number }>(
        `select d.id from deliveries d
         where d.status = 'pending' and d.next_attempt_at <= ?
           and not exists (select 1 from deliveries e where e.platform = d.platform and e.address_id = d.address_id
                           and e.id < d.id and e.status in ('pending', 'sending'))
         order by d.next_attempt_at, d.id limit ?${lock}`,
        [now, limit],
      );
      const claimed: DeliveryRow[] = [];
      for (const { id } of ids) {
        const r = await db.get<Row>(
          `update deliveries set status = 'sending', lease_until = ?, attempts = attempts + 1 where id = ? and status = 'pending' returning *`,
          [leaseUntil, id],
        );
        if (r !== undefined) claimed.push(fromRow(r));
      }
      return claimed;
    },

    async releaseExpired(now) {
      return (
        await db.run(
          `update deliveries set status = 'pending', reconcile = 1, lease_until = null where status = 'sending' and lease_until < ?`,
          [now],
        )
      ).changes;
    },

    async renewLease(id, attempts, leaseUntil) {
      const r = await db.run(
        `update deliveries set lease_until = ? where id = ? and status = 'sending' and attempts = ?`,
        [leaseUntil, id, attempts],
      );
      return r.changes === 1;
    },

    async markSent(id, ref, card, now) {
      await db.run(
        `update deliveries set status = 'sent', platform_ref = ?, card = ?, sent_at = ?, lease_until = null, reconcile = 0, last_error = null where id = ?`,
        [ref, card, now, id],
      );
    },

    async retryLater(id, nextAttemptAt, error, countAttempt, reconcile = false) {
      await db.run(
        `update deliveries set status = 'pending', next_attempt_at = ?, lease_until = null, last_error = coalesce(?, last_error),
           attempts = attempts - ?, reconcile = case when ? = 1 then 1 else reconcile end where id = ?`,
        [nextAttemptAt, error, countAttempt ? 0 : 1, reconcile ? 1 : 0, id],
      );
    },

    async park(id, error) {
      await db.run(
        `update deliveries set status = 'parked', lease_until = null, last_error = ? where id = ?`,
        [error, id],
      );
    },

    async setCard(id, card) {
      await db.run(`update deliveries set card = ? where id = ?`, [card, id]);
    },

    async setRef(id, ref) {
      await db.run(`update deliveries set platform_ref = ? where id = ?`, [ref, id]);
    },

    async addResponseCode(id, code, issuedAt) {
      // `code@ms` entries separated by spaces (a code is `[A-Za-z0-9_-]`); appended in one statement, so a click
      // and the outbox worker adding at once both keep theirs.
      await db.run(
        `update deliveries set response_codes = coalesce(response_codes || ' ', '') || ? where id = ?`,
        [`${code}@${issuedAt}`, id],
      );
    },

    async takeResponseCode(id, notBefore) {
      const row = await db.get<{ response_codes: string | null }>(
        `select response_codes from deliveries where id = ?${forUpdate(db.dialect)}`,
        [id],
      );
      const kept = (row?.response_codes ?? '')
        .split(' ')
        .map((entry) => {
          const at = entry.lastIndexOf('@');
          return { code: entry.slice(0, at), issuedAt: Number(entry.slice(at + 1)) };
        })
        .filter((c) => c.code !== '' && c.issuedAt > notBefore)
        .sort((a, b) => a.issuedAt - b.issuedAt);
      const [taken, ...rest] = kept;
      const left = rest.map((c) => `${c.code}@${c.issuedAt}`).join(' ');
      await db.run(`update deliveries set response_codes = ? where id = ?`, [left === '' ? null : left, id]);
      return taken ?? null;
    },

    async setProgress(id, progress) {
      await db.run(`update deliveries set progress = ? where id = ?`, [progress, id]);
    },

    async unpark(id, now) {
      return (
        (
          await db.run(
            `update deliveries set status = 'pending', attempts = 0, next_attempt_at = ? where id = ? and status = 'parked'`,
            [now, id],
          )
        ).changes === 1
      );
    },

    async countUnsent() {
      const rows = await db.all<{ platform: string; status: string; n: number | string }>(
        `select platform, status, count(*) as n from deliveries where status <> 'sent' group by platform, status order by platform, status`,
      );
      return rows.map((r) => ({
        platform: r.platform,
        status: r.status as Exclude<DeliveryStatus, 'sent'>,
        count: Number(r.n),
      }));
    },

    async list({ status, limit }) {
      const rows = await db.all<Row>(
        `${SELECT}${status === undefined ? '' : ' where status = ?'} order by id desc limit ?`,
        status === undefined ? [limit] : [status, limit],
      );
      return rows.map(fromRow);
    },

    async inbox(platform, recipients, limit) {
      if (recipients.length === 0) return [];
      const match = recipients.map(() => '(recipient_kind = ? and recipient_id = ?)').join(' or ');
      const rows = await db.all<Row>(
        `${SELECT} where platform = ? and action = 'post' and status = 'sent' and (${match}) order by id desc limit ?`,
        [platform, ...recipients.flatMap((r) => [r.kind, r.id]), limit],
      );
      return rows.map(fromRow);
    },
  };
}
