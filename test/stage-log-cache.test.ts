// The report workers' cache of the deal stage log (src/store/sql/stage-log.ts, issue 23): a SQLite reader keeps
// a month it read, adds what was appended since, and reads it again only when the `deal_log` change counter moved.
// Whatever was written in between, a cached answer must equal what the server's own connection (no cache) reads at
// that moment.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, Tx } from '../src/modules/ports.ts';
import { openReadStore } from '../src/store/index.ts';
import { repositories } from '../src/store/sql/repos.ts';
import { STAGE_LOG_TYPES, stageLogCache } from '../src/store/sql/stage-log.ts';
import { sqliteExecutor } from '../src/store/sqlite/index.ts';
import { dealCreated, dealRow, testEnv, type TestEnv } from './helpers.ts';

const PIPELINES = ['p1', 'p2'];
const OWNERS = ['rep-a', 'rep-b', 'rep-c'];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

/** No repository changes a deal's owner today; the trigger still counts it (a handover may). */
function setOwner(path: string, dealId: number, ownerId: string): void {
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('update deals set owner_id = ? where id = ?').run(ownerId, dealId);
  } finally {
    db.close();
  }
}

/** The `deal_log` counter as a separate connection sees it. */
function dealLogCount(path: string): number {
  const db = new Database(path, { readonly: true });
  try {
    const row = db.prepare(`select n from change_counts where name = 'deal_log'`).get() as
      { n: number } | undefined;
    return row?.n ?? 0;
  } finally {
    db.close();
  }
}

