import { asc, eq, isNull, and, sql } from 'drizzle-orm';
import type { ApiKeyRepo, Notice, OutboxRepo, OutboxRow, SettingsRepo } from '../../engine/ports.ts';
import { apiKeys, settings } from '../schema/admin.ts';
import { outbox } from '../schema/outbox.ts';
import type { Db } from './connection.ts';
import { parseJson } from './json.ts';

export function sqliteOutboxRepo(db: Db): OutboxRepo {
  // Prepared once: every notice goes through here (one or more per lead routed or swept).
  const enqueueStmt = db
    .insert(outbox)
    .values({
      createdAt: sql.placeholder('now'),
      recipientKind: sql.placeholder('recipientKind'),
      recipientId: sql.placeholder('recipientId'),
      template: sql.placeholder('template'),
      data: sql.placeholder('data'),
      leadId: sql.placeholder('leadId'),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: sql.placeholder('now'),
    })
    .returning({ id: outbox.id })
    .prepare();
  return {
    async enqueue(n: Notice, now) {
      return enqueueStmt.get({
        now,
        recipientKind: n.to.kind,
        recipientId: n.to.id,
        template: n.template,
        data: JSON.stringify(n.data),
        leadId: n.leadId ?? null,
      }).id;
    },
    async list({ status, limit }) {
      const q = db.select().from(outbox);
      const rows = (status === undefined ? q : q.where(eq(outbox.status, status)))
        .orderBy(asc(outbox.id))
        .limit(limit)
        .all();
      return rows.map((r): OutboxRow => ({
        id: r.id,
        createdAt: r.createdAt,
        to: { kind: r.recipientKind as 'person' | 'team', id: r.recipientId },
        template: r.template,
        data: parseJson<Record<string, unknown>>(r.data, {}),
        ...(r.leadId === null ? {} : { leadId: r.leadId }),
        status: r.status as OutboxRow['status'],
        attempts: r.attempts,
      }));
    },
  };
}

export function sqliteApiKeyRepo(db: Db): ApiKeyRepo {
  return {
    async create(name, hash, now) {
      const r = db.insert(apiKeys).values({ name, hash, createdAt: now }).onConflictDoNothing().run();
      return r.changes === 1 ? 'created' : 'name_taken';
    },
    async findByHash(hash) {
      const r = db
        .select({ id: apiKeys.id, name: apiKeys.name })
        .from(apiKeys)
        .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
        .get();
      return r ?? null;
    },
    async markUsed(id, now) {
      db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id)).run();
    },
    async list() {
      return db
        .select()
        .from(apiKeys)
        .orderBy(asc(apiKeys.name))
        .all()
        .map((r) => ({
          name: r.name,
          createdAt: r.createdAt,
          lastUsedAt: r.lastUsedAt,
          revoked: r.revokedAt !== null,
        }));
    },
    async revoke(name, now) {
      return (
        db
          .update(apiKeys)
          .set({ revokedAt: now })
          .where(and(eq(apiKeys.name, name), isNull(apiKeys.revokedAt)))
          .run().changes === 1
      );
    },
  };
}

export function sqliteSettingsRepo(db: Db): SettingsRepo {
  return {
    async get(key) {
      return db.select().from(settings).where(eq(settings.key, key)).get()?.value ?? null;
    },
    async set(key, value) {
      db.insert(settings)
        .values({ key, value })
        .onConflictDoUpdate({ target: settings.key, set: { value } })
        .run();
    },
  };
}