describe('the stage log cache of a SQLite reader', () => {
  let env: TestEnv;
  let reader: Store;
  beforeEach(async () => {
    env = testEnv();
    reader = await openReadStore(`file:${env.dbPath}`);
  });
  afterEach(async () => {
    await reader.close();
    await env.close();
  });

  const appendSome = async (next: () => number, deals: Array<{ id: number; leadId: number }>, n: number) => {
    const reassign: Array<[number, string]> = [];
    await env.deps.store.transaction(async (tx) => {
      for (let i = 0; i < n; i++) {
        const pick = next();
        if (pick < 0.15 || deals.length === 0) {
          const leadId = 1000 + deals.length;
          const pipeline = PIPELINES[Math.floor(next() * PIPELINES.length)] as string;
          const id = await tx.deals.insert(dealRow(leadId, pipeline, OWNERS[deals.length % 3] as string));
          deals.push({ id, leadId });
          const at = Math.floor(next() * 1000);
          await tx.events.append(dealCreated(at, leadId, id, pipeline));
          continue;
        }
        const d = deals[Math.floor(next() * deals.length)] as { id: number; leadId: number };
        const on = (data: Record<string, unknown>) =>
          tx.events.append({
            at: Math.floor(next() * 1000),
            leadId: d.leadId,
            actorId: 'x',
            dealId: d.id,
            ...data,
          } as never);
        if (pick < 0.2) reassign.push([d.id, OWNERS[Math.floor(next() * 3)] as string]);
        else if (pick < 0.55)
          await on({ type: 'deal.advanced', from: 's1', to: 's2', skipped: [], reason: '' });
        else if (pick < 0.7) await on({ type: 'deal.risk', signal: 'price', phrase: '', excerpt: '' });
        else if (pick < 0.85) await on({ type: 'deal.won', stage: 's2' });
        else await on({ type: 'lead.note', text: 'n' });
      }
    });
    for (const [id, owner] of reassign) setOwner(env.dbPath, id, owner);
  };

  it('answers every ask as the uncached connection does, through writes in between', async () => {
    const next = random(23);
    const deals: Array<{ id: number; leadId: number }> = [];
    await appendSome(next, deals, 300);
    // The reader's repositories with a cache this test can look at (reads counted).
    const db = new Database(env.dbPath, { readonly: true });
    const cache = stageLogCache();
    const tx = repositories(sqliteExecutor(db), { people: null, stageLogs: cache });
    const reader = { transaction: <T>(f: (t: Tx) => Promise<T>) => f(tx) };
    let answered = 0;
    for (let round = 0; round < 24; round++) {
      for (let k = 0; k < 8; k++) {
        // A few months and types, asked again and again with another `before` (the clock moves on).
        const from = [100, 300, 600][Math.floor(next() * 3)] as number;
        const ask = {
          pipeline: PIPELINES[Math.floor(next() * 2)] as string,
          from,
          to: from + 200,
          before: Math.floor(next() * 1500),
          types:
            next() < 0.5
              ? ['deal.created', 'deal.advanced', 'deal.won', 'deal.risk']
              : ['deal.won', 'deal.risk'],
          ...(next() < 0.5 ? { since: from } : {}),
        };
        const cached = await reader.transaction((tx) => tx.events.dealStageLog(ask));
        const direct = await env.deps.store.transaction((tx) => tx.events.dealStageLog(ask));
        expect(cached.events).toEqual(direct.events);
        if (direct.events.length > 0) answered += 1;
        expect([...cached.owners].sort()).toEqual([...direct.owners].sort());
      }
      await appendSome(next, deals, 1 + Math.floor(next() * 20));
    }
    db.close();
    expect(answered).toBeGreaterThan(96);
    // Both ways were taken: months added to (appends only) and read again (an owner changed in between).
    expect(cache.reads.appended).toBeGreaterThan(20);
    expect(cache.reads.whole).toBeGreaterThan(10);
  });

  it('adds a deal written since without reading the month again, and hands out the same answer after other events', async () => {
    const deals: Array<{ id: number; leadId: number }> = [];
    await appendSome(random(5), deals, 60);
    const ask = { pipeline: 'p1', from: 0, to: 1000, before: 2000, types: ['deal.created', 'deal.won'] };
    const first = await reader.transaction((tx) => tx.events.dealStageLog(ask));
    const d = await env.deps.store.transaction(async (tx) => {
      const id = await tx.deals.insert(dealRow(4242, 'p1', 'rep-b'));
      await tx.events.append(dealCreated(500, 4242, id, 'p1'));
      return id;
    });
    const after = await reader.transaction((tx) => tx.events.dealStageLog(ask));
    expect(after.events.length).toBe(first.events.length + 1);
    expect(after.owners.get(d)).toBe('rep-b');
    // A lead event (not of the log) changes nothing: the same answer, handed out again.
    await env.deps.store.transaction((tx) =>
      tx.events.append({ at: 600, leadId: 4242, actorId: 'x', type: 'lead.note', text: 'n' } as never),
    );
    expect((await reader.transaction((tx) => tx.events.dealStageLog(ask))).events).toBe(after.events);
    // A deal won in between, stamped before the events already kept: in its place, by time.
    await env.deps.store.transaction((tx) =>
      tx.events.append({
        at: 1,
        leadId: 4242,
        actorId: 'x',
        type: 'deal.won',
        dealId: d,
        stage: 's1',
      } as never),
    );
    const won = await reader.transaction((tx) => tx.events.dealStageLog(ask));
    const direct = await env.deps.store.transaction((tx) => tx.events.dealStageLog(ask));
    expect(won.events).toEqual(direct.events);
    expect(won.events[0]).toMatchObject({ type: 'deal.won', at: 1, dealId: d });
  });

  it('hands out events that cannot be changed by one report and seen by the next', async () => {
    const next = random(7);
    await appendSome(next, [], 50);
    const ask = { pipeline: 'p2', from: 0, to: 1000, before: 2000, types: ['deal.created'] };
    const log = await reader.transaction((tx) => tx.events.dealStageLog(ask));
    // Asked again past the month and its last event: the same frozen answer, the owners a copy.
    const again = await reader.transaction((tx) => tx.events.dealStageLog({ ...ask, before: 3000 }));
    expect(again.events).toBe(log.events);
    expect(again.owners).not.toBe(log.owners);
    expect(again.owners).toEqual(log.owners);
    expect(() => (log.events as unknown[]).push(null)).toThrow(TypeError);
    expect(log.events.length).toBeGreaterThan(0);
    expect(() => {
      (log.events[0] as { at: number }).at = 5;
    }).toThrow(TypeError);
  });

  it('keeps no more rows than its bound, dropping the least recently asked months first', async () => {
    const next = random(11);
    await appendSome(next, [], 400);
    const db = new Database(env.dbPath, { readonly: true });
    const cache = stageLogCache(60);
    const tx = repositories(sqliteExecutor(db), { people: null, stageLogs: cache });
    const ask = (from: number) =>
      tx.events.dealStageLog({ pipeline: 'p1', from, to: from + 100, before: 5000, types: ['deal.created'] });
    try {
      const sizes: number[] = [];
      for (const from of [0, 100, 200, 300, 400, 500, 0, 600, 700]) {
        await ask(from);
        const kept = [...cache.logs.values()].map((l) => l.rows.length);
        sizes.push(kept.length);
        expect(kept.slice(0, -1).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60);
      }
      // More than one month fits, not all nine.
      expect(Math.max(...sizes)).toBeGreaterThan(1);
      expect(cache.logs.size).toBeLessThan(9);
    } finally {
      db.close();
    }
  });

  it('counts what is not an append: a deal event changed or deleted, a deal handed over or deleted', async () => {
    let leadId = 5000;
    const bumps = async (change: (tx: Tx, dealId: number) => Promise<unknown>, raw = false) => {
      leadId += 1;
      const dealId = await env.deps.store.transaction((tx) =>
        tx.deals.insert(dealRow(leadId, 'p1', 'rep-a')),
      );
      const before = dealLogCount(env.dbPath);
      if (raw) await change(null as never, dealId);
      else await env.deps.store.transaction((tx) => change(tx, dealId));
      return dealLogCount(env.dbPath) - before;
    };
    // Appends are found by the highest ids, not counted.
    for (const type of [...STAGE_LOG_TYPES, 'lead.note'])
      expect(
        await bumps((tx, dealId) =>
          tx.events.append({ at: 1, leadId: 1, actorId: 'x', type, dealId } as never),
        ),
      ).toBe(0);
    expect(await bumps((tx) => tx.deals.insert(dealRow(9_000_000, 'p2', 'rep-c')))).toBe(0);
    expect(await bumps((tx, dealId) => tx.deals.update(dealId, {}, { health: 'red' }))).toBe(0);
    expect(await bumps((_tx, dealId) => Promise.resolve(setOwner(env.dbPath, dealId, 'rep-b')), true)).toBe(
      1,
    );
    const raw = (sql: string) => () => {
      const db = new Database(env.dbPath);
      try {
        db.prepare(sql).run();
      } finally {
        db.close();
      }
      return Promise.resolve();
    };
    expect(
      await bumps(raw(`update events set at = at + 1 where id = (select max(id) from events)`), true),
    ).toBe(1);
    expect(await bumps(raw(`delete from events where id = (select max(id) from events)`), true)).toBe(1);
    expect(await bumps(raw(`delete from deals where id = (select max(id) from deals)`), true)).toBe(1);
  });
});
